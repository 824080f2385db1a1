"""SPARQL over built output: open a SOURCE as a pyoxigraph store, run a query, render rows.

One opener serves `kg query`, `export`, `validate`, `serve` and `push`, so every
command sees the same dataset: one named graph per report, queried with the
default graph as the union of all of them.
"""
from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from pathlib import Path

from .errors import InputError, KgError

QUERY_DIR = Path(__file__).resolve().parent / "queries"
DEFAULT_SOURCE = "out"
TRIPLE_SUFFIXES = {".ttl": "TURTLE", ".nt": "N_TRIPLES"}
QUAD_SUFFIXES = {".nq": "N_QUADS", ".trig": "TRIG"}
FORMATS = ("table", "csv", "tsv", "json")


# ------------------------------------------------------------------ bundled queries

@dataclass(frozen=True)
class Bundled:
    name: str
    description: str
    text: str


def bundled() -> dict[str, Bundled]:
    """Every kg/queries/*.rq, by file stem; the first line is `# description`."""
    out = {}
    for path in sorted(QUERY_DIR.glob("*.rq")):
        text = path.read_text(encoding="utf-8")
        first = text.splitlines()[0] if text else ""
        out[path.stem] = Bundled(path.stem, first.lstrip("#").strip(), text)
    return out


def resolve(query: str) -> str:
    """QUERY as given: `@file.rq`, a bundled query's name, or SPARQL text."""
    if query.startswith("@"):
        path = Path(query[1:])
        try:
            return path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as e:
            raise InputError(str(path), f"cannot read query file ({getattr(e, 'strerror', None) or e})") from None
    known = bundled()
    if query in known:
        return known[query].text
    if query.strip() and not any(c.isspace() for c in query.strip()) and "{" not in query:
        names = ", ".join(known)
        raise InputError(query, f"not a bundled query (kg query --list shows them: {names})")
    return query


# ------------------------------------------------------------------ sources

def is_store_dir(path: Path) -> bool:
    """An on-disk pyoxigraph (RocksDB) store folder."""
    return path.is_dir() and (path / "CURRENT").is_file() and any(path.glob("MANIFEST-*"))


def _rdf_files(folder: Path) -> list[Path]:
    """The files of a built folder to load: the corpus quads if present, else every RDF file."""
    for name in ("corpus.nq", "corpus.trig"):
        if (folder / name).is_file():
            return [folder / name]
    suffixes = set(TRIPLE_SUFFIXES) | set(QUAD_SUFFIXES)
    return sorted(f for f in folder.iterdir() if f.is_file() and f.suffix.lower() in suffixes)


def report_graph_name(quads, fallback_stem: str):
    """Name a report file's graph after the one kg:Report it describes (else after the file)."""
    import pyoxigraph as ox
    from rdflib.namespace import RDF

    from .names import slug
    from .ontology import terms
    KG, base = terms()
    rdf_type = ox.NamedNode(str(RDF.type))
    report = ox.NamedNode(str(KG.Report))
    found = sorted({q.subject.value for q in quads if q.predicate == rdf_type and q.object == report})
    if len(found) == 1:
        return ox.NamedNode(found[0])
    return ox.NamedNode(f"{base}file/{slug(fallback_stem)}")


def load_file(store, path: Path) -> None:
    """Add one RDF file: quads as they are, triples into the report's named graph."""
    import pyoxigraph as ox
    suffix = path.suffix.lower()
    try:
        if suffix in QUAD_SUFFIXES:
            store.load(path=str(path), format=getattr(ox.RdfFormat, QUAD_SUFFIXES[suffix]))
        elif suffix in TRIPLE_SUFFIXES:
            quads = list(ox.parse(path=str(path), format=getattr(ox.RdfFormat, TRIPLE_SUFFIXES[suffix])))
            g = report_graph_name(quads, path.stem)
            store.extend(ox.Quad(q.subject, q.predicate, q.object, g) for q in quads)
        else:
            known = ", ".join(sorted(set(TRIPLE_SUFFIXES) | set(QUAD_SUFFIXES)))
            raise InputError(str(path), f"not an RDF file kg can read (expected {known}, a built folder or a store)")
    except SyntaxError as e:
        raise InputError(str(path), f"not valid RDF: {str(e).splitlines()[0]}") from None
    except OSError as e:
        raise InputError(str(path), f"cannot read ({e.strerror or e})") from None


def open_store(sources=()):
    """SOURCE paths → a pyoxigraph Store (a store folder opened read-only, else in memory)."""
    import pyoxigraph as ox
    paths = [Path(s) for s in (sources or (DEFAULT_SOURCE,))]
    for p in paths:
        if not p.exists():
            hint = " (run `kg build` first)" if str(p) == DEFAULT_SOURCE else ""
            raise InputError(str(p), f"no such file or folder{hint}")
    stores = [p if is_store_dir(p) else p / "store" for p in paths if p.is_dir()]
    stores = [p for p in stores if is_store_dir(p)]
    if stores:
        if len(paths) > 1:
            raise InputError(str(stores[0]), "a store must be the only SOURCE")
        try:
            return ox.Store.read_only(str(stores[0]))
        except OSError as e:
            raise InputError(str(stores[0]), f"cannot open store ({e})") from None
    store = ox.Store()
    files = []
    for p in paths:
        files += _rdf_files(p) if p.is_dir() else [p]
    if not files:
        raise InputError(", ".join(map(str, paths)), "no RDF files found (run `kg build` first)")
    for f in files:
        load_file(store, f)
    return store


def graph_names(store) -> list[str]:
    return sorted(g.value for g in store.named_graphs())


# ------------------------------------------------------------------ running

@dataclass
class Result:
    """A SELECT's variables and rows (pyoxigraph terms or None), an ASK's bool, or triples."""
    kind: str                    # "select" | "ask" | "graph"
    variables: list[str]
    rows: list[tuple]
    boolean: bool | None = None
    raw: object = None


def run(store, text: str) -> Result:
    import pyoxigraph as ox
    try:
        res = store.query(text, use_default_graph_as_union=True)
    except SyntaxError as e:
        raise KgError(f"query: SPARQL syntax error: {' '.join(str(e).split())}") from None
    except OSError as e:
        raise KgError(f"query: {e}") from None
    if isinstance(res, ox.QueryBoolean):
        return Result("ask", [], [], bool(res))
    if isinstance(res, ox.QuerySolutions):
        variables = [v.value for v in res.variables]
        rows = [tuple(sol[v] for v in variables) for sol in res]
        return Result("select", variables, rows)
    return Result("graph", ["subject", "predicate", "object"], [tuple(t) for t in res])


def query(text: str, sources=()) -> Result:
    return run(open_store(sources), text)


# ------------------------------------------------------------------ rendering

def prefixes() -> dict[str, str]:
    """Prefixes for compact IRIs in tables: the ontology's own, then common vocabularies."""
    from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, XSD

    from .ontology import terms
    KG, base = terms()
    return {"kg": str(KG), "id": base, "rdf": str(RDF), "rdfs": str(RDFS), "skos": str(SKOS),
            "xsd": str(XSD), "dcterms": str(DCTERMS), "prov": str(PROV), "owl": str(OWL)}


def display(term, pfx: dict[str, str]) -> str:
    """A term as an analyst reads it: literal values bare, IRIs compacted."""
    import pyoxigraph as ox
    if term is None:
        return ""
    if isinstance(term, ox.NamedNode):
        for p, ns in pfx.items():
            if term.value.startswith(ns) and len(term.value) > len(ns):
                return f"{p}:{term.value[len(ns):]}"
        return f"<{term.value}>"
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    if isinstance(term, ox.Literal):
        return term.value
    return str(term)


def width(s: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in s)


def clip(s: str, limit: int) -> str:
    s = " ".join(s.split()) if ("\n" in s or "\t" in s or "\r" in s) else s
    if limit <= 0 or width(s) <= limit:
        return s
    out, w = [], 0
    for c in s:
        cw = width(c)
        if w + cw > limit - 1:
            break
        out.append(c)
        w += cw
    return "".join(out) + "…"


def table(variables: list[str], rows: list[list[str]], max_width: int = 60) -> str:
    """Aligned columns that stay aligned with Chinese (double-width) text."""
    cells = [[clip(c, max_width) for c in r] for r in rows]
    widths = [max([width(v)] + [width(r[i]) for r in cells]) for i, v in enumerate(variables)]

    def line(vals):
        return "  ".join(v + " " * (widths[i] - width(v)) for i, v in enumerate(vals)).rstrip()

    out = [line(variables), line(["-" * w for w in widths])] + [line(r) for r in cells]
    out.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    return "\n".join(out) + "\n"


def render(result: Result, fmt: str = "table", max_width: int = 60) -> str:
    if fmt not in FORMATS:
        raise KgError(f"unknown format {fmt!r} (choose from {', '.join(FORMATS)})")
    if result.kind == "ask":
        if fmt == "json":
            return '{"head":{},"boolean":%s}\n' % ("true" if result.boolean else "false")
        return ("true" if result.boolean else "false") + "\n"
    if result.kind == "graph":
        return "".join(f"{s} {p} {o} .\n" for s, p, o in result.rows)
    if fmt == "table":
        pfx = prefixes()
        return table(result.variables, [[display(t, pfx) for t in r] for r in result.rows], max_width)
    if fmt == "json":
        return results_json(result)
    if fmt == "csv":
        return results_csv(result)
    return results_tsv(result)


def _json_term(t) -> dict:
    import pyoxigraph as ox
    from rdflib.namespace import XSD
    if isinstance(t, ox.NamedNode):
        return {"type": "uri", "value": t.value}
    if isinstance(t, ox.BlankNode):
        return {"type": "bnode", "value": t.value}
    d = {"type": "literal", "value": t.value}
    if t.language:
        d["xml:lang"] = t.language
    elif t.datatype.value != str(XSD.string):
        d["datatype"] = t.datatype.value
    return d


def results_json(result: Result) -> str:
    """SPARQL 1.1 Query Results JSON."""
    import json
    bindings = [{v: _json_term(t) for v, t in zip(result.variables, r) if t is not None} for r in result.rows]
    doc = {"head": {"vars": result.variables}, "results": {"bindings": bindings}}
    return json.dumps(doc, ensure_ascii=False, indent=1) + "\n"


def results_csv(result: Result) -> str:
    """SPARQL 1.1 Query Results CSV: plain values, RFC 4180 quoting."""
    import csv
    import io

    import pyoxigraph as ox
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(result.variables)
    for r in result.rows:
        w.writerow(["" if t is None else (f"_:{t.value}" if isinstance(t, ox.BlankNode) else t.value)
                    for t in r])
    return buf.getvalue()


def results_tsv(result: Result) -> str:
    """SPARQL 1.1 Query Results TSV: terms in N-Triples form, so types survive."""
    lines = ["\t".join("?" + v for v in result.variables)]
    lines += ["\t".join("" if t is None else str(t) for t in r) for r in result.rows]
    return "\n".join(lines) + "\n"
