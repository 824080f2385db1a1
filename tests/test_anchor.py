"""kg/anchor.py runs a rule's regex only near its trigger words; it must find exactly
what re.finditer finds (same spans, same groups, same order) on real and spliced text."""
from __future__ import annotations

import random

import pytest

from conftest import SEED, corpus_files
from kg import anchor, link
from kg.read import read
from kg.rules import load_rules

from kg import extract

PATTERNS = [r.regex for r in load_rules()] + [link._BUILT_BY, extract._COUNTED_LIST, extract._PLACE_NAME]
TEXTS = [read(p).matchable for p in [SEED, *corpus_files()]]


def _spliced(n: int = 40) -> list[str]:
    """Random splices of report text and rule examples: matches near window edges."""
    rnd = random.Random(7)
    src = "".join(TEXTS)
    examples = [r.example for r in load_rules()]
    out = []
    for _ in range(n):
        parts = []
        for _ in range(rnd.randint(1, 10)):
            if rnd.random() < 0.5:
                i = rnd.randrange(len(src))
                parts.append(src[i:i + rnd.randint(1, 2000)])
            else:
                parts.append(rnd.choice(examples))
        out.append("".join(parts))
    return out


@pytest.mark.parametrize("pattern", PATTERNS, ids=[p.pattern[:40] for p in PATTERNS])
def test_anchored_search_equals_finditer(pattern, monkeypatch):
    monkeypatch.setattr(anchor, "RATIO", 0)          # always take the anchored path
    plans = anchor.plans(pattern)                     # each candidate word set, not only the first
    for text in [*TEXTS, *_spliced()]:
        want = [(m.span(), m.groups()) for m in pattern.finditer(text)]
        scan = anchor.Scan(text)
        for plan in plans:
            assert [(m.span(), m.groups()) for m in anchor._anchored(pattern, text, plan, scan)] == want
        assert [(m.span(), m.groups()) for m in anchor.finditer(pattern, text, scan)] == want
