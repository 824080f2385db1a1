"""Regression floors: no type's F1 on the gold files may drop below what was reached."""
from __future__ import annotations

import json

import pytest

from conftest import ROOT, SEED, SHARED
from kg.build import write_report
from kg.evaluate import evaluate
from kg.pipeline import build_report

FLOORS = json.loads((ROOT / "tests" / "floors.json").read_text(encoding="utf-8"))
SOURCES = {"xunxian-2021": SEED, "fuping-2021": SHARED / "corpus" / "fuping-2021.txt"}
GOLD = SHARED / "annotation" / "gold"


@pytest.fixture(scope="module")
def scores(tmp_path_factory):
    out = tmp_path_factory.mktemp("acc")
    res = {}
    for name, src in SOURCES.items():
        write_report(build_report(src), out)
        res[name] = evaluate(GOLD / f"{name}.tsv", [out / f"{name}.ttl"])[3]
    return res


@pytest.mark.parametrize("doc", sorted(SOURCES))
def test_floors_hold(scores, doc):
    res, floors = scores[doc], FLOORS[doc]
    got = {k: res["lenient"][k].f1 for k in floors if k != "strict_entities"}
    got["strict_entities"] = res["strict"]["entities"].f1
    low = {k: (got[k], f) for k, f in floors.items() if got[k] + 1e-9 < f}
    assert not low, f"{doc}: F1 below floor (got, floor): {low}"


def test_floors_only_rise():
    """Floors are kept in git; a lowered floor is a regression hidden, so refuse it."""
    import subprocess
    prev = subprocess.run(["git", "show", "HEAD:tests/floors.json"], cwd=ROOT, capture_output=True, text=True)
    if prev.returncode != 0:       # first commit of the file
        return
    old = json.loads(prev.stdout)
    for doc, floors in old.items():
        if doc.startswith("_"):
            continue
        for k, v in floors.items():
            assert FLOORS[doc][k] >= v, f"floor {doc}/{k} lowered from {v} to {FLOORS[doc][k]}"


def test_eval_explains_errors(tmp_path):
    from kg.evaluate import report_text
    write_report(build_report(SEED), tmp_path)
    gold, ents, links, res = evaluate(GOLD / "xunxian-2021.tsv", [tmp_path / "xunxian-2021.ttl"])
    text = report_text(gold, ents, links, res)
    assert "== lenient" in text and "Project" in text
    # each false positive names the rule that fired
    fp_lines = [l for l in text.splitlines() if l.startswith("  FP ") and "→" not in l]
    assert all("[" in l and "]" in l for l in fp_lines)


HELDOUT = sorted((ROOT / "tests").glob("heldout*/*.tsv"))


@pytest.mark.parametrize("gold", HELDOUT, ids=[f"{p.parent.name}/{p.stem}" for p in HELDOUT])
def test_heldout_sets_are_usable(gold):
    """benchmarks/heldout.py measures on these: each parses and its annotated text exists."""
    from kg.evaluate import read_gold
    g = read_gold(gold)
    assert g.entities
    own = gold.parent / "inputs" / f"{gold.stem}.txt"
    assert own.is_file() or (SHARED / "corpus" / f"{gold.stem}.txt").is_file()
