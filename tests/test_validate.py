"""`kg validate`: the SHACL shapes accept every build of the seed and the corpus, and catch broken data."""
from __future__ import annotations

import subprocess
import sys

import pytest

from conftest import ROOT, corpus_files
from kg import query as kq
from kg.validate import report_lines, validate, validate_graph


def _cli(*args):
    return subprocess.run([sys.executable, "-m", "kg", *args], capture_output=True, text=True, cwd=ROOT)


def test_seed_build_conforms(seed_out):
    r = _cli("validate", str(seed_out))
    assert r.returncode == 0, r.stdout + r.stderr
    assert r.stdout.startswith("conforms:")


@pytest.fixture(scope="module")
def corpus_out(tmp_path_factory):
    from kg.build import write_report
    from kg.pipeline import build_report
    out = tmp_path_factory.mktemp("corpus")
    files = corpus_files()
    assert len(files) >= 20, "the shared corpus is missing"
    for f in files:
        write_report(build_report(f), out)
    return out


def test_every_corpus_build_conforms(corpus_out):
    outcome = validate(kq.open_store([corpus_out]))
    assert outcome.conforms, "\n".join(report_lines(outcome, 5))
    assert outcome.triples > 20_000


def _broken(seed_out):
    """The seed with four kinds of damage a writer bug could cause."""
    import rdflib
    from rdflib.namespace import RDF, RDFS, SKOS
    from kg.ontology import terms
    KG, base = terms()
    g = rdflib.Graph().parse(seed_out / "xunxian-2021.ttl", format="turtle")
    project = next(g.subjects(RDF.type, KG.Project))
    g.remove((project, RDFS.label, None))                       # no name
    mention = next(g.subjects(RDF.type, KG.Mention))
    g.set((mention, KG.beginIndex, rdflib.Literal(10**9)))     # begins after it ends
    honour = next(g.subjects(RDF.type, KG.Honour))
    g.add((project, KG.awardedTo, honour))                     # a project is not an honour
    enterprise = next(g.subjects(RDF.type, KG.Enterprise))
    g.add((enterprise, SKOS.prefLabel, rdflib.Literal("second name", lang="en")))  # not @zh, two names
    return g


def test_broken_data_is_reported_readably(seed_out, tmp_path):
    g = _broken(seed_out)
    outcome = validate_graph(g)
    assert not outcome.conforms
    messages = " | ".join(sorted(outcome.summary()))
    for needle in ("rdfs:label", "kg:beginIndex", "only a kg:Honour may have kg:awardedTo", "skos:prefLabel"):
        assert needle in messages, needle
    bad = tmp_path / "bad.ttl"
    g.serialize(bad, format="turtle")
    r = _cli("validate", str(bad), "--limit", "2")
    assert r.returncode == 1 and "Traceback" not in r.stderr
    lines = r.stdout.splitlines()
    assert lines[0].startswith("does not conform:")
    assert any(line.startswith("    id:") for line in lines)   # focus nodes as compact IRIs


def test_missing_source_is_one_line(tmp_path):
    r = _cli("validate", str(tmp_path / "nothing"))
    assert r.returncode != 0 and "Traceback" not in r.stderr and "nothing" in r.stderr
