"""`kg export`: every format parses back (RDF) or loads in networkx, keeps every report graph, is deterministic."""
from __future__ import annotations

import csv
import io
import subprocess
import sys

import networkx as nx
import pyoxigraph as ox
import pytest
import rdflib

from conftest import ROOT
from kg import export as kx
from kg import query as kq


@pytest.fixture(scope="module")
def store(seed_out):
    return kq.open_store([seed_out])


@pytest.fixture(scope="module")
def files(store):
    return {fmt: kx.render(store, fmt) for fmt in kx.FORMATS}


def _triples(g) -> set:
    return {(s.n3(), p.n3(), o.n3()) for s, p, o in g}


@pytest.mark.parametrize("fmt, rdflib_format", [("nt", "nt"), ("nq", "nquads"), ("trig", "trig"),
                                                ("jsonld", "json-ld")])
def test_rdf_formats_parse_back_to_the_same_triples(store, files, fmt, rdflib_format):
    data = next(iter(files[fmt].values()))
    ds = rdflib.Dataset()
    ds.parse(data=data.decode("utf-8"), format=rdflib_format)
    source = {(str(q.subject) , str(q.predicate), str(q.object)) for q in store.quads_for_pattern(None, None, None, None)}
    got = {(s.n3(), p.n3(), o.n3()) for s, p, o, _ in ds.quads((None, None, None, None))}
    assert len(got) == len(source) > 1000
    # and graph-aware formats keep one named graph per report
    if fmt != "nt":
        names = {str(g.identifier) for g in ds.graphs() if len(g)}
        assert names == set(kq.graph_names(store))


@pytest.mark.parametrize("fmt", ["nt", "nq", "trig"])
def test_oxigraph_reads_the_rdf_exports(files, fmt):
    data = next(iter(files[fmt].values()))
    s = ox.Store()
    s.load(data, format={"nt": ox.RdfFormat.N_TRIPLES, "nq": ox.RdfFormat.N_QUADS, "trig": ox.RdfFormat.TRIG}[fmt])
    assert len(s) > 1000


def test_jsonld_has_a_context(files):
    import json
    doc = json.loads(files["jsonld"]["graph.jsonld"])
    assert doc["@context"]["kg"].endswith("#") and "@graph" in doc


@pytest.mark.parametrize("fmt, reader", [("graphml", nx.read_graphml), ("gexf", nx.read_gexf)])
def test_property_graph_loads_in_networkx(store, files, fmt, reader):
    pg = kx.property_graph(store)
    g = reader(io.BytesIO(next(iter(files[fmt].values()))))
    assert g.number_of_nodes() == len(pg.nodes) > 100
    assert g.number_of_edges() == len(pg.edges) > 100
    labels = {n: d.get("label") for n, d in g.nodes(data=True)}
    for iri, attrs in pg.nodes.items():
        node = iri if iri in labels else next(n for n, d in g.nodes(data=True) if d.get("iri") == iri)
        assert labels[node] == attrs["label"]
    types = {d["type"] for _, d in g.nodes(data=True)}
    assert {"Project", "Enterprise", "Town", "Honour", "Programme", "Report"} <= types
    preds = {d.get("predicate") for *_, d in g.edges(data=True)}
    assert {"awardedTo", "involves", "mentionedIn"} <= preds


def test_neo4j_csv_is_consistent(files):
    nodes = list(csv.DictReader(io.StringIO(files["csv"]["nodes.csv"].decode("utf-8"))))
    rels = list(csv.DictReader(io.StringIO(files["csv"]["relationships.csv"].decode("utf-8"))))
    ids = [n["iri:ID"] for n in nodes]
    assert len(ids) == len(set(ids)) > 100
    assert all(n[":LABEL"] and n["name"] for n in nodes)
    known = set(ids)
    assert rels and all(r[":START_ID"] in known and r[":END_ID"] in known and r[":TYPE"] for r in rels)


def test_exports_are_deterministic(seed_out, tmp_path):
    for d in ("a", "b"):
        for fmt in kx.FORMATS:
            r = subprocess.run([sys.executable, "-m", "kg", "export", fmt, str(seed_out), "-o", str(tmp_path / d)],
                               capture_output=True, text=True, cwd=ROOT)
            assert r.returncode == 0, r.stderr
    a = sorted(p.name for p in (tmp_path / "a").iterdir())
    assert len(a) == 8
    for name in a:
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes(), name


def test_unknown_format_is_one_line(seed_out, tmp_path):
    r = subprocess.run([sys.executable, "-m", "kg", "export", "xlsx", str(seed_out), "-o", str(tmp_path / "x")],
                       capture_output=True, text=True, cwd=ROOT)
    assert r.returncode != 0 and "Traceback" not in r.stderr and "xlsx" in r.stderr
    assert not (tmp_path / "x").exists()
