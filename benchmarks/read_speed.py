"""Reading speed: cleaned characters per second over the seed and the shared corpus.

    .venv/bin/python benchmarks/read_speed.py [FILES...]

Prints one line per run set: files, characters, best-of-5 seconds, chars/s.
"""
from __future__ import annotations

import sys
import time
from pathlib import Path

from kg.read import read

ROOT = Path(__file__).resolve().parent.parent
files = [Path(a) for a in sys.argv[1:]] or [ROOT / "seeds" / "xunxian-2021.txt",
                                             *sorted((ROOT.parent / "shared" / "corpus").glob("*.txt"))]
read(files[0])                                   # warm up: opencc, cleaning data
best, chars = float("inf"), 0
for _ in range(5):
    t0 = time.perf_counter()
    chars = sum(len(read(f).text) for f in files)
    best = min(best, time.perf_counter() - t0)
print(f"{len(files)} files, {chars} chars, {best:.3f} s, {chars / best:,.0f} chars/s")
