"""Bytes → cleaned report text.

This is the only stage that changes text: decoding, line endings, web-page
boilerplate, watermarks, footnote markers, hard wraps.  Everything after it
takes offsets into the cleaned text, so `doc.text[m.start:m.end] == m.text`
holds for every mention.  Traditional characters stay as written in
`Doc.text`; `Doc.match_text` holds a simplified rendering of the same length
for the rules to match on.

The page furniture this removes is described as data in `cleaning.json`.
"""
from __future__ import annotations

import codecs
import html
import json
import re
from collections import Counter
from functools import lru_cache
from importlib import resources
from pathlib import Path

from .anchor import required_words
from .errors import InputError
from .meta import read_meta
from .model import Doc

SUPPORTED_SUFFIXES = (".txt", ".html", ".htm", ".pdf", ".docx")  # what `kg build` picks up from a folder
MAX_BYTES = 50 * 1024 * 1024          # a report is well under 1 MB as text, a few MB as PDF

_CJK = re.compile(r"[\u3400-\u9fff]")
_WS = "[ \t\u00a0\u3000\u2000-\u200a\u202f\u205f]"
_WS_RUN = re.compile(_WS + "+")
# character classes, not str.translate tables: a regex scan of a clean text is ~10x faster
_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
_BREAKS = re.compile("[\u2028\u2029\x0b\x0c\x85]")
_LITERAL_BREAK = re.compile(r"\\r\\n|\\n|\\r")
_LOST_NBSP = re.compile(r"\?{2,}")                    # NBSPs a web copy turned into "????"
_CN_NUM = "〇零一二三四五六七八九十"
_LOST_ZERO = re.compile(rf"(?<=[{_CN_NUM}])\ufffd+(?=[{_CN_NUM}])")   # 二��三五年: 〇 lost
_TONES = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ"
_PINYIN = re.compile(rf"(?<=[\u4e00-\u9fff])[(（](?=[a-zü{_TONES}]*[{_TONES}])[a-zü{_TONES}]{{1,8}}[)）]")
# Footnote markers inside a sentence; at a line start they open a glossary entry and stay.
# (A pattern that opens with a lookbehind is tried at every position: this one, like _WM_END,
# checks what stands before a match's first character after that character, which gives
# the same matches ~3x faster.)
_FOOTNOTE = re.compile(r"[ \t](?<=\S[ \t])[ \t]*(?:\^?\[\d{1,3}\]|［\d{1,3}］|〔\d{1,3}〕)"
                       r"|\^(?<=\S\^)\[\d{1,3}\]|\[(?<=\S\[)\d{1,3}\]|［(?<=\S［)\d{1,3}］|〔(?<=\S〔)\d{1,3}〕")
# “ ” that a copy turned into ;; (澄城县;;一城两区;;): a pair around a short CJK phrase
_GARBLED_QUOTES = re.compile(r";;([^;，。；：！？\n]{1,40}?);;")
_CORNER_QUOTES = str.maketrans("「」『』", "“”‘’")
_CIRCLED = re.compile(r"(?<=[\u4e00-\u9fff”’」』》）)A-Za-z0-9%])[\u2460-\u2473]")
# a token glued to the end of a line right after CJK text (lookbehind after the first character)
_WM_END = re.compile(r"([A-Za-z0-9](?<=[^\x00-\x7f][A-Za-z0-9])[A-Za-z0-9]{1,5})[ \t]*$", re.M)
# What each of these needs somewhere in the text: a fast scan for it skips most texts
# (a pattern that opens with a lookbehind is tried at every position)
_GATES = {_FOOTNOTE: re.compile(r"[\[［〔]"), _CIRCLED: re.compile(r"[\u2460-\u2473]"),
          _WM_END: re.compile(r"[A-Za-z0-9][ \t]*$", re.M)}
_SPACED = re.compile(rf"^(?:\S{_WS}+){{3,}}\S$")
_FLAT_SPACE = re.compile(rf"(?<=[^\x00-\x7f]|[:;!?]){_WS}+(?=[^\x00-\x7f])")

_TERMINAL = set("。！？!?：:；;…”’」』）)》】")      # a line ending so ends its paragraph
_SENTENCE_PUNCT = set("，,、；;。")
_NUMBERED = re.compile(
    r"^(?:[一二三四五六七八九十]{1,3}[、.．]|[（(][一二三四五六七八九十\d]{1,3}[）)]|\d{1,2}[、．](?!\d)"
    r"|第[一二三四五六七八九十]+[部分章节]|[—–\-－]|各位代表)")
_HEADING = re.compile(r"^(?:[一二三四五六七八九十]{1,3}[、.．]|[（(][一二三四五六七八九十]{1,3}[）)])")
_DATELINE = re.compile(r"^(?:[—–\-－]{1,2}\s*)?[\d〇零一二三四五六七八九]{4}\s*年.{1,4}月.{1,5}日\s*在")
_TITLE_WORD = "政府工作报告"


@lru_cache(maxsize=None)
def _data():
    raw = json.loads((resources.files("kg") / "cleaning.json").read_text(encoding="utf-8"))
    one = lambda pats: re.compile("|".join(f"(?:{p})" for p in pats))
    needs = {p: required_words(p) for p in raw["drop_line"]}
    gated = sorted({w for ws in needs.values() if ws for w in ws}, key=lambda w: (-len(w), w))
    return {
        "drop": re.compile(f"(?:{one(raw['drop_line']).pattern})$"),
        # most lines hold none of the words the costly patterns need: the patterns that need
        # no word decide alone, the whole set runs only when one such word is there
        "drop_free": re.compile(f"(?:{one([p for p, ws in needs.items() if not ws] or ['(?!)']).pattern})$"),
        "drop_gate": re.compile("|".join(map(re.escape, gated))),
        "strip": [(re.compile(p), tuple(required_words(p) or ())) for p in raw["strip_from_line"]],
        "footer": one(raw["footer"]),
        "collector_title": re.compile(raw["collector_title"]),
        "signals": tuple(raw["report_signals"]),
    }


# ── bytes → str ────────────────────────────────────────────────────────────

_CONTROLS = bytes([*range(0, 9), 11, 14, 15, *range(16, 27), *range(28, 32)])   # never in a text file


def decode(data: bytes, source: str) -> str:
    """Decode UTF-8 (with or without BOM), UTF-16 with BOM, or GB18030/GBK."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise InputError(source, "cannot decode as UTF-16 text") from None
    head = data[:8192]
    controls = len(head) - len(head.translate(None, _CONTROLS))
    if b"\x00" in head or controls > len(head) // 100:
        raise InputError(source, "binary file, not a text report")
    if data.startswith(codecs.BOM_UTF8):
        return data[3:].decode("utf-8", errors="replace")
    for enc in ("utf-8", "gb18030"):
        try:
            return data.decode(enc)
        except UnicodeDecodeError:
            continue
    text = data.decode("utf-8", errors="replace")     # a few damaged bytes in a UTF-8 copy
    if text.count("\ufffd") <= max(2, len(text) // 1000):
        return text
    raise InputError(source, "cannot decode: neither UTF-8 nor GBK/GB18030 text")


# ── whole-text repairs (character level) ──────────────────────────────────

def watermark_tokens(text: str) -> list[str]:
    """Short ASCII tokens a site glued to the end of many paragraphs (e.g. 'pbY')."""
    if not _GATES[_WM_END].search(text):
        return []
    ends = Counter(m[1] for m in _WM_END.finditer(text))
    return sorted(t for t, n in ends.items() if n >= 3 and re.search("[A-Za-z]", t))


def remove_watermarks(text: str) -> str:
    tokens = watermark_tokens(text)
    if not tokens:
        return text
    alts = []
    for t in tokens:
        alts.append(re.escape(t))
        alts += [re.escape(t[:k]) + r"[ \t]*\n[ \t]*" + re.escape(t[k:]) for k in range(1, len(t))]
    rx = re.compile(r"(?<![A-Za-z0-9])(?:" + "|".join(sorted(alts, key=len, reverse=True)) + r")(?![A-Za-z0-9])")
    return rx.sub("", text)


def normalise(raw: str) -> str:
    """Undo damage that is the same wherever it sits: escapes, entities, lost characters, markers."""
    text = _INVISIBLE.sub("", raw)
    if "\\r" in text or "\\n" in text:
        text = _LITERAL_BREAK.sub("\n", text)
    text = _BREAKS.sub("\n", text.replace("\r\n", "\n").replace("\r", "\n"))
    if "&" in text:
        text = html.unescape(text)
    if "??" in text:
        text = _LOST_NBSP.sub(" ", text)
    if "\ufffd" in text:
        text = _LOST_ZERO.sub("〇", text)
        text = re.sub("\ufffd{2,}", "\ufffd", text)
    if any(c in text for c in _TONES):
        text = _PINYIN.sub("", text)
    text = remove_watermarks(text)
    for rx in (_FOOTNOTE, _CIRCLED):
        if _GATES[rx].search(text):
            text = rx.sub("", text)
    return text


@lru_cache(maxsize=1)
def _t2s():
    import opencc
    return opencc.OpenCC("t2s")


def t2s_table(text: str) -> dict[int, str]:
    """Traditional → simplified, one character for one, for the characters this text uses."""
    cc = _t2s()
    if cc.convert(text) == text:
        return {}
    chars = sorted({c for c in text if ord(c) > 0x2e7f})
    out = cc.convert("\n".join(chars)).split("\n")
    if len(out) != len(chars):
        out = [cc.convert(c) for c in chars]
    return {ord(c): s for c, s in zip(chars, out) if s != c and len(s) == 1}


def simplified(text: str, table: dict[int, str]) -> str:
    """OpenCC's phrase-aware rendering when it keeps the length, else character by character."""
    if not table:
        return text
    phrase = _t2s().convert(text)
    return phrase if len(phrase) == len(text) else text.translate(table)


# ── lines ──────────────────────────────────────────────────────────────────

def _flat_breaks(line: str) -> list[int]:
    """Where a flattened report had its paragraph breaks: spaces after a sentence end,
    before a numbered heading, or after a short heading-like chunk."""
    cuts, last = [], 0
    if not _WS_RUN.search(line):                      # the common case: no space to cut at
        return cuts
    for m in _FLAT_SPACE.finditer(line):
        left, right = line[last:m.start()], line[m.end():m.end() + 12]
        word = re.match(r"[^\s，。；：,;:]*", right)[0]
        bare = _HEADING.sub("", left)
        if (left[-1:] in _TERMINAL or _NUMBERED.match(right)
                or (len(bare) <= 30 and not any(c in _SENTENCE_PUNCT for c in bare) and len(word) > 4)):
            cuts.append(m.start())
            last = m.end()
    return cuts


def split_flattened(lines: list[str]) -> list[str]:
    """A report flattened onto one line kept its paragraph breaks as spaces: restore them."""
    out: list[str] = []
    for line in lines:
        cuts = _flat_breaks(line) if len(line) > 200 else []
        if not cuts:
            out.append(line)
            continue
        prev = 0
        for c in cuts:
            out.append(line[prev:c])
            prev = c
        out.append(line[prev:])
    return out


def tidy_line(line: str, key) -> str | None:
    """Strip one line; None when the whole line is page furniture."""
    d = _data()
    s = line.strip(" \t\u00a0\u3000\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f")
    if not s:
        return None
    k = key(s)
    if (m := d["collector_title"].fullmatch(k)):
        return s[m.start(1):]
    if d["drop_free"].match(k) or d["drop_gate"].search(k) and d["drop"].match(k):
        return None
    for rx, needs in d["strip"]:
        if (not needs or any(w in k for w in needs)) and (m := rx.search(k)):
            s, k = s[:m.start()] + s[m.end():], k[:m.start()] + k[m.end():]
    if _SPACED.match(s) and len(s) <= 40:
        s = _WS_RUN.sub("", s)
    s = _WS_RUN.sub(" ", s).strip()
    return s or None


def head_end(lines: list[str], key) -> int:
    """Index of the salutation (各位代表…) that ends the report's head, or a small default
    when there is none before the body starts."""
    long = 0
    for i, s in enumerate(lines[:60]):
        if key(s).startswith("各位代表"):
            return i
        long += len(s) >= 60
        if long > 3:
            break
    return min(len(lines), 15)


def start_at_title(lines: list[str], key) -> list[str]:
    """Drop site headings before the report's own title line (the first short one)."""
    for i, s in enumerate(lines[:40]):
        if _TITLE_WORD in key(s) and len(s) <= 40:
            return lines[i:]
    return lines


def drop_head_repeats(lines: list[str], key) -> list[str]:
    """In the head, drop teasers and outlines: lines the text repeats further down, and
    numbered headings (a table of contents) before the salutation."""
    end = head_end(lines, key)
    salutation = end < len(lines) and key(lines[end]).startswith("各位代表")
    later = set(lines[end:])
    out = []
    for i, s in enumerate(lines[:end]):
        if s in later or s in lines[i + 1:end]:
            continue
        if salutation and _HEADING.match(s) and "。" not in s and len(s) <= 40:
            continue
        compact = re.sub(r"\s|…+$|\.{3,}$", "", s)
        if len(compact) >= 30 and compact in "".join(lines[i + 1:i + 40]).replace(" ", ""):
            continue
        out.append(s)
    return out + lines[end:]


def cut_duplicate_body(lines: list[str]) -> list[str]:
    """A page scraped twice holds the body twice: keep the first copy only."""
    long = [i for i, s in enumerate(lines) if len(s) >= 50]
    if len(long) < 4:
        return lines
    first, last = lines[long[0]], lines[long[-1]]
    end = lines.index(last)                          # where the first copy ends
    if end == long[-1] or first not in lines[long[0] + 1:]:
        return lines
    again = lines.index(first, long[0] + 1)
    if again <= end:
        return lines
    before = set(lines[:again])
    tail = [s for s in lines[again:] if len(s) >= 50]
    if sum(s in before for s in tail) < 0.8 * len(tail):
        return lines
    return lines[:end + 1]


def cut_footer(lines: list[str], key) -> list[str]:
    """Stop at the page footer (copyright, share buttons, related links) after the body."""
    footer = _data()["footer"]
    total = sum(map(len, lines)) or 1
    seen = 0
    for i, s in enumerate(lines):
        if seen > 0.3 * total and footer.match(key(s)):
            return lines[:i]
        seen += len(s)
    return lines


def drop_navigation(lines: list[str], key) -> list[str]:
    """Lists of other reports' titles and runs of short menu entries after the head."""
    start = head_end(lines, key) + 1
    keep = [True] * len(lines)
    for i, s in enumerate(lines):
        k = key(s)
        if k.count(_TITLE_WORD) >= 2 or (i >= start and k.endswith(_TITLE_WORD) and len(k) <= 30):
            keep[i] = False
    run: list[int] = []
    for i in range(start, len(lines) + 1):
        s = lines[i] if i < len(lines) else None
        if s is not None and len(s) <= 16 and not _NUMBERED.match(s) and not any(c in _SENTENCE_PUNCT for c in s):
            run.append(i)
            continue
        if len(run) >= 5:
            for j in run:
                keep[j] = False
        run = []
    return [s for s, k in zip(lines, keep) if k]


def _continues(a: str, b: str) -> bool:
    """Is line b the rest of line a's paragraph (a hard wrap or an inline link break)?"""
    if _DATELINE.match(a):
        return not a.endswith("上") and len(a) < 60 and ("会议" in b or b.endswith("上"))
    if a[-1] in _TERMINAL or _NUMBERED.match(b) or _DATELINE.match(b):
        return False
    if _HEADING.match(a) and not any(c in "。！？" for c in a) and len(a) <= 40:
        return False                                 # a heading
    return len(a) >= 40 or any(c in _SENTENCE_PUNCT for c in a)


def join_wrapped(lines: list[str]) -> list[str]:
    out: list[str] = []
    for s in lines:
        if out and _continues(out[-1], s):
            out[-1] += s
        elif not out or out[-1] != s:
            out.append(s)
    return out


def clean(raw: str) -> tuple[str, str]:
    """Raw decoded text → (cleaned text, simplified match text or "")."""
    text = normalise(raw)
    table = t2s_table(text)
    key = (lambda s: s.translate(table)) if table else (lambda s: s)
    lines = [t for line in split_flattened(text.split("\n")) if (t := tidy_line(line, key))]
    lines = start_at_title(lines, key)
    lines = cut_duplicate_body(lines)
    lines = cut_footer(lines, key)
    lines = drop_head_repeats(lines, key)
    lines = drop_navigation(lines, key)
    text = "\n".join(join_wrapped(lines))
    if ";;" in text:                  # after joining: a quote may have wrapped across lines
        text = _GARBLED_QUOTES.sub(r"“\1”", text)
    match = simplified(text, table)
    if "「" in match or "『" in match:     # corner brackets quote like “ ” (rules are written with “ ”)
        match = match.translate(_CORNER_QUOTES)
    return text, (match if match != text else "")


# ── entry points ───────────────────────────────────────────────────────────

def read_text(data: bytes, source: str, name: str, suffix: str = "") -> Doc:
    """Bytes of one report (any supported format) → Doc, or InputError naming `source`."""
    from .formats import to_text
    text, match = clean(to_text(data, source, suffix))
    view = match or text
    if not _CJK.search(text):
        raise InputError(source, "no Chinese text found; not a government work report")
    if not any(w in view for w in _data()["signals"]):
        raise InputError(source, "does not look like a government work report "
                                 "(none of 政府工作报告, 各位代表, 工作回顾, 全县, 我市… in the text)")
    return Doc(name=name, text=text, meta=read_meta(view), source=source, match_text=match)


def read(path: str | Path) -> Doc:
    p = Path(path)
    try:
        if p.is_dir():
            raise InputError(str(p), "is a folder, not a report file")
        if not p.exists():
            raise InputError(str(p), "no such file")
        if not p.is_file():
            raise InputError(str(p), "not a regular file (a pipe or device?); give a report file")
        size = p.stat().st_size
        if size > MAX_BYTES:
            raise InputError(str(p), f"file is too large ({size / 2**20:.0f} MB; the limit is "
                                     f"{MAX_BYTES // 2**20} MB)")
        data = p.read_bytes()
    except OSError as e:
        raise InputError(str(p), f"cannot read file ({e.strerror or e})") from None
    if not data.strip():
        raise InputError(str(p), "file is empty")
    return read_text(data, str(p), p.stem, p.suffix.lower())
