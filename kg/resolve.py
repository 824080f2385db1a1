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
from collections.abc import Iterable
from dataclasses import dataclass, field

from .model import Report
from .names import canonical, comparison_form, enterprise_form, is_generic, norm, region_short

TYPES = ("Project", "Enterprise", "Town", "Honour", "Programme")


@dataclass(frozen=True)
class Seen:
    """One report's entities as resolution needs them: all a corpus build keeps in memory per report."""
    report: str                                           # file stem
    region: str                                           # the region the keys were made with
    entities: tuple[tuple[str, str, str, tuple[str, ...]], ...]   # (key, type, canonical, names as written)


def seen(report: Report) -> Seen:
    region = report.doc.meta.region or report.doc.name
    return Seen(report.doc.name, region, tuple(
        (e.key, e.type, canonical(e.type, e.name, region), (e.name, *e.aliases))
        for e in report.entities if e.type in TYPES))


@dataclass
class Node:
    key: str
    type: str
    core: str                                             # comparison form
    pref: str                                             # its one preferred label (names.canonical)
    names: dict[str, set[str]] = field(default_factory=dict)  # name as written → report names
    regions: set[str] = field(default_factory=set)
    reasons: dict[str, str] = field(default_factory=dict)     # name → why it has this key


@dataclass
class Resolution:
    alias: dict[str, str]             # merged key → the key it now goes by
    entries: list[dict]               # one per entity seen under several names or in several reports
    labels: dict[str, str] = field(default_factory=dict)   # key that others merged into → its prefLabel

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


def resolve(items: Iterable[Seen | Report]) -> Resolution:
    """Merge decisions for a corpus, from each report's `Seen` (or the Report itself)."""
    nodes: dict[str, Node] = {}
    for item in items:
        r = item if isinstance(item, Seen) else seen(item)
        for key, etype, pref, names in r.entities:
            n = nodes.get(key)
            if n is None:
                n = nodes[key] = Node(key, etype, comparison_form(etype, names[0], r.region), pref)
            n.regions.add(r.region)
            for name in names:
                n.names.setdefault(name, set()).add(r.report)
                if name not in n.reasons:
                    n.reasons[name] = _why(etype, name, r.region)

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
        entries.append({
            "key": key, "type": members[0].type, "label": nodes[key].pref,
            "merged_keys": sorted(n.key for n in members if n.key != key),
            "regions": sorted(set().union(*(n.regions for n in members))),
            "names": [{"name": s, "reports": sorted(names[s]), "why": reasons[s]} for s in sorted(names)],
        })
    labels = {head: nodes[head].pref for head in set(alias.values())}
    return Resolution(alias=alias, entries=entries, labels=labels)


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


__all__ = ["Resolution", "Seen", "seen", "resolve", "match", "region_short"]
