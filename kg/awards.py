"""awardedTo: an honour goes to the subject of its clause (the text before the
conferring verb), or to the issuing region when the clause has none."""
from __future__ import annotations

import re
from functools import lru_cache

from .model import Doc, Entity, Mention, Relation, Segments
from .names import entity_key, norm, region_key
from .rules import alternation, vocab

_CLAUSE_END = re.compile(r"[，。；：！？,;:!?\n]")
_SELF = re.compile(r"^(?:我县|全县|本县|我市|全市|本市|我区|全区|本区|县|市|区|我们)$")
_ADVERBS = re.compile(r"^(?:再次|又|还|连续[\d一二三四五六七八九十两]+年|先后|分别|均|也|已|成功|顺利|一举)+")
_PERSON_CUE = re.compile(r"(?:典型|同志|代表|模范|人物|个人)$")


@lru_cache(maxsize=None)
def _honour_verb():
    return re.compile(alternation(vocab()["honour_verbs"]))


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


def awards(doc: Doc, segments: Segments, honours: list[Entity], names: dict, region: str
           ) -> tuple[set[Relation], list[Entity]]:
    """awardedTo links for every honour mention, plus the recipient nodes they need.

    names maps (type, normalised name) → Entity for the entities already found.
    """
    text = doc.text
    rels: set[Relation] = set()
    extra: dict[str, Entity] = {}
    rkey = region_key(region)
    for h in honours:
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
    return rels, sorted(extra.values(), key=lambda e: e.key)
