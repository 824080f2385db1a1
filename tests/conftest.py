from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "xunxian-2021.txt"
SHARED = ROOT.parent / "shared"
CORPUS = SHARED / "corpus"


def corpus_files():
    return sorted(CORPUS.glob("*.txt")) if CORPUS.is_dir() else []


@pytest.fixture(scope="session")
def seed_report():
    from kg.pipeline import build_report
    return build_report(SEED)


@pytest.fixture(scope="session")
def seed_out(tmp_path_factory, seed_report):
    """The seed built once into a temporary folder by the real CLI entry point."""
    from kg.build import write_report
    out = tmp_path_factory.mktemp("out")
    write_report(seed_report, out)
    return out
