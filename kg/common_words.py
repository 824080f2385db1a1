"""Common Chinese words, from the dictionary that ships with jieba.

A company's brand is a rare word (徕木, 华洋, 达嘉); the stem of an industry or a
generic phrase is a common one (生物医药, 精细化工, 现代农业).  jieba's dictionary gives
word frequencies from a large general corpus; words of two to four characters seen
at least 100 times are "common".  Read once per process (~40 ms), without importing
jieba itself.
"""
from __future__ import annotations

import importlib.util
import re
from functools import lru_cache
from pathlib import Path

MIN_COUNT = 100


@lru_cache(maxsize=None)
def common_words() -> frozenset[str]:
    spec = importlib.util.find_spec("jieba")
    if spec is None or not spec.submodule_search_locations:      # the CLI says: install kg first
        raise ModuleNotFoundError("No module named 'jieba'", name="jieba")
    text = (Path(list(spec.submodule_search_locations)[0]) / "dict.txt").read_text(encoding="utf-8")
    digits = len(str(MIN_COUNT))
    return frozenset(w for w, n in re.findall(rf"^(\S{{2,4}}) (\d{{{digits},}})", text, re.M) if int(n) >= MIN_COUNT)


def is_common(word: str) -> bool:
    return word in common_words()
