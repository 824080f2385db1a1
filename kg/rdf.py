"""Report → RDF triples under the ontology's closed namespace, and fast writers.

Triples are plain tuples of N-Triples terms (strings), sorted, so every writer
is deterministic and a report's graph costs string joins, not rdflib objects
(rdflib's Turtle writer was ~20x slower than the rest of the pipeline).
`to_rdf` still hands back a plain rdflib.Graph for library users.
"""
from __future__ import annotations

import re
from functools import lru_cache

from .model import Report
from .names import canonical, region_key, slug, speaker_key
from .ontology import terms

Triple = tuple[str, str, str]

_ESC = {ord("\\"): "\\\\", ord('"'): '\\"', ord("\n"): "\\n", ord("\r"): "\\r", ord("\t"): "\\t"}
_ESC.update({c: f"\\u{c:04X}" for c in range(32) if c not in _ESC})
_NEEDS_ESC = re.compile(r'[\x00-\x1f"\\]')


def report_key(report: Report) -> str:
    return f"report/{slug(report.doc.name)}"


@lru_cache(maxsize=None)
def vocab():
    """(kg namespace, instance base, standard vocabularies) as plain strings."""
    from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, SKOS, XSD
    KG, base = terms()
    return KG, base, {"rdf": str(RDF), "rdfs": str(RDFS), "skos": str(SKOS), "dcterms": str(DCTERMS),
                      "prov": str(PROV), "xsd": str(XSD), "kg": str(KG)}


def iri(s: str) -> str:
    return f"<{s}>"


def lit(s: str, lang: str | None = None, dtype: str | None = None) -> str:
    s = str(s)
    body = '"' + (s.translate(_ESC) if _NEEDS_ESC.search(s) else s) + '"'
    if lang:
        return f"{body}@{lang}"
    return f"{body}^^<{dtype}>" if dtype else body


@lru_cache(maxsize=None)
def kg_iri(local: str) -> str:
    """<IRI> of an ontology term, looked up once (closed namespace: a typo raises)."""
    return iri(str(getattr(vocab()[0], local)))


def triples(report: Report) -> list[Triple]:
    """Every statement about one report, sorted and without duplicates."""
    from . import status as statuses

    _, base, ns = vocab()
    rdf, rdfs, skos, dct, xsd = ns["rdf"], ns["rdfs"], ns["skos"], ns["dcterms"], ns["xsd"]
    A, LABEL, PREF, ALT = iri(rdf + "type"), iri(rdfs + "label"), iri(skos + "prefLabel"), iri(skos + "altLabel")
    k = {name: kg_iri(name) for name in (
        "Report", "Region", "Person", "Section", "Mention", "StatusRecord", "sourceFile", "year", "region",
        "level", "partOf", "speaker", "office", "flag", "sectionNumber", "partKind", "inReport", "mentionedIn",
        "hasMention", "anchorOf", "beginIndex", "endIndex", "rule", "sentence", "inSection", "about", "status",
        "statusCue", "evidence")}
    XINT, XYEAR, XDATE = xsd + "integer", xsd + "gYear", xsd + "date"
    out: set[Triple] = set()
    add, update = out.add, out.update

    def node(key: str) -> str:
        return f"<{base}{key}>"

    def zh(s: str) -> str:                   # lit(s, "zh"), inlined: called for most triples
        return '"' + (s.translate(_ESC) if _NEEDS_ESC.search(s) else s) + '"@zh'

    doc, meta = report.doc, report.doc.meta
    rep = node(report_key(report))
    add((rep, A, k["Report"]))
    add((rep, LABEL, zh(meta.title or doc.name)))
    if meta.title:
        add((rep, iri(dct + "title"), zh(meta.title)))
    add((rep, k["sourceFile"], lit(doc.source.replace("\\", "/").rsplit("/", 1)[-1])))
    if meta.year:
        add((rep, k["year"], lit(f"{meta.year:04d}", dtype=XYEAR)))
    if meta.date:
        add((rep, iri(dct + "date"), lit(meta.date, dtype=XDATE)))
    for f in meta.flags:
        add((rep, k["flag"], lit(f)))
    if meta.region:
        reg = node(region_key(meta.region))
        add((rep, k["region"], reg))
        add((reg, A, k["Region"]))
        add((reg, LABEL, zh(meta.region)))
        add((reg, PREF, zh(meta.region)))
        if meta.level:
            add((reg, k["level"], lit(meta.level)))
        child = reg
        for parent in meta.parents:
            preg = node(region_key(parent))
            add((preg, A, k["Region"]))
            add((preg, LABEL, zh(parent)))
            add((preg, PREF, zh(parent)))
            add((child, k["partOf"], preg))
            child = preg
    if meta.speaker:
        person = node(speaker_key(meta.region or "", meta.speaker))
        add((rep, k["speaker"], person))
        add((person, A, k["Person"]))
        add((person, LABEL, zh(meta.speaker)))
    if meta.office:
        add((rep, k["office"], zh(meta.office)))

    rslug = report_key(report).split("/", 1)[1]
    for s in report.segments.sections:
        sec = node(f"section/{rslug}/{s.index}")
        add((sec, A, k["Section"]))
        add((sec, iri(dct + "title"), zh(s.title)))
        add((sec, k["sectionNumber"], lit(s.number)))
        add((sec, k["partKind"], lit(s.part)))
        add((sec, k["inReport"], rep))

    sentences, text = report.segments.sentences, doc.text
    scope = meta.region or doc.name          # the region the entity keys were made with
    in_sentence: dict[int, tuple] = {}      # sentence index → (its literal, its section's node or None)
    HAS, MENTION, IN, ANCHOR, BEGIN, END, RULE, SENT, INSEC = (k[x] for x in (
        "hasMention", "Mention", "inReport", "anchorOf", "beginIndex", "endIndex", "rule", "sentence", "inSection"))
    mention_iri = f"<{base}mention/{rslug}/"
    rule_lits: dict[str, str] = {}          # few rules, many mentions: each literal made once
    for e in report.entities:
        n = node(e.key)
        pref = canonical(e.type, e.name, scope)
        add((n, A, kg_iri(e.type)))
        add((n, LABEL, zh(e.name)))
        add((n, PREF, zh(pref)))
        for a in (e.name, *e.aliases):
            if a != pref:
                add((n, ALT, zh(a)))
        add((n, k["mentionedIn"], rep))
        kind = e.type.lower()
        for m in e.mentions:
            mn = f"{mention_iri}{m.start}-{m.end}-{kind}>"
            rule = rule_lits.get(m.rule) or rule_lits.setdefault(m.rule, lit(m.rule))
            said = in_sentence.get(m.sentence)
            if said is None:
                sent = sentences[m.sentence]
                said = in_sentence[m.sentence] = (
                    zh(text[sent.start:sent.end].strip()),
                    None if sent.section is None else node(f"section/{rslug}/{sent.section}"))
            # one update per mention, not eight adds; lit(str(int), dtype=XINT) inlined: digits need no escape
            update(((n, HAS, mn), (mn, A, MENTION), (mn, IN, rep), (mn, ANCHOR, zh(m.text)),
                    (mn, BEGIN, f'"{m.start}"^^<{XINT}>'), (mn, END, f'"{m.end}"^^<{XINT}>'),
                    (mn, RULE, rule), (mn, SENT, said[0])))
            if said[1] is not None:
                add((mn, INSEC, said[1]))
    for r in report.relations:
        add((node(r.subject), kg_iri(r.predicate), node(r.object)))

    for st in statuses.statuses(report):
        sn = node(f"status/{rslug}/{st.entity}")
        add((sn, A, k["StatusRecord"]))
        add((sn, k["about"], node(st.entity)))
        add((sn, k["status"], lit(st.status)))
        add((sn, k["inReport"], rep))
        if st.year:
            add((sn, k["year"], lit(f"{st.year:04d}", dtype=XYEAR)))
        if st.cue:
            add((sn, k["statusCue"], zh(st.cue)))
        add((sn, k["evidence"], node(f"mention/{rslug}/{st.mention.start}-{st.mention.end}-{st.mention.type.lower()}")))
    return _sorted(out)


def _sorted(ts: set[Triple]) -> list[Triple]:
    """sorted(ts), about twice as fast: subjects (ASCII IRIs, cheap to compare) are sorted once,
    then each subject's few triples, instead of comparing whole triples throughout."""
    by_subject: dict[str, list[Triple]] = {}
    for t in ts:
        group = by_subject.get(t[0])
        if group is None:
            by_subject[t[0]] = [t]
        else:
            group.append(t)
    out: list[Triple] = []
    for s in sorted(by_subject):
        group = by_subject[s]
        group.sort()
        out += group
    return out


# ------------------------------------------------------------------ writers

def ntriples(ts) -> str:
    return "".join([f"{s} {p} {o} .\n" for s, p, o in ts])


def nquads(ts, graph: str) -> str:
    return "".join([f"{s} {p} {o} {graph} .\n" for s, p, o in ts])


def _compact(term: str, prefixes: tuple[tuple[str, str], ...]) -> str:
    """ex:local for vocabulary IRIs with a plain local name; everything else as is."""
    if term.startswith("<"):
        body = term[1:-1]
        for pre, ns in prefixes:
            if body.startswith(ns):
                local = body[len(ns):]
                if local.isascii() and local.isalnum() and local[0].isalpha():
                    return f"{pre}:{local}"
    return term


def prefix_lines(turtle: bool = True) -> str:
    _, _, ns = vocab()
    if turtle:
        return "".join(f"@prefix {p}: <{u}> .\n" for p, u in sorted(ns.items())) + "\n"
    return "".join(f"PREFIX {p}: <{u}>\n" for p, u in sorted(ns.items())) + "\n"


def turtle_body(ts, indent: str = "") -> str:
    """Sorted triples as Turtle statements, one block per subject."""
    _, base, ns = vocab()
    prefixes = tuple(sorted(ns.items(), key=lambda kv: -len(kv[1])))
    a = f"<{ns['rdf']}type>"
    xint = f"^^<{ns['xsd']}integer>"
    inst = f"<{base}"
    memo: dict[str, str] = {a: "a"}          # vocabulary IRI → its compact form
    cut = -len(xint) - 1

    lines: list[str] = []
    append = lines.append
    subj = pred = None
    for s, p, o in ts:
        if o[0] == "<":
            if not o.startswith(inst):
                c = memo.get(o)
                o = c if c is not None else memo.setdefault(o, _compact(o, prefixes))
        elif o.endswith(xint):
            o = o[1:cut]
        if s != subj:
            if subj is not None:
                append(" .\n")
            c = memo.get(p)
            append(f"{indent}{s} {c if c is not None else memo.setdefault(p, _compact(p, prefixes))} {o}")
            subj, pred = s, p
        elif p != pred:
            c = memo.get(p)
            append(f" ;\n{indent}    {c if c is not None else memo.setdefault(p, _compact(p, prefixes))} {o}")
            pred = p
        else:
            append(f" ,\n{indent}        {o}")
    if subj is not None:
        lines.append(" .\n")
    return "".join(lines)


def turtle(ts) -> str:
    return prefix_lines() + turtle_body(ts)


def to_rdf(report: Report):
    """The report as a plain rdflib.Graph (for library users; the CLI writes strings)."""
    from rdflib import Graph
    g = Graph()
    _, _, ns = vocab()
    for p, u in ns.items():
        g.bind(p, u)
    g.parse(data=ntriples(triples(report)), format="nt")
    return g
