"""`kg export`: the built dataset in the formats other tools load.

RDF formats keep one named graph per report where the format can (N-Quads,
TriG, JSON-LD).  GraphML, GEXF and the Neo4j CSV files are a property-graph
view: entities and reports as nodes, the ontology's object properties between
them as edges; mentions and sections stay in the RDF formats.  Every writer
sorts what it writes, so two exports of the same build are byte-identical.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from .errors import KgError

from .export_formats import FORMATS

# characters XML 1.0 cannot hold at all (GraphML and GEXF are XML)
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_safe(s: str) -> str:
    """Text XML can carry: characters it forbids become U+FFFD (they never occur in a cleaned report)."""
    return _XML_ILLEGAL.sub("\ufffd", s)


def quads(store) -> list:
    """Every quad, sorted by its N-Quads form."""
    return sorted(store.quads_for_pattern(None, None, None, None), key=str)


def nt_lines(store) -> list[str]:
    return sorted({f"{q.subject} {q.predicate} {q.object} .\n" for q in store.quads_for_pattern(None, None, None, None)})


def to_nt(store) -> bytes:
    return "".join(nt_lines(store)).encode("utf-8")


def to_nq(store) -> bytes:
    return "".join(sorted(f"{q} .\n" for q in store.quads_for_pattern(None, None, None, None))).encode("utf-8")


def context() -> dict:
    """The JSON-LD context: the ontology's own prefixes, nothing typed by hand."""
    from .query import prefixes
    return {p: ns for p, ns in prefixes().items() if p != "owl"}


def rdflib_dataset(store):
    import rdflib
    ds = rdflib.Dataset()
    ds.parse(data=to_nq(store).decode("utf-8"), format="nquads")
    for p, ns in context().items():
        ds.bind(p, ns)
    return ds


def to_trig(store) -> bytes:
    return rdflib_dataset(store).serialize(format="trig", encoding="utf-8")


def _sort_jsonld(v):
    """Sort node lists by @id and value lists canonically: JSON-LD is unordered, files should not be."""
    import json
    if isinstance(v, dict):
        return {k: _sort_jsonld(x) for k, x in sorted(v.items())}
    if isinstance(v, list):
        items = [_sort_jsonld(x) for x in v]
        return sorted(items, key=lambda x: (str(x.get("@id", "")) if isinstance(x, dict) else "",
                                            json.dumps(x, sort_keys=True, ensure_ascii=False)))
    return v


def to_jsonld(store) -> bytes:
    import json
    ctx = context()
    data = json.loads(rdflib_dataset(store).serialize(format="json-ld", context=ctx, auto_compact=True))
    data = _sort_jsonld(data)
    if isinstance(data, dict) and "@context" in data:
        data["@context"] = ctx
        data = {"@context": ctx, **{k: v for k, v in data.items() if k != "@context"}}
    return (json.dumps(data, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


# ------------------------------------------------------------------ property graph

@dataclass
class PropertyGraph:
    """Nodes (iri → attributes) and edges (source, predicate, target), both sorted."""
    nodes: dict[str, dict] = field(default_factory=dict)
    edges: list[tuple[str, str, str]] = field(default_factory=list)


def node_classes() -> dict[str, str]:
    """Class IRI → local name for every class that becomes a node: kg:Entity's subclasses and kg:Report."""
    from rdflib.namespace import RDFS

    from .ontology import graph, terms
    KG, _ = terms()
    g = graph()
    found = {str(c) for c in g.transitive_subjects(RDFS.subClassOf, KG.Entity)} | {str(KG.Report)}
    found.discard(str(KG.Entity))
    return {c: c[len(str(KG)):] for c in sorted(found)}


def property_graph(store) -> PropertyGraph:
    import pyoxigraph as ox
    from rdflib.namespace import RDF, RDFS

    from .ontology import terms
    KG, _ = terms()
    classes = node_classes()
    pg = PropertyGraph()
    rdf_type = ox.NamedNode(str(RDF.type))
    label = ox.NamedNode(str(RDFS.label))
    for q in store.quads_for_pattern(None, rdf_type, None, None):
        if isinstance(q.object, ox.NamedNode) and q.object.value in classes and isinstance(q.subject, ox.NamedNode):
            node = pg.nodes.setdefault(q.subject.value, {"types": set(), "label": "", "mentions": set()})
            node["types"].add(classes[q.object.value])
    has_mention = ox.NamedNode(str(KG.hasMention))
    edges = set()
    for iri, node in pg.nodes.items():
        s = ox.NamedNode(iri)
        labels = sorted(q.object.value for q in store.quads_for_pattern(s, label, None, None))
        node["label"] = labels[0] if labels else ""
        node["mentions"] = {q.object.value for q in store.quads_for_pattern(s, has_mention, None, None)}
        for q in store.quads_for_pattern(s, None, None, None):
            if isinstance(q.object, ox.NamedNode) and q.object.value in pg.nodes and q.predicate.value.startswith(str(KG)):
                edges.add((iri, q.predicate.value[len(str(KG)):], q.object.value))
    pg.nodes = {iri: {"iri": iri, "label": n["label"], "type": ";".join(sorted(n["types"])),
                      "mentions": len(n["mentions"])} for iri, n in sorted(pg.nodes.items())}
    pg.edges = sorted(edges)
    return pg


def networkx_graph(store):
    """A networkx MultiDiGraph: node id = IRI, edge key = predicate local name."""
    import networkx as nx
    pg = property_graph(store)
    g = nx.MultiDiGraph()
    for iri, attrs in pg.nodes.items():
        g.add_node(iri, **{k: xml_safe(v) if isinstance(v, str) else v for k, v in attrs.items()})
    for s, p, o in pg.edges:
        g.add_edge(s, o, key=p, predicate=p)
    return g


def to_graphml(store) -> bytes:
    import io

    import networkx as nx
    buf = io.BytesIO()
    nx.write_graphml(networkx_graph(store), buf, encoding="utf-8")
    return buf.getvalue()


def to_gexf(store) -> bytes:
    import io

    import networkx as nx
    buf = io.BytesIO()
    nx.write_gexf(networkx_graph(store), buf, encoding="utf-8")
    # the writer stamps today's date; a file that changes daily is not reproducible
    return re.sub(rb' lastmodifieddate="[0-9-]+"', b"", buf.getvalue(), count=1)


def to_neo4j_csv(store) -> tuple[bytes, bytes]:
    """nodes.csv and relationships.csv in neo4j-admin's header format."""
    import csv
    import io
    pg = property_graph(store)
    nodes, rels = io.StringIO(), io.StringIO()
    w = csv.writer(nodes, lineterminator="\n")
    w.writerow(["iri:ID", "name", "mentions:int", ":LABEL"])
    for iri, n in pg.nodes.items():
        w.writerow([iri, n["label"], n["mentions"], n["type"]])
    w = csv.writer(rels, lineterminator="\n")
    w.writerow([":START_ID", ":END_ID", ":TYPE"])
    for s, p, o in pg.edges:
        w.writerow([s, o, p])
    return nodes.getvalue().encode("utf-8"), rels.getvalue().encode("utf-8")


def render(store, fmt: str) -> dict[str, bytes]:
    """file name → bytes for one format."""
    if fmt not in FORMATS:
        raise KgError(f"unknown export format {fmt!r} (choose from {', '.join(FORMATS)})")
    if fmt == "csv":
        n, r = to_neo4j_csv(store)
        return {"nodes.csv": n, "relationships.csv": r}
    writer = {"nt": to_nt, "nq": to_nq, "trig": to_trig, "jsonld": to_jsonld,
              "graphml": to_graphml, "gexf": to_gexf}[fmt]
    return {FORMATS[fmt][0][0]: writer(store)}


def export(store, fmt: str, out_dir: Path) -> list[Path]:
    """Write one format into out_dir, every file whole or not at all."""
    from .output import write_atomic
    files = render(store, fmt)
    written = []
    for name, data in files.items():
        write_atomic(Path(out_dir) / name, data)
        written.append(Path(out_dir) / name)
    return written
