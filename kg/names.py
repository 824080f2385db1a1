"""Name normalisation and stable ASCII keys, shared by linking and resolution.

A key depends only on the name, its type and the report's region, so the same
entity gets the same IRI in every report without a corpus-wide pass:
enterprises drop legal-form suffixes (有限公司, 集团, 股份…) and the report's
own region prefix; towns, projects and local recipients are scoped by region.
The word lists are data (kg/resolve.json).
"""
from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from functools import lru_cache
from importlib import resources

_QUOTES_WS = re.compile(r"[“”‘’\"'《》「」『』\s]")
_TOWN_SUFFIX = re.compile(r"(街道办事处|街道|民族乡|镇|乡)$")


@lru_cache(maxsize=1)
def _t2s():
    import opencc
    return opencc.OpenCC("t2s").convert


def guideline_form(name: str, etype: str | None = None) -> str:
    """The annotation guidelines' comparison form: NFKC, no quotes, no white space
    (Town: no 镇/乡/街道 suffix).  `kg eval` compares names exactly so."""
    key = _QUOTES_WS.sub("", unicodedata.normalize("NFKC", name))
    if etype == "Town":
        key = _TOWN_SUFFIX.sub("", key) or key
    return key


@lru_cache(maxsize=262144)
def norm(name: str, etype: str | None = None) -> str:
    """The guidelines' form in simplified characters: a traditional report's 縣社會服務中心
    is the same entity as 县社会服务中心."""
    return guideline_form(_t2s()(name), etype)


def digest(*parts: str, n: int = 12) -> str:
    return hashlib.sha1("\x1f".join(parts).encode("utf-8")).hexdigest()[:n]


def slug(text: str) -> str:
    """An ASCII path segment: the text itself when already safe, else a digest."""
    s = re.sub(r"[^A-Za-z0-9._-]+", "-", text).strip("-")
    return s if s and s == text else (s + "-" if s else "") + digest(text, n=10)


@lru_cache(maxsize=None)
def words() -> dict:
    data = json.loads((resources.files("kg") / "resolve.json").read_text(encoding="utf-8"))

    def alt(ws):
        return "|".join(map(re.escape, sorted({unicodedata.normalize("NFKC", w) for w in ws}, key=lambda w: (-len(w), w))))
    return {
        "suffix": re.compile(f"(?:{alt(data['company_suffixes'])})$"),
        "level": re.compile(f"(?:{alt(data['region_levels'])})$"),
        "generic": re.compile(f"(?:{alt(data['generic_words'])})+"),
    }


def region_short(region: str) -> str:
    """浚县 → 浚, 保定市 → 保定: the form a region takes inside other names."""
    return words()["level"].sub("", region) or region


def is_generic(core: str) -> bool:
    """Nothing but industry/institution words (城投, 农商银行…): not a name on its own."""
    return len(core) < 2 or words()["generic"].fullmatch(core) is not None


@lru_cache(maxsize=65536)
def enterprise_form(name: str, region: str) -> tuple[str, tuple[str, ...]]:
    """(comparison form, steps taken) of an enterprise name mentioned in `region`'s report.

    The report region's prefix and legal-form suffixes go; a name left generic
    keeps its region (浚县农商银行 and a bare 农商银行 in 浚县's report are one
    bank, 保定's is another).
    """
    w = words()
    s = norm(name)
    steps: list[str] = []
    used = ""
    short = region_short(region) if region else ""
    for prefix in sorted({region, short} - {""}, key=len, reverse=True):
        if len(prefix) >= 2 and s.startswith(prefix) and len(s) - len(prefix) >= 2:
            used = short
            s = s[len(prefix):]
            steps.append(f"region prefix {prefix} removed")
            break
    while True:
        m = w["suffix"].search(s)
        if not m or len(s) - len(m.group()) < 2:
            break
        steps.append(f"suffix {m.group()} removed")
        s = s[:m.start()]
    if is_generic(s):
        scope = used or short
        if scope and not s.startswith(scope):
            steps.append(f"generic name kept with its region {scope}")
            s = scope + s
    return s, tuple(steps)


_HAN = re.compile(r"[\u4e00-\u9fff]")
SCOPED = {"Project", "Town", "Recipient", "Person"}   # names local to a region


def comparison_form(etype: str, name: str, region: str) -> str:
    if etype == "Enterprise":
        return enterprise_form(name, region)[0]
    return norm(name, etype)


@lru_cache(maxsize=65536)
def canonical(etype: str, name: str, region: str) -> str:
    """The one skos:prefLabel of the entity this name keys to.

    It depends only on what the key depends on, so every report that names the
    entity (顺丰控股 in one, 顺丰 in another) gives it the same preferred label,
    even when each report is built on its own; the names as written become
    rdfs:label / skos:altLabel.  Enterprises go by their normalised core (a
    generic name kept with a one-character region, 浚农商银行, is spelt out as
    浚县农商银行); other types by their comparison form (towns without 镇/乡).
    """
    if etype == "Enterprise":
        core = enterprise_form(name, region)[0]
        short = region_short(region) if region else ""
        if len(short) == 1 and core.startswith(short) and is_generic(core[1:]):
            return region + core[1:]
        if region and not _HAN.match(region) and core.startswith(region):   # keyed by a file name, not a region
            return core[len(region):]
        return core
    return norm(name, etype)


@lru_cache(maxsize=65536)
def entity_key(etype: str, name: str, region: str) -> str:
    """Stable ASCII key; towns, projects and local recipients are scoped by region."""
    scope = region if etype in SCOPED else ""
    return f"{etype.lower()}/{digest(scope, comparison_form(etype, name, region))}"


def region_key(region: str) -> str:
    return f"region/{digest(region)}"


def speaker_key(region: str, speaker: str) -> str:
    """The speaker's node: a person is scoped by the region they spoke for."""
    return f"person/{slug(region)}-{slug(speaker)}"
