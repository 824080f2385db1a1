"""The pipeline as five plain calls: read → segment → extract → link → Report."""
from __future__ import annotations

import time
from pathlib import Path

from . import link as linking
from .extract import extract
from .model import Doc, Report
from .read import read
from .segment import segment


def simplifier(doc: Doc):
    """label → its simplified spelling, from the character pairs of text and match_text."""
    if not doc.match_text or doc.match_text == doc.text:
        return None
    table = {ord(a): b for a, b in zip(doc.text, doc.match_text) if a != b}
    return lambda label: label.translate(table)


def build_report(path: str | Path) -> Report:
    t0 = time.perf_counter()
    doc = read(path)
    segs = segment(doc.text)
    mentions = extract(doc, segs)
    region = doc.meta.region or doc.name
    entities = linking.group(mentions, region, simplifier(doc))
    rels, extra = linking.relations(doc, segs, entities, region)
    return Report(doc=doc, segments=segs, entities=tuple(entities + extra), relations=tuple(rels),
                  stats={"seconds": time.perf_counter() - t0})
