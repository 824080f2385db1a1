"""`kg validate`: check built output against ontology/shapes.ttl with pySHACL.

Violations come back as plain records (one per focus node, path and message)
so the CLI can print them one line each, grouped, instead of pySHACL's report.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True, order=True)
class Violation:
    message: str
    focus: str
    label: str
    path: str
    value: str
    severity: str


@dataclass
class Outcome:
    conforms: bool
    triples: int
    violations: list[Violation] = field(default_factory=list)

    def summary(self) -> Counter:
        return Counter(v.message for v in self.violations)


def shapes_path() -> Path:
    from .ontology import ontology_path
    return ontology_path().with_name("shapes.ttl")


def data_graph(store):
    """The union of all report graphs as one rdflib Graph (shapes are per node, not per graph)."""
    import rdflib
    lines = sorted({f"{q.subject} {q.predicate} {q.object} .\n" for q in store.quads_for_pattern(None, None, None, None)})
    g = rdflib.Graph()
    g.parse(data="".join(lines), format="nt")
    return g


def short(term, pfx: dict[str, str]) -> str:
    """An IRI as prefix:local, a literal as its quoted value: how a user reads it."""
    import rdflib
    if term is None:
        return ""
    if isinstance(term, rdflib.Literal):
        return f'"{term}"'
    text = str(term)
    for p, ns in pfx.items():
        if text.startswith(ns) and len(text) > len(ns):
            return f"{p}:{text[len(ns):]}"
    return term.n3()


def validate_graph(g) -> Outcome:
    import rdflib
    from pyshacl import validate as shacl
    from rdflib.namespace import RDFS, SH

    from .ontology import graph as ontology
    from .query import prefixes

    shapes = rdflib.Graph().parse(shapes_path(), format="turtle")
    conforms, results, _ = shacl(g, shacl_graph=shapes, ont_graph=ontology(), inference="none",
                                 abort_on_first=False, allow_warnings=False, meta_shacl=False)
    nm = prefixes()
    out = []
    for r in results.subjects(rdflib.RDF.type, SH.ValidationResult):
        focus = results.value(r, SH.focusNode)
        label = g.value(focus, RDFS.label) if focus is not None else None
        msg = results.value(r, SH.resultMessage)
        out.append(Violation(
            message=str(msg) if msg is not None else str(results.value(r, SH.sourceConstraintComponent)),
            focus=short(focus, nm), label=str(label) if label is not None else "",
            path=short(results.value(r, SH.resultPath), nm),
            value=short(results.value(r, SH.value), nm),
            severity=str(results.value(r, SH.resultSeverity)).split("#")[-1]))
    return Outcome(bool(conforms), len(g), sorted(out))


def validate(store) -> Outcome:
    return validate_graph(data_graph(store))


def report_lines(outcome: Outcome, limit: int = 20) -> list[str]:
    """Readable lines: a count per problem, then up to `limit` examples of each."""
    if outcome.conforms:
        return [f"conforms: {outcome.triples} triples, 0 violations"]
    lines = [f"does not conform: {len(outcome.violations)} violations in {outcome.triples} triples"]
    by_msg: dict[str, list[Violation]] = {}
    for v in outcome.violations:
        by_msg.setdefault(v.message, []).append(v)
    for msg, vs in sorted(by_msg.items(), key=lambda kv: (-len(kv[1]), kv[0])):
        lines.append(f"{len(vs)} × {msg}")
        for v in vs[:limit]:
            name = f" ({v.label})" if v.label else ""
            val = f" value {v.value}" if v.value else ""
            lines.append(f"    {v.focus}{name}: {v.path or '(node)'}{val}")
        if len(vs) > limit:
            lines.append(f"    … and {len(vs) - limit} more")
    return lines
