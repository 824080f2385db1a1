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


def test_one_named_graph_per_report_from_region_and_year(synthetic):
    _, out = synthetic
    ds = rdflib.Dataset()
    ds.parse(out / "corpus.trig", format="trig")
    names = {str(g.identifier) for g in ds.graphs() if len(g)}
    graphs = sorted(n for n in names if "/graph/region/" in n)
    assert len(graphs) == 3
    assert sorted(g.rsplit("/", 1)[1] for g in graphs) == ["2021", "2022", "2022"]
    assert any(n.endswith("/graph/resolution") for n in names)
    store = ox.Store()
    store.load(path=str(out / "corpus.nq"), format=ox.RdfFormat.N_QUADS)
    assert len(store) == sum(len(g) for g in ds.graphs())
    merged = rdflib.Graph().parse(out / "corpus.ttl", format="turtle")
    assert 0 < len(merged) <= len(store)
    assert len(ox.Store.read_only(str(out / "store"))) == len(store)


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


@pytest.mark.skipif(not corpus_files(), reason="shared corpus not present")
def test_real_corpus_build(tmp_path):
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
