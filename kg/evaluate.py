"""Score a built graph against a gold annotation, and explain every error.

Matching follows the annotation guidelines (and the team's score.py): names are
compared after NFKC, quote and white-space removal (Town also ignores a trailing
镇/乡/街道); *strict* wants equal names, *lenient* accepts one name inside the
other when the shorter has ≥ 60 % of the longer's characters.  Optional gold
rows neither reward nor punish.  Micro averages count the five types together.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from .errors import InputError
from .names import guideline_form as norm
from .ontology import ENTITY_TYPES, LINKS

MODES = ("strict", "lenient")


def lenient(a: str, b: str) -> bool:
    if a == b:
        return True
    short, long_ = (a, b) if len(a) <= len(b) else (b, a)
    return bool(short) and short in long_ and len(short) >= 0.6 * len(long_)


MATCH = {"strict": str.__eq__, "lenient": lenient}


@dataclass
class Gold:
    entities: list[tuple[str, str, bool, str]] = field(default_factory=list)   # type, name, required, evidence
    links: list[tuple[str, str, str, bool, str]] = field(default_factory=list)  # rel, from, to, required, evidence


@dataclass(frozen=True)
class Node:
    """A predicted entity: all its names, and where the builder found it."""
    type: str
    names: frozenset[str]
    label: str
    evidence: tuple[tuple[str, str], ...] = ()       # (rule id, sentence)


@dataclass
class Score:
    p: float
    r: float
    f1: float
    gold: int
    pred: int
    missed: list = field(default_factory=list)     # gold names
    spurious: list = field(default_factory=list)   # Node (entities) or (from, to) labels (links)


def read_gold(path: str | Path) -> Gold:
    gold = Gold()
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except OSError as e:
        raise InputError(str(path), f"cannot read gold file ({e.strerror or e})") from None
    for n, line in enumerate(lines, 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        f = line.split("\t")
        if f[0] == "entity" and len(f) >= 4 and f[1] in ENTITY_TYPES:
            gold.entities.append((f[1], f[2], f[3] != "optional", f[4] if len(f) > 4 else ""))
        elif f[0] == "link" and len(f) >= 5 and f[1] in LINKS:
            gold.links.append((f[1], f[2], f[3], f[4] != "optional", f[5] if len(f) > 5 else ""))
        else:
            raise InputError(str(path), f"line {n} is not a gold row: {line[:60]!r}")
    return gold


_PRED_QUERY = """
PREFIX kg: <{ns}>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?e ?t ?name ?rule ?sentence WHERE {{
  ?e a ?t .
  {{ ?e rdfs:label ?name }} UNION {{ ?e skos:prefLabel ?name }} UNION {{ ?e skos:altLabel ?name }}
  OPTIONAL {{ ?e kg:hasMention ?m . ?m kg:rule ?rule ; kg:sentence ?sentence }}
}}"""


def read_pred(paths) -> tuple[list[Node], list[tuple[str, Node, Node]]]:
    """Entities and core links from built RDF files (Turtle, N-Quads, TriG, ...)."""
    import rdflib

    from .ontology import terms
    KG, _ = terms()
    g = rdflib.Dataset(default_union=True)
    fmt = {".ttl": "turtle", ".nq": "nquads", ".trig": "trig", ".nt": "nt", ".jsonld": "json-ld"}
    for p in map(Path, paths):
        files = sorted(f for f in p.iterdir() if f.suffix in fmt) if p.is_dir() else [p]
        for f in files:
            if f.suffix not in fmt:
                raise InputError(str(f), "not an RDF file kg can read (.ttl .nq .trig .nt .jsonld)")
            try:
                g.parse(f, format=fmt[f.suffix])
            except Exception as e:  # parser errors come in many classes
                raise InputError(str(f), f"cannot parse: {str(e).splitlines()[0][:120]}") from None
    names, ev, types = defaultdict(set), defaultdict(set), {}
    for e, t, name, rule, sentence in g.query(_PRED_QUERY.format(ns=str(KG))):
        local = str(t).rsplit("#", 1)[-1]
        types.setdefault(e, set()).add(local)
        names[e].add(str(name))
        if rule is not None:
            ev[e].add((str(rule), str(sentence)))
    nodes: dict = {}
    for e, ts in types.items():
        for t in ts:
            label = min(names[e], key=lambda n: (-len(n), n))
            node = Node(t, frozenset(names[e]), label, tuple(sorted(ev[e])))
            nodes[(e, t)] = node
    ents = [n for (e, t), n in nodes.items() if t in ENTITY_TYPES]
    by_iri = {e: n for (e, t), n in nodes.items()}
    links = []
    for rel in LINKS:
        for s, o in g.subject_objects(getattr(KG, rel)):
            if s in by_iri and o in by_iri:
                links.append((rel, by_iri[s], by_iri[o]))
    return ents, links


def _prf(tp_pred, n_pred, tp_gold, n_gold):
    p = tp_pred / n_pred if n_pred else 0.0
    r = tp_gold / n_gold if n_gold else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def _score(req, opt, preds, keys_of, match):
    """req/opt: gold keys; preds: items; keys_of(item) → its comparable keys."""
    hit = lambda g, item: any(match(g, k) for k in keys_of(item))
    missed = [g for g in sorted(req) if not any(hit(g, it) for it in preds)]
    counted = [it for it in preds if any(hit(g, it) for g in req) or not any(hit(g, it) for g in opt)]
    spurious = [it for it in counted if not any(hit(g, it) for g in req)]
    p, r, f = _prf(len(counted) - len(spurious), len(counted), len(req) - len(missed), len(req))
    return Score(round(p, 4), round(r, 4), round(f, 4), len(req), len(counted), missed, spurious)


def _micro(scores):
    tp_p = sum(s.pred - len(s.spurious) for s in scores)
    tp_g = sum(s.gold - len(s.missed) for s in scores)
    p, r, f = _prf(tp_p, sum(s.pred for s in scores), tp_g, sum(s.gold for s in scores))
    return Score(round(p, 4), round(r, 4), round(f, 4), sum(s.gold for s in scores), sum(s.pred for s in scores))


def score(gold: Gold, ents: list[Node], links) -> dict[str, dict[str, Score]]:
    out = {}
    for mode in MODES:
        m = MATCH[mode]
        res = {}
        for t in ENTITY_TYPES:
            req = {norm(n, t) for tt, n, r, _ in gold.entities if tt == t and r}
            opt = {norm(n, t) for tt, n, r, _ in gold.entities if tt == t and not r} - req
            preds = [n for n in ents if n.type == t]
            res[t] = _score(req, opt, preds, lambda n, t=t: {norm(x, t) for x in n.names}, m)
        res["entities"] = _micro([res[t] for t in ENTITY_TYPES])
        lm = lambda g, k: m(g[0], k[0]) and m(g[1], k[1])
        for rel in LINKS:
            key = lambda a, b: (norm(a, "Town"), norm(b, "Town"))
            req = {key(a, b) for r, a, b, q, _ in gold.links if r == rel and q}
            opt = {key(a, b) for r, a, b, q, _ in gold.links if r == rel and not q} - req
            preds = list({(s, o) for r, s, o in links if r == rel})
            res[rel] = _score(req, opt, preds, lambda it: {key(a, b) for a in it[0].names for b in it[1].names}, lm)
        res["links"] = _micro([res[r] for r in LINKS])
        out[mode] = res
    return out


def near_misses(name: str, etype: str, ents: list[Node]) -> list[str]:
    """What the builder found that nearly matches a missed gold name: overlapping
    names of the same type (span too long or short), or the same name typed otherwise."""
    key = norm(name, etype)
    out = []
    for n in ents:
        for x in n.names:
            k = norm(x, n.type)
            if n.type != etype and (k == key or lenient(k, key)):
                out.append(f"found as {n.type} {x!r} by {_rules(n)}")
            elif n.type == etype and k != key and (k in key or key in k) and min(len(k), len(key)) >= 2:
                out.append(f"span {x!r} by {_rules(n)}")
    return sorted(set(out))[:3]


def _rules(n: Node) -> str:
    return ",".join(sorted({r for r, _ in n.evidence})) or "?"


def report_text(gold: Gold, ents, links, res, show: int = 1000) -> str:
    lines = []
    for mode in MODES:
        lines.append(f"== {mode}")
        lines.append(f"{'':<11} {'P':>6} {'R':>6} {'F1':>6} {'gold':>5} {'pred':>5}")
        for k in (*ENTITY_TYPES, "entities", *LINKS, "links"):
            s = res[mode][k]
            lines.append(f"{k:<11} {s.p:6.3f} {s.r:6.3f} {s.f1:6.3f} {s.gold:5d} {s.pred:5d}")
    evidence = {(t, norm(n, t)): e for t, n, _, e in gold.entities}
    for t in ENTITY_TYPES:
        s = res["lenient"][t]
        if s.spurious:
            lines.append(f"\n{t}: false positives (lenient)")
            for n in sorted(s.spurious, key=lambda n: n.label)[:show]:
                rule, sent = n.evidence[0] if n.evidence else ("?", "")
                lines.append(f"  FP   {n.label}  [{_rules(n)}]  {sent[:120]}")
        if s.missed:
            lines.append(f"\n{t}: misses (lenient)")
            for g in s.missed[:show]:
                near = near_misses(g, t, ents)
                hint = f"  (nearly: {'; '.join(near)})" if near else "  (no rule fired)"
                lines.append(f"  MISS {g}{hint}  «{evidence.get((t, g), '')}»")
    for rel in LINKS:
        s = res["lenient"][rel]
        if s.spurious:
            lines.append(f"\n{rel}: false positives (lenient)")
            for a, b in sorted(s.spurious, key=lambda it: (it[0].label, it[1].label))[:show]:
                lines.append(f"  FP   {a.label} → {b.label}")
        if s.missed:
            lines.append(f"\n{rel}: misses (lenient)")
            for a, b in s.missed[:show]:
                lines.append(f"  MISS {a} → {b}")
    return "\n".join(lines)


def evaluate(gold_path, pred_paths):
    gold = read_gold(gold_path)
    ents, links = read_pred(pred_paths)
    return gold, ents, links, score(gold, ents, links)
