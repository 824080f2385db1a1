"""Run the pattern rules over a document and settle overlaps.

Each rule's regex finds a span; `tidy` trims the words around a name that the
report's grammar puts there (leading verbs, trailing 等/项目, quotes); list rules
split a 、-list and carry a shared head onto every item.
"""
from __future__ import annotations

import bisect
import re
from functools import lru_cache

from .model import Doc, Mention, Segments
from .rules import Rule, alternation, load_rules, vocab

_QUOTES = "“”‘’\"'《》「」『』"
_COUNT = re.compile(r"[一二三四五六七八九十两\d]+[项个大条类]$")
_NAME_OK = re.compile(r"[\u4e00-\u9fff]")
_BAD = {
    "Project": re.compile(r"^[\d一二三四五六七八九十百千万]+[个项批家条座所处]|的|我们|全县|全市"),
    "Enterprise": re.compile(r"^[\d一二三四五六七八九十百千万]+[个项批家]|的|我们"),
    "Town": re.compile(r"的"),
    "Honour": re.compile(r"^[\d一二三四五六七八九十百千万]+[个项批家]|的|我们"),
    "Programme": re.compile(r"^[\d]+[个项批家]|我们"),
}
_MAXLEN = {"Project": 30, "Enterprise": 20, "Town": 8, "Honour": 30, "Programme": 60}
_PLACE_CHARS = set("路街道镇乡村河湖山")


@lru_cache(maxsize=None)
def _lexicon():
    v = vocab()
    lead = re.compile(alternation(v["lead"]))   # used with .match(text, pos): no "^", which would pin to pos 0
    tails = {t: re.compile(alternation(v.get(f"tail_{t}", ("等",))) + "$")
             for t in ("Project", "Enterprise", "Town", "Honour", "Programme")}
    heads = {
        "Project": re.compile(alternation(v["project_heads"]) + "$"),
        "Programme": re.compile(alternation(v["programme_heads"]) + "$"),
    }
    stops = {t: frozenset(v.get(f"stop_{t}", ())) for t in tails}
    stops["Town"] = frozenset(v["town_stop"])
    return lead, tails, heads, stops


def tidy(text: str, start: int, end: int, etype: str) -> tuple[int, int]:
    """Shrink [start, end) to the name: drop leading verbs, trailing fillers, quotes."""
    lead, tails, _, _ = _lexicon()
    changed = True
    while changed and start < end:
        changed = False
        while start < end and (text[start] in _QUOTES or text[start].isspace()):
            start, changed = start + 1, True
        while end > start and (text[end - 1] in _QUOTES or text[end - 1].isspace()):
            end, changed = end - 1, True
        m = lead.match(text, start, end)
        if m and m.end() < end - 1 and text[m.end()] not in _PLACE_CHARS:
            start, changed = m.end(), True
        m = tails[etype].search(text, start, end)
        if m and m.start() > start + 1:
            end, changed = m.start(), True
    return start, end


def acceptable(name: str, etype: str) -> bool:
    _, _, _, stops = _lexicon()
    return (2 <= len(name) <= _MAXLEN[etype] and bool(_NAME_OK.search(name))
            and not _BAD[etype].search(name) and name not in stops[etype])


def _label(text: str, start: int, end: int) -> str:
    return "".join(c for c in text[start:end] if c not in _QUOTES)


def split_list(text: str, start: int, end: int, etype: str) -> list[tuple[int, int, str]]:
    """Items of a 、-list with the shared head carried onto the items that lack it.

    Returns (start, end, name) for each item; name differs from the span when a
    head was carried (南山街 → 南山街立面改造) or a count dropped (清风三项工程 → 清风工程).
    """
    _, _, heads, _ = _lexicon()
    items, pos = [], start
    for part in text[start:end].split("、"):
        s, e = tidy(text, pos, pos + len(part), etype)
        if s < e:
            items.append([s, e, _label(text, s, e)])
        pos += len(part) + 1
    head_rx = heads.get(etype)
    if len(items) > 1 and head_rx:
        last = items[-1]
        m = head_rx.search(last[2])
        if m:
            head = m.group()
            stem = last[2][: m.start()]
            counted = _COUNT.search(stem)
            if counted:
                last[2] = stem[: counted.start()] + head
            if etype == "Project" or counted:
                for it in items[:-1]:
                    if not head_rx.search(it[2]):
                        it[2] = it[2] + head
            elif not any(head_rx.search(it[2]) for it in items[:-1]):
                # 藏粮于地、藏粮于技战略: one name that contains a list
                return [(items[0][0], last[1], _label(text, items[0][0], last[1]))]
    return [tuple(it) for it in items]


def _sentence_of(starts: list[int], pos: int) -> int:
    return max(0, bisect.bisect_right(starts, pos) - 1)


def run_rule(rule: Rule, text: str) -> list[tuple[int, int, str]]:
    """(start, end, name) for every match of one rule in text."""
    out = []
    for m in rule.regex.finditer(text):
        s, e = m.span("name")
        if s < 0 or s >= e:
            continue
        if rule.list:
            out.extend(split_list(text, s, e, rule.type))
        else:
            s, e = tidy(text, s, e, rule.type)
            if s < e:
                out.append((s, e, _label(text, s, e)))
    return [(s, e, n) for s, e, n in out if acceptable(n, rule.type)]


def resolve(mentions: list[Mention], priority: dict[str, int]) -> list[Mention]:
    """Within one type keep the highest-priority, then longest, non-overlapping spans."""
    kept: list[Mention] = []
    taken: dict[str, list[tuple[int, int]]] = {}
    order = sorted(set(mentions), key=lambda m: (-priority.get(m.rule, 0), -(m.end - m.start), m.start, m.rule, m.label))
    for m in order:
        spans = taken.setdefault(m.type, [])
        if any(m.start < e and s < m.end for s, e in spans):
            continue
        spans.append((m.start, m.end))
        kept.append(m)
    return sorted(kept, key=lambda m: (m.start, m.end, m.type, m.label))


def extract(doc: Doc, segments: Segments, rules=None) -> list[Mention]:
    rules = rules if rules is not None else load_rules()
    starts = [s.start for s in segments.sentences]
    found = []
    text = doc.matchable            # rules match normalised text; spans are cut from doc.text
    for rule in rules:
        for s, e, name in run_rule(rule, text):
            span = doc.text[s:e]
            if name == _label(text, s, e):      # a plain span: its label as written
                name = _label(doc.text, s, e)
            found.append(Mention(type=rule.type, text=span, start=s, end=e, rule=rule.id,
                                 sentence=_sentence_of(starts, s),
                                 name=name if name != span else ""))
    return resolve(found, {r.id: r.priority for r in rules})
