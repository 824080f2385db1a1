"""Load and validate the declarative pattern files in kg/patterns/.

A rule is data: {"id", "type", "regex", "example", "expect"?, "list"?, "priority"?}.
`{word}` in a regex expands to the word list of that name in vocab.json.  Loading
checks every rule and names the file and rule id in any error.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from .errors import RuleError
from .ontology import ENTITY_TYPES

_PLACEHOLDER = re.compile(r"\{([A-Za-z_][A-Za-z_0-9]*)\}")
_RAW = {"B", "N", "C", "L"}          # vocab entries that are regex fragments, not words


@dataclass(frozen=True)
class Rule:
    id: str
    type: str
    regex: re.Pattern
    example: str
    expect: tuple[str, ...] = ()
    list: bool = False
    priority: int = 0
    source: str = ""


def _patterns_dir():
    return resources.files("kg") / "patterns"


@lru_cache(maxsize=None)
def vocab() -> dict[str, tuple[str, ...]]:
    data = json.loads((_patterns_dir() / "vocab.json").read_text(encoding="utf-8"))
    return {k: tuple(v) for k, v in data.items() if not k.startswith("_")}


def alternation(words) -> str:
    return "(?:" + "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)) + ")"


def expand(regex: str, where: str) -> str:
    v = vocab()

    def sub(m: re.Match) -> str:
        name = m[1]
        if name not in v:
            raise RuleError(f"{where}: unknown placeholder {{{name}}}")
        return v[name][0] if name in _RAW else alternation(v[name])
    return _PLACEHOLDER.sub(sub, regex)


def parse_rule(obj: dict, where: str) -> Rule:
    for key in ("id", "type", "regex", "example"):
        if not isinstance(obj.get(key), str) or not obj[key]:
            raise RuleError(f"{where}: rule {obj.get('id', '?')!r} needs a non-empty string {key!r}")
    rid = obj["id"]
    if obj["type"] not in ENTITY_TYPES:
        raise RuleError(f"{where}: rule {rid!r}: type {obj['type']!r} is not one of {', '.join(ENTITY_TYPES)}")
    try:
        rx = re.compile(expand(obj["regex"], f"{where}: rule {rid!r}"))
    except re.error as e:
        raise RuleError(f"{where}: rule {rid!r}: regex does not compile: {e}") from None
    if "name" not in rx.groupindex:
        raise RuleError(f"{where}: rule {rid!r}: regex has no (?P<name>…) group")
    unknown = set(obj) - {"id", "type", "regex", "example", "expect", "list", "priority", "note"}
    if unknown:
        raise RuleError(f"{where}: rule {rid!r}: unknown keys {sorted(unknown)}")
    return Rule(id=rid, type=obj["type"], regex=rx, example=obj["example"],
                expect=tuple(obj.get("expect", ())), list=bool(obj.get("list")),
                priority=int(obj.get("priority", 0)), source=where)


@lru_cache(maxsize=None)
def load_rules() -> tuple[Rule, ...]:
    rules: list[Rule] = []
    seen: set[str] = set()
    for f in sorted(_patterns_dir().iterdir(), key=lambda p: p.name):
        if not f.name.endswith(".json") or f.name == "vocab.json":
            continue
        try:
            data = json.loads(f.read_text(encoding="utf-8"))
        except json.JSONDecodeError as e:
            raise RuleError(f"{f.name}: not valid JSON: {e}") from None
        for obj in data.get("rules", []):
            r = parse_rule(obj, f.name)
            if r.id in seen:
                raise RuleError(f"{f.name}: duplicate rule id {r.id!r}")
            seen.add(r.id)
            rules.append(r)
    return tuple(rules)
