"""The built Turtle: parses everywhere, uses only declared terms, is deterministic."""
from __future__ import annotations

import subprocess
import sys

import pyoxigraph
import rdflib
from rdflib.namespace import RDF

from conftest import ROOT, SEED
from kg.ontology import ENTITY_TYPES, graph as ontology_graph


def test_turtle_parses_in_rdflib_and_oxigraph(seed_out):
    ttl = seed_out / "xunxian-2021.ttl"
    g = rdflib.Graph().parse(ttl, format="turtle")
    store = pyoxigraph.Store()
    store.load(path=str(ttl), format=pyoxigraph.RdfFormat.TURTLE)
    assert len(g) == len(store) > 1000


def test_every_term_is_declared(seed_out):
    g = rdflib.Graph().parse(seed_out / "xunxian-2021.ttl", format="turtle")
    declared = set(ontology_graph().subjects())
    used = {p for p in g.predicates() if p != RDF.type} | set(g.objects(None, RDF.type))
    assert used - declared == set()


def test_iris_are_ascii_and_no_blank_nodes(seed_out):
    g = rdflib.Graph().parse(seed_out / "xunxian-2021.ttl", format="turtle")
    for s, p, o in g:
        assert isinstance(s, rdflib.URIRef) and str(s).isascii()
        assert not isinstance(o, rdflib.BNode)


def test_types_links_and_region(seed_out):
    g = rdflib.Graph().parse(seed_out / "xunxian-2021.ttl", format="turtle")
    q = """PREFIX kg: <https://w3id.org/gwr-kg/ontology#>
           PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
           SELECT ?t (COUNT(?e) AS ?n) WHERE { ?e a ?t } GROUP BY ?t"""
    counts = {str(t).split("#")[-1]: int(n) for t, n in g.query(q)}
    for t in ENTITY_TYPES:
        assert counts.get(t, 0) > 0, t
    q = """PREFIX kg: <https://w3id.org/gwr-kg/ontology#>
           PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
           SELECT ?h WHERE { ?h kg:awardedTo ?r . ?r rdfs:label "浚县"@zh }"""
    assert len(list(g.query(q))) >= 10


def test_labels_are_tagged_zh(seed_out):
    g = rdflib.Graph().parse(seed_out / "xunxian-2021.ttl", format="turtle")
    for o in g.objects(None, rdflib.RDFS.label):
        assert o.language in ("zh", "en")


def _cli(*args, cwd=ROOT):
    return subprocess.run([sys.executable, "-m", "kg", *args], capture_output=True, text=True, cwd=cwd)


def test_two_builds_are_byte_identical(tmp_path):
    for d in ("a", "b"):
        r = _cli("build", str(SEED), "-o", str(tmp_path / d))
        assert r.returncode == 0, r.stderr
        assert "xunxian-2021:" in r.stdout and "Project" in r.stdout
    for ext in ("ttl", "html"):
        assert (tmp_path / "a" / f"xunxian-2021.{ext}").read_bytes() == (tmp_path / "b" / f"xunxian-2021.{ext}").read_bytes()


def test_every_command_explains_itself_and_is_documented():
    from kg.cli import COMMANDS
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for args in ([], *([c] for c in sorted(COMMANDS))):
        r = _cli(*args, "--help")
        assert r.returncode == 0 and "Example" in r.stdout, args
        if args:
            assert f"kg {args[0]}" in readme, f"README does not show `kg {args[0]}`"


def test_missing_input_is_one_line_error(tmp_path):
    r = _cli("build", str(tmp_path / "nope.txt"), "-o", str(tmp_path / "o"))
    assert r.returncode != 0
    assert "Traceback" not in r.stderr and "nope.txt" in r.stderr
    assert not (tmp_path / "o").exists() or not any((tmp_path / "o").iterdir())


def test_committed_out_is_fresh(tmp_path):
    """out/ holds the seed's build so users can open it without installing."""
    r = _cli("build", str(SEED), "-o", str(tmp_path))
    assert r.returncode == 0, r.stderr
    for ext in ("ttl", "html"):
        assert (ROOT / "out" / f"xunxian-2021.{ext}").read_bytes() == (tmp_path / f"xunxian-2021.{ext}").read_bytes(), \
            f"out/xunxian-2021.{ext} is stale: run `kg build seeds/xunxian-2021.txt -o out/`"
