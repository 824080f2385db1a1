"""Name normalisation and stable ASCII keys, shared by linking and resolution."""
from __future__ import annotations

import hashlib
import re
import unicodedata

_QUOTES_WS = re.compile(r"[“”‘’\"'《》「」『』\s]")
_TOWN_SUFFIX = re.compile(r"(街道办事处|街道|民族乡|镇|乡)$")


def norm(name: str, etype: str | None = None) -> str:
    """The comparison form of a name: NFKC, no quotes, no white space (Town: no suffix)."""
    key = _QUOTES_WS.sub("", unicodedata.normalize("NFKC", name))
    if etype == "Town":
        key = _TOWN_SUFFIX.sub("", key) or key
    return key


def digest(*parts: str, n: int = 12) -> str:
    return hashlib.sha1("\x1f".join(parts).encode("utf-8")).hexdigest()[:n]


def slug(text: str) -> str:
    """An ASCII path segment: the text itself when already safe, else a digest."""
    s = re.sub(r"[^A-Za-z0-9._-]+", "-", text).strip("-")
    return s if s and s == text else (s + "-" if s else "") + digest(text, n=10)


SCOPED = {"Project", "Town", "Recipient", "Person"}   # names local to a region


def entity_key(etype: str, name: str, region: str) -> str:
    """Stable ASCII key; towns, projects and local recipients are scoped by region."""
    scope = region if etype in SCOPED else ""
    return f"{etype.lower()}/{digest(scope, norm(name, etype))}"


def region_key(region: str) -> str:
    return f"region/{digest(region)}"
