"""Mentions → entities (one per name per type) and the links between them.

awardedTo: see awards.py.
locatedIn: a project or enterprise whose name starts with a town's name.
involves: a project whose name contains an enterprise's name (or equals it).
"""
from __future__ import annotations

import bisect
import re
from collections import defaultdict
from dataclasses import replace

from . import anchor
from .model import Doc, Entity, Mention, Relation, Segments
from .awards import awards
from .names import entity_key, norm


def group(mentions: list[Mention], region: str, simplify=None) -> list[Entity]:
    """One entity per (type, normalised name); the most frequent form is the name.

    simplify maps a label to the form the rules matched (traditional → simplified); that
    spelling becomes an alias.  Keys need no help: names.norm already compares scripts alike.
    """
    simplify = simplify or (lambda label: label)
    by_key: dict[str, list[Mention]] = defaultdict(list)
    for m in mentions:
        by_key[entity_key(m.type, m.label, region)].append(m)
    out = []
    for key, ms in by_key.items():
        forms = sorted({m.label for m in ms}, key=lambda f: (-sum(m.label == f for m in ms), -len(f), f))
        aliases = (set(forms[1:]) | {simplify(f) for f in forms}) - {forms[0]}
        out.append(Entity(key=key, type=ms[0].type, name=forms[0], aliases=tuple(sorted(aliases)),
                          mentions=tuple(sorted(ms, key=lambda m: (m.start, m.end)))))
    return sorted(out, key=lambda e: e.key)


def relations(doc: Doc, segments: Segments, entities: list[Entity], region: str
              ) -> tuple[list[Relation], list[Entity]]:
    """Links between entities, plus any recipient nodes the links need."""
    rels: set[Relation] = set()
    by_type = defaultdict(list)
    for e in entities:
        by_type[e.type].append(e)
    names = {(e.type, norm(n, e.type)): e for e in entities for n in (e.name, *e.aliases)}
    towns = [(norm(n, "Town"), e) for e in by_type["Town"] for n in (e.name, *e.aliases)]
    ents = [(norm(n), e) for e in by_type["Enterprise"] for n in (e.name, *e.aliases)]

    home = norm(region, "Town").rstrip("县市区")
    # a town that shares the county's name (阜平镇 in 阜平县) only counts with its suffix
    towns = [(norm(n) if tn == home else tn, t) for tn, t in towns
             for n in [next((x for x in (t.name, *t.aliases) if norm(x, "Town") == tn), t.name)]]
    towns = [(tname, t) for tname, t in towns if len(tname) >= 2]
    for p in by_type["Project"] + by_type["Enterprise"]:
        first = p.mentions[0]
        for pname in {norm(n) for n in (p.name, *p.aliases)}:    # each name normalised once, not per town
            for tname, t in towns:
                if pname.startswith(tname):
                    rels.add(Relation(p.key, "locatedIn", t.key, "link.name-starts-with-town", first.sentence))
    for p in by_type["Project"]:
        pn = norm(p.name)
        for en, e in ents:
            if len(en) >= 2 and en in pn:
                rels.add(Relation(p.key, "involves", e.key, "link.project-name-contains-enterprise", p.mentions[0].sentence))
    rels.update(_context_links(doc, segments, entities))

    award_rels, extra = awards(doc, segments, by_type["Honour"], names, region)
    rels.update(award_rels)
    town_titles = {h.key for h in by_type["Honour"] if _TOWN_TITLE.search(h.name)}
    of_towns = {r.object for r in award_rels if r.subject in town_titles}
    extra, renamed = _towns_among_recipients(extra, region, of_towns)
    rels = {Relation(r.subject, r.predicate, renamed.get(r.object, r.object), r.rule, r.sentence) for r in rels}
    return sorted(rels, key=lambda r: (r.subject, r.predicate, r.object, r.sentence, r.rule)), extra


def _towns_among_recipients(extra: list[Entity], region: str, of_towns: frozenset[str] = frozenset()) -> tuple[list[Entity], dict[str, str]]:
    """An honour's recipient named like a township (梁村镇获评…, X街道入选…), or named bare and
    given a township's title (王官庄、油坊被命名为省级卫生乡镇; keys in OF_TOWNS), is a Town even
    when no town rule found it.  Returns the nodes with such recipients retyped, and old key → new key."""
    from .extract import acceptable
    out, renamed = [], {}
    for e in extra:
        if e.type == "Recipient" and (_TOWN_NAME.search(e.name) or e.key in of_towns and _BARE_TOWN.fullmatch(e.name)) \
                and acceptable(e.name, "Town"):
            key = entity_key("Town", e.name, region)
            renamed[e.key] = key
            e = Entity(key=key, type="Town", name=e.name, aliases=e.aliases,
                       mentions=tuple(replace(m, type="Town") for m in e.mentions))
        out.append(e)
    return sorted(out, key=lambda e: e.key), renamed


_TOWN_NAME = re.compile(r"^[\u4e00-\u9fff]{2,5}(?:街道办事处|街道|民族乡|镇|乡)$")
_TOWN_TITLE = re.compile(r"(?:乡镇|[镇乡]|街道)$")
_BARE_TOWN = re.compile(r"[\u4e00-\u9fff]{2,4}")


# the lookbehind after 在, not before it: a pattern that opens with a lookbehind is tried at
# every position, one that opens with a word is only tried where the word is
_LOCATED = re.compile(r"位于|坐落于|落户|落地|在(?<![存现实内]在)(?=[^，。；,;]{0,8}?[镇乡])")
_BUILT_BY = re.compile(r"由(?P<who>[^，。；,;]{2,30}?)(?:承建|建设|中标建设|承接|运营|投资建设|负责)"
                       r"|(?P<op>[^，。；,;]{2,30}?)(?:负责)?运营(?=[，。；,;])")
_MOVED_IN = re.compile(r"(?:入驻|签约|落户|进驻)")
_PARTNER = re.compile(r"与(?P<who>[^，。；,;]{2,40}?)(?:深度|深入|开展|达成|战略)?合作")
# 〔8〕智能制造产业园：… / 智能制造产业园：… — a paragraph that explains one named thing
_TOPIC = re.compile(r"[ \t\u3000]*(?:[〔［\[(（]\d{1,3}[〕］\])）])?[“\"]?(?P<name>[^：:，。；\n]{2,30}?)[”\"]?[：:]")


_QUOTE = "“”‘’\"'《》「」『』"
_UNQUOTE = str.maketrans("", "", _QUOTE)
_QUOTE_RX = re.compile("[" + re.escape(_QUOTE) + "]")


class _Names(dict):
    """Names of one type → entity; looks a matched text up with its quotes dropped."""
    def __missing__(self, key):
        return dict.__getitem__(self, key.translate(_UNQUOTE))


def _names_rx(entities: list[Entity], etype: str, minlen: int):
    """The entities' names, and a pattern that finds them as written (labels drop quotes, so a
    quote may stand between any two characters: “遍地红”实景演出)."""
    names = _Names({n: e for e in entities if e.type == etype for n in (e.name, *e.aliases) if len(n) >= minlen})
    if not names:
        return names, None
    plain = {n.translate(_UNQUOTE) for n in names} - {""}
    return names, _QuoteBlind(re.compile("|".join(re.escape(n) for n in sorted(plain, key=len, reverse=True))))


class _Match:
    __slots__ = ("_text", "_s", "_e")

    def __init__(self, text: str, s: int, e: int):
        self._text, self._s, self._e = text, s, e

    def start(self) -> int:
        return self._s

    def end(self) -> int:
        return self._e

    def group(self) -> str:
        return self._text[self._s:self._e]


_UNQUOTED: list = [None, None]      # (text, its unquoted form): every pattern of a report shares it


def _unquoted(text: str):
    """text without quotes, where its quotes stood, and where each quote would stand in it
    (a quote's position less the quotes before it).  Two short lists instead of a position
    map per character: quotes are few, a report has thousands of characters."""
    if _UNQUOTED[0] is not text:
        quotes = list(map(re.Match.start, _QUOTE_RX.finditer(text)))
        _UNQUOTED[:] = [text, (_QUOTE_RX.sub("", text), quotes, [q - i for i, q in enumerate(quotes)])]
    return _UNQUOTED[1]


class _QuoteBlind:
    """Finds names in a text as if its quotes were not there, and reports spans in the text.
    Cheaper than a pattern with an optional quote between every two characters, whose compile
    cost per report dominated linking."""
    def __init__(self, rx: re.Pattern):
        self.rx, self._src, self._plain, self._quotes, self._shifted = rx, None, "", [], []

    def _prep(self, text: str) -> None:
        if text is self._src:
            return
        self._src = text
        self._plain, self._quotes, self._shifted = _unquoted(text)

    def _new(self, pos: int) -> int:
        """A text position in the unquoted text: minus the quotes before it."""
        return pos - bisect.bisect_left(self._quotes, pos)

    def _old(self, pos: int) -> int:
        """An unquoted text position in the text: plus the quotes at or before it."""
        return pos + bisect.bisect_right(self._shifted, pos)

    def finditer(self, text: str, a: int, b: int):
        self._prep(text)
        for m in self.rx.finditer(self._plain, self._new(a), self._new(b)):
            yield _Match(text, self._old(m.start()), self._old(m.end() - 1) + 1)

    def search(self, text: str, a: int, b: int):
        return next(self.finditer(text, a, b), None)


def _context_links(doc: Doc, segments: Segments, entities: list[Entity]) -> set[Relation]:
    """Links the wording of a paragraph states:
    `P：项目位于X镇…` / `P(位于X镇)` / `在X乡…建设` → P locatedIn X;  `P…由C公司承建` / `C运营` →
    P involves C;  `C1、C2 4家企业入驻P` → P involves every company the sentence names
    (`与C3合作，…C1、C2 2家企业签约P` too);  `与C合作打造P项目` → P involves C.
    The project is the paragraph's topic when the paragraph explains one (`〔8〕P：…`), else the
    nearest one named before the cue in the same paragraph."""
    sentences = segments.sentences
    text = doc.text
    projects, projects_rx = _names_rx(entities, "Project", 3)
    companies, companies_rx = _names_rx(entities, "Enterprise", 2)
    towns = [e for e in entities if e.type == "Town"]
    located: list[tuple[int, int, Entity]] = sorted(
        ((m.start, m.end, e) for e in towns for m in e.mentions), key=lambda x: (x[0], x[1]))
    located_starts = [x[0] for x in located]
    out: set[Relation] = set()

    para_start: dict[int, int] = {}
    para_end: dict[int, int] = {}
    for s in sentences:
        para_start.setdefault(s.paragraph, s.start)
        para_end[s.paragraph] = max(para_end.get(s.paragraph, s.end), s.end)
    topics: dict[int, Entity] = {}
    for para, start in para_start.items():
        m = _TOPIC.match(text, start)
        if m and m.group("name").translate(_UNQUOTE) in projects:
            topics[para] = projects[m.group("name")]

    def before(pos: int, para: int):
        """The paragraph's topic, else the last project named earlier in the same paragraph."""
        if para in topics:
            return topics[para]
        best = None
        if projects_rx is not None:
            for m in projects_rx.finditer(text, para_start[para], pos):
                best = projects[m.group()]
        return best

    def firms(a: int, b: int) -> list[Entity]:
        if companies_rx is None:
            return []
        return [companies[m.group()] for m in companies_rx.finditer(text, a, b)]

    def project_after(a: int, b: int):
        """The project named right after a cue, by its name or by the end of its name (文创园)."""
        if projects_rx is not None:
            m = projects_rx.search(text, a, b)
            if m and m.start() - a <= 4 and not re.search(r"[，。；、,;]", text[a:m.start()]):
                return projects[m.group()]
        word = re.match(r"[^，。；、：\n,;:（(]{2,12}", text[a:b])
        if word:
            w = word.group()
            hits = {e for k in range(len(w), 2, -1) if (part := w[:k]) not in projects
                    for n, e in projects.items() if n.endswith(part) and n != part}
            if len(hits) == 1:
                return hits.pop()
        return None

    for m in _LOCATED.finditer(text):
        si = _sent(sentences, m.start())
        lim = min(len(text), m.end() + 12)
        here = [t for s, e_, t in located[bisect.bisect_left(located_starts, m.end()):bisect.bisect_left(located_starts, lim)]
                if e_ <= lim]
        if not here:
            continue
        if m.group() == "在" and not re.match(r"[^，。；,;]{0,30}?(?:建设|建成|新建|投资)", text[m.end():m.end() + 40]):
            continue
        proj = before(m.start(), sentences[si].paragraph)
        if proj is not None:
            out.add(Relation(proj.key, "locatedIn", here[0].key, "link.located-at", si))
    for m in anchor.finditer(_BUILT_BY, text):      # same matches, searched near 由 / 运营
        si = _sent(sentences, m.start())
        a, b = m.span("who") if m.group("who") else m.span("op")
        if m.group("op") and projects_rx is not None and projects_rx.search(text, a, b):
            continue                    # 京东亚洲一号电商产业园开仓运营: the project's own status
        proj = before(m.start(), sentences[si].paragraph)
        if proj is not None:
            for c in firms(a, b):
                out.add(Relation(proj.key, "involves", c.key, "link.built-by", si))
    for m in _MOVED_IN.finditer(text):
        si = _sent(sentences, m.start())
        sent = sentences[si]
        p = project_after(m.end(), min(sent.end, m.end() + 20))
        if p is None:
            continue
        for c in firms(sent.start, m.start()):
            out.add(Relation(p.key, "involves", c.key, "link.moved-in", si))
    for m in _PARTNER.finditer(text):
        si = _sent(sentences, m.start())
        sent = sentences[si]
        clause_end = min([i for i in (text.find(c, m.end(), sent.end) for c in "，,；;。") if i >= 0] or [sent.end])
        if projects_rx is None:
            continue
        pm = projects_rx.search(text, m.end(), clause_end)
        if pm:
            for c in firms(*m.span("who")):
                out.add(Relation(projects[pm.group()].key, "involves", c.key, "link.partner", si))
    for para, topic in topics.items():            # a company named in a paragraph that explains P
        for c in firms(para_start[para], para_end[para]):
            out.add(Relation(topic.key, "involves", c.key, "link.topic-paragraph", _sent(sentences, para_start[para])))
    return out


def _sent(sentences, pos: int) -> int:
    lo, hi = 0, len(sentences) - 1
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if sentences[mid].start <= pos:
            lo = mid
        else:
            hi = mid - 1
    return lo
