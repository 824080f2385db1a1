"""Many reports, one graph: OUT/corpus.nq and corpus.trig (one named graph per
report, named by the report's own kg:Report IRI), corpus.ttl (merged),
corpus.html, an on-disk pyoxigraph store OUT/store/ for `kg query`, and
OUT/resolution.json for `kg explain`.

Memory stays flat as the corpus grows: no whole-corpus graph and no list of
reports is ever held.  Each worker writes its report's quads and Turtle, and
what the corpus page needs of it (`html.PagePart`, pickled), to a spill folder,
and hands the parent only the names resolution needs (`resolve.Seen`).  A
loader process bulk-loads each report's quads into the store as they arrive
(`_StoreLoader`); `finish` resolves the names, then streams the spilled parts
into the corpus files one report at a time (a report whose entities merged under
another key is re-made from its quads with the merge applied, and patched in the
store), and builds the page from the page parts one at a time while the store
is patched and compacted.  All outputs are written beside their final
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

from .errors import OutputError
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
        self.loader: _StoreLoader | None = _StoreLoader(self.out / _TMP / STORE, self.parts_dir)

    def add(self, part: Part) -> None:
        """Keep the part's names; its quads go into the store now, while other reports are built."""
        self.parts.append(part)
        self.loader.add(f"{part.index:07d}.nq")

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
        loader.wait()                            # the spilled quads are in the store: they may go
        patches = []
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
                    patches.append((remove, add))
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
            trig.write(f"{rg} {{\n{body}}}\n".encode())
            ttl.write(body.encode())
            n_quads += len(rts)
        loader.finish(patches, quads)

        # the page, one report at a time, while the store is compacted and patched on its thread
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
    """Fills the on-disk store: a child process bulk-loads the spilled N-Quads files while
    reports are built (`add`); `wait` lets it finish and compacts the store once, here, on a
    thread; `finish` patches it on that thread, while the page is built; `close` waits.

    Why so: each bulk_load writes its sorted files into RocksDB's level 0, and RocksDB
    compacts level 0 into the rest every second load, rewriting the whole store each time.
    In a 1,000-report build that was ~7.5 of the store's ~14 CPU-s, and it left a store
    half-compacted.  pyoxigraph cannot defer compaction, so the child runs RocksDB's
    compaction threads at idle priority (`_idle_compaction`): they get only cores nothing
    else wants, and whatever they have not done when the child closes the store is dropped.
    One `optimize` at the end then compacts everything in one pass (~2 CPU-s), so queries
    read a fully compacted store.  A process, not a thread, because RocksDB's threads are
    shared by every store a process opens and their priority cannot be raised again
    without privileges: `optimize` must run where they have normal priority.  A fresh
    interpreter, not a fork: a fork of a process that has opened a store (tests, a library
    caller) inherits RocksDB's shared state without its threads, and the child died; and not
    multiprocessing's spawn, which re-runs the caller's main script.
    """

    BATCH = 8 << 20      # bytes of N-Quads per bulk_load: ~1 KB of memory a quad while it loads

    def __init__(self, path: Path, folder: Path):
        """A new store at PATH, of N-Quads files in FOLDER."""
        import subprocess
        import sys
        self.path = Path(path)
        code = ("import sys; sys.path.insert(0, sys.argv[1]); "
                "from kg.corpus import _load_store; _load_store(sys.argv[2], sys.argv[3], int(sys.argv[4]))")
        self._proc = subprocess.Popen(
            [sys.executable, "-c", code, str(Path(__file__).resolve().parents[1]), str(self.path), str(folder),
             str(self.BATCH)],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, encoding="utf-8", bufsize=1)
        self._thread = None
        self._store = None
        self._graphs = 0
        self._error: BaseException | None = None

    def add(self, name: str) -> None:
        """Queue one N-Quads file of the folder; it must stay until `wait` returns."""
        try:
            self._proc.stdin.write(f"{name}\n")
        except OSError:                  # the child stopped on an error: `wait` reports it
            pass

    def wait(self) -> None:
        """Until every queued file is loaded and the child has closed the store; then the
        store is compacted here, on a thread, while the caller goes on."""
        try:
            self._proc.stdin.close()
        except OSError:
            pass
        error = self._proc.stdout.read().strip()
        if self._proc.wait() != 0 or error:
            raise OutputError(str(self.path), f"cannot build the store ({error or 'the loader process failed'})")
        self._thread = self._start(self._compact)

    def finish(self, patches: list[tuple[str, str]], extra: str) -> None:
        """On a thread, once compacted: each (remove, add) patch, then the quads EXTRA.  They
        add a few small files to the compacted store; compacting after them would wait for them."""
        self._thread = self._start(self._patch, self._thread, patches, extra)

    def _start(self, target, *args):
        import threading
        thread = threading.Thread(target=self._guarded, args=(target, *args), name="kg-store", daemon=True)
        thread.start()
        return thread

    def _guarded(self, target, *args) -> None:
        try:
            target(*args)
        except BaseException as e:          # handed to the main thread by close()
            self._error = e

    def _compact(self) -> None:
        import pyoxigraph as ox
        self._store = ox.Store(str(self.path))
        self._store.optimize()

    def _patch(self, compacting, patches: list[tuple[str, str]], extra: str) -> None:
        import pyoxigraph as ox
        compacting.join()
        if self._error is not None:
            return
        nq, store = ox.RdfFormat.N_QUADS, self._store
        for remove, add in patches:   # a re-made report's few changed quads (reloading it took ~0.2 s)
            for q in ox.parse(remove, nq):
                store.remove(q)
            store.extend(ox.parse(add, nq))
        store.bulk_load(extra.encode("utf-8"), nq, lenient=True)      # our own output: valid
        store.flush()
        self._graphs = sum(1 for _ in store.named_graphs())

    def close(self) -> int:
        """Wait for `finish` and close the store; the number of named graphs in it."""
        self._thread.join()
        self._store = None
        if self._error is not None:
            raise self._error
        return self._graphs

    def abort(self) -> None:
        if self._proc.poll() is None:
            self._proc.kill()
        self._proc.wait()
        if self._thread is not None:
            self._thread.join(timeout=30)
        self._store = None


def _load_store(path: str, folder: str, batch: int) -> None:
    """The loader child: bulk-load the N-Quads files of FOLDER named on stdin, one a line, BATCH
    bytes at a time, into a new store at PATH and close it; on failure, print the error, exit 1."""
    import signal
    import sys

    import pyoxigraph as ox
    signal.signal(signal.SIGINT, signal.SIG_IGN)     # the parent handles Ctrl-C and stops us
    nq = ox.RdfFormat.N_QUADS
    try:
        store = ox.Store(path)
        _idle_compaction()
        buf, size = [], 0
        for name in sys.stdin:
            with open(os.path.join(folder, name.rstrip("\n")), "rb") as fh:
                buf.append(fh.read())
            size += len(buf[-1])
            if size >= batch:
                store.bulk_load(b"".join(buf), nq, lenient=True)      # our own output: valid
                buf, size = [], 0
        if buf:
            store.bulk_load(b"".join(buf), nq, lenient=True)
        del store
    except Exception as e:
        print(f"{type(e).__name__}: {e}")
        sys.exit(1)


def _idle_compaction() -> None:
    """Put this process's RocksDB compaction threads (its "rocksdb:low" pool) at idle priority.
    Linux only; elsewhere compaction simply keeps its normal priority."""
    if not hasattr(os, "sched_setscheduler"):
        return
    try:
        tids = os.listdir("/proc/self/task")
    except OSError:
        return
    for tid in tids:
        try:
            with open(f"/proc/self/task/{tid}/comm", encoding="utf-8") as fh:
                if fh.read().startswith("rocksdb:low"):
                    os.sched_setscheduler(int(tid), os.SCHED_IDLE, os.sched_param(0))
        except OSError:
            pass
