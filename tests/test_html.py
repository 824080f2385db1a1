"""The HTML page without a browser: self-contained, escaped, deterministic, faithful to the graph."""
from __future__ import annotations

import json
import re

import pytest
import rdflib
from hypothesis import given, settings, strategies as st
from rdflib.namespace import RDF, RDFS

from kg.html import _vis_js, graph_data, layout, script_json, to_html, to_html_corpus
from kg.model import Doc, Entity, Meta, Mention, Relation, Report, Section, Segments, Sentence
from kg.names import entity_key, region_key

XSS_IMG = "<img src=x onerror=window.__xss=1>"
XSS_SCRIPT = "<script>window.__xss=2</script>"


def markup_report() -> Report:
    """A hand-made report whose names, title and sections carry markup."""
    region = "测试县"
    town = f"{XSS_IMG}镇"
    ent = f"{XSS_SCRIPT}公司"
    honour = "全国&quot;示范县\u2028</SCRIPT >"
    s0 = f"{region}被评为{honour}。"
    s1 = f"{ent}在{town}投资建设项目。"
    title = f"{region}2021年政府工作报告{XSS_IMG}"
    text = f"{title}\n一、<b>回顾</b>\n{s0}{s1}"
    sec_start = len(title) + 1
    b0 = text.index(s0)
    b1 = b0 + len(s0)
    sentences = (Sentence(0, b0, b1, 0, 0), Sentence(1, b1, b1 + len(s1), 0, 0))

    def mention(etype, name, sent):
        start = text.index(name, sentences[sent].start)
        return Mention(etype, name, start, start + len(name), "test", sent)

    e_town = Entity(entity_key("Town", town, region), "Town", town, (), (mention("Town", town, 1),))
    e_ent = Entity(entity_key("Enterprise", ent, region), "Enterprise", ent, ("<i>别名</i>",),
                   (mention("Enterprise", ent, 1),))
    e_hon = Entity(entity_key("Honour", honour, region), "Honour", honour, (), (mention("Honour", honour, 0),))
    rels = (Relation(e_hon.key, "awardedTo", region_key(region), "test", 0),
            Relation(e_ent.key, "locatedIn", e_town.key, "test", 1))
    doc = Doc(name="markup-2021", text=text,
              meta=Meta(title=title, region=region, year=2021, speaker="<u>张三</u>"), source="markup-2021.txt")
    segs = Segments((Section(0, "一", "<b>回顾</b>", sec_start, len(text), 1, "review"),), sentences)
    return Report(doc, segs, (e_town, e_ent, e_hon), rels)


def page_data(page: str) -> dict:
    m = re.search(r'<script type="application/json" id="kg-data">(.*?)</script>', page, re.S)
    assert m, "data island missing"
    return json.loads(m.group(1))


def outside_scripts(page: str) -> str:
    return re.sub(r"<script\b[^>]*>.*?</script>", "", page, flags=re.S | re.I)


def rdf_entities(ttl_path) -> set:
    """Subjects typed with a subclass of kg:Entity in the Turtle the same build wrote."""
    from kg.ontology import graph as onto, terms
    KG, _ = terms()
    classes = set(onto().subjects(RDFS.subClassOf, KG.Entity))
    g = rdflib.Graph().parse(ttl_path, format="turtle")
    return {s for c in classes for s in g.subjects(RDF.type, c)}


def test_page_is_self_contained(seed_out):
    page = (seed_out / "xunxian-2021.html").read_text(encoding="utf-8")
    markup = outside_scripts(page)
    assert not re.search(r"\b(src|href)\s*=", markup, re.I)
    assert "<link" not in markup.lower() and "@import" not in markup and "url(" not in markup
    assert "lib/" not in markup and not (seed_out / "lib").exists()
    assert "default-src 'none'" in page                       # the browser refuses any fetch as well
    policy = re.search(r'Content-Security-Policy" content="([^"]+)"', page).group(1)
    assert "unsafe-inline" not in policy.split("script-src")[1].split(";")[0]
    assert page.lower().count("</script") == 3                 # data, vis-network, page script


def test_node_count_equals_graph_entities(seed_out, seed_report):
    data = page_data((seed_out / "xunxian-2021.html").read_text(encoding="utf-8"))
    from kg.ontology import terms
    _, base = terms()
    keys = {base + n["k"] for n in data["nodes"]}
    assert keys == {str(s) for s in rdf_entities(seed_out / "xunxian-2021.ttl")}
    assert len(data["nodes"]) == len(keys) >= len(seed_report.entities) + 1


def test_links_match_relations(seed_report):
    data = graph_data([seed_report])
    keys = [n["k"] for n in data["nodes"]]
    preds = [p["p"] for p in data["predicates"]]
    drawn = {(keys[e["from"]], preds[e["p"]], keys[e["to"]]) for e in data["edges"]}
    wanted = {(r.subject, r.predicate, r.object) for r in seed_report.relations}
    assert wanted <= drawn
    assert len(drawn) == len(data["edges"])                   # no duplicate edges
    assert {p for _, p, _ in drawn - wanted} <= {"speaker", "partOf"}


def test_evidence_spans_are_the_mentions(seed_report):
    data = graph_data([seed_report])
    by_key = {n["k"]: n for n in data["nodes"]}
    for e in seed_report.entities:
        node = by_key[e.key]
        assert node["c"] == len({(m.start, m.end) for m in e.mentions})
        shown = {data["sentences"][gid][2][a:b] for gid, spans in node["m"] for a, b in spans}
        sound = [m for m in e.mentions if seed_report.doc.text[m.start:m.end] == m.text and m.start >= 0]
        assert shown == {m.text for m in sound}
        assert len(node["m"]) == len({m.sentence for m in e.mentions})   # every sentence, marked or not
    region = by_key[region_key(seed_report.doc.meta.region)]
    assert region["c"] > 0 and all(data["sentences"][g][2][a:b] == seed_report.doc.meta.region
                                    for g, spans in region["m"] for a, b in spans)


def test_sections_are_named(seed_report):
    data = graph_data([seed_report])
    town = next(n for n in data["nodes"] if data["types"][n["t"]]["type"] == "Town" and n["m"])
    gid = town["m"][0][0]
    sec = data["sentences"][gid][1]
    assert sec >= 0 and data["sections"][sec][1]


def test_markup_is_escaped():
    report = markup_report()
    page = to_html(report)
    ours = page.replace(_vis_js(), "")                        # vis-network's own code has "<b>" etc.
    for raw in (XSS_IMG, XSS_SCRIPT, "<b>", "<i>", "<u>", "\u2028", "</SCRIPT >"):
        assert raw not in ours
    assert page.lower().count("</script") == 3
    data = page_data(page)
    names = {n["n"] for n in data["nodes"]}
    assert {e.name for e in report.entities} <= names         # the names survive as text, unchanged
    assert "<u>张三</u>" in names
    assert any("<i>别名</i>" in n["a"] for n in data["nodes"])
    assert data["reports"][0]["title"] == report.doc.meta.title
    assert "&lt;img src=x onerror=window.__xss=1&gt;</title>" in page


def test_script_json_cannot_close_its_element():
    text = script_json({"a": "</script><!-- \u2028 & > <"})
    assert not re.search("[<>&\u2028\u2029]", text)
    assert json.loads(text) == {"a": "</script><!-- \u2028 & > <"}


def test_page_is_deterministic(seed_report):
    assert to_html(seed_report) == to_html(seed_report)
    report = markup_report()
    assert to_html_corpus([report, seed_report]) == to_html_corpus([seed_report, report])


def test_types_come_from_the_ontology(seed_report):
    data = graph_data([seed_report])
    town = next(t for t in data["types"] if t["type"] == "Town")
    assert town["zh"] == "乡镇" and town["colour"].startswith("#")
    assert len({(t["colour"], t["shape"]) for t in data["types"]}) == len(data["types"])


def test_unknown_type_is_a_clear_error():
    from kg.errors import KgError
    report = markup_report()
    odd = Entity("thing/1", "Gadget", "某物")
    with pytest.raises(KgError, match="Gadget"):
        to_html(Report(report.doc, report.segments, report.entities + (odd,), report.relations))


def later(report: Report, year: int) -> Report:
    """The same report filed again for another year (same region, so keys merge)."""
    from dataclasses import replace
    doc = replace(report.doc, name=f"{report.doc.name[:-5]}-{year}", meta=replace(report.doc.meta, year=year))
    return replace(report, doc=doc)


def test_corpus_page_merges_and_keeps_reports(seed_report):
    first = markup_report()
    reports = [seed_report, later(first, 2022), first]
    data = page_data(to_html_corpus(reports))
    assert [(r["name"], r["year"]) for r in data["reports"]] == [
        ("markup-2021", 2021), ("xunxian-2021", 2021), ("markup-2022", 2022)]
    keys = set().union(*({e.key for e in r.entities} for r in reports))
    assert keys <= {n["k"] for n in data["nodes"]}
    by_key = {n["k"]: n for n in data["nodes"]}
    for e in first.entities:                                   # merged across the two markup reports
        assert by_key[e.key]["r"] == [0, 2]
        assert len(by_key[e.key]["m"]) == 2                     # one evidence sentence from each
    assert by_key[region_key(seed_report.doc.meta.region)]["r"] == [1]
    assert all(e["r"] for e in data["edges"])


@settings(max_examples=60, deadline=None)
@given(st.integers(1, 120).flatmap(
    lambda n: st.tuples(st.just(n), st.lists(st.tuples(st.integers(0, n - 1), st.integers(0, n - 1)), max_size=3 * n))))
def test_layout_places_every_node_apart(case):
    n, edges = case
    pos = layout(n, edges, [i % 3 for i in range(n)])
    assert len(pos) == n
    assert len(set(pos)) == n                                  # no two nodes on the same spot
    assert layout(n, edges, [i % 3 for i in range(n)]) == pos


def test_no_region_node_when_the_report_never_names_its_region(tmp_path):
    from kg.pipeline import build_report
    src = tmp_path / "page2.txt"
    src.write_text("全县上下奋力拼搏，我县成功创建国家卫生县城，签约重点项目12个。\n", encoding="utf-8")
    report = build_report(src)
    assert report.doc.meta.region is None
    data = graph_data([report])
    kinds = [data["types"][n["t"]]["type"] for n in data["nodes"]]
    assert "Honour" in kinds and "Region" not in kinds
