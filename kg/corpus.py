"""Many reports, one graph: OUT/corpus.nq and corpus.trig (one named graph per
report, IRI from region and year), corpus.ttl (merged), corpus.html, an on-disk
pyoxigraph store OUT/store/ for `kg query`, and OUT/resolution.json for
`kg explain`.

Memory stays flat: no whole-corpus graph is ever held.  Each report's quads are
made (in a worker) with the corpus-wide resolution applied, appended to the
files, and the store is bulk-loaded from corpus.nq on disk.  All outputs are
written beside their final names and renamed into place at the end, so an
interrupted build leaves the previous outputs intact.
"""
from __future__ import annotations

import json
import os
import shutil
from dataclasses import replace
from pathlib import Path

from .model import Report
from .names import region_key, slug

FILES = ("corpus.nq", "corpus.trig", "corpus.ttl", "corpus.html", "resolution.json")
STORE = "store"
_TMP = ".corpus-tmp"


def outputs_exist(out_dir: Path) -> bool:
    return all((Path(out_dir) / f).is_file() for f in FILES) and (Path(out_dir) / STORE).is_dir()


def remove_temp(out_dir: Path) -> None:
    shutil.rmtree(Path(out_dir) / _TMP, ignore_errors=True)


def graph_key(report: Report) -> str:
    """graph/region/<digest>/<year>, or graph/file/<name> when region or year is not known."""
    meta = report.doc.meta
    if meta.region and meta.year and "region-not-found" not in meta.flags:
        return f"graph/{region_key(meta.region)}/{meta.year}"
    return f"graph/file/{slug(report.doc.name)}"


def remap(report: Report, alias: dict[str, str]) -> Report:
    """The report with merged entity keys replaced by the key they go by."""
    if not alias:
        return report
    ents = tuple(replace(e, key=alias.get(e.key, e.key)) for e in report.entities)
    rels = tuple(replace(r, subject=alias.get(r.subject, r.subject), object=alias.get(r.object, r.object))
                 for r in report.relations)
    return replace(report, entities=ents, relations=rels)


# ------------------------------------------------------------------ one report's part (runs in a worker)

_LOCAL = ("report/", "section/", "mention/", "status/")


_JOB: dict = {}     # what forked workers inherit: the reports, the resolution, the labels


def report_part(task) -> tuple[str, str, str, list]:
    """(index, graph key) → (N-Quads, TriG block, Turtle of report-local subjects,
    triples about shared nodes) for one report, the corpus resolution applied."""
    from .rdf import iri, nquads, triples, turtle_body, vocab
    i, gkey = task
    alias, labels = _JOB["alias"], _JOB["labels"]
    report = remap(_JOB["reports"][i], alias)
    _, base, ns = vocab()
    pref, alt = iri(ns["skos"] + "prefLabel"), iri(ns["skos"] + "altLabel")
    ts = triples(report)
    if labels:
        # a merged node's one prefLabel is in the resolution graph; other names become altLabels
        fixed = []
        for s, p, o in ts:
            if p == pref and s in labels:
                p = pref if o == labels[s] else alt
            fixed.append((s, p, o))
        ts = sorted(set(fixed))
    g = iri(base + gkey)
    local_prefix = tuple(f"<{base}{x}" for x in _LOCAL)
    local = [t for t in ts if t[0].startswith(local_prefix)]
    shared = [t for t in ts if not t[0].startswith(local_prefix)]
    return nquads(ts, g), f"{g} {{\n{turtle_body(ts, '  ')}}}\n\n", turtle_body(local), shared


class CorpusWriter:
    """Collects each report as it is built; `finish` writes the corpus outputs."""

    def __init__(self, out_dir: Path, jobs: int = 1):
        self.out = Path(out_dir)
        self.jobs = jobs
        self.items: list[tuple[Path, str]] = []     # (source path, graph key), in the order of `reports`
        self.used: set[str] = set()

    def add(self, report: Report) -> str:
        key = graph_key(report)
        if key in self.used:                       # same region and year twice: tell them apart by file
            key = f"{key}/{slug(report.doc.name)}"
        self.used.add(key)
        self.items.append((Path(report.doc.source), key))
        return key

    def abort(self) -> None:
        remove_temp(self.out)

    def finish(self, reports: list[Report]) -> dict:
        from .html import to_html_corpus
        assert len(reports) == len(self.items), "finish() takes the reports given to add(), in order"
        from .rdf import iri, lit, nquads, prefix_lines, turtle_body, vocab
        from .resolve import resolve

        tmp = self.out / _TMP
        remove_temp(self.out)
        tmp.mkdir(parents=True)
        res = resolve(reports)
        KG, base, ns = vocab()
        labels = {iri(base + e["key"]): lit(e["label"], "zh") for e in res.entries if len(e["names"]) > 1}

        # resolution graph: one prefLabel, the other names and why they merged
        rg = iri(base + "graph/resolution")
        pref, alt = iri(ns["skos"] + "prefLabel"), iri(ns["skos"] + "altLabel")
        reason = iri(str(KG.mergeReason))
        rts = set()
        for e in res.entries:
            node = iri(base + e["key"])
            if len(e["names"]) > 1:
                rts.add((node, pref, lit(e["label"], "zh")))
            for n in e["names"]:
                if n["name"] != e["label"]:
                    rts.add((node, alt, lit(n["name"], "zh")))
                rts.add((node, reason, lit(f"{n['name']}: {n['why']}")))
        rts = sorted(rts)

        _JOB.update(reports=reports, alias=res.alias, labels=labels)
        tasks = [(i, key) for i, (_, key) in enumerate(self.items)]
        shared: set = set()
        n_quads = 0
        with open(tmp / "corpus.nq", "w", encoding="utf-8") as nq, \
                open(tmp / "corpus.trig", "w", encoding="utf-8") as trig, \
                open(tmp / "corpus.ttl", "w", encoding="utf-8") as ttl:
            trig.write(prefix_lines())
            ttl.write(prefix_lines())
            for quads, block, local, shared_ts in _parts(tasks, self.jobs):
                nq.write(quads)
                trig.write(block)
                ttl.write(local)
                shared.update(shared_ts)
                n_quads += quads.count("\n")
            nq.write(nquads(rts, rg))
            trig.write(f"{rg} {{\n{turtle_body(rts, '  ')}}}\n")
            n_quads += len(rts)
            ttl.write(turtle_body(sorted(shared | set(rts))))

        store_dir = tmp / STORE
        import pyoxigraph as ox
        store = ox.Store(str(store_dir))
        store.bulk_load(path=str(tmp / "corpus.nq"), format=ox.RdfFormat.N_QUADS)
        store.flush()
        graphs = sum(1 for _ in store.named_graphs())
        del store

        _JOB.clear()
        page = to_html_corpus([remap(r, res.alias) for r in reports])
        (tmp / "corpus.html").write_text(page, encoding="utf-8")
        (tmp / "resolution.json").write_text(json.dumps(
            {"alias": dict(sorted(res.alias.items())), "entities": res.entries},
            ensure_ascii=False, indent=1, sort_keys=True) + "\n", encoding="utf-8")

        # swap into place: files by rename, the store folder via a side name
        for f in FILES:
            os.replace(tmp / f, self.out / f)
        old = self.out / ".store-old"
        shutil.rmtree(old, ignore_errors=True)
        if (self.out / STORE).exists():
            os.replace(self.out / STORE, old)
        os.replace(store_dir, self.out / STORE)
        shutil.rmtree(old, ignore_errors=True)
        remove_temp(self.out)
        merged = sum(1 for e in res.entries if len({n["name"] for n in e["names"]}) > 1 or e["merged_keys"])
        return {"reports": len(self.items), "graphs": graphs, "quads": n_quads,
                "shared_entities": sum(1 for e in res.entries if len({r for n in e["names"] for r in n["reports"]}) > 1),
                "merged": merged}


def _parts(tasks, jobs: int):
    """report_part for each task, in order, on `jobs` processes."""
    if jobs <= 1 or len(tasks) <= 1:
        yield from map(report_part, tasks)
        return
    import multiprocessing as mp
    import sys
    from .build import _quiet_worker
    ctx = mp.get_context("fork") if sys.platform.startswith("linux") else mp.get_context()
    pool = ctx.Pool(min(jobs, len(tasks)), initializer=_quiet_worker)
    try:
        yield from pool.imap(report_part, tasks, chunksize=max(1, min(8, len(tasks) // (jobs * 8))))
        pool.close()
    except BaseException:
        pool.terminate()
        raise
    finally:
        pool.join()
