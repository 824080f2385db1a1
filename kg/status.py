"""Time: a project's stage and an honour's state in one report's year.

Read from the cue words around each mention (kg/status.json), in the clause
that holds it.  A project in a plan section is "planned" whatever its verbs say
("加快推进X竣工" is an intention); in a review section the most advanced stage
cued in its clause wins, and without a cue it is only "mentioned".  An honour
is "received" or "pursued": the nearest cue before it decides, then any cue
after it, then the section (review → received, plan → pursued).
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from .model import Mention, Report
from .segment import clause_bounds

_YEAR = re.compile(r"((?:19|20)\d\d)\s*年")


@dataclass(frozen=True)
class StatusRecord:
    entity: str          # Entity.key
    status: str          # a project stage, "planned", "mentioned", "received" or "pursued"
    year: int | None     # the report's year for projects; the year the honour is for
    cue: str             # the word that decided, "" when the section did
    mention: Mention     # the mention read


@lru_cache(maxsize=None)
def cues() -> dict:
    data = json.loads((resources.files("kg") / "status.json").read_text(encoding="utf-8"))
    stage_of = {w: stage for stage, words in data["project_stages"] for w in words}
    rank = {stage: i for i, (stage, _) in enumerate(data["project_stages"])}
    honour = {w: "received" for w in data["honour_received"]}
    honour.update({w: "pursued" for w in data["honour_pursued"]})

    def rx(words):
        return re.compile("|".join(map(re.escape, sorted(words, key=lambda w: (-len(w), w)))))
    return {"stage_of": stage_of, "rank": rank, "stage_rx": rx(stage_of), "honour": honour,
            "honour_rx": rx(honour), "done": tuple(data["done"])}


def project_status(text: str, lo: int, hi: int, m: Mention, part: str) -> tuple[str, str]:
    c = cues()
    cs, ce = clause_bounds(text, lo, hi, m.start, m.end)
    found = [x.group() for x in c["stage_rx"].finditer(text, cs, ce) if not m.start <= x.start() < m.end]
    if part == "plan":
        return "planned", ""
    if not found:
        return "mentioned", ""
    best = max(found, key=lambda w: c["rank"][c["stage_of"][w]])
    return c["stage_of"][best], best


def honour_status(text: str, lo: int, hi: int, m: Mention, part: str) -> tuple[str, str]:
    c = cues()
    cs, ce = clause_bounds(text, lo, hi, m.start, m.end)
    before = [x for x in c["honour_rx"].finditer(text, cs, m.start)]
    if before:
        w = before[-1].group()
        return c["honour"][w], w
    after = next(c["honour_rx"].finditer(text, m.end, ce), None)
    if after:
        return c["honour"][after.group()], after.group()
    return ("pursued" if part == "plan" else "received"), ""


def honour_year(text: str, lo: int, m: Mention, state: str, report_year: int | None) -> int | None:
    """A year written before the honour in its sentence, else the year the section speaks of."""
    years = _YEAR.findall(text, lo, m.start)
    if years:
        return int(years[-1])
    if report_year is None:
        return None
    return report_year - 1 if state == "received" else report_year


def statuses(report: Report) -> list[StatusRecord]:
    """One record per project and honour: its first mention's reading in this report.

    A project mentioned several times keeps the most advanced stage read; an
    honour received anywhere in the report counts as received.
    """
    text, segs, year = report.doc.text, report.segments, report.doc.meta.year
    c = cues()
    out = []
    for e in report.entities:
        if e.type not in ("Project", "Honour"):
            continue
        best = None
        for m in e.mentions:
            sent = segs.sentences[m.sentence]
            part = segs.sections[sent.section].part if sent.section is not None else "review"
            if e.type == "Project":
                st, cue = project_status(text, sent.start, sent.end, m, part)
                rank = -1 if st == "mentioned" else (-0.5 if st == "planned" else c["rank"][st])
                rec = (rank, StatusRecord(e.key, st, year, cue, m))
            else:
                st, cue = honour_status(text, sent.start, sent.end, m, part)
                rec = (1 if st == "received" else 0,
                       StatusRecord(e.key, st, honour_year(text, sent.start, m, st, year), cue, m))
            if best is None or rec[0] > best[0]:
                best = rec
        out.append(best[1])
    return sorted(out, key=lambda r: r.entity)
