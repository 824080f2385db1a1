"""Mentions → entities (one per name per type) and the links between them.

awardedTo: see awards.py.
locatedIn: a project or enterprise whose name starts with a town's name.
involves: a project whose name contains an enterprise's name (or equals it).
"""
from __future__ import annotations

from collections import defaultdict

from .model import Doc, Entity, Mention, Relation, Segments
from .awards import awards
from .names import entity_key, norm


def group(mentions: list[Mention], region: str) -> list[Entity]:
    """One entity per (type, normalised name); the most frequent form is the name."""
    by_key: dict[str, list[Mention]] = defaultdict(list)
    for m in mentions:
        by_key[entity_key(m.type, m.label, region)].append(m)
    out = []
    for key, ms in by_key.items():
        forms = sorted({m.label for m in ms}, key=lambda f: (-sum(m.label == f for m in ms), -len(f), f))
        out.append(Entity(key=key, type=ms[0].type, name=forms[0], aliases=tuple(sorted(forms[1:])),
                          mentions=tuple(sorted(ms, key=lambda m: (m.start, m.end)))))
    return sorted(out, key=lambda e: e.key)


def relations(doc: Doc, segments: Segments, entities: list[Entity], region: str
              ) -> tuple[list[Relation], list[Entity]]:
    """Links between entities, plus any recipient nodes the links need."""
    text = doc.text
    rels: set[Relation] = set()
    by_type = defaultdict(list)
    for e in entities:
        by_type[e.type].append(e)
    names = {(e.type, norm(n, e.type)): e for e in entities for n in (e.name, *e.aliases)}
    towns = [(norm(n, "Town"), e) for e in by_type["Town"] for n in (e.name, *e.aliases)]
    ents = [(norm(n), e) for e in by_type["Enterprise"] for n in (e.name, *e.aliases)]

    for p in by_type["Project"] + by_type["Enterprise"]:
        first = p.mentions[0]
        for tname, t in towns:
            if len(tname) >= 2 and norm(p.name).startswith(tname):
                rels.add(Relation(p.key, "locatedIn", t.key, "link.name-starts-with-town", first.sentence))
    for p in by_type["Project"]:
        pn = norm(p.name)
        for en, e in ents:
            if len(en) >= 2 and en in pn:
                rels.add(Relation(p.key, "involves", e.key, "link.project-name-contains-enterprise", p.mentions[0].sentence))

    award_rels, extra = awards(doc, segments, by_type["Honour"], names, region)
    rels.update(award_rels)
    return sorted(rels, key=lambda r: (r.subject, r.predicate, r.object, r.sentence, r.rule)), extra
