"""Mentions → entities (one per name per type) and the links between them.

awardedTo: an honour goes to the subject of its clause (the text before the
conferring verb), or to the issuing region when the clause has none.
locatedIn: a project or enterprise whose name starts with a town's name.
involves: a project whose name contains an enterprise's name (or equals it).
"""
from __future__ import annotations

import re
from collections import defaultdict
from functools import lru_cache

from .model import Doc, Entity, Mention, Relation, Segments
from .names import digest, norm
from .rules import alternation, vocab

SCOPED = {"Project", "Town", "Recipient", "Person"}   # names local to a region
_CLAUSE_END = re.compile(r"[，。；：！？,;:!?\n]")
_SELF = re.compile(r"^(?:我县|全县|本县|我市|全市|本市|我区|全区|本区|县|市|区|我们)$")
_ADVERBS = re.compile(r"^(?:再次|又|还|连续[\d一二三四五六七八九十两]+年|先后|分别|均|也|已|成功|顺利|一举)+")
_PERSON_CUE = re.compile(r"(?:典型|同志|代表|模范|人物|个人)$")


@lru_cache(maxsize=None)
def _honour_verb():
    return re.compile(alternation(vocab()["honour_verbs"]))


def entity_key(etype: str, name: str, region: str) -> str:
    scope = region if etype in SCOPED else ""
    return f"{etype.lower()}/{digest(scope, norm(name, etype))}"


def region_key(region: str) -> str:
    return f"region/{digest(region)}"


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


def _clause_start(text: str, lo: int, pos: int) -> int:
    s = pos
    while s > lo and not _CLAUSE_END.match(text[s - 1]):
        s -= 1
    return s


def _recipients(text: str, sent_start: int, m: Mention) -> list[str]:
    """Names of what the honour in mention m went to; [] means the region."""
    cs = _clause_start(text, sent_start, m.start)
    verbs = list(_honour_verb().finditer(text, cs, m.start))
    if not verbs:
        return []
    subject = text[cs:verbs[-1].start()].strip()
    subject = re.sub(r"^(?:[\d一二三四五六七八九十]+[家名个项所]|其中)", "", subject)
    subject = _ADVERBS.sub("", subject)
    subject = re.sub(r"(?:再次|又|还|连续[\d一二三四五六七八九十两]+年|先后|分别|均|也|已|成功|顺利|一举)+$", "", subject)
    if not subject or _SELF.match(subject) or len(subject) > 20:
        return []
    return [p for p in re.split(r"[、和及与]", subject) if p]


def relations(doc: Doc, segments: Segments, entities: list[Entity], region: str
              ) -> tuple[list[Relation], list[Entity]]:
    """Links between entities, plus any recipient nodes the links need."""
    text = doc.text
    rels: set[Relation] = set()
    extra: dict[str, Entity] = {}
    by_type = defaultdict(list)
    for e in entities:
        by_type[e.type].append(e)
    names = {(e.type, norm(n, e.type)): e for e in entities for n in (e.name, *e.aliases)}
    towns = [(norm(n, "Town"), e) for e in by_type["Town"] for n in (e.name, *e.aliases)]
    ents = [(norm(n), e) for e in by_type["Enterprise"] for n in (e.name, *e.aliases)]
    rkey = region_key(region)

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

    for h in by_type["Honour"]:
        for m in h.mentions:
            sent = segments.sentences[m.sentence]
            targets = _recipients(text, sent.start, m)
            if not targets:
                rels.add(Relation(h.key, "awardedTo", rkey, "link.honour-to-region", m.sentence))
                continue
            for t in targets:
                hit = next((names[(ty, norm(t, ty))] for ty in ("Town", "Enterprise", "Project")
                            if (ty, norm(t, ty)) in names), None)
                if hit is None:
                    etype = "Person" if len(t) in (2, 3) and _PERSON_CUE.search(text[sent.start:m.start].split(t)[0]) else "Recipient"
                    key = entity_key(etype, t, region)
                    s = text.find(t, sent.start, m.start)
                    rm = Mention(type=etype, text=t, start=s, end=s + len(t), rule="link.honour-subject", sentence=m.sentence)
                    old = extra.get(key)
                    extra[key] = Entity(key, etype, t, (), tuple(sorted({*(old.mentions if old else ()), rm}, key=lambda x: x.start)))
                    hit = extra[key]
                rels.add(Relation(h.key, "awardedTo", hit.key, "link.honour-to-subject", m.sentence))
    return sorted(rels, key=lambda r: (r.subject, r.predicate, r.object, r.sentence, r.rule)), sorted(extra.values(), key=lambda e: e.key)
