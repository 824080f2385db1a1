"""Report → rdflib.Graph under the ontology's closed namespace."""
from __future__ import annotations

from .names import region_key
from .model import Report
from .names import slug
from .ontology import terms


def report_key(report: Report) -> str:
    return f"report/{slug(report.doc.name)}"


def to_rdf(report: Report):
    from rdflib import Graph, Literal, URIRef
    from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, SKOS, XSD

    KG, base = terms()
    g = Graph()
    g.bind("kg", str(KG))
    g.bind("skos", str(SKOS))
    g.bind("dcterms", str(DCTERMS))
    g.bind("prov", str(PROV))
    g.bind("id", base)

    def iri(key: str) -> URIRef:
        return URIRef(base + key)

    def zh(s: str) -> Literal:
        return Literal(s, lang="zh")

    doc, meta = report.doc, report.doc.meta
    rep = iri(report_key(report))
    g.add((rep, RDF.type, KG.Report))
    g.add((rep, RDFS.label, zh(meta.title or doc.name)))
    if meta.title:
        g.add((rep, DCTERMS.title, zh(meta.title)))
    g.add((rep, KG.sourceFile, Literal(doc.source.rsplit("/", 1)[-1])))
    if meta.year:
        g.add((rep, KG.year, Literal(f"{meta.year:04d}", datatype=XSD.gYear)))
    if meta.date:
        g.add((rep, DCTERMS.date, Literal(meta.date, datatype=XSD.date)))
    if meta.region:
        reg = iri(region_key(meta.region))
        g.add((rep, KG.region, reg))
        g.add((reg, RDF.type, KG.Region))
        g.add((reg, RDFS.label, zh(meta.region)))
        g.add((reg, SKOS.prefLabel, zh(meta.region)))
        if meta.level:
            g.add((reg, KG.level, Literal(meta.level)))
        child = reg
        for parent in meta.parents:
            preg = iri(region_key(parent))
            g.add((preg, RDF.type, KG.Region))
            g.add((preg, RDFS.label, zh(parent)))
            g.add((child, KG.partOf, preg))
            child = preg
    if meta.speaker:
        person = iri(f"person/{slug(meta.region or '')}-{slug(meta.speaker)}")
        g.add((rep, KG.speaker, person))
        g.add((person, RDF.type, KG.Person))
        g.add((person, RDFS.label, zh(meta.speaker)))
    if meta.office:
        g.add((rep, KG.office, zh(meta.office)))

    rslug = report_key(report).split("/", 1)[1]
    sections = report.segments.sections
    for s in sections:
        sec = iri(f"section/{rslug}/{s.index}")
        g.add((sec, RDF.type, KG.Section))
        g.add((sec, DCTERMS.title, zh(s.title)))
        g.add((sec, KG.sectionNumber, Literal(s.number)))
        g.add((sec, KG.partKind, Literal(s.part)))
        g.add((sec, KG.inReport, rep))

    sentences = report.segments.sentences
    for e in report.entities:
        node = iri(e.key)
        g.add((node, RDF.type, getattr(KG, e.type)))
        g.add((node, RDFS.label, zh(e.name)))
        g.add((node, SKOS.prefLabel, zh(e.name)))
        for a in e.aliases:
            g.add((node, SKOS.altLabel, zh(a)))
        g.add((node, KG.mentionedIn, rep))
        for m in e.mentions:
            mn = iri(f"mention/{rslug}/{m.start}-{m.end}-{e.type.lower()}")
            g.add((node, KG.hasMention, mn))
            g.add((mn, RDF.type, KG.Mention))
            g.add((mn, KG.inReport, rep))
            g.add((mn, KG.anchorOf, zh(m.text)))
            g.add((mn, KG.beginIndex, Literal(m.start)))
            g.add((mn, KG.endIndex, Literal(m.end)))
            g.add((mn, KG.rule, Literal(m.rule)))
            sent = sentences[m.sentence]
            g.add((mn, KG.sentence, zh(doc.text[sent.start:sent.end].strip())))
            if sent.section is not None:
                g.add((mn, KG.inSection, iri(f"section/{rslug}/{sent.section}")))
    for r in report.relations:
        g.add((iri(r.subject), getattr(KG, r.predicate), iri(r.object)))
    return g
