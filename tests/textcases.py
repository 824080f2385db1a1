"""Helpers for tests that run the extractor and linker on a sentence of invented report text."""
from __future__ import annotations

from kg import link as linking
from kg.extract import extract
from kg.model import Doc, Meta
from kg.segment import segment


def names(text: str, etype: str, region: str | None = "某县") -> set[str]:
    """The labels of the mentions of ETYPE found in TEXT."""
    doc = Doc(name="t", text=text, meta=Meta(region=region))
    return {m.label for m in extract(doc, segment(text)) if m.type == etype}


def linked(text: str, region: str | None = "某县", scope: str | None = None):
    """(entities, relations, extra nodes) of TEXT, keyed within SCOPE (default: the region)."""
    doc = Doc(name="t", text=text, meta=Meta(region=region))
    segs = segment(text)
    scope = scope or region
    ents = linking.group(extract(doc, segs), scope)
    rels, extra = linking.relations(doc, segs, ents, scope)
    return ents, rels, extra
