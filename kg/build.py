"""`kg build`: reports in, one Turtle file and one HTML page per report out."""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from .errors import InputError, KgError
from .model import Report
from .ontology import ENTITY_TYPES
from .read import SUPPORTED_SUFFIXES

def collect(paths) -> list[Path]:
    """Report files named directly or found (sorted) in the folders named."""
    out: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            out += sorted(f for f in p.iterdir() if f.is_file() and f.suffix.lower() in SUPPORTED_SUFFIXES)
        elif p.exists():
            out.append(p)
        else:
            raise InputError(str(p), "no such file or folder")
    return out


def turtle(report: Report) -> bytes:
    from .rdf import to_rdf
    return to_rdf(report).serialize(format="turtle", encoding="utf-8")


def write_report(report: Report, out_dir: Path) -> None:
    from .html import to_html
    from .output import write_atomic
    write_atomic(out_dir / f"{report.doc.name}.ttl", turtle(report))
    write_atomic(out_dir / f"{report.doc.name}.html", to_html(report).encode("utf-8"))


def summary(report: Report) -> str:
    c = Counter(e.type for e in report.entities)
    links = len({(r.subject, r.predicate, r.object) for r in report.relations})
    parts = ", ".join(f"{c.get(t, 0)} {t}" for t in ENTITY_TYPES)
    return f"{report.doc.name}: {parts}; {links} links; {report.stats.get('seconds', 0):.2f} s"


@dataclass
class BuildResult:
    reports: list[Report] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)


def build(paths, out_dir: Path, echo=print) -> BuildResult:
    from .pipeline import build_report
    result = BuildResult()
    for path in collect(paths):
        try:
            report = build_report(path)
            write_report(report, Path(out_dir))
        except KgError as e:
            result.failures.append(str(e))
            continue
        result.reports.append(report)
        echo(summary(report))
    return result
