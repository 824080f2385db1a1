"""Report files in other formats → plain text, one paragraph per line.

HTML (main text only, markup dropped) through lxml, PDF through pypdf, Word
.docx through python-docx.  The format is told by the content where it can be
(a PDF named .txt is still a PDF), else by the suffix.  Each reader returns
raw text; `read.clean` then treats it like any web copy.  Libraries are
imported here, inside the functions, so `kg --help` never pays for them.
"""
from __future__ import annotations

import io
import re
import zipfile

from .errors import InputError

_HTML_START = re.compile(rb"^\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body|meta|div|p)\b", re.I | re.S)
_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-]+)""", re.I)
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>")
_DROP_TAGS = ("script", "style", "noscript", "template", "nav", "header", "footer", "aside", "form",
              "select", "button", "iframe", "svg", "canvas", "object", "head")
_BLOCK = {"p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "table", "section",
          "article", "main", "blockquote", "pre", "dd", "dt", "dl", "td", "th", "center", "hr", "body"}
_CJK = re.compile(r"[\u3400-\u9fff]")


def kind(data: bytes, suffix: str) -> str:
    """'pdf', 'docx', 'doc', 'html' or 'text': by magic bytes first, then by suffix."""
    if data.startswith(b"%PDF-"):
        return "pdf"
    if data.startswith(b"PK\x03\x04"):
        return "docx"
    if data.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return "doc"
    if suffix in (".html", ".htm") or _HTML_START.match(data[:4096].lstrip(b"\xef\xbb\xbf")):
        return "html"
    if suffix in (".pdf", ".docx", ".doc"):
        return suffix[1:]
    return "text"


def to_text(data: bytes, source: str, suffix: str = "") -> str:
    """Raw text of a report file of any supported kind."""
    from .read import decode
    k = kind(data, suffix)
    if k == "pdf":
        return pdf_text(data, source)
    if k == "docx":
        return docx_text(data, source)
    if k == "doc":
        raise InputError(source, "old Word .doc format is not supported; save it as .docx or .txt")
    if k == "html":
        return html_text(data, source)
    return decode(data, source)


# ── HTML ───────────────────────────────────────────────────────────────────

def _decode_html(data: bytes, source: str) -> str:
    from .read import decode
    m = _CHARSET.search(data[:4096])
    if m:
        try:
            return data.decode(m[1].decode("ascii").lower().replace("gb2312", "gb18030").replace("gbk", "gb18030"))
        except (LookupError, UnicodeDecodeError):
            pass
    return decode(data, source)


def _cjk_count(el) -> int:
    return len(_CJK.findall(el.text_content()))


def main_element(root):
    """Descend from <body> while one child holds most of the Chinese text: the article."""
    node = root.find(".//body")
    node = root if node is None else node
    total = _cjk_count(node)
    while total:
        best = max(node, key=_cjk_count, default=None)
        if best is None:
            break
        n = _cjk_count(best)
        if n < 0.7 * total:
            break
        node, total = best, n
    return node


def _lines(el, out: list[str]) -> None:
    """Text of `el` with a line break around every block element."""
    tag = el.tag if isinstance(el.tag, str) else ""
    if tag in _BLOCK:
        out.append("\n")
    if el.text and tag:
        out.append(el.text)
    for child in el:
        _lines(child, out)
    if tag in _BLOCK:
        out.append("\n")
    if el.tail:
        out.append(el.tail)


def html_text(data: bytes, source: str) -> str:
    """The page's main text; the <h1>/<title> goes first when the article lacks it."""
    import lxml.etree
    import lxml.html
    text = _XML_DECL.sub("", _decode_html(data, source))
    if not text.strip():
        raise InputError(source, "HTML page is empty")
    try:
        root = lxml.html.document_fromstring(text)
    except (lxml.etree.ParserError, ValueError) as e:
        raise InputError(source, f"cannot parse HTML ({e})") from None
    heading = next((h.text_content().strip() for tag in ("h1", "title") for h in root.iter(tag)
                    if h.text_content().strip()), "")
    for el in list(root.iter(*_DROP_TAGS)):
        if el.getparent() is not None:
            el.drop_tree()
    for el in list(root.iter(lxml.etree.Comment, lxml.etree.ProcessingInstruction)):
        if el.getparent() is not None:
            el.drop_tree()
    out: list[str] = []
    _lines(main_element(root), out)
    body = "".join(out)
    if heading and heading not in body[:500]:
        body = heading + "\n" + body
    return body


# ── PDF ────────────────────────────────────────────────────────────────────

def pdf_text(data: bytes, source: str) -> str:
    import logging

    from pypdf import PdfReader
    from pypdf.errors import FileNotDecryptedError, PyPdfError
    logging.getLogger("pypdf").setLevel(logging.ERROR)      # malformed-but-readable files warn a lot
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise InputError(source, "PDF is password-protected")
        pages = [page.extract_text() or "" for page in reader.pages]
    except FileNotDecryptedError:
        raise InputError(source, "PDF is password-protected") from None
    except InputError:
        raise
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, IndexError, OSError) as e:
        raise InputError(source, f"cannot read PDF ({e or type(e).__name__})") from None
    text = "\n".join(pages)
    if not _CJK.search(text):
        raise InputError(source, "PDF has no Chinese text layer (a scanned image?); OCR it first")
    return text


# ── Word ───────────────────────────────────────────────────────────────────

def docx_text(data: bytes, source: str) -> str:
    """Paragraphs and table cells in document order."""
    try:
        import docx
        document = docx.Document(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as e:
        raise InputError(source, f"cannot read Word file ({e or type(e).__name__})") from None
    except Exception as e:                     # python-docx raises its own PackageNotFoundError etc.
        raise InputError(source, f"not a Word .docx file ({type(e).__name__})") from None
    out: list[str] = []
    for block in document.iter_inner_content():
        if hasattr(block, "rows"):
            for row in block.rows:
                out.append(" ".join(c.text for c in row.cells))
        else:
            out.append(block.text)
    return "\n".join(out)
