"""Corpus build speed and memory, against two floors measured in the same run.

    .venv/bin/python benchmarks/bench_corpus.py [--reports 1000] [--sizes 250,500]

Copies the shared corpus and the seed under distinct names until there are
N reports, runs `kg build` on them end to end (read → per-report Turtle and
HTML → corpus.nq/.trig/.ttl/.html → on-disk store), and prints:

- throughput in characters of report text per second per core;
- build time ÷ floor 1 (one regex pass of the rules' trigger words over the
  same text) and ÷ floor 2 (pyoxigraph loading and dumping the triples the
  build produced);
- peak memory at several corpus sizes (it should stay flat);
- `kg --help` start-up ÷ `python -c "import click"`.
"""
from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCES = sorted((ROOT.parent / "shared" / "corpus").glob("*.txt")) + [ROOT / "seeds" / "xunxian-2021.txt"]
KG = [sys.executable, "-m", "kg"]


def make_corpus(folder: Path, n: int) -> None:
    folder.mkdir(parents=True)
    for i in range(n):
        src = SOURCES[i % len(SOURCES)]
        shutil.copyfile(src, folder / f"{src.stem}-c{i:05d}.txt")


def run_build(src: Path, out: Path, jobs: int) -> tuple[float, float, float]:
    """Seconds, peak RSS (MB) of the largest process, and CPU seconds of all processes of one `kg build`."""
    code = ("import resource, subprocess, sys, time; t=time.perf_counter(); "
            f"r=subprocess.run({KG + ['build', str(src), '-o', str(out), '--no-progress', '-j', str(jobs)]!r}, "
            "stdout=subprocess.DEVNULL); u=resource.getrusage(resource.RUSAGE_CHILDREN); "
            "print(time.perf_counter()-t, u.ru_maxrss / 1024, u.ru_utime + u.ru_stime, r.returncode)")
    res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    secs, rss, cpu, rc = res.stdout.split()
    if rc != "0":
        sys.exit(f"kg build failed: {res.stderr[-500:]}")
    return float(secs), float(rss), float(cpu)


def report_chars(folder: Path) -> int:
    from kg.read import read
    return sum(len(read(p).text) for p in sorted(folder.glob("*.txt")))


def regex_floor(folder: Path) -> float:
    """One pass of every trigger word of the rules over the cleaned text."""
    from kg.read import read
    from kg.rules import vocab
    texts = [read(p).text for p in sorted(folder.glob("*.txt"))]
    words = sorted({w for k, ws in vocab().items() if k not in ("B", "N", "C", "L") for w in ws
                    if isinstance(w, str) and w}, key=len, reverse=True)
    rx = re.compile("|".join(map(re.escape, words)))
    t = time.perf_counter()
    n = sum(1 for text in texts for _ in rx.finditer(text))
    return time.perf_counter() - t, n


def oxigraph_floor(nq: Path) -> tuple[float, int]:
    import pyoxigraph as ox
    t = time.perf_counter()
    store = ox.Store()
    store.bulk_load(path=str(nq), format=ox.RdfFormat.N_QUADS)
    data = store.dump(format=ox.RdfFormat.N_QUADS)
    return time.perf_counter() - t, len(store) if data else 0


def startup(cmd: list[str], runs: int = 7) -> float:
    best = float("inf")
    for _ in range(runs):
        t = time.perf_counter()
        subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=ROOT)
        best = min(best, time.perf_counter() - t)
    return best


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--reports", type=int, default=1000)
    ap.add_argument("--sizes", default="250,500", help="smaller corpus sizes for the memory curve")
    ap.add_argument("--jobs", type=int, default=len(os.sched_getaffinity(0)))
    args = ap.parse_args()
    sizes = sorted({int(s) for s in args.sizes.split(",") if s} | {args.reports})

    with tempfile.TemporaryDirectory(prefix="kg-bench-") as tmp:
        tmp = Path(tmp)
        rows = []
        for n in sizes:
            src = tmp / f"in-{n}"
            make_corpus(src, n)
            secs, rss, cpu = run_build(src, tmp / f"out-{n}", args.jobs)
            rows.append((n, secs, rss, cpu))
            print(f"{n:5d} reports: build {secs:6.2f} s ({cpu:6.2f} CPU s), peak RSS of one process {rss:6.0f} MB",
                  flush=True)
        n, secs, _, cpu = rows[-1]
        src, out = tmp / f"in-{n}", tmp / f"out-{n}"
        chars = report_chars(src)
        t_rx, hits = regex_floor(src)
        t_ox, quads = oxigraph_floor(out / "corpus.nq")
        t_rebuild, _, _ = run_build(src, out, args.jobs)

    t_click = startup([sys.executable, "-c", "import click"])
    t_help = startup(KG + ["--help"])
    per_core = chars / secs / args.jobs
    print()
    print(f"corpus: {n} reports, {chars:,} characters of report text, {quads:,} quads, {args.jobs} cores")
    print(f"build end to end: {secs:.2f} s = {chars / secs:,.0f} chars/s = {per_core:,.0f} chars/s per core "
          f"(target ≥ 200,000: {'met' if per_core >= 200_000 else 'NOT met'})")
    print(f"CPU time of all processes: {cpu:.2f} s = {chars / cpu:,.0f} chars per CPU-second "
          f"(the per-core figure when other work shares the cores; load average now {os.getloadavg()[0]:.1f})")
    print(f"floor 1, one regex pass of the rules' trigger words ({hits:,} hits): {t_rx:.3f} s; "
          f"build ÷ floor 1 = {secs / t_rx:.1f}")
    print(f"floor 2, pyoxigraph load + dump of the produced quads: {t_ox:.2f} s; build ÷ floor 2 = {secs / t_ox:.1f}")
    print(f"rebuild with nothing changed: {t_rebuild:.2f} s (÷ full build = {t_rebuild / secs:.3f})")
    mems = [r for _, _, r, _ in rows]
    print("peak memory by corpus size: " + ", ".join(f"{n}: {r:.0f} MB" for n, _, r, _ in rows)
          + f" (largest ÷ smallest = {max(mems) / min(mems):.2f})")
    print(f"start-up: kg --help {t_help * 1000:.0f} ms, python -c 'import click' {t_click * 1000:.0f} ms, "
          f"ratio {t_help / t_click:.2f} (target < 1.5)")


if __name__ == "__main__":
    main()
