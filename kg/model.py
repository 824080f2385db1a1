"""Plain, frozen records passed between the pipeline stages.

read → Doc; segment → Segments; extract → Mention; link → Entity, Relation;
everything together is a Report, which the writers turn into files.
"""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Meta:
    """What a report says about itself.  None where the text does not say."""

    title: str | None = None
    region: str | None = None
    level: str | None = None          # county | city | province
    parents: tuple[str, ...] = ()     # larger regions named by the text, nearest first
    year: int | None = None
    date: str | None = None           # ISO yyyy-mm-dd
    speaker: str | None = None
    office: str | None = None
    flags: tuple[str, ...] = ()       # e.g. "region-not-found", "year-not-found"


@dataclass(frozen=True)
class Doc:
    """A report's cleaned text.  Every offset downstream points into `text`."""

    name: str                          # file stem, e.g. xunxian-2021
    text: str
    meta: Meta
    source: str = ""                   # file name as given
    match_text: str = ""               # same length as text, normalised for matching
                                       # (e.g. traditional → simplified); "" means text

    @property
    def matchable(self) -> str:
        return self.match_text or self.text


@dataclass(frozen=True)
class Section:
    index: int
    number: str                        # "二" or "二.（三）"
    title: str
    start: int
    end: int
    level: int                         # 1 for 一、, 2 for （一）
    part: str                          # "review" | "plan" | "other"


@dataclass(frozen=True)
class Sentence:
    index: int
    start: int
    end: int
    paragraph: int
    section: int | None                # index into Segments.sections


@dataclass(frozen=True)
class Segments:
    sections: tuple[Section, ...]
    sentences: tuple[Sentence, ...]


@dataclass(frozen=True)
class Mention:
    type: str                          # ontology class local name
    text: str                          # == doc.text[start:end]
    start: int
    end: int
    rule: str
    sentence: int
    name: str = ""                     # the entity name, when it differs from text (carried heads)

    @property
    def label(self) -> str:
        return self.name or self.text


@dataclass(frozen=True)
class Entity:
    key: str                           # stable, ASCII
    type: str
    name: str
    aliases: tuple[str, ...] = ()
    mentions: tuple[Mention, ...] = ()


@dataclass(frozen=True)
class Relation:
    subject: str                       # Entity.key
    predicate: str                     # ontology property local name
    object: str
    rule: str
    sentence: int


@dataclass(frozen=True)
class Report:
    doc: Doc
    segments: Segments
    entities: tuple[Entity, ...]
    relations: tuple[Relation, ...]
    stats: dict = field(default_factory=dict, compare=False)
