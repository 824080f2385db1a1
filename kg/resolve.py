"""Cross-document entity resolution, with the reason for every merge.

Most merging happens in the keys themselves (names.entity_key): the same
normalised enterprise name is one IRI in every report, and towns and projects
are scoped by their region.  What needs the whole corpus is short forms: an
enterprise core that is the start of exactly one longer core, the rest of which
is generic words (中鹤 + 现代农业开发), becomes one node.  Every decision is kept
so `kg explain NAME` can show which names merged and why.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from .model import Report
from .names import comparison_form, enterprise_form, is_generic, norm, region_short

TYPES = ("Project", "Enterprise", "Town", "Honour", "Programme")


@dataclass
class Node:
    key: str
    type: str
    core: str                                             # comparison form
    names: dict[str, set[str]] = field(default_factory=dict)  # name as written → report names
    regions: set[str] = field(default_factory=set)
    reasons: dict[str, str] = field(default_factory=dict)     # name → why it has this key


@dataclass
class Resolution:
    alias: dict[str, str]             # merged key → the key it now goes by
    entries: list[dict]               # one per entity seen under several names or in several reports

    def canonical(self, key: str) -> str:
        return self.alias.get(key, key)


def _why(etype: str, name: str, region: str) -> str:
    if etype == "Enterprise":
        steps = enterprise_form(name, region)[1]
        return "; ".join(steps) if steps else "name as written"
    if etype in ("Project", "Town"):
        extra = " (town suffix ignored)" if etype == "Town" and norm(name, "Town") != norm(name) else ""
        return f"same name within {region}{extra}"
    return "same name (not local to a region)"


def resolve(reports: list[Report]) -> Resolution:
    nodes: dict[str, Node] = {}
    for r in reports:
        region = r.doc.meta.region or r.doc.name
        for e in r.entities:
            if e.type not in TYPES:
                continue
            n = nodes.get(e.key)
            if n is None:
                n = nodes[e.key] = Node(e.key, e.type, comparison_form(e.type, e.name, region))
            n.regions.add(region)
            for name in (e.name, *e.aliases):
                n.names.setdefault(name, set()).add(r.doc.name)
                n.reasons.setdefault(name, _why(e.type, name, region))

    alias = _short_forms([n for n in nodes.values() if n.type == "Enterprise"])
    groups: dict[str, list[Node]] = defaultdict(list)
    for n in nodes.values():
        groups[alias.get(n.key, n.key)].append(n)

    entries = []
    for key, members in sorted(groups.items()):
        names: dict[str, set[str]] = {}
        reasons: dict[str, str] = {}
        for n in members:
            for name, reps in n.names.items():
                names.setdefault(name, set()).update(reps)
                why = n.reasons[name]
                if n.key != key:
                    head = nodes[key].core
                    why += f"; short form {head} of {n.core} (the rest, {n.core[len(head):]}, is generic)"
                reasons[name] = why
        reports_seen = set().union(*names.values())
        if len(names) < 2 and len(reports_seen) < 2:
            continue
        label = max(sorted(names), key=lambda s: (len(names[s]), len(s)))
        entries.append({
            "key": key, "type": members[0].type, "label": label,
            "merged_keys": sorted(n.key for n in members if n.key != key),
            "regions": sorted(set().union(*(n.regions for n in members))),
            "names": [{"name": s, "reports": sorted(names[s]), "why": reasons[s]} for s in sorted(names)],
        })
    return Resolution(alias=alias, entries=entries)


def _short_forms(enterprises: list[Node]) -> dict[str, str]:
    """key of a longer name → key of the short form it starts with, when unambiguous."""
    cores = sorted({n.core for n in enterprises if not is_generic(n.core)})
    by_core: dict[str, list[Node]] = defaultdict(list)
    for n in enterprises:
        by_core[n.core].append(n)
    alias: dict[str, str] = {}
    for short in cores:
        if len(short) < 2:
            continue
        longer = [c for c in cores if c != short and c.startswith(short) and is_generic(c[len(short):])]
        if len(longer) != 1:          # several longer names start with it: ambiguous, keep apart
            continue
        head = min(by_core[short], key=lambda n: n.key)
        for n in by_core[longer[0]]:
            alias[n.key] = head.key
    # a chain a ← b ← c resolves to its head
    for k in list(alias):
        seen = {k}
        while alias[k] in alias and alias[k] not in seen:
            seen.add(alias[k])
            alias[k] = alias[alias[k]]
    return alias


def match(entries: list[dict], query: str) -> list[dict]:
    """Entries one of whose names is QUERY (normalised), else contains it."""
    q = norm(query)
    exact = [e for e in entries if any(norm(n["name"]) == q for n in e["names"])]
    if exact:
        return exact
    return [e for e in entries if any(q in norm(n["name"]) for n in e["names"])]


__all__ = ["Resolution", "resolve", "match", "region_short"]
