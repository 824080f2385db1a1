"""Mentions → entities (one per name per type) and the links between them.

awardedTo: see awards.py.
locatedIn: a project or enterprise whose name starts with a town's name.
involves: a project whose name contains an enterprise's name (or equals it).
"""
from __future__ import annotations

import re
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

    home = norm(region, "Town").rstrip("县市区")
    # a town that shares the county's name (阜平镇 in 阜平县) only counts with its suffix
    towns = [(norm(n) if tn == home else tn, t) for tn, t in towns
             for n in [next((x for x in (t.name, *t.aliases) if norm(x, "Town") == tn), t.name)]]
    for p in by_type["Project"] + by_type["Enterprise"]:
        first = p.mentions[0]
        for tname, t in towns:
            if len(tname) >= 2 and any(norm(n).startswith(tname) for n in (p.name, *p.aliases)):
                rels.add(Relation(p.key, "locatedIn", t.key, "link.name-starts-with-town", first.sentence))
    for p in by_type["Project"]:
        pn = norm(p.name)
        for en, e in ents:
            if len(en) >= 2 and en in pn:
                rels.add(Relation(p.key, "involves", e.key, "link.project-name-contains-enterprise", p.mentions[0].sentence))
    rels.update(_context_links(doc, segments, entities))

    award_rels, extra = awards(doc, segments, by_type["Honour"], names, region)
    rels.update(award_rels)
    return sorted(rels, key=lambda r: (r.subject, r.predicate, r.object, r.sentence, r.rule)), extra


_LOCATED = re.compile(r"位于|坐落于|落户|落地")
_BUILT_BY = re.compile(r"由(?P<who>[^，。；]{2,30}?)(?:承建|建设|中标建设|承接|运营|投资建设|负责)|(?P<op>[^，。；]{2,30}?)运营")
_MOVED_IN = re.compile(r"(?:入驻|签约|落户|进驻)")


def _context_links(doc: Doc, segments: Segments, entities: list[Entity]) -> set[Relation]:
    """Links the wording of a paragraph states:
    `P：项目位于X镇…` / `P(位于X镇)` → P locatedIn X;  `P…由C公司承建` → P involves C;
    `C1、C2 4家企业入驻P` → P involves C1, C2.  The project is the nearest one named before
    the cue in the same paragraph."""
    sentences = segments.sentences
    para_of = [s.paragraph for s in sentences]
    located: list[tuple[int, int, Entity]] = []          # (start, end, entity) of every mention
    for e in entities:
        for m in e.mentions:
            located.append((m.start, m.end, e))
    located.sort(key=lambda x: (x[0], x[1]))
    out: set[Relation] = set()

    text = doc.text
    projects = {n: e for e in entities if e.type == "Project" for n in (e.name, *e.aliases) if len(n) >= 3}
    names_rx = re.compile("|".join(re.escape(n) for n in sorted(projects, key=len, reverse=True))) if projects else None

    def before(pos: int, etype: str, para: int):
        """The last project named (anywhere, by its name) earlier in the same paragraph."""
        start = next(s.start for s in sentences if s.paragraph == para)
        best = None
        if names_rx is not None:
            for m in names_rx.finditer(text, start, pos):
                best = projects[m.group()]
        return best

    def inside(a: int, b: int, etype: str):
        return [ent for s, e_, ent in located if a <= s and e_ <= b and ent.type == etype]

    text = doc.text
    for m in _LOCATED.finditer(text):
        si = _sent(sentences, m.start())
        towns = inside(m.end(), min(len(text), m.end() + 12), "Town")
        if not towns:
            continue
        proj = before(m.start(), "Project", para_of[si])
        if proj is not None:
            out.add(Relation(proj.key, "locatedIn", towns[0].key, "link.located-at", si))
    for m in _BUILT_BY.finditer(text):
        si = _sent(sentences, m.start())
        a, b = m.span("who") if m.group("who") else m.span("op")
        companies = inside(a, b, "Enterprise")
        proj = before(m.start(), "Project", para_of[si])
        for c in companies:
            if proj is not None:
                out.add(Relation(proj.key, "involves", c.key, "link.built-by", si))
    for m in _MOVED_IN.finditer(text):
        si = _sent(sentences, m.start())
        sent = sentences[si]
        clause_start = max(text.rfind(c, sent.start, m.start()) for c in "，,；;。") + 1
        clause_start = max(clause_start, sent.start)
        companies = inside(clause_start, m.start(), "Enterprise")
        projs = inside(m.end(), min(sent.end, m.end() + 20), "Project")
        for c in companies:
            for p in projs[:1]:
                out.add(Relation(p.key, "involves", c.key, "link.moved-in", si))
    return out


def _sent(sentences, pos: int) -> int:
    lo, hi = 0, len(sentences) - 1
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if sentences[mid].start <= pos:
            lo = mid
        else:
            hi = mid - 1
    return lo
