"""Run the pattern rules over a document and settle overlaps.

Each rule's regex finds a span; `tidy` trims the words around a name that the
report's grammar puts there (leading verbs, trailing 等/项目, quotes); list rules
split a 、-list and carry a shared head onto every item.
"""
from __future__ import annotations

import bisect
import re
from functools import lru_cache

from .model import Doc, Mention, Segments
from .rules import Rule, alternation, load_rules, vocab

_QUOTES = "“”‘’\"'《》「」『』"
_COUNT = re.compile(r"[一二三四五六七八九十两\d]+[项个大条类]$")
_NAME_OK = re.compile(r"[\u4e00-\u9fff]")
_BAD = {
    "Project": re.compile(r"^[\d一二三四五六七八九十百千万]+[个项批家条座所处]|的|我们|全县|全市|等|项目|以上|以下|"
                          r"\d+[个元项家头所]|20\d\d|方面|效应|已$|型$|^[—-]|创[一二三四五]级|^[\u4e00-\u9fff]{1,2}$"),
    # institutions and places are not companies
    "Enterprise": re.compile(r"^[\d一二三四五六七八九十百千万]+[个项批家]|的|我们|等|[与和〔]|入驻|落户|签约|高校|院所|犯罪|"
                             r"(?:大学|学院|学校|中学|小学|附校|幼儿园|医院|研究院|研究所|政府|委员会|"
                             r"[局厅部委办处站中]|中心|协会|联合会|工作站|驿站|基地|园区|产业园|示范区|[县市省区镇乡村])$"),
    # 城乡 / 城镇 / 乡镇 / 小镇 are words, not names; 个乡 / 各乡 are counts
    "Town": re.compile(r"的|^[个所各每全该本这那县市区省]|[城乡村集小]\w?(?:镇|乡)$|[回返下还家故老同]乡$|\d"),
    "Honour": re.compile(r"^[\d一二三四五六七八九十百千万]+[个项批家]|的|我们"),
    "Programme": re.compile(r"^[\d]+[个项批家]|我们"),
}
_MAXLEN = {"Project": 30, "Enterprise": 20, "Town": 6, "Honour": 30, "Programme": 60}
_PLACE_CHARS = set("路街道镇乡村")
# Footnote markers and page references that reports attach to a name: 〔17〕 [3] (见第5页)
_NOTE = re.compile(r"(?:[〔［\[]\d{1,3}[〕］\]]|[（(]见第?\d+页[)）])$")
_NOTE_LEAD = re.compile(r"[〔［\[]\d{1,3}[〕］\]]")
# Enumerators that open a clause: 一是 / （四） / 1. / 其中
_ENUM = re.compile(r"(?:[一二三四五六七八九十]{1,2}是|[（(][一二三四五六七八九十\d]{1,2}[)）]|\d{1,2}[.、．](?!\d))")
# A modifier ending in 的 (占地252亩的 / 总投资28亿元的 / 覆盖45个村的): the name follows it
_DE_CUT = {"Project", "Enterprise"}
# Money or size before the name: 投资4.6亿元 / 总投资28亿元 / 占地252亩
_AMOUNT = re.compile(r"(?:总?投资|投入(?:资金)?|占地|总面积)约?[\d.]+(?:万|亿)?(?:元|亩|平方米|平方公里)")
# Single function characters that can precede a town name inside a clause (即台峪乡, 在王庄镇)
_FUNCTION_CHARS = set("即在对到向由从把将为让使和与及或是至")


@lru_cache(maxsize=None)
def _lexicon():
    v = vocab()
    lead = re.compile(alternation(v["lead"]))   # used with .match(text, pos): no "^", which would pin to pos 0
    tails = {t: re.compile(alternation(v.get(f"tail_{t}", ("等",))) + "$")
             for t in ("Project", "Enterprise", "Town", "Honour", "Programme")}
    heads = {
        "Project": re.compile(alternation(v["project_heads"]) + "$"),
        "Programme": re.compile(alternation(v["programme_heads"]) + "$"),
    }
    stops = {t: frozenset(v.get(f"stop_{t}", ())) for t in tails}
    stops["Town"] = frozenset(v["town_stop"])
    stops["Lead"] = frozenset(v["lead"])
    return lead, tails, heads, stops


@lru_cache(maxsize=None)
def _inner_lead_words() -> frozenset:
    """Two-word verb phrases (深入抓好, 严格落实) that are never a name on their own."""
    lead = vocab()["lead"]
    return frozenset(a + b for a in lead for b in lead if len(a) == 2 and len(b) == 2)


@lru_cache(maxsize=None)
def _inner_verbs():
    """Leading verbs long enough to mark a clause's verb when found inside a span."""
    words = [w for w in vocab()["lead"] if len(w) >= 3 or w in ("抓好", "推动", "实施", "启动")]
    return re.compile(alternation(words))


def tidy(text: str, start: int, end: int, etype: str) -> tuple[int, int]:
    """Shrink [start, end) to the name: drop leading verbs, trailing fillers, quotes."""
    lead, tails, _, _ = _lexicon()
    changed = True
    while changed and start < end:
        changed = False
        while start < end and (text[start] in _QUOTES or text[start].isspace()):
            start, changed = start + 1, True
        while end > start and (text[end - 1] in _QUOTES or text[end - 1].isspace()):
            end, changed = end - 1, True
        m = (lead.match(text, start, end) or _ENUM.match(text, start, end) or _NOTE_LEAD.match(text, start, end)
             or _AMOUNT.match(text, start, end))
        # keep a verb-looking word that starts a road or town name (建设路, 新建村)
        if m and m.end() < end - 1 and not (text[m.end()] in _PLACE_CHARS and m.end() - start <= 2):
            start, changed = m.end(), True
        m = _NOTE.search(text, start, end)
        if m and m.start() > start + 1:
            end, changed = m.start(), True
        if etype in ("Town", "Enterprise") and end - start >= 4 and text[start] in _FUNCTION_CHARS:
            start, changed = start + 1, True
        if etype == "Project":
            note = text.find("〔", start + 2, end)
            if note > 0:
                end, changed = note, True
            inner = None
            for inner in _inner_verbs().finditer(text, start + 2, end - 2):
                pass
            if inner is not None:                       # 云溪片区重点抓好X: the topic, then the verb, then the name
                start, changed = inner.end(), True
        if etype in _DE_CUT:
            de = text.rfind("的", start, end)
            if de >= 0 and de < end - 2:
                start, changed = de + 1, True
        m = tails[etype].search(text, start, end)
        if m and m.start() > start + 1:
            end, changed = m.start(), True
    return start, end


@lru_cache(maxsize=None)
def _enterprise_words():
    v = vocab()
    trade = re.compile(alternation(v["enterprise_trade"]) + "$")
    formal = re.compile(alternation(v["enterprise_suffix"]) + "$")
    generic = re.compile(alternation(v["enterprise_generic"] + v["lead"]))
    return trade, formal, generic


def _brand_ok(name: str) -> bool:
    """A brand + trade word (淇河酒业) is a company; a generic stem (现代农业, 农民合作社) is not."""
    trade, formal, generic = _enterprise_words()
    m = formal.search(name)
    if m:
        stem = name[: m.start()]
        return (not stem and len(name) >= 4) or (len(stem) >= 2 and not generic.match(stem))
    m = trade.search(name)
    if not m:
        return True
    stem = name[: m.start()]
    return len(stem) >= 2 and not generic.match(stem) and not stem.endswith(("产业", "行业", "和", "与", "及"))


def acceptable(name: str, etype: str) -> bool:
    _, _, _, stops = _lexicon()
    if etype == "Enterprise" and not _brand_ok(name):
        return False
    if etype == "Project" and name in _lexicon()[3]["Lead"] | _inner_lead_words():
        return False
    if etype == "Town" and name[:-1] in _lexicon()[3]["Lead"]:
        return False
    return (2 <= len(name) <= _MAXLEN[etype] and bool(_NAME_OK.search(name))
            and not _BAD[etype].search(name) and name not in stops[etype])


def _label(text: str, start: int, end: int) -> str:
    return "".join(c for c in text[start:end] if c not in _QUOTES)


_CONJ = re.compile(r"[和及]")


def _conjuncts(text: str, start: int, end: int, etype: str) -> list[tuple[int, int]]:
    """Split 妇幼保健院和疾控中心 in two when both sides end like a project (facility or work word);
    keep 文化馆和图书馆搬迁 and 仙人山旅游服务中心及停车场 whole."""
    if etype != "Project":
        return [(start, end)]
    fac, head = _project_words()
    for m in _CONJ.finditer(text, start + 2, end - 2):
        left, right = text[start:m.start()], text[m.end():end]
        if fac.search(right) and (fac.search(left) or head.search(left)):
            return [(start, m.start()), (m.end(), end)]
    return [(start, end)]


@lru_cache(maxsize=None)
def _project_words():
    v = vocab()
    return re.compile(alternation(v["facility"]) + "$"), re.compile(alternation(v["project_heads"]) + "$")


def split_list(text: str, start: int, end: int, etype: str) -> list[tuple[int, int, str]]:
    """Items of a 、-list with the shared head carried onto the items that lack it.

    Returns (start, end, name) for each item; name differs from the span when a
    head was carried (南山街 → 南山街立面改造) or a count dropped (清风三项工程 → 清风工程).
    """
    _, _, heads, _ = _lexicon()
    items, pos = [], start
    for part in text[start:end].split("、"):
        for a, b in _conjuncts(text, pos, pos + len(part), etype):
            s, e = tidy(text, a, b, etype)
            if s < e:
                items.append([s, e, _label(text, s, e)])
        pos += len(part) + 1
    head_rx = heads.get(etype)
    if len(items) > 1 and head_rx:
        last = items[-1]
        m = head_rx.search(last[2])
        if m:
            head = m.group()
            stem = last[2][: m.start()]
            counted = _COUNT.search(stem)
            if counted:
                last[2] = stem[: counted.start()] + head
            if etype == "Project":
                # 县医院、中医院、妇幼保健院发热门诊标准化改造: the items end like the last item's
                # stem (院), so everything after that character is the shared head
                ends = {it[2][-1] for it in items[:-1]}
                cut = max((last[2].rfind(c, 0, m.start()) for c in ends), default=-1)
                if 0 < cut < m.start() - 1:
                    head = last[2][cut + 1:]
            if etype == "Project" or counted:
                for it in items[:-1]:
                    if not head_rx.search(it[2]):
                        it[2] = it[2] + head
            elif not any(head_rx.search(it[2]) for it in items[:-1]):
                # 藏粮于地、藏粮于技战略: one name that contains a list
                return [(items[0][0], last[1], _label(text, items[0][0], last[1]))]
    return [tuple(it) for it in items]


def _sentence_of(starts: list[int], pos: int) -> int:
    return max(0, bisect.bisect_right(starts, pos) - 1)


def run_rule(rule: Rule, text: str) -> list[tuple[int, int, str]]:
    """(start, end, name) for every match of one rule in text."""
    out = []
    for m in rule.regex.finditer(text):
        s, e = m.span("name")
        if s < 0 or s >= e:
            continue
        if rule.list:
            out.extend(split_list(text, s, e, rule.type))
        else:
            s, e = tidy(text, s, e, rule.type)
            if s < e:
                out.append((s, e, _label(text, s, e)))
    return [(s, e, n) for s, e, n in out if acceptable(n, rule.type)]


def resolve(mentions: list[Mention], priority: dict[str, int]) -> list[Mention]:
    """Within one type keep the highest-priority, then longest, non-overlapping spans."""
    kept: list[Mention] = []
    taken: dict[str, list[tuple[int, int]]] = {}
    order = sorted(set(mentions), key=lambda m: (-priority.get(m.rule, 0), -(m.end - m.start), m.start, m.rule, m.label))
    for m in order:
        spans = taken.setdefault(m.type, [])
        if any(m.start < e and s < m.end for s, e in spans):
            continue
        spans.append((m.start, m.end))
        kept.append(m)
    return sorted(kept, key=lambda m: (m.start, m.end, m.type, m.label))


def extract(doc: Doc, segments: Segments, rules=None) -> list[Mention]:
    rules = rules if rules is not None else load_rules()
    starts = [s.start for s in segments.sentences]
    found = []
    text = doc.matchable            # rules match normalised text; spans are cut from doc.text
    for rule in rules:
        for s, e, name in run_rule(rule, text):
            span = doc.text[s:e]
            if name == _label(text, s, e):      # a plain span: its label as written
                name = _label(doc.text, s, e)
            found.append(Mention(type=rule.type, text=span, start=s, end=e, rule=rule.id,
                                 sentence=_sentence_of(starts, s),
                                 name=name if name != span else ""))
    kept = resolve(found, {r.id: r.priority for r in rules})
    return sorted(kept + brands_in_projects(doc, kept), key=lambda m: (m.start, m.end, m.type, m.label))


_PLACE_NAME = re.compile(r"(?<![\u4e00-\u9fff])([\u4e00-\u9fff]{2,3})(?=[省市县区])")


def brands_in_projects(doc: Doc, mentions: list[Mention]) -> list[Mention]:
    """Companies named at the start of a project (思念集团冷冻面点 → 思念集团; 一臣饲料 → 一臣
    when the text also names 河北一臣畜禽养殖有限公司).  Reports name a company's project after it."""
    _, formal, _ = _enterprise_words()
    brandish = re.compile(alternation(vocab()["enterprise_brand_trade"] + vocab()["enterprise_suffix"]) + "$")
    companies = [m.label for m in mentions if m.type == "Enterprise" and formal.search(m.label)]
    region = (doc.meta.region or "")
    places = {p[:k] for p in (region, *doc.meta.parents) for k in (len(p) - 1, len(p))}
    places |= {m.label for m in mentions if m.type == "Town"}
    places |= set(_PLACE_NAME.findall(doc.matchable))         # 河南省, 保定市: places, not brands
    places |= {m.label[:-1] for m in mentions if m.type == "Town"}
    have = {(m.start, m.end) for m in mentions if m.type == "Enterprise"}
    out = []
    for m in mentions:
        if m.type != "Project" or m.name:
            continue
        label, brand = m.label, None
        for k in range(min(8, len(label) - 2), 1, -1):          # a suffixed brand: 岐伯实业营养剂
            head = label[:k]
            if brandish.search(head) and _brand_ok(head) and acceptable(head, "Enterprise"):
                brand = head
                break
        if brand is None:                                      # a short form of a named company
            for k in range(min(6, len(label) - 2), 1, -1):
                head = label[:k]
                if (head not in places and head[0] not in "县市省区" and _NAME_OK.match(head) and acceptable(head, "Enterprise")
                        and _brand_ok(head) and any(head in c and c != head for c in companies)):
                    brand = head
                    break
        if brand and (m.start, m.start + len(brand)) not in have:
            out.append(Mention(type="Enterprise", text=doc.text[m.start:m.start + len(brand)], start=m.start,
                               end=m.start + len(brand), rule="enterprise.brand-in-project", sentence=m.sentence))
    return out
