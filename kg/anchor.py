"""Run a rule's regex only near the words every match must contain.

A rule's regex is tried at every position of a long report; most positions are
nowhere near the literal words a match needs (公司, 揭牌, 等项目...).  `plans`
reads the compiled pattern once and finds such required word sets, each with the
range of its offset from the match start and the barrier characters (sentence
punctuation) that cannot stand between the match start and the words, so a
lazy `[^，。]{2,120}?` before the words still bounds the window by the clause.  It
also bounds how far past the match start an attempt can read (a length, or the
next character no part of the pattern can consume).  `finditer` finds the words
with one cheap pass, merges the windows of starts they allow, and searches only
those: one `search` with `endpos` past the furthest character an attempt there
can read, or `match` at each start when that is cheaper.  Either way it returns
exactly the matches `pattern.finditer(text)` returns, in the same order; output
never depends on which way ran, only speed does.  The first calls per pattern
count each plan's hits on real text and time the best against the plain scan,
and later calls keep the faster.  Patterns it cannot bound use the plain scan.
"""
from __future__ import annotations

import re
import time
from bisect import bisect_left
from dataclasses import dataclass
from functools import lru_cache
from itertools import chain, repeat

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


def _prefixes(item) -> list[str] | None:
    """The literal prefix of every alternative, when an item is an alternation that has one."""
    op, av = item
    op = str(op)
    if op == "SUBPATTERN" and not (av[1] or av[2]) and len(av[3]) == 1:
        return _prefixes(av[3][0])
    if op == "BRANCH":
        words = [_prefix(alt) for alt in av[1]]
        return words if all(words) else None
    return None


def _prefix(seq) -> str:
    out = []
    for op, av in seq:
        if str(op) != "LITERAL":
            break
        out.append(chr(av))
    return "".join(out)


# Sentence punctuation: the characters most name spans exclude, so a clause boundary
# that bounds how far back a match can start (or how far on an attempt can read).
_PUNCT = "，。；：！？、\n,;:!?“”‘’「」《》（）()"
_CATEGORY = {"CATEGORY_DIGIT": r"\d", "CATEGORY_NOT_DIGIT": r"\D", "CATEGORY_SPACE": r"\s",
             "CATEGORY_NOT_SPACE": r"\S", "CATEGORY_WORD": r"\w", "CATEGORY_NOT_WORD": r"\W"}


def _universe(seq, out: set) -> set:
    """Barrier candidates: sentence punctuation and every character a negated class names."""
    for op, av in seq:
        op = str(op)
        if op == "NOT_LITERAL":
            out.add(chr(av))
        elif op == "IN" and av and str(av[0][0]) == "NEGATE":
            out.update(chr(a) for o, a in av[1:] if str(o) == "LITERAL")
        elif op == "SUBPATTERN":
            _universe(av[3], out)
        elif op == "ATOMIC_GROUP":
            _universe(av, out)
        elif op == "BRANCH":
            for alt in av[1]:
                _universe(alt, out)
        elif op in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"):
            _universe(av[2], out)
        elif op in ("ASSERT", "ASSERT_NOT"):
            _universe(av[1], out)
    return out


def _may_match(op: str, av, ch: str) -> bool:
    """Whether a one-character item can consume ch; True when unsure."""
    if op == "LITERAL":
        return av == ord(ch)
    if op == "NOT_LITERAL":
        return av != ord(ch)
    if op == "ANY":
        return ch != "\n"
    if op != "IN":
        return True
    negate = bool(av) and str(av[0][0]) == "NEGATE"
    hit = False
    for o, a in av[negate:]:
        o = str(o)
        if o == "LITERAL":
            hit = a == ord(ch)
        elif o == "RANGE":
            hit = a[0] <= ord(ch) <= a[1]
        elif o == "CATEGORY" and str(a) in _CATEGORY:
            hit = re.fullmatch(_CATEGORY[str(a)], ch) is not None
        else:
            return True
        if hit:
            break
    return hit != negate


def _never(seq, chars: frozenset, ahead: bool = False) -> frozenset:
    """The characters of `chars` that nothing in seq can consume (with `ahead`, nothing
    a lookahead in it can consume either): text holding one cannot lie inside a match."""
    for op, av in seq:
        if not chars:
            break
        op = str(op)
        if op in ("LITERAL", "NOT_LITERAL", "ANY", "IN"):
            chars = frozenset(c for c in chars if not _may_match(op, av, c))
        elif op == "SUBPATTERN":
            chars = _never(av[3], chars, ahead)
        elif op == "ATOMIC_GROUP":
            chars = _never(av, chars, ahead)
        elif op == "BRANCH":
            for alt in av[1]:
                chars = _never(alt, chars, ahead)
        elif op in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"):
            chars = _never(av[2], chars, ahead)
        elif op in ("ASSERT", "ASSERT_NOT"):
            if ahead and av[0] == 1:
                chars = _never(av[1], chars, ahead)
        elif op != "AT":
            return frozenset()
    return chars


WORDS = 48     # most words one candidate set may hold


def _strings(item) -> frozenset | None:
    """Every string an item can match, when they are few: a literal, a small class of
    literals, or a group or alternation of such (为(?:支撑|依托), [：:]指)."""
    op, av = item
    op = str(op)
    if op == "LITERAL":
        return frozenset(chr(av))
    if op == "IN":
        ok = av and len(av) <= 12 and all(str(o) == "LITERAL" for o, _ in av)
        return frozenset(chr(a) for _, a in av) if ok else None
    if op == "SUBPATTERN":
        return None if av[1] or av[2] else _seq_strings(av[3])
    if op == "BRANCH":
        sets = [_seq_strings(alt) for alt in av[1]]
        if all(x is not None for x in sets):
            words = frozenset().union(*sets)
            return words if len(words) <= WORDS else None
    return None


def _seq_strings(seq) -> frozenset | None:
    out = frozenset([""])
    for item in seq:
        words = _strings(item)
        if words is None:
            return None
        out = frozenset(a + b for a in out for b in words)
        if len(out) > WORDS:
            return None
    return out


def _candidates(seq, omin, omax, bar, out, bounded=True):
    """(words, min offset, max offset, barrier): every match has one of the words at such
    an offset, and no barrier character between the match start and the word.  With
    `bounded` False, words at any offset count, as a filter for whole strings."""
    items = list(seq)
    for i, (op, av) in enumerate(items):
        op = str(op)
        run, j = frozenset([""]), i           # the strings items[i:j] can match together
        while j < len(items) and (words := _strings(items[j])) is not None:
            longer = frozenset(a + b for a in run for b in words)
            if len(longer) > WORDS:
                break
            run, j = longer, j + 1
        if j > i and "" not in run:
            out.append((run, omin, omax, bar))
        if j > i and j < len(items) and "" not in run and (after := _prefixes(items[j])):
            out.append((frozenset(r + w for r in run for w in after), omin, omax, bar))   # 为 then 支撑…|依托…
        if op == "BRANCH" and _strings(items[i]) is None:
            words = [_prefix(s) for s in av[1]]
            if all(words):
                out.append((frozenset(words), omin, omax, bar))
            else:                     # words of each alternative, together: the best of each,
                ranked = [_ranked(_candidates(s, omin, omax, bar, [], bounded), bounded)[:2] for s in av[1]]
                if all(ranked):       # and each alternative's second best in turn
                    picks = [[r[0] for r in ranked]]
                    picks += [[r[1] if k == n else r[0] for n, r in enumerate(ranked)]
                              for k in range(len(ranked)) if len(ranked[k]) > 1]
                    for pick in picks:
                        out.append((frozenset().union(*(c[0] for c in pick)),
                                    min(c[1] for c in pick), max(c[2] for c in pick),
                                    frozenset.intersection(*(c[3] for c in pick))))
        elif op == "SUBPATTERN":
            _candidates(av[3], omin, omax, bar, out, bounded)
        elif op == "ASSERT" and av[0] == 1:
            _candidates(av[1], omin, omax, bar, out, bounded)
        elif op in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT") and av[0] >= 1:
            _candidates(av[2], omin, omax, bar, out, bounded)
        a, b = _item_width(op, av)
        bar = _never([(op, av)], bar)
        omin, omax = omin + a, omax + b
    return out


CLAUSE = 30    # characters back to a barrier, as counted when choosing words


def _span(omin, omax, barrier) -> float:
    """How many starts one hit of the words leaves to try (a barrier cuts a window short)."""
    return min(omax - omin, CLAUSE) if barrier else omax - omin


def _ranked(cands, bounded=True) -> list:
    """Bounded candidates (with `bounded` False: all), cheapest first: fewest expected hits
    times the starts each hit leaves to try."""
    cands = [c for c in cands if _span(*c[1:]) != INF or not bounded]
    return sorted(cands, key=lambda c: (sum(map(_rarity, c[0])) * (_span(*c[1:]) + SLACK),
                                        sorted(c[0]), c[1], c[2], sorted(c[3])))


def _rarity(word: str) -> float:
    """Expected hits of a word, relative to a two-character word: a single character
    (的, 、, 等) is far more common, a longer word rarer."""
    return 20 if len(word) == 1 else 1 if len(word) == 2 else 0.3


# Barrier sets a text's Scan finds once for all patterns, largest first: a pattern's own
# set is narrowed to the first of these inside it (fewer barriers only widen windows).
_COMMON = ("，。；：！？、\n,;:!?“”‘’「」《》（）()", "，。；：！？、\n,;:!?", "，。；：！？\n,;:!?",
           "，。；\n", "，。；", "\n")


def _common(chars: frozenset) -> frozenset | None:
    """The first common barrier set inside chars (None if none)."""
    return next((frozenset(c) for c in _COMMON if set(c) <= chars), None)


# Each common set's smallest strict superset among them: a Scan filters that one's
# positions, cheaper than another regex pass over the text.
_WIDER = {frozenset(c): min((frozenset(w) for w in _COMMON if set(c) < set(w)), key=len, default=None)
          for c in _COMMON}
_ALL_MARKS = re.compile("[" + "".join(re.escape(c) for c in sorted(_COMMON[0])) + "]")


FIRSTS = 4     # most first characters whose words are found one literal search each


def _word_scans(words) -> tuple[re.Pattern, ...]:
    """Regexes that together find every occurrence of the words (overlapping ones may be
    found once: a window covers every word starting inside a hit).  re finds a regex that
    opens with a literal by fast search, but tests an alternation of words with several
    first characters as a class at every position, several times slower; so words are
    grouped by first character, one regex a group, unless the groups are many."""
    ordered = sorted(words, key=lambda w: (-len(w), w))
    groups: dict[str, list[str]] = {}
    for w in ordered:
        groups.setdefault(w[0], []).append(w)
    parts = list(groups.values()) if len(groups) <= FIRSTS else [ordered]
    return tuple(re.compile("|".join(map(re.escape, g))) for g in parts)


@dataclass(frozen=True)
class Plan:
    trigger: tuple[re.Pattern, ...]   # the required words, as _word_scans finds them
    omin: int                         # their offset from the match start …
    omax: float                       # … at most this (INF: only the barrier bounds it)
    barrier: frozenset | None         # characters never between the match start and the words
    reach: int | None                 # how far past its start an attempt reads (None: unbounded …)
    stop: frozenset | None            # … unless it can never read past one of these characters


def required_words(regex: str) -> frozenset[str] | None:
    """Words one of which every match of regex contains (somewhere in the searched string),
    the likeliest rarest such set; None when no such set is found."""
    try:
        tree = _sre.parse(regex)
        flags = tree.state.flags if hasattr(tree, "state") else tree.pattern.flags
        if flags & ~(re.UNICODE):     # (?i) and the like: a word may match in another case
            return None
        cands: list = []
        _candidates(tree, 0, 0, frozenset(), cands, bounded=False)
    except (_Unbounded, RecursionError, TypeError, ValueError):
        return None
    return min(cands, key=lambda c: (sum(map(_rarity, c[0])), sorted(c[0])))[0] if cands else None


PLANS = 4      # candidate word sets tried on real text before one is kept


@lru_cache(maxsize=None)
def plans(pattern: re.Pattern) -> tuple[Plan, ...]:
    """Ways to search near required words, likeliest cheapest first; () when the pattern
    cannot be bounded.  Word frequencies are only guessed here; finditer counts them."""
    if pattern.flags & ~(re.UNICODE):
        return ()
    try:
        tree = _sre.parse(pattern.pattern, pattern.flags)
        wmin, _ = _width(tree)
        reach = _reach(tree)
        universe = frozenset(_universe(tree, set(_PUNCT)))
        cands: list = []
        _candidates(tree, 0, 0, universe, cands)
        stop = _common(_never(tree, universe, ahead=True))
    except (_Unbounded, RecursionError, TypeError, ValueError):
        return ()
    if wmin <= 0:
        return ()
    out: list[Plan] = []
    for words, omin, omax, bar in _ranked([(w, a, b, _common(bar) or frozenset()) for w, a, b, bar in cands]):
        p = Plan(_word_scans(words), int(omin), omax, bar or None, None if reach == INF else int(reach), stop)
        if p not in out:
            out.append(p)
        if len(out) == PLANS:
            break
    return tuple(out)


def plan(pattern: re.Pattern) -> Plan | None:
    """The likeliest cheapest way to search near required words, or None."""
    return next(iter(plans(pattern)), None)


class Scan:
    """One text searched by many patterns: where each barrier set and each word regex
    occurs is found once."""

    def __init__(self, text: str):
        self.text = text
        self._marks: dict = {}
        self._words: dict = {}

    def hits(self, scans: tuple[re.Pattern, ...]) -> list[tuple[int, int]]:
        """Spans of a plan's words, ordered by start (a regex shared by plans is run once)."""
        got = [self._found(rx) for rx in scans]
        return got[0] if len(got) == 1 else sorted(chain.from_iterable(got))

    def _found(self, rx: re.Pattern) -> list[tuple[int, int]]:
        got = self._words.get(rx)
        if got is None:
            got = self._words[rx] = list(map(re.Match.span, rx.finditer(self.text)))
        return got

    def marks(self, chars: frozenset) -> list[int]:
        """Sorted positions of the characters of a common barrier set."""
        got = self._marks.get(chars)
        if got is None:
            wider, text = _WIDER[chars], self.text
            got = (list(map(re.Match.start, _ALL_MARKS.finditer(text))) if wider is None
                   else [i for i in self.marks(wider) if text[i] in chars])
            self._marks[chars] = got
        return got


class _Trials:
    """What the first calls for one pattern measured: each plan's windows, and the time
    of the plain scan against the anchored one on the same texts."""

    def __init__(self, n: int):
        self.cost = [0.0] * n         # per plan: hits × starts each hit leaves to try
        self.plain = self.anchored = 0.0
        self.calls = self.chars = 0
        self.keep: Plan | None = None  # once decided: the plan kept, or None for the plain scan
        self.done = False


_STATS: dict[re.Pattern, _Trials] = {}
TRIALS = 3            # calls measured both ways …
TRIAL_CHARS = 20000   # … over at least this much text, before the faster way is kept


def finditer(pattern: re.Pattern, text: str, scan: Scan | None = None) -> list:
    """The matches of pattern.finditer(text), as a list.  Every way gives the same
    matches; which is fastest depends on how common the required words are, so the
    first calls count each plan's hits and time the best plan against the plain scan
    on the same text, and later calls keep the faster.  `scan`: the text's Scan, when
    several patterns search it."""
    ps = plans(pattern)
    if not ps:
        return list(pattern.finditer(text))
    scan = scan if scan is not None and scan.text is text else Scan(text)
    st = _STATS.get(pattern)
    if st is None:
        st = _STATS[pattern] = _Trials(len(ps))
    if st.done:
        return list(pattern.finditer(text)) if st.keep is None else _anchored(pattern, text, st.keep, scan)
    for i, p in enumerate(ps):                          # counted apart: the timed search finds its own
        st.cost[i] += sum(len(rx.findall(text)) for rx in p.trigger) * (_span(p.omin, p.omax, p.barrier) + SLACK)
    best = ps[min(range(len(ps)), key=st.cost.__getitem__)]
    t0 = time.thread_time()                              # CPU time: other busy processes do not skew it
    _anchored(pattern, text, best, scan)
    t1 = time.thread_time()
    out = list(pattern.finditer(text))
    st.anchored += t1 - t0
    st.plain += time.thread_time() - t1
    st.calls += 1
    st.chars += len(text)
    if st.calls >= TRIALS and st.chars >= TRIAL_CHARS:
        st.keep, st.done = (best if st.anchored < st.plain else None), True
    return out


def _windows(p: Plan, hits: list[tuple[int, int]], bars: list[int] | None) -> tuple[list, int]:
    """The ranges [first, last] of starts the required words allow, merged and in order,
    and what searching them costs in characters (each window SLACK more).  `hits` are
    ordered by start.  A word starting inside a hit (公司 in 有限公司) may not be a hit of
    its own: it is covered by widening that hit's window to every start the hit spans.
    Windows under SLACK apart are joined: trying the few starts between them (none can
    match) is cheaper than another search call."""
    out: list[tuple[int, int]] = []
    omin, omax = p.omin, p.omax
    lo, hi = 0, -1                                       # the window being merged; none yet
    cost = 0
    for s, e in hits:
        a = s - omax if s > omax else 0
        if bars:                                         # no match crosses a barrier to reach its words
            i = bisect_left(bars, s)
            if i and bars[i - 1] >= a:
                a = bars[i - 1] + 1
        b = e - 1 - omin                                 # ≥ 0: a word stands omin or more past its start
        if a > b:
            continue
        if a > hi + SLACK:
            if hi >= 0:
                out.append((lo, hi))
                cost += hi + 1 - lo + SLACK
            lo, hi = a, b
        elif b > hi:
            hi = b
    if hi >= 0:
        out.append((lo, hi))
        cost += hi + 1 - lo + SLACK
    return out, cost


def _anchored(pattern: re.Pattern, text: str, p: Plan, scan: Scan | None = None) -> list:
    """The matches of pattern.finditer(text), searched only in the windows of plan p."""
    scan = scan if scan is not None and scan.text is text else Scan(text)
    wins, cost = _windows(p, scan.hits(p.trigger), scan.marks(p.barrier) if p.barrier is not None else None)
    if cost * RATIO > len(text):                         # windows would cover the text
        return list(pattern.finditer(text))
    stops = scan.marks(p.stop) if p.stop is not None else None
    n = len(text)
    reach = n if p.reach is None else p.reach + 2
    out = []
    lo = 0                                               # no match starts before lo (or one was taken)
    for first, b in wins:
        end = min(n, b + reach)
        if stops is not None:                            # no attempt from a start ≤ b reads past the stop
            i = bisect_left(stops, b)
            if i < len(stops) and stops[i] + 2 < end:
                end = stops[i] + 2
        a = lo if lo > first else first
        while a <= b:                                    # one window may hold several matches
            if (b + 1 - a) * SLACK < end - a:            # few starts, long reads: try each start
                m = next(filter(None, map(pattern.match, repeat(text, b + 1 - a), range(a, b + 1))), None)
            else:
                m = pattern.search(text, a, end)
            if m is None or m.start() > b:
                lo = b + 1
                break
            out.append(m)
            lo = a = m.end()
    return out
