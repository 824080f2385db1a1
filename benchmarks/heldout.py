"""Accuracy on the held-out annotations (tests/heldout*/), which no rule was written from.

Builds each annotated input and prints lenient and strict F1 per type, micro-averaged
over each set.  Run on demand:  .venv/bin/python benchmarks/heldout.py [SET_DIR...]
(default: every tests/heldout*/ set; a set is a folder of NAME.tsv files with the
annotated texts in its inputs/ folder or in ../shared/corpus/).
"""
from __future__ import annotations

import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kg.build import write_report                                    # noqa: E402
from kg.errors import KgError                                        # noqa: E402
from kg.rdf import prefix_lines                                      # noqa: E402
from kg.evaluate import _micro, evaluate                      # noqa: E402
from kg.ontology import ENTITY_TYPES, LINKS                          # noqa: E402
from kg.pipeline import build_report                                 # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpus"


def source(folder: Path, name: str) -> Path:
    """The annotated text: the set's own inputs/ copy (a portion), else the corpus file."""
    own = folder / "inputs" / f"{name}.txt"
    return own if own.is_file() else CORPUS / f"{name}.txt"


def golds(folder: Path) -> list[Path]:
    """The set's annotation files: NAME.tsv with an annotated text to build."""
    return [g for g in sorted(folder.glob("*.tsv")) if source(folder, g.stem).is_file()]


def main() -> None:
    rows = (*ENTITY_TYPES, "entities", *LINKS, "links")
    folders = [Path(a) for a in sys.argv[1:]] or sorted(p for p in (ROOT / "tests").glob("heldout*") if p.is_dir())
    for folder in folders:
        per = {m: {k: [] for k in rows} for m in ("lenient", "strict")}
        with tempfile.TemporaryDirectory() as tmp:
            for gold in golds(folder):
                try:
                    write_report(build_report(source(folder, gold.stem)), Path(tmp))
                except KgError as e:          # refused as input: it scores as finding nothing
                    print(f"  {gold.stem}: {e}", file=sys.stderr)
                    (Path(tmp) / f"{gold.stem}.ttl").write_text(prefix_lines(), encoding="utf-8")
                res = evaluate(gold, [Path(tmp) / f"{gold.stem}.ttl"])[3]
                for m in per:
                    for k in (*ENTITY_TYPES, *LINKS):
                        per[m][k].append(res[m][k])
        print(f"\n{folder.name}: {len(golds(folder))} documents")
        print(f"{'':<11} {'lenient F1':>10} {'strict F1':>10} {'gold':>5}")
        for k in rows:
            if k == "entities":
                parts = [t for t in ENTITY_TYPES]
            elif k == "links":
                parts = list(LINKS)
            else:
                parts = [k]
            agg = {m: _micro([s for p in parts for s in per[m][p]]) for m in per}
            if agg["lenient"].gold == 0:
                print(f"{k:<11} {'-':>10} {'-':>10} {0:5d}   (no gold rows; {agg['lenient'].pred} predicted)")
            else:
                print(f"{k:<11} {agg['lenient'].f1:10.3f} {agg['strict'].f1:10.3f} {agg['lenient'].gold:5d}")


if __name__ == "__main__":
    main()
