"""Whatever a report's text holds, names and sentences come back unchanged from every export.

Property-based: hypothesis writes names with quotes, backslashes, newlines,
`>`, markup, control characters and astral-plane characters; each goes
through the real Turtle writer and the exporters and is read back by a
standard parser.
"""
from __future__ import annotations

import io
import json

import networkx as nx
import pyoxigraph as ox
import rdflib
from hypothesis import HealthCheck, given, settings, strategies as st

from kg import export as kx
from kg.build import turtle
from kg.model import Doc, Entity, Meta, Mention, Report, Segments, Sentence
from kg.ontology import terms

TRICKY = ['"', "'", "\\", "\n", "\r", "\t", ">", "<", "&", "</script>", "<b>x</b>", "]]>", '\\"', "\"\"\"",
          "@zh", "^^", " .", "#", "\u2028", "浚县", "😀", "\u00a0"]
# every character except surrogates (not encodable) and U+FFFE/U+FFFF (not characters)
ANY = st.characters(exclude_categories=("Cs",), exclude_characters="\ufffe\uffff")
names = st.lists(st.one_of(st.sampled_from(TRICKY), st.text(ANY, min_size=1, max_size=5)),
                 min_size=1, max_size=8).map("".join)
XML_SAFE = st.characters(exclude_categories=("Cs",),
                         exclude_characters="".join(map(chr, [*range(9), 11, 12, *range(14, 32), 0xFFFE, 0xFFFF])))
xml_names = st.lists(st.one_of(st.sampled_from(TRICKY), st.text(XML_SAFE, min_size=1, max_size=5)),
                     min_size=1, max_size=8).map("".join)

SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def report_with(name: str) -> Report:
    """A one-entity report whose entity is called `name` and whose one sentence is `name` too."""
    text = name
    doc = Doc(name="t", text=text, meta=Meta(region="某县"), source="t.txt")
    segs = Segments(sections=(), sentences=(Sentence(0, 0, len(text), 0, None),))
    m = Mention("Project", text, 0, len(text), "test.rule", 0)
    return Report(doc, segs, (Entity("project/0123456789ab", "Project", name, (), (m,)),), ())


def store_of(report: Report):
    s = ox.Store()
    quads = list(ox.parse(turtle(report), format=ox.RdfFormat.TURTLE))
    s.extend(ox.Quad(q.subject, q.predicate, q.object, ox.NamedNode("http://example.org/g")) for q in quads)
    return s


def entity_iri() -> str:
    _, base = terms()
    return base + "project/0123456789ab"


def labels_in(g) -> set[str]:
    return {str(o) for o in g.objects(rdflib.URIRef(entity_iri()), rdflib.RDFS.label)}


@SETTINGS
@given(names)
def test_turtle_round_trips_in_rdflib_and_oxigraph(name):
    data = turtle(report_with(name))
    assert labels_in(rdflib.Graph().parse(data=data.decode("utf-8"), format="turtle")) == {name}
    got = {q.object.value for q in ox.parse(data, format=ox.RdfFormat.TURTLE)
           if q.subject.value == entity_iri() and q.predicate.value == str(rdflib.RDFS.label)}
    assert got == {name}
    # the sentence (stripped of outer white space by the writer) survives too
    KG, _ = terms()
    g = rdflib.Graph().parse(data=data.decode("utf-8"), format="turtle")
    assert {str(o) for o in g.objects(None, KG.sentence)} == {name.strip()} or not name.strip()


@SETTINGS
@given(names)
def test_ntriples_and_jsonld_round_trip(name):
    store = store_of(report_with(name))
    nt = kx.to_nt(store).decode("utf-8")
    assert labels_in(rdflib.Graph().parse(data=nt, format="nt")) == {name}
    doc = kx.to_jsonld(store)
    json.loads(doc)  # valid JSON
    ds = rdflib.Dataset()
    ds.parse(data=doc.decode("utf-8"), format="json-ld")
    got = {str(o) for _, _, o, _ in ds.quads((rdflib.URIRef(entity_iri()), rdflib.RDFS.label, None, None))}
    assert got == {name}


@SETTINGS
@given(xml_names)
def test_graphml_and_gexf_round_trip(name):
    store = store_of(report_with(name))
    for data, reader in ((kx.to_graphml(store), nx.read_graphml), (kx.to_gexf(store), nx.read_gexf)):
        g = reader(io.BytesIO(data))
        got = [d["label"] for n, d in g.nodes(data=True) if d.get("iri", n) == entity_iri()]
        assert got == [name]


@SETTINGS
@given(names)
def test_characters_xml_cannot_hold_still_give_valid_graphml(name):
    g = nx.read_graphml(io.BytesIO(kx.to_graphml(store_of(report_with(name)))))
    [label] = [d["label"] for n, d in g.nodes(data=True) if n == entity_iri()]
    assert label == kx.xml_safe(name)
