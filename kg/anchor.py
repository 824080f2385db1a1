"""Run a rule's regex only near the words every match must contain.

A rule's regex is tried at every position of a long report; most positions are
nowhere near the literal words a match needs (公司, 揭牌, 等项目...).  `plan`
reads the compiled pattern once and finds such a required literal set and the
range of its offset from the match start, plus a bound on how far past the match
start the engine can look.  `finditer` then finds the words with one cheap pass
and tries only the starts each hit allows: one `search` with `endpos` past the
furthest character an attempt there can read, or, when a lookahead is unbounded,
`match` at each allowed start.  Either way it returns exactly the matches
`pattern.finditer(text)` returns, in the same order; output never depends on
which way ran, only speed does.  Patterns it cannot bound use the plain scan.
"""
from __future__ import annotations

import re
import time
from functools import lru_cache
from itertools import repeat

try:                                  # Python 3.11+
    import re._parser as _sre
    from re._constants import MAXREPEAT
except ImportError:                   # pragma: no cover - older Pythons
    import sre_parse as _sre          # type: ignore
    from sre_constants import MAXREPEAT  # type: ignore

INF = float("inf")
SLACK = 20     # characters of window that cost as much as one Python-level search call
RATIO = 4      # use windows only when they cover under a quarter of the text


class _Unbounded(Exception):
    pass


def _width(seq) -> tuple[float, float]:
    """(min, max) characters consumed; lookarounds consume none."""
    lo = hi = 0
    for op, av in seq:
        a, b = _item_width(str(op), av)
        lo, hi = lo + a, hi + b
    return lo, hi


def _item_width(op, av):
    if op in ("LITERAL", "NOT_LITERAL", "ANY", "IN"):
        return 1, 1
    if op in ("AT", "ASSERT", "ASSERT_NOT"):
        return 0, 0
    if op == "SUBPATTERN":
        if av[1] or av[2]:
            raise _Unbounded
        return _width(av[3])
    if op == "ATOMIC_GROUP":
        return _width(av)
    if op == "BRANCH":
        ws = [_width(s) for s in av[1]]
        return min(w[0] for w in ws), max(w[1] for w in ws)
    if op in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"):
        lo, hi, sub = av
        a, b = _width(sub)
        return lo * a, (INF if hi == MAXREPEAT and b else hi * b)
    raise _Unbounded


def _reach(seq) -> float:
    """An upper bound on how far past its start an attempt reads: consumed width with
    lookahead bodies counted as if consumed (lookbehinds read backwards)."""
    total = 0
    for op, av in seq:
        op = str(op)
        if op in ("LITERAL", "NOT_LITERAL", "ANY", "IN"):
            total += 1
        elif op == "AT":
            total += 1                # \b, $ peek at the next character
        elif op in ("ASSERT", "ASSERT_NOT"):
            total += _reach(av[1]) if av[0] == 1 else 0
        elif op == "SUBPATTERN":
            if av[1] or av[2]:
                raise _Unbounded
            total += _reach(av[3])
        elif op == "ATOMIC_GROUP":
            total += _reach(av)
        elif op == "BRANCH":
            total += max(_reach(s) for s in av[1])
        elif op in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"):
            lo, hi, sub = av
            r = _reach(sub)
            total += INF if hi == MAXREPEAT and r else hi * r
        else:
            raise _Unbounded
    return total


def _prefix(seq) -> str:
    out = []
    for op, av in seq:
        if str(op) != "LITERAL":
            break
        out.append(chr(av))
    return "".join(out)


def _candidates(seq, omin, omax, out):
    """(words, min offset, max offset): every match has one of the words at such an offset."""
    items = list(seq)
    i = 0
    while i < len(items):
        op, av = items[i]
        op = str(op)
        if op == "LITERAL":
            j = i
            while j < len(items) and str(items[j][0]) == "LITERAL":
                j += 1
            out.append((frozenset(["".join(chr(a) for _, a in items[i:j])]), omin, omax))
            omin, omax = omin + (j - i), omax + (j - i)
            i = j
            continue
        if op == "BRANCH":
            words = [_prefix(s) for s in av[1]]
            if all(words):
                out.append((frozenset(words), omin, omax))
            else:                     # each alternative's own best words, together
                best = [_best(_candidates(s, omin, omax, [])) for s in av[1]]
                if all(best):
                    out.append((frozenset().union(*(b[0] for b in best)),
                                min(b[1] for b in best), max(b[2] for b in best)))
        elif op == "IN":
            if av and all(str(o) == "LITERAL" for o, _ in av) and len(av) <= 12:
                out.append((frozenset(chr(a) for _, a in av), omin, omax))
        elif op == "SUBPATTERN":
            _candidates(av[3], omin, omax, out)
        elif op == "ASSERT" and av[0] == 1:
            _candidates(av[1], omin, omax, out)
        elif op in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT") and av[0] >= 1:
            _candidates(av[2], omin, omax, out)
        a, b = _item_width(op, av)
        omin, omax = omin + a, omax + b
        i += 1
    return out


def _best(cands):
    """The cheapest words: fewest expected hits (a single character counts as several
    words, it is common) times the starts each hit leaves to try."""
    cands = [c for c in cands if c[2] != INF]
    if not cands:
        return None
    return min(cands, key=lambda c: (sum(1 if len(w) > 1 else 5 for w in c[0]) * (c[2] - c[1] + SLACK),
                                     sorted(c[0]), c[1], c[2]))


@lru_cache(maxsize=None)
def plan(pattern: re.Pattern):
    """(trigger regex, min offset, max offset, reach) or None when the pattern cannot be bounded."""
    if pattern.flags & ~(re.UNICODE):
        return None
    try:
        tree = _sre.parse(pattern.pattern, pattern.flags)
        wmin, _ = _width(tree)
        reach = _reach(tree)
        cands: list = []
        _candidates(tree, 0, 0, cands)
    except (_Unbounded, RecursionError, TypeError, ValueError):
        return None
    if wmin <= 0:
        return None
    best = _best(cands)
    if best is None:
        return None
    words, omin, omax = best
    alt = "|".join(re.escape(w) for w in sorted(words, key=lambda w: (-len(w), w)))
    return re.compile(alt), int(omin), int(omax), (None if reach == INF else int(reach))


_STATS: dict = {}     # pattern → [[seconds, chars, calls] plain, [seconds, chars, calls] anchored]
TRIALS = 3            # calls timed each way …
TRIAL_CHARS = 20000   # … over at least this much text, before the faster way is kept


def finditer(pattern: re.Pattern, text: str) -> list:
    """The matches of pattern.finditer(text), as a list.  Both ways give the same
    matches; which is faster depends on how common the required words are, so the
    first calls time both and later calls keep the faster."""
    p = plan(pattern)
    if p is None:
        return list(pattern.finditer(text))
    st = _STATS.get(pattern)
    if st is None:
        st = _STATS[pattern] = [[0.0, 0, 0], [0.0, 0, 0]]
    plain, anch = st
    if min(plain[2], anch[2]) >= TRIALS and min(plain[1], anch[1]) >= TRIAL_CHARS:
        if plain[0] * anch[1] <= anch[0] * plain[1]:
            return list(pattern.finditer(text))
        return list(_anchored(pattern, text, p))
    way = 0 if (plain[1], plain[2]) <= (anch[1], anch[2]) else 1
    t = time.perf_counter()
    out = list(pattern.finditer(text)) if way == 0 else list(_anchored(pattern, text, p))
    st[way][0] += time.perf_counter() - t
    st[way][1] += len(text)
    st[way][2] += 1
    return out


def _anchored(pattern: re.Pattern, text: str, p):
    trig, omin, omax, reach = p
    # non-overlapping hits: a word starting inside a hit (公司 in 有限公司) is covered by
    # widening that hit's window to every start the hit spans
    hits = [m.span() for m in trig.finditer(text)]
    if len(hits) * (omax - omin + SLACK) * RATIO > len(text):   # windows would cover the text
        yield from pattern.finditer(text)
        return
    n = len(text)
    lo = 0                                               # no match starts before lo (or one was taken)
    for s, e in hits:
        b = e - 1 - omin
        while True:                                      # one hit's window may hold several matches
            a = max(lo, s - omax)
            if a > b:
                break
            if reach is None:                            # unbounded lookahead: try each start
                m = next((m for m in map(pattern.match, repeat(text, b + 1 - a), range(a, b + 1)) if m), None)
            else:
                m = pattern.search(text, a, min(n, b + reach + 2))
            if m is not None and m.start() <= b:
                yield m
                lo = m.end()
            else:
                lo = b + 1
                break
