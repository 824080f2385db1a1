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



class _Collector:
    """Merges entities, meta-derived nodes and links of one or more reports by key."""

    def __init__(self):
        self.reports: list[dict] = []
        self.sections: list[list] = []          # [report, "number title"]
        self.sentences: list[list] = []         # [report, section or -1, text]
        self._sent_ids: dict[tuple[int, int], int] = {}
        self.nodes: dict[str, dict] = {}
        self.edges: dict[tuple[str, str, str], dict] = {}

    def add(self, report: Report) -> None:
        doc, meta, segs = report.doc, report.doc.meta, report.segments
        ri = len(self.reports)
        region = meta.region or doc.name
        self.reports.append({"name": doc.name, "title": meta.title or doc.name, "region": meta.region or "",
                             "year": meta.year})
        sec_base = len(self.sections)
        for s in segs.sections:
            self.sections.append([ri, f"{s.number} {s.title}".strip()])

        def sentence(si: int) -> tuple[int, int]:
            """Global sentence id and the offset to subtract from doc positions."""
            s = segs.sentences[si]
            raw = doc.text[s.start:s.end]
            lead = len(raw) - len(raw.lstrip())
            if (ri, si) not in self._sent_ids:
                self._sent_ids[(ri, si)] = len(self.sentences)
                sec = sec_base + s.section if s.section is not None else -1
                self.sentences.append([ri, sec, raw.strip()])
            return self._sent_ids[(ri, si)], s.start + lead

        def node(key: str, etype: str, name: str, aliases=()) -> dict:
            n = self.nodes.setdefault(key, {"key": key, "type": etype, "name": name, "aliases": set(),
                                            "mentions": set(), "reports": set()})
            n["aliases"].update(a for a in aliases if a != n["name"])
            n["reports"].add(ri)
            return n

        def mention(n: dict, si: int, start: int, end: int) -> None:
            """A mention outside its sentence (bad offsets upstream) still shows the sentence, unmarked."""
            gid, off = sentence(si)
            s = segs.sentences[si]
            if off <= start < end <= s.end:
                n["mentions"].add((gid, start - off, end - off))
            else:
                n["mentions"].add((gid, -1, -1))

        starts = [s.start for s in segs.sentences]

        def find_in_text(n: dict, text: str) -> None:
            """Mentions of a node the extractor does not produce (region, speaker): plain search."""
            for m in re.finditer(re.escape(text), doc.text):
                si = bisect.bisect_right(starts, m.start()) - 1
                if si >= 0 and m.end() <= segs.sentences[si].end:
                    mention(n, si, m.start(), m.end())

        for e in report.entities:
            n = node(e.key, e.type, e.name, e.aliases)
            for m in e.mentions:
                mention(n, m.sentence, m.start, m.end)

        rk = region_key(region)
        find_in_text(node(rk, "Region", region), region)
        child = rk
        for parent in meta.parents:
            pk = region_key(parent)
            find_in_text(node(pk, "Region", parent), parent)
            self._edge(child, "partOf", pk, ri, None)
            child = pk
        if meta.speaker:
            sk = speaker_key(meta.region or "", meta.speaker)
            find_in_text(node(sk, "Person", meta.speaker), meta.speaker)
            self._edge(rk, "speaker", sk, ri, None)

        for r in report.relations:
            if r.subject in self.nodes and r.object in self.nodes:
                ok = r.sentence is not None and 0 <= r.sentence < len(segs.sentences)
                self._edge(r.subject, r.predicate, r.object, ri, sentence(r.sentence)[0] if ok else None)

    def _edge(self, s: str, p: str, o: str, ri: int, sent: int | None) -> None:
        e = self.edges.setdefault((s, p, o), {"reports": set(), "evidence": set()})
        e["reports"].add(ri)
        if sent is not None:
            e["evidence"].add(sent)


def graph_data(reports: list[Report]) -> dict:
    """Everything the page shows, as plain sorted data (deterministic JSON)."""
    col = _Collector()
    for report in sorted(reports, key=lambda r: (r.doc.meta.year or 0, r.doc.name)):
        col.add(report)
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


def render(data: dict, title: str) -> str:
    """The page: only our two scripts may run (CSP hashes), so even a markup slip could not run code."""
    vis, js = "\n" + _vis_js() + "\n", "\n" + _asset("page.js") + "\n"
    parts = {"TITLE": _html.escape(title), "CSS": _asset("page.css"), "VIS": vis, "JS": js,
             "HASHES": f"{_csp_hash(vis)} {_csp_hash(js)}", "DATA": script_json(data)}
    # One pass: text substituted in is never scanned again for placeholders.
    return re.sub(r"@@([A-Z]+)@@", lambda m: parts[m.group(1)], _asset("page.html"))


def to_html(report: Report) -> str:
    """One report's page."""
    meta = report.doc.meta
    return render(graph_data([report]), meta.title or report.doc.name)


def _corpus_title(reports: list[dict]) -> str:
    years = sorted({r["year"] for r in reports if r["year"]})
    span = f", {years[0]}–{years[-1]}" if len(years) > 1 else (f", {years[0]}" if years else "")
    return f"{len(reports)} reports{span}"


def to_html_corpus(reports: list[Report]) -> str:
    """One page for many reports, merged by entity key, with a report/year filter."""
    data = graph_data(list(reports))
    return render(data, _corpus_title(data["reports"]))


def corpus_page(reports) -> str:
    """`to_html_corpus` for a stream of reports already in (year, name) order, holding one
    report at a time: a corpus build reads them back from disk one by one (kg/corpus.py)."""
    col = _Collector()
    for report in reports:
        col.add(report)
    data = _assemble(col)
    return render(data, _corpus_title(data["reports"]))
