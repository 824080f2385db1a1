"""Many reports, one graph: OUT/corpus.nq and corpus.trig (one named graph per
report, named by the report's own kg:Report IRI), corpus.ttl (merged),
corpus.html, an on-disk pyoxigraph store OUT/store/ for `kg query`, and
OUT/resolution.json for `kg explain`.

Memory stays flat as the corpus grows: no whole-corpus graph and no list of
reports is ever held.  Each worker writes its report's quads and Turtle, and
what the corpus page needs of it (`html.PagePart`, pickled), to a spill folder,
and hands the parent only the names resolution needs (`resolve.Seen`).  The
parent bulk-loads each report's quads into the store as they arrive; `finish`
resolves the names, then streams the spilled parts into the corpus files one
report at a time (a report whose entities merged under another key is re-made
from its quads with the merge applied, and patched in the store), and builds
the page from the page parts one at a time.  All outputs are written beside their final
names and renamed into place at the end, so an interrupted build leaves the
previous outputs intact.

Why graphs are named by the report IRI (…/id/report/<file stem>) and not by a
region+year IRI: it is what `kg query` names a per-report .ttl's graph when it
loads one, so the store, corpus.nq and a folder of .ttl files give the same
dataset; it is unique where region+year is not (two copies or excerpts of one
year's report), and it exists when region or year could not be found.  Region
and year are on the report node (kg:region, kg:year) for queries.
"""
from __future__ import annotations

import bisect
import json
import os
import pickle
import shutil
from dataclasses import dataclass
from pathlib import Path

from .model import Report
from .resolve import Seen

FILES = ("corpus.nq", "corpus.trig", "corpus.ttl", "corpus.html", "resolution.json")
STORE = "store"
_TMP = ".corpus-tmp"
_PARTS = "parts"


def outputs_exist(out_dir: Path) -> bool:
    return all((Path(out_dir) / f).is_file() for f in FILES) and (Path(out_dir) / STORE).is_dir()


def remove_temp(out_dir: Path) -> None:
    shutil.rmtree(Path(out_dir) / _TMP, ignore_errors=True)


def parts_dir(out_dir: Path) -> Path:
    return Path(out_dir) / _TMP / _PARTS


def graph_iri(report: Report) -> str:
    """The report's named graph: its kg:Report IRI."""
    from .rdf import iri, report_key, vocab
    return iri(vocab()[1] + report_key(report))


@dataclass(frozen=True)
class Part:
    """What the parent keeps of one spilled report."""
    index: int              # position in the build's input order
    name: str
    year: int | None
    graph: str              # its named graph, <IRI>
    quads: int              # how many quads its part holds
    seen: Seen              # the names resolution needs


# ------------------------------------------------------------------ in a worker

def spill(report: Report, ts, body: str | None, page, folder: Path, index: int) -> Part:
    """Write one report's corpus part to the spill folder: its quads, its `html.page_part`
    (pickled) and its Turtle body unless None (then the body is read back from OUT/NAME.ttl
    after its prefix lines)."""
    from .rdf import nquads
    from .resolve import seen
    stem = Path(folder) / f"{index:07d}"
    g = graph_iri(report)
    with open(f"{stem}.nq", "w", encoding="utf-8") as fh:
        fh.write(nquads(ts, g))
    if body is not None:
        with open(f"{stem}.ttl", "w", encoding="utf-8") as fh:
            fh.write(body)
    with open(f"{stem}.pickle", "wb") as fh:
        pickle.dump(page, fh, protocol=pickle.HIGHEST_PROTOCOL)
    return Part(index, report.doc.name, report.doc.meta.year, g, len(ts), seen(report))


def _load_page(folder: Path, index: int):
    with open(Path(folder) / f"{index:07d}.pickle", "rb") as fh:
        return pickle.load(fh)


def merged_part(part: Part, quads: str, body: str, alias: dict[str, str],
                labels: dict[str, str]) -> tuple[str, str, str, str]:
    """A report some of whose entities merged under another key, re-made from its spilled
    N-Quads and Turtle body: (N-Quads, Turtle body, quads to remove from the store, quads to add).

    A merged key only ever names its entity's node and the entity's status record
    (…/status/<report>/<key>), so replacing those IRIs term by term gives exactly the
    triples of the report with the keys replaced; the merged node keeps its one prefLabel
    (the others' become altLabels).  Only the few lines naming such an IRI change, so only
    they are parsed, and only their subjects' Turtle blocks are written anew."""
    from .names import slug
    from .rdf import iri, lit, vocab
    _, base, ns = vocab()
    pref, alt = iri(ns["skos"] + "prefLabel"), iri(ns["skos"] + "altLabel")
    keep = {iri(base + k): lit(v, "zh") for k, v in labels.items()}
    rslug = slug(part.name)
    to = {}
    for key, *_ in part.seen.entities:
        if key in alias:
            to[iri(base + key)] = iri(base + alias[key])
            to[iri(base + f"status/{rslug}/{key}")] = iri(base + f"status/{rslug}/{alias[key]}")
    tail = f" {part.graph} ."
    old, new = set(), set()             # lines that change, and what they become
    for line in _lines_naming(quads, [*to, *keep]):
        s, p, o = line[:-len(tail)].split(" ", 2)     # subject and predicate are IRIs: no spaces
        s2, o2 = to.get(s, s), to.get(o, o)
        p2 = alt if p == pref and s2 in keep and o2 != keep[s2] else p
        if (s2, p2, o2) != (s, p, o):
            old.add(line)
            new.add(f"{s2} {p2} {o2}{tail}")
    # one quad a line ("\n" is escaped in literals); sorted lines are sorted triples, as every
    # term ends at its first space or, for a literal, at its closing quote
    lines = quads.split("\n")[:-1]
    add = sorted(x for x in new if not _has(lines, x))
    remove = sorted(old - new)
    for x in remove:
        del lines[bisect.bisect_left(lines, x)]
    for x in add:
        bisect.insort(lines, x)
    subjects = {x.split(" ", 1)[0] for x in (*remove, *add)}
    return ("\n".join(lines) + "\n", _splice(body, lines, subjects, len(tail)),
            "".join(x + "\n" for x in remove), "".join(x + "\n" for x in add))


def _has(lines: list[str], x: str) -> bool:
    i = bisect.bisect_left(lines, x)
    return i < len(lines) and lines[i] == x


def _lines_naming(text: str, terms: list[str]) -> set[str]:
    """The lines of TEXT (without their "\n") in which any of TERMS occurs."""
    found = set()
    for term in terms:                  # str.find: a regex of the alternatives was slower
        at = text.find(term)
        while at >= 0:
            start, end = text.rfind("\n", 0, at) + 1, text.index("\n", at)
            found.add(text[start:end])
            at = text.find(term, end)
    return found


def _splice(body: str, lines: list[str], subjects: set[str], cut: int) -> str:
    """BODY (Turtle, one block per subject, in subject order) with the blocks of SUBJECTS
    written anew from the sorted N-Quads LINES (without "\n"; `cut`: the graph part's length)."""
    from .rdf import turtle_body
    blocks = body.split(" .\n")[:-1]          # a block ends there and nowhere else: no raw "\n" in a term
    for s in subjects:                         # a block sorts as its subject, like a line
        lo, hi = bisect.bisect_left(lines, s + " "), bisect.bisect_left(lines, s + "!")
        ts = [tuple(x[:-cut].split(" ", 2)) for x in lines[lo:hi]]
        i = bisect.bisect_left(blocks, s + " ")
        if i < len(blocks) and blocks[i].startswith(s + " "):
            del blocks[i]
        if ts:
            blocks.insert(i, turtle_body(ts)[:-3])
    return "".join(b + " .\n" for b in blocks)


# ------------------------------------------------------------------ in the parent

class CorpusWriter:
    """Keeps each report's `Part` as it is built; `finish` writes the corpus outputs."""

    def __init__(self, out_dir: Path):
        self.out = Path(out_dir)
        remove_temp(self.out)
        self.parts_dir = parts_dir(self.out)
        self.parts_dir.mkdir(parents=True)
        self.parts: list[Part] = []
        self.loader: _StoreLoader | None = _StoreLoader(self.out / _TMP / STORE)

    def add(self, part: Part) -> None:
        """Keep the part's names; its quads go into the store now, while other reports are built."""
        self.parts.append(part)
        with open(self.parts_dir / f"{part.index:07d}.nq", "rb") as fh:
            self.loader.add(fh.read())

    def abort(self) -> None:
        if self.loader is not None:
            self.loader.abort()
        remove_temp(self.out)

    def finish(self) -> dict:
        from .html import corpus_page
        from .rdf import iri, lit, nquads, prefix_lines, turtle_body, vocab
        from .resolve import resolve

        tmp = self.out / _TMP
        parts = sorted(self.parts, key=lambda p: p.index)
        res = resolve(p.seen for p in parts)
        KG, base, ns = vocab()

        # resolution graph: each merged node's one prefLabel, its other names and why they merged
        rg = iri(base + "graph/resolution")
        pref, alt = iri(ns["skos"] + "prefLabel"), iri(ns["skos"] + "altLabel")
        reason = iri(str(KG.mergeReason))
        rts = set()
        for e in res.entries:
            node = iri(base + e["key"])
            rts.add((node, pref, lit(e["label"], "zh")))
            for n in e["names"]:
                if n["name"] != e["label"]:
                    rts.add((node, alt, lit(n["name"], "zh")))
                rts.add((node, reason, lit(f"{n['name']}: {n['why']}")))
        rts = sorted(rts)

        merged_away = set(res.alias)
        head = len(prefix_lines().encode())      # OUT/NAME.ttl is these prefix lines + the body
        loader = self.loader
        n_quads = 0
        with open(tmp / "corpus.nq", "wb") as nq, open(tmp / "corpus.trig", "wb") as trig, \
                open(tmp / "corpus.ttl", "wb") as ttl:
            trig.write(prefix_lines().encode())
            ttl.write(prefix_lines().encode())
            for p in parts:
                stem = self.parts_dir / f"{p.index:07d}"
                own = Path(f"{stem}.ttl")
                src, skip = (own, 0) if own.exists() else (self.out / f"{p.name}.ttl", head)
                trig.write(f"{p.graph} {{\n".encode())
                if any(key in merged_away for key, *_ in p.seen.entities):
                    # its entities merged under another key: re-made, and patched in the store
                    with open(src, "rb") as fh:
                        fh.seek(skip)
                        body = fh.read().decode("utf-8")
                    quads, body, remove, add = merged_part(
                        p, Path(f"{stem}.nq").read_text(encoding="utf-8"), body, res.alias, res.labels)
                    loader.patch(remove, add)
                    nq.write(quads.encode())
                    trig.write(body.encode())
                    ttl.write(body.encode())
                    n_quads += quads.count("\n")
                else:
                    n_quads += p.quads
                    with open(f"{stem}.nq", "rb") as fh:
                        shutil.copyfileobj(fh, nq, 1 << 20)
                    with open(src, "rb") as fh:
                        fh.seek(skip)
                        shutil.copyfileobj(fh, trig, 1 << 20)
                        fh.seek(skip)
                        shutil.copyfileobj(fh, ttl, 1 << 20)
                trig.write(b"}\n\n")
                os.unlink(f"{stem}.nq")
                own.unlink(missing_ok=True)
            body = turtle_body(rts)
            quads = nquads(rts, rg)
            nq.write(quads.encode())
            loader.add(quads.encode())
            trig.write(f"{rg} {{\n{body}}}\n".encode())
            ttl.write(body.encode())
            n_quads += len(rts)
        loader.flush()

        # the page, one report at a time, while the store loads on its thread
        order = sorted(parts, key=lambda p: (p.year or 0, p.name))
        page = corpus_page((_load_page(self.parts_dir, p.index) for p in order), res.alias)
        (tmp / "corpus.html").write_text(page, encoding="utf-8")
        del page
        (tmp / "resolution.json").write_text(json.dumps(
            {"alias": dict(sorted(res.alias.items())), "entities": res.entries},
            ensure_ascii=False, indent=1, sort_keys=True) + "\n", encoding="utf-8")
        shutil.rmtree(self.parts_dir, ignore_errors=True)
        graphs = loader.close()
        self.loader = None

        # swap into place: files by rename, the store folder via a side name
        for f in FILES:
            os.replace(tmp / f, self.out / f)
        old = self.out / ".store-old"
        shutil.rmtree(old, ignore_errors=True)
        if (self.out / STORE).exists():
            os.replace(self.out / STORE, old)
        os.replace(tmp / STORE, self.out / STORE)
        shutil.rmtree(old, ignore_errors=True)
        remove_temp(self.out)
        merged = sum(1 for e in res.entries if len({n["name"] for n in e["names"]}) > 1 or e["merged_keys"])
        return {"reports": len(parts), "graphs": graphs, "quads": n_quads,
                "shared_entities": sum(1 for e in res.entries if len({r for n in e["names"] for r in n["reports"]}) > 1),
                "merged": merged}


class _StoreLoader:
    """Bulk-loads N-Quads into a new on-disk store on a thread, a bounded batch at a time.

    One bulk_load of a whole 1,000-report corpus.nq held ~1 GB; batches of a few
    MB keep memory flat and were faster.  pyoxigraph releases the GIL while it
    loads, so the store fills while the main thread builds the page.
    """

    BATCH = 16 << 20          # bytes of N-Quads per bulk_load

    def __init__(self, path: Path):
        import queue
        import threading

        import pyoxigraph as ox
        self._format = ox.RdfFormat.N_QUADS
        self.store = ox.Store(str(path))
        self._queue: queue.Queue = queue.Queue(maxsize=2)
        self._buf: list[bytes] = []
        self._size = 0
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, name="kg-store-loader", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        import pyoxigraph as ox
        while (item := self._queue.get()) is not None:
            if self._error is not None:
                continue
            try:
                if isinstance(item, tuple):
                    remove, add = item
                    for q in ox.parse(remove, self._format):
                        self.store.remove(q)
                    self.store.extend(ox.parse(add, self._format))
                else:
                    self.store.bulk_load(item, self._format, lenient=True)   # our own output: valid
            except BaseException as e:          # handed to the main thread by close()
                self._error = e

    def add(self, data: bytes) -> None:
        self._buf.append(data)
        self._size += len(data)
        if self._size >= self.BATCH:
            self.flush()

    def flush(self) -> None:
        if self._buf:
            self._queue.put(b"".join(self._buf))
            self._buf, self._size = [], 0

    def patch(self, remove: str, add: str) -> None:
        """Quads to take out and put in, after what was queued before (a re-made report's few
        changed quads: removing and reloading its whole graph took ~0.2 s a report)."""
        self.flush()
        self._queue.put((remove.encode("utf-8"), add.encode("utf-8")))

    def close(self) -> int:
        """Wait for the last batch; the number of named graphs loaded."""
        self.flush()
        self._queue.put(None)
        self._thread.join()
        if self._error is not None:
            raise self._error
        self.store.flush()
        graphs = sum(1 for _ in self.store.named_graphs())
        del self.store
        return graphs

    def abort(self) -> None:
        self._error = self._error or RuntimeError("aborted")
        self._buf = []
        while True:                      # let the thread see the end even if the queue is full
            try:
                self._queue.put(None, timeout=0.1)
                break
            except Exception:
                try:
                    self._queue.get_nowait()
                except Exception:
                    pass
        self._thread.join(timeout=30)
