"""Corpus mode: one named graph per report, cross-document merges with reasons,
statuses per year, skip-unchanged rebuilds, deterministic output."""
from __future__ import annotations

import json
import subprocess
import sys

import pyoxigraph as ox
import pytest
import rdflib

from conftest import CORPUS, ROOT, SEED, corpus_files
from kg.build import build
from kg.names import entity_key, enterprise_form

QUERIES = ROOT / "kg" / "queries"
REPORTS = {
    "jia-2021": "甲乙县2021年政府工作报告\n——2021年2月1日在甲乙县第十五届人民代表大会第五次会议上\n甲乙县人民政府县长 王五\n各位代表：\n"
                "一、2020年工作回顾\n河南华美食品有限公司投资建设的华美食品加工项目签约落地。全县被评为全国文明城市。\n"
                "二、2021年重点工作\n加快推进城关镇污水处理厂项目建设，争创国家卫生县城。\n",
    "jia-2022": "甲乙县2022年政府工作报告\n——2022年2月1日在甲乙县第十五届人民代表大会第六次会议上\n甲乙县人民政府县长 王五\n各位代表：\n"
                "一、2021年工作回顾\n华美食品集团实现产值10亿元。城关镇污水处理厂项目建成投用。全县荣获国家卫生县城称号。\n"
                "二、2022年重点工作\n继续支持华美食品集团发展壮大。\n",
    "bing-2022": "丙丁县2022年政府工作报告\n——2022年1月20日在丙丁县第九届人民代表大会第一次会议上\n丙丁县人民政府县长 赵六\n各位代表：\n"
                 "一、2021年工作回顾\n华美食品有限公司在城关镇建成冷链物流中心项目。城关镇污水处理厂项目开工。\n"
                 "二、2022年重点工作\n推进城关镇建设。\n",
}


def _cli(*args):
    return subprocess.run([sys.executable, "-m", "kg", *args], capture_output=True, text=True, cwd=ROOT)


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory):
    src = tmp_path_factory.mktemp("syn")
    for name, text in REPORTS.items():
        (src / f"{name}.txt").write_text(text, encoding="utf-8")
    out = tmp_path_factory.mktemp("synout")
    r = _cli("build", str(src), "-o", str(out), "--jobs", "2")
    assert r.returncode == 0, r.stderr
    return src, out


def _select(out, q):
    store = ox.Store.read_only(str(out / "store"))
    return [tuple(s[v].value if s[v] is not None else None for v in range(len(s))) for s in
            store.query(q, use_default_graph_as_union=True)]


def test_one_named_graph_per_report_named_by_its_report_iri(synthetic):
    src, out = synthetic
    ds = rdflib.Dataset()
    ds.parse(out / "corpus.trig", format="trig")
    names = {str(g.identifier) for g in ds.graphs() if len(g)}
    graphs = sorted(n for n in names if "/id/report/" in n)
    assert [g.rsplit("/", 1)[1] for g in graphs] == sorted(REPORTS)
    for g in graphs:          # the graph is the report's own node, which carries its region and year
        assert (rdflib.URIRef(g), rdflib.RDF.type, rdflib.URIRef("https://w3id.org/gwr-kg/ontology#Report")) \
            in ds.graph(rdflib.URIRef(g))
    assert any(n.endswith("/graph/resolution") for n in names)
    store = ox.Store()
    store.load(path=str(out / "corpus.nq"), format=ox.RdfFormat.N_QUADS)
    assert len(store) == sum(len(g) for g in ds.graphs())
    merged = rdflib.Graph().parse(out / "corpus.ttl", format="turtle")
    assert 0 < len(merged) <= len(store)
    assert len(ox.Store.read_only(str(out / "store"))) == len(store)
    # `kg query` over the per-report .ttl files sees the same graphs as over the corpus store
    from kg.query import graph_names, open_store
    per_report = graph_names(open_store([out / f"{n}.ttl" for n in sorted(REPORTS)]))
    assert per_report == sorted(g for g in graph_names(open_store([out])) if "/id/report/" in g) == graphs


def test_a_merged_entity_has_one_preflabel_even_across_separate_builds(tmp_path):
    from kg.build import write_report
    from kg.names import canonical
    from kg.pipeline import build_report
    a = tmp_path / "a-2021.txt"
    b = tmp_path / "b-2021.txt"
    a.write_text("甲县2021年政府工作报告\n一、2020年工作回顾\n顺丰控股集团有限公司投资建设物流园项目。\n", encoding="utf-8")
    b.write_text("乙县2021年政府工作报告\n一、2020年工作回顾\n顺丰公司投资建设物流园项目。\n", encoding="utf-8")
    assert canonical("Enterprise", "顺丰控股集团有限公司", "甲县") == canonical("Enterprise", "顺丰公司", "乙县") == "顺丰"
    assert canonical("Enterprise", "农商银行", "浚县") == "浚县农商银行"     # one-character region spelt out
    assert canonical("Town", "城关镇", "甲县") == canonical("Town", "城关", "甲县")
    for f in (a, b):
        write_report(build_report(f), tmp_path)
    from kg.query import open_store, run
    rows = run(open_store([tmp_path / "a-2021.ttl", tmp_path / "b-2021.ttl"]), """
        PREFIX kg: <https://w3id.org/gwr-kg/ontology#> PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
        SELECT ?e (COUNT(DISTINCT ?p) AS ?n) WHERE { ?e a kg:Enterprise ; skos:prefLabel ?p } GROUP BY ?e""").rows
    assert rows and all(int(n.value) == 1 for _, n in rows)


def test_streamed_corpus_page_equals_the_list_page():
    from kg.html import corpus_page, to_html_corpus
    from kg.pipeline import build_report
    reports = [build_report(f) for f in corpus_files()[:6]] + [build_report(SEED)]
    ordered = sorted(reports, key=lambda r: (r.doc.meta.year or 0, r.doc.name))
    assert corpus_page(iter(ordered)) == to_html_corpus(reports)


def test_same_enterprise_in_two_regions_is_one_node_with_reasons(synthetic):
    _, out = synthetic
    rows = _select(out, """PREFIX kg: <https://w3id.org/gwr-kg/ontology#>
        SELECT DISTINCT ?e WHERE { ?e a kg:Enterprise ; kg:mentionedIn ?r1, ?r2 .
        ?r1 kg:region ?a . ?r2 kg:region ?b . FILTER(?a != ?b) }""")
    assert len(rows) == 1
    res = json.loads((out / "resolution.json").read_text(encoding="utf-8"))
    entry = next(e for e in res["entities"] if e["key"] == rows[0][0].rsplit("/id/", 1)[1])
    names = {n["name"]: n["why"] for n in entry["names"]}
    assert "suffix 有限公司 removed" in names["华美食品有限公司"]
    assert len(entry["regions"]) == 2
    r = _cli("explain", "华美食品集团", "-o", str(out))
    assert r.returncode == 0 and "suffix 集团 removed" in r.stdout and "bing-2022" in r.stdout


def test_projects_and_towns_are_scoped_by_region():
    assert entity_key("Town", "城关镇", "甲乙县") != entity_key("Town", "城关镇", "丙丁县")
    assert entity_key("Project", "污水处理厂", "甲乙县") == entity_key("Project", "污水处理厂", "甲乙县")
    assert entity_key("Project", "污水处理厂", "甲乙县") != entity_key("Project", "污水处理厂", "丙丁县")


def test_generic_enterprise_names_stay_with_their_region():
    assert enterprise_form("甲乙县农商银行", "甲乙县")[0] == enterprise_form("农商银行", "甲乙县")[0]
    assert enterprise_form("农商银行", "甲乙县")[0] != enterprise_form("农商银行", "丙丁县")[0]
    assert enterprise_form("中鹤集团", "浚县")[0] == enterprise_form("浚县中鹤集团有限公司", "浚县")[0]


def test_planned_then_done_and_honours_per_year(synthetic):
    _, out = synthetic
    rows = _select(out, (QUERIES / "corpus-planned-then-done.rq").read_text(encoding="utf-8"))
    assert ("甲乙县", "城关镇污水处理厂", "2021", "2022", "in-operation") in rows, rows
    assert not any(row[0] == "丙丁县" for row in rows)          # the other county's project is another project
    rows = {r[:4] for r in _select(out, (QUERIES / "corpus-honours-by-region-year.rq").read_text(encoding="utf-8"))}
    assert ("甲乙县", "2021", "pursued", "国家卫生县城") in rows
    assert ("甲乙县", "2021", "received", "国家卫生县城") in rows


def test_rebuild_skips_unchanged_and_is_byte_identical(synthetic, tmp_path):
    src, out = synthetic
    before = {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()}
    r = _cli("build", str(src), "-o", str(out))
    assert r.returncode == 0 and "3 unchanged" in r.stdout and "(unchanged)" in r.stdout
    assert {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()} == before
    r = _cli("build", str(src), "-o", str(tmp_path), "--jobs", "1")
    assert r.returncode == 0, r.stderr
    for name in ("corpus.nq", "corpus.trig", "corpus.ttl", "corpus.html", "resolution.json", "jia-2021.ttl"):
        assert (tmp_path / name).read_bytes() == before[name], name


def test_a_failing_report_is_listed_and_the_rest_is_built(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    for name, text in REPORTS.items():
        (src / f"{name}.txt").write_text(text, encoding="utf-8")
    (src / "empty.txt").write_bytes(b"")
    r = _cli("build", str(src), "-o", str(tmp_path / "out"))
    assert r.returncode == 1 and "Traceback" not in r.stderr
    assert "empty.txt" in r.stderr and "kg: failed" in r.stderr
    assert (tmp_path / "out" / "jia-2021.ttl").is_file()


def test_metadata_flags_are_reported(tmp_path):
    (tmp_path / "x.txt").write_text("一、工作回顾\n过去一年，我们建成了甲乙污水处理厂项目。\n", encoding="utf-8")
    r = _cli("build", str(tmp_path / "x.txt"), "-o", str(tmp_path / "o"))
    assert r.returncode == 0 and "region-not-found" in r.stderr and "year-not-found" in r.stderr


def test_real_corpus_build(tmp_path):
    assert corpus_files(), "the shared corpus is missing"
    res = build([CORPUS, SEED], tmp_path, echo=lambda s: None, jobs=2)
    assert not res.failures
    assert res.corpus["reports"] == len(corpus_files()) + 1
    assert res.corpus["graphs"] == res.corpus["reports"] + 1       # plus the resolution graph
    store = ox.Store.read_only(str(tmp_path / "store"))
    rows = list(store.query("""PREFIX kg: <https://w3id.org/gwr-kg/ontology#>
        PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
        SELECT DISTINCT ?y WHERE { ?r a kg:Report ; kg:region/rdfs:label "浚县"@zh ; kg:year ?y }""",
                            use_default_graph_as_union=True))
    assert sorted(str(r[0].value) for r in rows) == ["2013", "2021"]
