"""Bytes → cleaned report text.

This is the only stage that changes text: decoding, line endings, web-page
boilerplate, indentation.  Everything after it takes offsets into the cleaned
text, so `doc.text[m.start:m.end] == m.text` holds for every mention.
"""
from __future__ import annotations

import html
import re
from pathlib import Path

from .errors import InputError
from .model import Doc
from .meta import read_meta

ENCODINGS = ("utf-8-sig", "gb18030")
SUPPORTED_SUFFIXES = (".txt",)   # file kinds `kg build` picks up from a folder

# Lines that belong to the web page, not to the report.
_BOILERPLATE = re.compile(
    r"^(?:"
    r"[•·●]\s*.*"                                  # site menus
    r"|.*(?:时间|日期)[:：].*(?:作者|来源|阅读|浏览).*"   # article info bar
    r"|(?:作者|来源|阅读|评论|浏览|点击)[:：]?\s*\d*"
    r"|\d+"                                          # counters left alone on a line
    r"|内容摘要[:：].*"
    r"|.*WAP手机版.*"
    r"|(?:标题|发文单位|发文时间|来源URL|正文)[:：].*"
    r")$"
)
# From here on the page is footer: copyright, share buttons, related links.
_FOOTER = re.compile(r"^(?:版权所有|Copyright|分享到[:：]?|上一篇[:：]?|下一篇[:：]?|相关文章|本栏最新|（责任编辑)")
_SPACED_TITLE = re.compile(r"^(?:\S[ \u3000\u00a0]+){3,}\S$")


def decode(data: bytes, source: str) -> str:
    """Decode UTF-8 (with or without BOM) or GB18030/GBK."""
    if b"\x00" in data[:4096]:
        raise InputError(source, "binary file, not a text report")
    for enc in ENCODINGS:
        try:
            return data.decode(enc)
        except UnicodeDecodeError:
            continue
    raise InputError(source, "cannot decode as UTF-8 or GB18030")


def normalise_lines(raw: str) -> list[str]:
    """Split into lines, undoing the web copy's line-ending and entity damage."""
    text = raw.replace("\\r\\n", "\n").replace("\\n", "\n")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = html.unescape(text) if "&" in text else text
    text = re.sub(r"\?{2,}", " ", text)              # NBSPs lost to "????"
    return text.split("\n")


def strip_boilerplate(lines: list[str]) -> list[str]:
    """Keep the report: from its title (or first heading) to before the page footer."""
    out: list[str] = []
    for line in lines:
        s = line.strip().strip("\ufeff\u200b").strip()
        if _FOOTER.match(s):
            break
        if not s or _BOILERPLATE.match(s):
            continue
        if _SPACED_TITLE.match(s) and len(s) <= 40:
            s = re.sub(r"[ \u3000\u00a0]+", "", s)
        if out and out[-1] == s:
            continue
        out.append(s)
    # Drop site headings before the report's own title line.
    for i, s in enumerate(out[:40]):
        if "政府工作报告" in s and len(s) <= 40:
            # the page title and the report title are often both present
            return out[i:]
    return out


def clean(raw: str) -> str:
    return "\n".join(strip_boilerplate(normalise_lines(raw)))


def read_text(data: bytes, source: str, name: str) -> Doc:
    text = clean(decode(data, source))
    if not re.search(r"[\u4e00-\u9fff]", text):
        raise InputError(source, "no Chinese text found; not a government work report")
    return Doc(name=name, text=text, meta=read_meta(text), source=source)


def read(path: str | Path) -> Doc:
    p = Path(path)
    try:
        data = p.read_bytes()
    except OSError as e:
        raise InputError(str(p), f"cannot read file ({e.strerror or e})") from None
    if not data.strip():
        raise InputError(str(p), "file is empty")
    return read_text(data, str(p), p.stem)
