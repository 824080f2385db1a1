"""kg: Chinese government work reports → a linked RDF knowledge graph.

    from kg import build_report, to_rdf
    report = build_report("seeds/xunxian-2021.txt")
    graph = to_rdf(report)          # a plain rdflib.Graph
"""
from __future__ import annotations

__all__ = ["build_report", "to_rdf", "load_rules"]


def __getattr__(name):
    # heavy imports only when asked for
    if name == "build_report":
        from .pipeline import build_report
        return build_report
    if name == "to_rdf":
        from .rdf import to_rdf
        return to_rdf
    if name == "load_rules":
        from .rules import load_rules
        return load_rules
    raise AttributeError(name)
