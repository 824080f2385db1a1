"""`kg build`: reports in; per report a Turtle file and an HTML page; for a corpus
also one graph of all reports (see corpus.py).

Reports are built in parallel worker processes (`jobs`, default all cores).  A
manifest (OUT/.kg-build.json: input hash + tool fingerprint per report) lets a
rebuild skip the writes of unchanged inputs, and skip everything when nothing
changed.
"""
from __future__ import annotations

import gc
import hashlib
import json
import os
import signal
import sys
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from .errors import InputError, KgError
from .model import Report
from .ontology import ENTITY_TYPES
from .read import SUPPORTED_SUFFIXES

MANIFEST = ".kg-build.json"


def collect(paths) -> list[Path]:
    """Report files named directly or found (sorted) in the folders named."""
    out: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            found = sorted(f for f in p.iterdir() if f.is_file() and f.suffix.lower() in SUPPORTED_SUFFIXES)
            if not found:
                raise InputError(str(p), f"no report files in folder (looked for {' '.join(SUPPORTED_SUFFIXES)})")
            out += found
        elif not p.exists():
            raise InputError(str(p), "no such file or folder")
        elif not p.is_file():
            raise InputError(str(p), "not a regular file")
        else:
            out.append(p)
    return out


def turtle(report: Report) -> bytes:
    from .rdf import triples, turtle as to_turtle
    return to_turtle(triples(report)).encode("utf-8")


def write_report(report: Report, out_dir: Path, ttl: bytes | None = None, page=None) -> None:
    """OUT/NAME.ttl and OUT/NAME.html; `ttl` and `page` (its `html.page_part`) when the caller has them already."""
    from .html import page_part, part_pieces
    from .output import write_atomic
    write_atomic(Path(out_dir) / f"{report.doc.name}.ttl", ttl if ttl is not None else turtle(report))
    write_atomic(Path(out_dir) / f"{report.doc.name}.html", part_pieces(page if page is not None else page_part(report)))


def summary(report: Report) -> str:
    c = Counter(e.type for e in report.entities)
    links = len({(r.subject, r.predicate, r.object) for r in report.relations})
    parts = ", ".join(f"{c.get(t, 0)} {t}" for t in ENTITY_TYPES)
    return f"{report.doc.name}: {parts}; {links} links; {report.stats.get('seconds', 0):.2f} s"


@dataclass
class BuildResult:
    built: int = 0                                        # reports built (or kept unchanged)
    failures: list[str] = field(default_factory=list)
    flagged: list[str] = field(default_factory=list)     # "name: flag, flag" for metadata not found
    skipped: int = 0                                      # unchanged inputs whose files were kept
    corpus: dict | None = None                            # what corpus.finish wrote


@lru_cache(maxsize=None)
def fingerprint() -> str:
    """The tool's version: a hash of the package's code, rules and ontology."""
    from importlib.metadata import PackageNotFoundError, version
    from .ontology import ontology_path
    h = hashlib.sha1()
    try:
        h.update(version("kg").encode())
    except PackageNotFoundError:
        pass
    root = Path(__file__).resolve().parent
    files = sorted(p for p in root.rglob("*") if p.suffix in (".py", ".json", ".rq", ".js", ".css", ".html") and p.is_file())
    for p in [*files, ontology_path()]:
        h.update(str(p.relative_to(p.parents[1])).encode())
        h.update(p.read_bytes())
    return h.hexdigest()[:16]


def _load_manifest(out_dir: Path) -> dict:
    try:
        data = json.loads((out_dir / MANIFEST).read_text(encoding="utf-8"))
        return data if isinstance(data, dict) and data.get("tool") == fingerprint() else {}
    except (OSError, ValueError):
        return {}


def _file_hash(path: Path) -> str | None:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None


# ------------------------------------------------------------------ one report (runs in a worker)

def _one(task):
    """(index, path, out_dir, old manifest entry, spill folder or None) → ("ok", ...) or ("fail", message).

    With a spill folder (a corpus build) the report's corpus part goes there and
    only a small `corpus.Part` comes back to the parent."""
    index, path, out_dir, old, spill_to = task
    from .html import page_part
    from .pipeline import build_report
    from .rdf import prefix_lines, triples, turtle_body
    try:
        h = _file_hash(path)
        name = path.stem
        unchanged = (old is not None and h is not None and old.get("hash") == h
                     and all((out_dir / f"{name}.{ext}").is_file() for ext in ("ttl", "html")))
        if unchanged and spill_to is None:   # nothing to write, and the corpus is fresh
            return ("ok", name, None, old, True)
        report = build_report(path)
        ts = triples(report)
        body = turtle_body(ts)
        page = page_part(report)             # for its own page and the corpus page
        if not unchanged:
            write_report(report, out_dir, (prefix_lines() + body).encode("utf-8"), page)
        part = None
        if spill_to is not None:
            from .corpus import spill
            part = spill(report, ts, body if unchanged else None, page, spill_to, index)
        line = summary(report)
        entry = {"hash": h, "summary": line.rsplit(";", 1)[0], "flags": list(report.doc.meta.flags)}
        return ("ok", name, part, {**entry, "line": line}, unchanged)
    except KgError as e:
        return ("fail", str(e))


def _init_worker():
    """The parent handles Ctrl-C and stops us.  A report's objects are freed by reference
    counting as soon as it is done, so the collector need not run every 700 allocations
    (~2 % of a worker's time); it still runs should cycles pile up."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    gc.set_threshold(10_000)


def default_jobs() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:
        return os.cpu_count() or 1


def _results(tasks, jobs: int):
    """Each task's result, in input order; in this process when one job suffices.

    Where workers are forked, this process builds the first report itself before it forks
    them: that loads the rules, the ontology and the page template (~0.5 CPU-s), which every
    worker then inherits instead of loading again.  What is loaded by then is frozen out of
    the garbage collector's reach, so the workers' collections neither walk it nor copy its
    pages (a collection writes to every object it visits)."""
    if jobs <= 1 or len(tasks) <= 1:
        yield from map(_one, tasks)
        return
    import multiprocessing as mp
    fork = sys.platform.startswith("linux")
    ctx = mp.get_context("fork") if fork else mp.get_context()
    if fork:
        yield _one(tasks[0])
        tasks = tasks[1:]
        gc.freeze()
    try:
        pool = ctx.Pool(min(jobs, len(tasks)), initializer=_init_worker)
    finally:
        gc.unfreeze()           # only the workers keep it frozen; here it may become garbage again
    try:
        yield from pool.imap(_one, tasks, chunksize=max(1, min(8, len(tasks) // (jobs * 8))))
        pool.close()
    except BaseException:
        pool.terminate()
        raise
    finally:
        pool.join()


def _clean_temp(out_dir: Path) -> None:
    """After an interrupt: no temporary file of ours is left behind."""
    from .corpus import remove_temp
    if out_dir.is_dir():
        for p in out_dir.glob(".*.tmp"):
            try:
                p.unlink()
            except OSError:
                pass
        remove_temp(out_dir)


def build(paths, out_dir: Path, echo=print, jobs: int | None = None, corpus: bool | None = None,
          progress: bool | None = None, force: bool = False) -> BuildResult:
    """Build every report under PATHS into OUT_DIR.

    corpus: write the corpus graph (None: when there are two reports or more).
    progress: show a progress bar on stderr (None: when stderr is a terminal).
    force: rebuild unchanged inputs too.
    """
    from .output import prepare_dir
    files = collect(paths)
    out_dir = prepare_dir(Path(out_dir))
    result = BuildResult()
    seen: dict[str, Path] = {}
    unique = []
    for f in files:
        if f.stem in seen:
            result.failures.append(f"{f}: same name as {seen[f.stem]}; outputs would overwrite each other")
            continue
        seen[f.stem] = f
        unique.append(f)
    with_corpus = len(unique) >= 2 if corpus is None else corpus

    manifest = {} if force else _load_manifest(out_dir)
    old_files = manifest.get("files", {})
    hashes = {f.stem: _file_hash(f) for f in unique} if with_corpus else {}
    corpus_id = hashlib.sha1(json.dumps(sorted(hashes.items())).encode()).hexdigest()[:16] if with_corpus else None
    from .corpus import outputs_exist
    corpus_fresh = (with_corpus and manifest.get("corpus") == corpus_id and outputs_exist(out_dir)
                    and all(old_files.get(n, {}).get("hash") == h for n, h in hashes.items()))
    need_reports = with_corpus and not corpus_fresh
    jobs = default_jobs() if not jobs or jobs < 1 else jobs
    if progress is None:
        progress = sys.stderr.isatty()
    from tqdm import tqdm
    bar = tqdm(total=len(unique), unit="report", file=sys.stderr, disable=not progress, leave=False)
    writer = None
    new_files: dict[str, dict] = {}
    try:
        if need_reports:
            from .corpus import CorpusWriter
            writer = CorpusWriter(out_dir)
        spill_to = writer.parts_dir if writer is not None else None
        tasks = [(i, f, out_dir, old_files.get(f.stem), spill_to) for i, f in enumerate(unique)]
        for res in _results(tasks, jobs):
            bar.update(1)
            if res[0] == "fail":
                result.failures.append(res[1])
                continue
            _, name, part, entry, unchanged = res
            new_files[name] = {k: v for k, v in entry.items() if k != "line"}
            result.built += 1
            result.skipped += unchanged
            if entry.get("flags"):
                result.flagged.append(f"{name}: {', '.join(entry['flags'])}")
            if writer is not None:
                writer.add(part)
            echo(entry["summary"] + " (unchanged)" if unchanged else entry.get("line", entry["summary"]))
        bar.close()
        if writer is not None:
            result.corpus = writer.finish()
        if new_files:
            from .output import write_atomic
            data = {"tool": fingerprint(), "files": {**old_files, **new_files}}
            if with_corpus and not result.failures:
                data["corpus"] = corpus_id
            write_atomic(out_dir / MANIFEST, (json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True)
                                             + "\n").encode("utf-8"))
    except BaseException:
        bar.close()
        if writer is not None:
            writer.abort()
        _clean_temp(out_dir)
        raise
    return result
