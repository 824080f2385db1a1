"""`kg query`: bundled queries, sources, formats; pyoxigraph and rdflib give the same rows."""
from __future__ import annotations

import csv
import io
import json
import re
import subprocess
import sys
from decimal import Decimal

import pyoxigraph as ox
import pytest
import rdflib

from conftest import ROOT
from kg import query as kq
from kg.ontology import graph as ontology_graph, terms

XSD = str(rdflib.XSD)
NUMERIC = {"integer", "int", "long", "short", "byte", "decimal", "double", "float", "nonNegativeInteger",
           "positiveInteger", "unsignedInt", "unsignedLong"}


# ------------------------------------------------------------------ row comparison, shared with test_stores

def comparable(kind: str, value: str, lang: str | None = None, datatype: str | None = None) -> str:
    """One canonical string per RDF term, so rows from different stores can be compared.

    Stores agree on the value of a term but not always on its form: Virtuoso
    types COUNT as xsd:int where SPARQL says xsd:integer, rdflib returns plain
    literals where oxigraph says xsd:string, language tags may change case.  So
    numbers compare by value, xsd:string equals a plain literal, tags compare
    lower-cased, blank nodes only by being blank.
    """
    if kind == "uri":
        return f"<{value}>"
    if kind == "bnode":
        return "_:"
    if lang:
        return f"{value}@{lang.lower()}"
    if datatype and datatype.startswith(XSD) and datatype[len(XSD):] in NUMERIC:
        return f"number:{Decimal(value).normalize()}"
    if datatype and datatype != XSD + "string":
        return f"{value}^^{datatype}"
    return value


def oxigraph_term(t) -> str | None:
    if t is None:
        return None
    if isinstance(t, ox.NamedNode):
        return comparable("uri", t.value)
    if isinstance(t, ox.BlankNode):
        return comparable("bnode", t.value)
    return comparable("literal", t.value, t.language, t.datatype.value)


def rdflib_term(t) -> str | None:
    if t is None:
        return None
    if isinstance(t, rdflib.URIRef):
        return comparable("uri", str(t))
    if isinstance(t, rdflib.BNode):
        return comparable("bnode", str(t))
    return comparable("literal", str(t), t.language, str(t.datatype) if t.datatype else None)


def json_term(b: dict | None) -> str | None:
    """A SPARQL results JSON binding (Virtuoso says "typed-literal" for typed literals)."""
    if b is None:
        return None
    kind = {"typed-literal": "literal"}.get(b["type"], b["type"])
    return comparable(kind, b["value"], b.get("xml:lang"), b.get("datatype"))


def json_rows(doc: dict) -> list[tuple]:
    vs = doc["head"]["vars"]
    return sorted(tuple(json_term(b.get(v)) for v in vs) for b in doc["results"]["bindings"])


def kg_rows(store, text: str) -> list[tuple]:
    """`kg query`'s rows, sorted: ORDER BY ties on Chinese labels may break differently per store."""
    res = kq.run(store, text)
    return sorted(tuple(oxigraph_term(t) for t in r) for r in res.rows)


def rdflib_dataset(store) -> rdflib.Dataset:
    ds = rdflib.Dataset(default_union=True)
    ds.parse(data=store.dump(format=ox.RdfFormat.N_QUADS).decode("utf-8"), format="nquads")
    return ds


# ------------------------------------------------------------------ fixtures

@pytest.fixture(scope="module")
def store(seed_out):
    return kq.open_store([seed_out])


def _cli(*args, cwd=ROOT):
    return subprocess.run([sys.executable, "-m", "kg", *args], capture_output=True, text=True, cwd=cwd)


# ------------------------------------------------------------------ bundled queries as data

def test_at_least_twelve_bundled_queries_each_described():
    qs = kq.bundled()
    assert len(qs) >= 12
    for name, b in qs.items():
        assert re.fullmatch(r"[a-z0-9-]+", name), name
        assert b.text.startswith("# ") and len(b.description) > 10, name


def test_bundled_queries_use_only_declared_terms():
    KG, _ = terms()
    declared = {str(s) for s in ontology_graph().subjects()}
    for name, b in kq.bundled().items():
        m = re.search(r"PREFIX kg:\s*<([^>]+)>", b.text)
        assert m and m.group(1) == str(KG), name
        for local in re.findall(r"\bkg:([A-Za-z]+)", b.text):
            assert str(KG) + local in declared, f"{name}: kg:{local}"


@pytest.mark.parametrize("name", sorted(kq.bundled()))
def test_rdflib_gives_the_same_rows(store, name):
    text = kq.bundled()[name].text
    ours = kg_rows(store, text)
    res = rdflib_dataset(store).query(text)
    theirs = sorted(tuple(rdflib_term(row[v]) for v in res.vars) for row in res)
    assert ours == theirs


def test_core_questions_have_answers_on_the_seed(store):
    for name in ("projects", "honours-by-level", "enterprises", "programmes-by-part", "towns", "evidence",
                 "counts", "most-mentioned", "reports"):
        assert kq.run(store, kq.bundled()[name].text).rows, name
    counts = {r[0].value: int(r[1].value) for r in kq.run(store, kq.bundled()["counts"].text).rows}
    for t in ("Project", "Enterprise", "Town", "Honour", "Programme", "Mention", "Report"):
        assert counts.get(t, 0) > 0, t
    levels = {r[0].value for r in kq.run(store, kq.bundled()["honours-by-level"].text).rows}
    assert {"national", "provincial"} <= levels


# ------------------------------------------------------------------ sources

def test_sources_file_folder_and_quads_agree(seed_out, tmp_path):
    ttl = seed_out / "xunxian-2021.ttl"
    by_file = kq.open_store([ttl])
    by_folder = kq.open_store([seed_out])
    assert len(by_file) == len(by_folder) > 1000
    # the report's triples go into a graph named after the report
    assert len(kq.graph_names(by_file)) == 1 and "/report/" in kq.graph_names(by_file)[0]
    nq = tmp_path / "x.nq"
    nq.write_bytes(by_file.dump(format=ox.RdfFormat.N_QUADS))
    assert len(kq.open_store([nq])) == len(by_file)


def test_store_folder_is_opened_read_only(seed_out, tmp_path):
    disk = ox.Store(str(tmp_path / "store"))
    disk.bulk_load(path=str(seed_out / "xunxian-2021.ttl"), format=ox.RdfFormat.TURTLE,
                   to_graph=ox.NamedNode("http://example.org/g"))
    disk.flush()
    n = len(disk)
    del disk
    (tmp_path / "other.ttl").write_text("<http://example.org/a> <http://example.org/b> <http://example.org/c> .\n")
    # a folder with store/ uses the store and ignores loose files
    s = kq.open_store([tmp_path])
    assert len(s) == n
    with pytest.raises((OSError, RuntimeError), match="read"):
        s.add(ox.Quad(ox.NamedNode("http://example.org/a"), ox.NamedNode("http://example.org/b"),
                      ox.NamedNode("http://example.org/c")))


# ------------------------------------------------------------------ the command

def test_list_shows_every_rq_file():
    r = _cli("query", "--list")
    assert r.returncode == 0, r.stderr
    for name, b in kq.bundled().items():
        assert re.search(rf"^{re.escape(name)}\s+{re.escape(b.description)}$", r.stdout, re.M), name


def test_formats(seed_out):
    src = str(seed_out)
    js = json.loads(_cli("query", "towns", src, "--format", "json").stdout)
    assert js["head"]["vars"] == ["town", "thing", "type"] and js["results"]["bindings"]
    store = kq.open_store([seed_out])
    assert json_rows(js) == kg_rows(store, kq.bundled()["towns"].text)
    rows = list(csv.reader(io.StringIO(_cli("query", "counts", src, "-f", "csv").stdout)))
    assert rows[0] == ["what", "count"] and dict(rows[1:])["Project"].isdigit()
    tsv = _cli("query", "counts", src, "-f", "tsv").stdout.splitlines()
    assert tsv[0] == "?what\t?count" and re.match(r'^"\w+"\t"?\d', tsv[1])
    table = _cli("query", "reports", src).stdout.splitlines()
    assert table[0].split() == ["report", "region", "year", "speaker", "date", "entities"]
    assert table[-1] == "(1 row)"


def test_table_aligns_chinese_text():
    out = kq.table(["a", "b"], [["浚县", "x"], ["ab", "y"]]).splitlines()
    # 浚县 is four columns wide, so "x" and "y" line up under "b"
    assert out[0].index("b") == kq.width(out[2][: out[2].index("x")]) == out[3].index("y")


def test_query_text_file_and_ask(seed_out, tmp_path):
    f = tmp_path / "q.rq"
    f.write_text("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", encoding="utf-8")
    r = _cli("query", f"@{f}", str(seed_out), "-f", "csv")
    assert r.returncode == 0 and int(r.stdout.split()[1]) > 1000
    r = _cli("query", "ASK { ?s ?p ?o }", str(seed_out))
    assert r.stdout.strip() == "true"


@pytest.mark.parametrize("args, needle", [
    (["SELECT WHERE {", "SRC"], "syntax error"),
    (["no-such-query", "SRC"], "not a bundled query"),
    (["@/nonexistent/q.rq", "SRC"], "q.rq"),
    (["counts", "/nonexistent/folder"], "/nonexistent/folder"),
    (["counts", "BADFILE"], "not valid RDF"),
])
def test_bad_input_is_one_clear_line(seed_out, tmp_path, args, needle):
    bad = tmp_path / "bad.ttl"
    bad.write_text("this is not turtle <", encoding="utf-8")
    args = [str(seed_out) if a == "SRC" else str(bad) if a == "BADFILE" else a for a in args]
    r = _cli("query", *args)
    assert r.returncode != 0
    assert "Traceback" not in r.stderr and needle in r.stderr
    assert len(r.stderr.strip().splitlines()) == 1


def test_default_source_is_out(seed_out, tmp_path):
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "r.ttl").write_bytes((seed_out / "xunxian-2021.ttl").read_bytes())
    r = _cli("query", "reports", cwd=tmp_path)
    assert r.returncode == 0 and "(1 row)" in r.stdout
    r = _cli("query", "reports", cwd=tmp_path / "out")
    assert r.returncode != 0 and "kg build" in r.stderr
