"""Reports → one self-contained, offline, interactive graph page.

The page is our own template (kg/html_assets/) around the vis-network build
that pyvis ships: pyvis's own template links Bootstrap from a CDN and copies a
`lib/` folder, which an offline analyst cannot use.  Positions are computed
here (physics stays off in the browser, which is what keeps large pages fast),
and every string from a report travels as escaped JSON that the page's script
inserts as text, never as markup.
"""
from __future__ import annotations

import bisect
import html as _html
import json
import math
import re
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import NamedTuple

from .model import Report
from .names import region_key, speaker_key

GAP = 60          # px between neighbouring nodes on a ring / in a grid
STEP = 160        # px between rings of a component's radial layout
MARGIN = 120      # px around each packed block


# ----------------------------------------------------------------- assets

@lru_cache(maxsize=None)
def _asset(name: str) -> str:
    return (resources.files("kg") / "html_assets" / name).read_text(encoding="utf-8")


@lru_cache(maxsize=None)
def _vis_js() -> str:
    """vis-network as shipped inside the pyvis package (found without importing pyvis)."""
    import importlib.util
    spec = importlib.util.find_spec("pyvis")
    if spec is None or not spec.submodule_search_locations:
        from .errors import KgError
        raise KgError("pyvis is not installed: it provides the vis-network script the HTML page embeds")
    base = Path(next(iter(spec.submodule_search_locations)))
    found = sorted(base.glob("templates/lib/vis-*/vis-network.min.js")) or sorted(base.glob("lib/vis-*/vis-network.min.js"))
    js = found[-1].read_text(encoding="utf-8")
    # Inline script may not contain these, or the HTML parser would end/alter the script early.
    assert "</script" not in js.lower() and "<!--" not in js, "vis-network script cannot be inlined"
    return js


@lru_cache(maxsize=None)
def _types() -> tuple[dict, ...]:
    """Drawing style per class (types.json) with its labels from the ontology."""
    styles = json.loads(_asset("types.json"))["types"]
    return tuple({**s, **_labels(s["type"])} for s in styles)


@lru_cache(maxsize=None)
def _labels(local: str) -> dict:
    """English and Chinese rdfs:label of an ontology term (closed namespace: typos raise)."""
    from rdflib.namespace import RDFS

    from .ontology import graph, terms
    KG, _ = terms()
    out = {"en": local, "zh": ""}
    for lit in graph().objects(KG[local], RDFS.label):
        if lit.language in ("en", "zh"):
            out[lit.language] = str(lit)
    return out


# ----------------------------------------------------------------- data

class PagePart(NamedTuple):
    """What the page needs of one report, without its text: a corpus build's workers
    hand these over (pickled), so the parent never reloads whole reports."""
    info: dict                  # name, title, region, year
    sections: tuple             # "number title" per section
    sentences: dict             # sentence index → (section index or None, text), those referred to
    nodes: tuple                # (key, type, name, aliases, is an entity, ((sentence, start, end), ...))
    meta_edges: tuple           # (subject, predicate, object): partOf and speaker
    relations: tuple            # (subject, predicate, object, sentence index or None)


def page_part(report: Report) -> PagePart:
    """One report's page contribution; mention offsets made relative to their (stripped) sentence."""
    doc, meta, segs = report.doc, report.doc.meta, report.segments
    text, sents = doc.text, segs.sentences
    info = {"name": doc.name, "title": meta.title or doc.name, "region": meta.region or "", "year": meta.year}
    sections = tuple(f"{s.number} {s.title}".strip() for s in segs.sections)
    used: dict[int, tuple] = {}
    offsets: dict[int, int] = {}

    def sentence(si: int) -> int:
        """Keep the sentence's text; the offset to subtract from doc positions."""
        off = offsets.get(si)
        if off is None:
            s = sents[si]
            raw = text[s.start:s.end]
            body = raw.lstrip()
            off = offsets[si] = s.start + len(raw) - len(body)
            used[si] = (s.section, body.rstrip())
        return off

    def mention(si: int, start: int, end: int) -> tuple[int, int, int]:
        """A mention outside its sentence (bad offsets upstream) still shows the sentence, unmarked."""
        off = sentence(si)
        if off <= start < end <= sents[si].end:
            return si, start - off, end - off
        return si, -1, -1

    starts = [s.start for s in sents]

    def found(name: str) -> tuple:
        """Mentions of a node the extractor does not produce (region, speaker): plain search."""
        out = []
        for m in re.finditer(re.escape(name), text):
            si = bisect.bisect_right(starts, m.start()) - 1
            if si >= 0 and m.end() <= sents[si].end:
                out.append(mention(si, m.start(), m.end()))
        return tuple(out)

    nodes = [(e.key, e.type, e.name, e.aliases, True, tuple(mention(m.sentence, m.start, m.end) for m in e.mentions))
             for e in report.entities]
    edges = []
    rk = region_key(meta.region) if meta.region else None     # as in the graph: no node for an unknown region
    if rk is not None:
        nodes.append((rk, "Region", meta.region, (), False, found(meta.region)))
        child = rk
        for parent in meta.parents:
            pk = region_key(parent)
            nodes.append((pk, "Region", parent, (), False, found(parent)))
            edges.append((child, "partOf", pk))
            child = pk
    if meta.speaker:
        sk = speaker_key(meta.region or "", meta.speaker)
        nodes.append((sk, "Person", meta.speaker, (), False, found(meta.speaker)))
        if rk is not None:
            edges.append((rk, "speaker", sk))
    relations = []
    for r in report.relations:
        ok = r.sentence is not None and 0 <= r.sentence < len(sents)
        if ok:
            sentence(r.sentence)
        relations.append((r.subject, r.predicate, r.object, r.sentence if ok else None))
    return PagePart(info, sections, used, tuple(nodes), tuple(edges), tuple(relations))


class _Collector:
    """Merges entities, meta-derived nodes and links of one or more reports by key."""

    def __init__(self):
        self.reports: list[dict] = []
        self.sections: list[list] = []          # [report, "number title"]
        self.sentences: list[list] = []         # [report, section or -1, text]
        self.nodes: dict[str, dict] = {}
        self.edges: dict[tuple[str, str, str], dict] = {}

    def add(self, part: PagePart, alias: dict[str, str] | None = None) -> None:
        """One report's part; `alias` maps entity keys that merged under another key."""
        alias = alias or {}
        ri = len(self.reports)
        self.reports.append(part.info)
        sec_base = len(self.sections)
        self.sections += ([ri, t] for t in part.sections)
        ids: dict[int, int] = {}                # the report's sentence index → page sentence id

        def sentence(si: int) -> int:
            gid = ids.get(si)
            if gid is None:
                sec, text = part.sentences[si]
                gid = ids[si] = len(self.sentences)
                self.sentences.append([ri, sec_base + sec if sec is not None else -1, text])
            return gid

        for key, etype, name, aliases, entity, mentions in part.nodes:
            if entity:
                key = alias.get(key, key)
            n = self.nodes.setdefault(key, {"key": key, "type": etype, "name": name, "aliases": set(),
                                            "mentions": set(), "reports": set()})
            n["aliases"].update(a for a in aliases if a != n["name"])
            n["reports"].add(ri)
            n["mentions"].update((sentence(si), a, b) for si, a, b in mentions)
        for s, p, o in part.meta_edges:
            self._edge(s, p, o, ri, None)
        for s, p, o, si in part.relations:
            s, o = alias.get(s, s), alias.get(o, o)
            if s in self.nodes and o in self.nodes:
                self._edge(s, p, o, ri, sentence(si) if si is not None else None)

    def _edge(self, s: str, p: str, o: str, ri: int, sent: int | None) -> None:
        e = self.edges.setdefault((s, p, o), {"reports": set(), "evidence": set()})
        e["reports"].add(ri)
        if sent is not None:
            e["evidence"].add(sent)


def graph_data(reports: list[Report]) -> dict:
    """Everything the page shows, as plain sorted data (deterministic JSON)."""
    col = _Collector()
    for report in sorted(reports, key=lambda r: (r.doc.meta.year or 0, r.doc.name)):
        col.add(page_part(report))
    return _assemble(col)


def _assemble(col: _Collector) -> dict:
    """The collected nodes and links, numbered, laid out and sorted for the page."""
    types = _types()
    order = {t["type"]: i for i, t in enumerate(types)}
    unknown = sorted({n["type"] for n in col.nodes.values()} - set(order))
    if unknown:
        from .errors import KgError
        raise KgError(f"no drawing style for entity type(s) {', '.join(unknown)} in kg/html_assets/types.json")
    keys = sorted(col.nodes, key=lambda k: (order[col.nodes[k]["type"]], col.nodes[k]["name"], k))
    index = {k: i for i, k in enumerate(keys)}
    edges = sorted(((index[s], p, index[o], e) for (s, p, o), e in col.edges.items()), key=lambda t: t[:3])
    positions = layout(len(keys), [(s, o) for s, _, o, _ in edges],
                       [order[col.nodes[k]["type"]] for k in keys])
    preds = sorted({p for _, p, _, _ in edges} | {"partOf", "speaker"})
    pred_index = {p: i for i, p in enumerate(preds)}

    nodes = []
    for i, k in enumerate(keys):
        n = col.nodes.pop(k)        # hand each node over once: the collector is spent after this
        by_sentence: dict[int, list] = {}
        for gid, a, b in sorted(n["mentions"]):
            spans = by_sentence.setdefault(gid, [])
            if a >= 0:
                spans.append([a, b])
        x, y = positions[i]
        nodes.append({"id": i, "k": k, "t": order[n["type"]], "n": n["name"], "a": sorted(n["aliases"]),
                      "x": x, "y": y, "c": len(n["mentions"]), "s": node_size(len(n["mentions"])),
                      "m": [[gid, spans] for gid, spans in sorted(by_sentence.items())],
                      "r": sorted(n["reports"])})
    return {
        "reports": col.reports,
        "types": [dict(t) for t in types],
        "predicates": [{"p": p, **_labels(p)} for p in preds],
        "sections": col.sections,
        "sentences": col.sentences,
        "nodes": nodes,
        "edges": [{"id": j, "from": s, "to": o, "p": pred_index[p], "r": sorted(e["reports"]),
                   "ev": sorted(e["evidence"])} for j, (s, p, o, e) in enumerate(edges)],
    }


def node_size(mentions: int) -> int:
    """Area grows with mentions, capped so a hub does not cover its neighbours."""
    return min(48, 10 + round(4 * math.sqrt(mentions)))


# ----------------------------------------------------------------- layout

def layout(n: int, edges: list[tuple[int, int]], groups: list[int] | None = None) -> list[tuple[int, int]]:
    """Deterministic positions: each connected component as a radial tree
    around its best-connected node, isolated nodes in a grid per type run,
    all blocks shelf-packed.  O(nodes + edges), pure Python, so it is
    identical on every platform and needs no numpy; report graphs are mostly
    stars (honours around a region, projects around a town), which a radial
    tree shows as well as a force layout does."""
    adj: list[list[int]] = [[] for _ in range(n)]
    for s, o in edges:
        if s != o:
            adj[s].append(o)
            adj[o].append(s)
    for a in adj:
        a.sort()
    seen = [False] * n
    blocks: list[tuple[float, float, list[tuple[int, float, float]]]] = []   # (w, h, [(node, x, y)])
    singles: list[int] = []
    for v in range(n):
        if seen[v]:
            continue
        comp = _component(v, adj, seen)
        if len(comp) == 1:
            singles.append(v)
        else:
            blocks.append(_radial(comp, adj))
    blocks.sort(key=lambda b: (-len(b[2]), b[2][0][0]))
    blocks += _grids(singles, groups or [0] * n)
    pos = [(0, 0)] * n
    for node, x, y in _pack(blocks):
        pos[node] = (round(x), round(y))
    return pos


def _component(v: int, adj, seen) -> list[int]:
    seen[v] = True
    comp, stack = [], [v]
    while stack:
        u = stack.pop()
        comp.append(u)
        for w in adj[u]:
            if not seen[w]:
                seen[w] = True
                stack.append(w)
    return sorted(comp)


def _radial(comp: list[int], adj) -> tuple[float, float, list]:
    root = min(comp, key=lambda u: (-len(adj[u]), u))
    depth, parent, order = {root: 0}, {root: -1}, [root]
    for u in order:                                   # BFS; order grows while iterating
        for w in adj[u]:
            if w not in depth:
                depth[w], parent[w] = depth[u] + 1, u
                order.append(w)
    children: dict[int, list[int]] = {u: [] for u in order}
    for u in order[1:]:
        children[parent[u]].append(u)
    weight = {}
    for u in reversed(order):
        weight[u] = max(1, sum(weight[c] for c in children[u]))
    r0 = max(STEP, weight[root] * GAP / (2 * math.pi))
    radius = lambda d: 0.0 if d == 0 else r0 + (d - 1) * STEP
    placed, span = [], {root: (0.0, 2 * math.pi)}
    for u in order:
        a0, a1 = span[u]
        mid = (a0 + a1) / 2
        r = radius(depth[u])
        placed.append((u, r * math.cos(mid), r * math.sin(mid)))
        at = a0
        for c in children[u]:
            width = (a1 - a0) * weight[c] / weight[u]
            span[c] = (at, at + width)
            at += width
    extent = 2 * radius(max(depth.values())) + 2 * MARGIN
    return extent, extent, [(u, x + extent / 2, y + extent / 2) for u, x, y in placed]


def _grids(singles: list[int], groups: list[int]) -> list[tuple[float, float, list]]:
    """Unlinked nodes: one grid per group (type), so each colour sits together."""
    runs: dict[int, list[int]] = {}
    for v in singles:
        runs.setdefault(groups[v], []).append(v)
    return [_grid(runs[g]) for g in sorted(runs)]


def _grid(run: list[int]) -> tuple[float, float, list]:
    cols = max(1, math.ceil(math.sqrt(len(run) * 2)))
    rows = math.ceil(len(run) / cols)
    cell = GAP * 3.2                                  # room for a Chinese label under each node
    placed = [(v, MARGIN + (i % cols) * cell, MARGIN + (i // cols) * GAP) for i, v in enumerate(run)]
    return cols * cell + 2 * MARGIN, rows * GAP + 2 * MARGIN, placed


def _pack(blocks) -> list[tuple[int, float, float]]:
    """Shelf packing: rows of blocks, row width about the square root of the total area."""
    if not blocks:
        return []
    area = sum(w * h for w, h, _ in blocks)
    width = max(max(w for w, _, _ in blocks), math.sqrt(area) * 1.3)
    out, x, y, row_h = [], 0.0, 0.0, 0.0
    for w, h, placed in blocks:
        if x > 0 and x + w > width:
            x, y, row_h = 0.0, y + row_h, 0.0
        out += [(v, x + px, y + py) for v, px, py in placed]
        x += w
        row_h = max(row_h, h)
    return out


# ----------------------------------------------------------------- page

_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}


def script_json(data) -> str:
    """JSON that cannot end or alter the <script> element that carries it."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return re.sub("[<>&\u2028\u2029]", lambda m: _ESCAPES[m.group()], text)


def _csp_hash(script: str) -> str:
    import base64
    import hashlib
    return "'sha256-" + base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode() + "'"


@lru_cache(maxsize=None)
def _template() -> tuple[bytes | str, ...]:
    """The page as UTF-8 pieces around the names of its per-page parts (TITLE, DATA).

    Everything else (the ~470 KB inlined vis-network script, its CSP hash) is the same
    on every page, so it is substituted, hashed and encoded once per process."""
    vis, js = "\n" + _vis_js() + "\n", "\n" + _asset("page.js") + "\n"
    fixed = {"CSS": _asset("page.css"), "VIS": vis, "JS": js, "HASHES": f"{_csp_hash(vis)} {_csp_hash(js)}"}
    pieces, text = [], ""
    for i, piece in enumerate(re.split(r"@@([A-Z]+)@@", _asset("page.html"))):
        if i % 2 == 0:
            text += piece
        elif piece in fixed:
            text += fixed[piece]
        else:
            pieces += [text.encode("utf-8"), piece]
            text = ""
    return (*pieces, text.encode("utf-8"))


def render_pieces(data: dict, title: str) -> list[bytes]:
    """The page, UTF-8, in pieces: only our two scripts may run (CSP hashes), so even a markup
    slip could not run code.  Pieces, so a writer need not copy the fixed ~0.5 MB into each page."""
    parts = {"TITLE": _html.escape(title), "DATA": script_json(data)}
    # Text substituted in is never scanned again for placeholders.
    return [p if isinstance(p, bytes) else parts[p].encode("utf-8") for p in _template()]


def render_bytes(data: dict, title: str) -> bytes:
    return b"".join(render_pieces(data, title))


def render(data: dict, title: str) -> str:
    return render_bytes(data, title).decode("utf-8")


def part_pieces(part: PagePart) -> list[bytes]:
    """One report's page (UTF-8, in pieces) from its `page_part`."""
    col = _Collector()
    col.add(part)
    return render_pieces(_assemble(col), part.info["title"])


def part_page(part: PagePart) -> bytes:
    """One report's page (UTF-8) from its `page_part`."""
    return b"".join(part_pieces(part))


def to_html(report: Report) -> str:
    """One report's page."""
    return part_page(page_part(report)).decode("utf-8")


def _corpus_title(reports: list[dict]) -> str:
    years = sorted({r["year"] for r in reports if r["year"]})
    span = f", {years[0]}–{years[-1]}" if len(years) > 1 else (f", {years[0]}" if years else "")
    return f"{len(reports)} reports{span}"


def to_html_corpus(reports: list[Report]) -> str:
    """One page for many reports, merged by entity key, with a report/year filter."""
    data = graph_data(list(reports))
    return render(data, _corpus_title(data["reports"]))


def corpus_page(items, alias: dict[str, str] | None = None) -> str:
    """`to_html_corpus` for a stream of reports or their `page_part`s already in
    (year, name) order, holding one at a time: a corpus build reads the parts its workers
    spilled back from disk one by one (kg/corpus.py).  `alias`: merged entity keys."""
    col = _Collector()
    for item in items:
        col.add(item if isinstance(item, PagePart) else page_part(item), alias)
    data = _assemble(col)
    return render(data, _corpus_title(data["reports"]))
