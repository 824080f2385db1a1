"""Cleaned text → sections, paragraphs and sentences, all as offsets."""
from __future__ import annotations

import re
from bisect import bisect_right

from .model import Section, Segments, Sentence

_NUM = "一二三四五六七八九十"
_H1 = re.compile(rf"^([{_NUM}]{{1,3}})[、.．]\s*(.{{2,80}})$")
_H2 = re.compile(rf"^[（(]([{_NUM}]{{1,3}})[）)]\s*([^。！？\n]{{2,60}}[。！？]?)")
_SENT_END = re.compile(r"[。！？!?；;]+[”’」』]?|\n")
_REVIEW = re.compile(r"回顾|过去|成绩|成就|总结")
_OTHER = re.compile(r"政府自身建设|自身建设")


def _part(title: str, previous: str | None) -> str:
    if _REVIEW.search(title):
        return "review"
    if _OTHER.search(title):
        return "other"
    return "plan" if previous else "review"


def sections(text: str) -> tuple[Section, ...]:
    """Headings of the form 一、… (level 1) and （一）… (level 2)."""
    found: list[tuple[int, int, str, str]] = []  # start, level, number, title
    pos = 0
    for line in text.split("\n"):
        for level, rx in ((1, _H1), (2, _H2)):
            if (m := rx.match(line)):
                found.append((pos, level, m[1], m[2].rstrip("。！？")))
                break
        pos += len(line) + 1
    out: list[Section] = []
    top = None
    for i, (start, level, num, title) in enumerate(found):
        end = next((s for s, lv, _, _ in found[i + 1:] if lv <= level), len(text))
        if level == 1:
            top = (num, title)
            number = num
            part = _part(title, out[-1].title if out else None)
        else:
            number = f"{top[0]}.（{num}）" if top else f"（{num}）"
            part = next((s.part for s in reversed(out) if s.level == 1), "review")
        out.append(Section(index=len(out), number=number, title=title, start=start,
                           end=end, level=level, part=part))
    return tuple(out)


def _innermost(secs: tuple[Section, ...], pos: int) -> int | None:
    best = None
    for s in secs:
        if s.start <= pos < s.end and (best is None or s.level >= secs[best].level):
            best = s.index
    return best


def _section_at(secs: tuple[Section, ...]):
    """pos → _innermost(secs, pos), looked up: the answer changes only where a section
    starts or ends, so it is worked out once per stretch between such points."""
    points = sorted({0, *(s.start for s in secs), *(s.end for s in secs)})
    owners = [_innermost(secs, p) for p in points]
    return lambda pos: owners[bisect_right(points, pos) - 1]


def sentences(text: str, secs: tuple[Section, ...]) -> tuple[Sentence, ...]:
    out: list[Sentence] = []
    section_at = _section_at(secs)
    start = 0
    para = 0
    for m in _SENT_END.finditer(text):
        end = m.end() if m.group() != "\n" else m.start()
        if text[start:end].strip():
            out.append(Sentence(len(out), start, end, para, section_at(start)))
        if "\n" in m.group():
            para += 1
        start = m.end()
    if text[start:].strip():
        out.append(Sentence(len(out), start, len(text), para, section_at(start)))
    return tuple(out)


def segment(text: str) -> Segments:
    secs = sections(text)
    return Segments(sections=secs, sentences=sentences(text, secs))


_CLAUSE_END = re.compile(r"[，。；：！？,;:!?\n]")
_CLAUSE_TAIL = re.compile(r"[^，。；：！？,;:!?\n]*\Z")     # searched up to a position: where its clause starts


def clause_bounds(text: str, lo: int, hi: int, start: int, end: int) -> tuple[int, int]:
    """The clause around text[start:end] (between clause punctuation), kept within [lo, hi)."""
    s = _CLAUSE_TAIL.search(text, lo, start).start() if start > lo else start
    m = _CLAUSE_END.search(text, end, hi)
    return s, (m.start() if m else max(end, hi))
