"""The pipeline as five plain calls: read → segment → extract → link → Report."""
from __future__ import annotations

import time
from pathlib import Path

from . import link as linking
from .extract import extract
from .model import Report
from .read import read
from .segment import segment


def build_report(path: str | Path) -> Report:
    t0 = time.perf_counter()
    doc = read(path)
    segs = segment(doc.text)
    mentions = extract(doc, segs)
    region = doc.meta.region or doc.name
    entities = linking.group(mentions, region)
    rels, extra = linking.relations(doc, segs, entities, region)
    return Report(doc=doc, segments=segs, entities=tuple(entities + extra), relations=tuple(rels),
                  stats={"seconds": time.perf_counter() - t0})
