"""Run the pattern rules over a document and settle overlaps.

Each rule's regex finds a span; `tidy` trims the words around a name that the
report's grammar puts there (leading verbs, trailing 等/项目, quotes); list rules
split a 、-list and carry a shared head onto every item.
"""
from __future__ import annotations

import bisect
import re
from functools import lru_cache

from . import anchor
from .common_words import is_common
from .model import Doc, Mention, Segments
from .names import enterprise_form, is_generic
from .rules import Rule, alternation, load_rules, vocab

_QUOTES = "“”‘’\"'《》「」『』"
_COUNT = re.compile(r"[一二三四五六七八九十两\d]+[项个大条类]$")
_NAME_OK = re.compile(r"[\u4e00-\u9fff]")
_BAD = {
    # a count, a category (一批, 市级示范, 招商引资) or a pronoun (该项目) is not a project's name
    "Project": re.compile(r"^[\d一二三四五六七八九十百千万]+\s*[个项批家条座所处只]|(?<!目)的|我们|全县|全市|等|项目|以上|以下|"
                          r"\d+[个元项家头所]|20\d\d|方面|效应|已$|型$|^[—-]|创[一二三四五]级|^[\u4e00-\u9fff]{1,2}$|"
                          r"一批|创建|争创|(?:[省市县]|国家)级(?:示范|重点)|省市级|招商|引资|债券|贷款|资金|新一轮|各类|问题|[两三四五六七八九十]条|两[个座所]|^[一二三四五六七八九十\d]期|[和与及]$|[\d一二三四五六七八九十]月|^[该此其这那本各每对]|^[一二三四五六七八九十百千]+大"),
    # institutions and places are not companies
    "Enterprise": re.compile(r"^[\d一二三四五六七八九十百千万]+\s*[个项批家]|(?<!目)的|我们|等|[与和〔]|入驻|落户|签约|高校|院所|犯罪|"
                             r"^[\u4e00-\u9fff]{0,2}[^东西南北中内外\d][部厅委](?![\u4e00-\u9fff]*(?:公司|集团))|"
                             r"签署|建立|开展|对接|共建|企业$|[央民国外]企|牵手|实验室$|多家|多项|各类|新一轮|\d+多|更多|二三级|子公司$|"
                             r"(?:大学|学院|学校|中学|小学|附校|幼儿园|医院|研究院|研究所|政府|委员会|"
                             r"[厅部委办处站中]|(?<![一二三四五六七八九十\d])局|中心|协会|联合会|工作站|驿站|基地|园区|产业园|示范区|[县市省区镇乡村])$"),
    # 城乡 / 城镇 / 乡镇 / 小镇 are words, not names; 个乡 / 各乡 are counts
    # 太行水镇 / 善行画乡 / 周庄古镇: four-character tourism brands, not townships
    # 梁村镇 / 马集镇 / 城关镇 (one character, then 村镇 / 集镇, or 城关) are names; see _town_word
    "Town": re.compile(r"(?<!目)的|^[个只所各每全该本这那县市区省]|各[镇乡]$|示范|[回返下还家故老同]乡$|\d|"
                       r"^[\u4e00-\u9fff]{2}(?:水镇|画乡|古镇)$|水乡$"),
    # …最大 / 首个 / 第一家: a superlative the report claims, not a title conferred
    "Honour": re.compile(r"^[\d一二三四五六七八九十百千万]+\s*[个项批家]|(?<!目)的|我们|更名|投入运营|投入使用|开工|竣工|资金|荣誉|预算|债券|首家|首位|\d[万亿]?元|最大|最长|最多|首个|第一家|^[\u4e00-\u9fff]{1,2}$"),
    # a town's or village's planning document is not a programme (控制性详细规划, 村庄规划)
    # 重点领域改革 / 各领域改革: reform of unnamed areas is a topic, not a named programme
    # a clause caught whole (2018年是新区规划, 对85项改革, 持续编规划) is not a name
    "Programme": re.compile(r"^[\d]+[个项批家]|我们|详细规划$|乡镇总体规划$|村庄规划$|"
                            r"^(?:重点|关键|各|多|相关)(?:领域|行业|环节)改革$|"
                            r"^20\d\d年是|^[对以把将][\d\u4e00-\u9fff]|^持续编|^\d+项|^系列|^年度|年计划$|投资计划$|"
                            r"^[双两]第一$|[\d一二三四五六七八九十]连[进冠增升]$"),   # 双第一, 八连进: a ranking
}
# a 工程 that names a road or a route (大街南延至南三环工程) is a building work, not a programme
_ROUTE_WORK = re.compile(r"(?:(?<!道)路|大街|大道|[南北东西]延|[^\d]至|高速|铁路|水库|灌区|配置|拓宽|堤|闸|泵站|管网).*工程$")
# 城镇 / 乡镇 / 特色小镇 / 小城镇 / 美丽村镇 are words, not towns …
_TOWN_WORD = re.compile(r"[城乡村集小]\w?(?:镇|乡)$")
# … but one character before 村镇 / 集镇, or 城关镇, is a town's name (梁村镇, 马集镇)
_TOWN_NAMED = re.compile(r"[^城乡村集小新各全该本每大中重特美老][村集](?:镇|乡)|城关[镇乡]")
_MAXLEN = {"Project": 30, "Enterprise": 20, "Town": 6, "Honour": 30, "Programme": 60}
_ROAD_END = re.compile(r"[路街道段线桥]$")
_ROAD_AFTER_VERB = re.compile(r"(?!道路|街道|路网|路面|路灯|街巷|街区)(?:路|街|道|大道|大街)")
# Footnote markers and page references that reports attach to a name: 〔17〕 [3] (见第5页)
_NOTE = re.compile(r"(?:[〔［\[]\d{1,3}[〕］\]]|[（(]见第?\d+页[)）])$")
_NOTE_LEAD = re.compile(r"[〔［\[]\d{1,3}[〕］\]]")
# Enumerators that open a clause: 一是 / （四） / 1. / 其中
_ENUM = re.compile(r"(?:[一二三四五六七八九十]{1,2}是|[（(][一二三四五六七八九十\d]{1,2}[)）]|\d{1,2}[.、．](?!\d))")
# A modifier ending in 的 (占地252亩的 / 总投资28亿元的 / 覆盖45个村的): the name follows it
_DE_CUT = {"Project", "Enterprise"}
# Money or size before the name: 投资4.6亿元 / 总投资28亿元 / 占地252亩
_AMOUNT = re.compile(r"(?:(?:总?投资|投入(?:资金)?|占地|总面积)约?[\d.]+(?:万|亿)?(?:元|亩|平方米|平方公里)"
                     r"|[\d.]+万?(?:公里|千米|平方米|亩)(?![\u4e00-\u9fff]?[镇乡])"
                     r"|[\d.]+[万亿]元的?(?=[\u4e00-\u9fff]{4}))")
# Single function characters that can precede a town name inside a clause (即台峪乡, 在王庄镇)
_FUNCTION_CHARS = set("即在对到向由从把将为让使和与及或是至以")


@lru_cache(maxsize=None)
def _lexicon():
    v = vocab()
    lead = re.compile(alternation(v["lead"]))   # used with .match(text, pos): no "^", which would pin to pos 0
    # 全市 before a verb is the subject (全市推进X), before an award it is the award's scope
    # (全市考核专项奖): an Honour keeps it
    scope = set(v.get("lead_scope", ()))
    leads = {t: lead for t in ("Project", "Enterprise", "Town", "Programme")}
    leads["Honour"] = re.compile(alternation([w for w in v["lead"] if w not in scope]))
    tails = {t: re.compile(alternation(v.get(f"tail_{t}", ("等",))) + "$")
             for t in ("Project", "Enterprise", "Town", "Honour", "Programme")}
    heads = {
        "Project": re.compile(alternation(v["project_heads"]) + "$"),
        "Programme": re.compile(alternation(v["programme_heads"]) + "$"),
    }
    stops = {t: frozenset(v.get(f"stop_{t}", ())) for t in tails}
    stops["Town"] = frozenset(v["town_stop"])
    stops["Lead"] = frozenset(v["lead"])
    return leads, tails, heads, stops


@lru_cache(maxsize=None)
def _fragments() -> frozenset:
    """Stops that are never a whole name, only a name cut after its first word."""
    return frozenset(vocab().get("stop_fragment", ()))


@lru_cache(maxsize=None)
def _inner_lead_words() -> frozenset:
    """Leading verbs and two-word verb phrases (深入抓好, 严格落实): never a name on their own."""
    lead = vocab()["lead"]
    return frozenset(a + b for a in lead for b in lead if len(a) == 2 and len(b) == 2) | frozenset(lead)


@lru_cache(maxsize=None)
def _inner_verbs():
    """Leading verbs long enough to mark a clause's verb when found inside a span."""
    words = [w for w in vocab()["lead"] if len(w) >= 3 or w in ("抓好", "推动", "实施", "启动")]
    words += vocab().get("project_inner_verbs", [])     # 专项支持X项目: the funder, then the verb
    return re.compile(alternation(words))


@lru_cache(maxsize=None)
def _lead_end():
    return re.compile(alternation([w for w in vocab()["lead"] if len(w) >= 2]) + "$")


_CLAUSE_BEFORE_FIRM = re.compile(r"以(?![上下来及外内后前])|由(?!于)")
_FIRM_AFTER = re.compile(r"完成|引进|引入|支持|培育|携手|对接|服务|帮助")   # verbs whose object is a company
_UNIQUE = re.compile(r"(?:全[国省市县区]|[省市县区]内)?(?:唯一|首个|首家|第一个)(?:一个|一家)?")
_RANKED = re.compile(r"[^，。；、]{0,16}?(?:\d+强(?:企业)?|(?:领军|龙头|骨干|头部|知名|领先)企业)")


@lru_cache(maxsize=None)
def _opener(etype: str) -> re.Pattern:
    """What tidy cuts from a span's start, in order of preference: a leading verb, an
    enumerator, a footnote marker, an amount.  One alternation: one call instead of four."""
    parts = (_lexicon()[0][etype], _ENUM, _NOTE_LEAD, _AMOUNT)
    return re.compile("|".join(f"(?:{rx.pattern})" for rx in parts))


def _after_last(rx: re.Pattern, text: str, a: int, b: int, default: int) -> int:
    """Where the last match of RX in text[a:b] ends, or DEFAULT."""
    m = None
    for m in rx.finditer(text, a, b):
        pass
    return m.end() if m is not None else default


def tidy(text: str, start: int, end: int, etype: str) -> tuple[int, int]:
    """Shrink [start, end) to the name: drop leading verbs, trailing fillers, quotes."""
    tails = _lexicon()[1]
    opener = _opener(etype)
    changed = True
    while changed and start < end:
        changed = False
        while start < end and (text[start] in _QUOTES or text[start].isspace()):
            start, changed = start + 1, True
        while end > start and (text[end - 1] in _QUOTES or text[end - 1].isspace()):
            end, changed = end - 1, True
        m = opener.match(text, start, end)
        # keep a verb-looking word that starts a road name (建设路, 建设大街), not one before 道路
        # a stop that is only ever the tail of a longer name (驱动发展战略): the word before belongs to it
        if m and text[m.end():end] in _fragments():
            m = None
        if m and m.end() < end - 1 and not (m.end() - start <= 2 and _ROAD_AFTER_VERB.match(text, m.end(), end)):
            start, changed = m.end(), True
            if text[start] == "了" and start < end - 2:     # 完成了X
                start += 1
        m = _NOTE.search(text, start, end)
        if m and m.start() > start + 1:
            end, changed = m.start(), True
        if etype in ("Town", "Enterprise") and end - start >= 4 and text[start] in _FUNCTION_CHARS:
            start, changed = start + 1, True
        if etype == "Enterprise" and end - start >= 5 and text[start] == "原":   # 原蓝山集团: the former company
            start, changed = start + 1, True
        if etype == "Honour":                       # 全省唯一一个中国食品名城: the claim, then the title
            m = _UNIQUE.match(text, start, end)
            if m and end - m.end() >= 4:
                start, changed = m.end(), True
        if etype == "Enterprise":                   # 世界500强企业吉利控股集团: a ranking, then the name
            m = _RANKED.match(text, start, end)
            if m and end - m.end() >= 4:
                start, changed = m.end(), True
        if etype == "Enterprise":
            cut = start
            if end - start >= 6:                    # 马山木业加工园以茂生公司: a clause, then the company
                cut = _after_last(_CLAUSE_BEFORE_FIRM, text, start + 1, end - 3, cut)
            if end - cut >= 10:                     # 仅用14天时间就成功完成浙江一百岁集团
                cut = _after_last(_FIRM_AFTER, text, cut + 2, end - 4, cut)
            if cut > start:
                start, changed = cut, True
        if etype == "Project":                      # 云溪片区重点抓好X: the topic, then the verb, then the name
            cut = _after_last(_inner_verbs(), text, start + 2, end - 2, start)
            if cut > start:
                start, changed = cut, True
            note = text.find("〔", start + 2, end)
            if note > 0:
                end, changed = note, True
        if etype in _DE_CUT:
            de = text.rfind("的", start, end)
            if de >= 0 and de < end - 2:
                start, changed = de + 1, True
        m = tails[etype].search(text, start, end)
        if m and m.start() > start + 1:
            end, changed = m.start(), True
        if etype == "Project":                      # 县直第二幼儿园尽快: a verb left at the end
            m = _lead_end().search(text, start, end)
            if m and m.start() > start + 1 and not _project_words()[2].search(text, start, end):
                end, changed = m.start(), True
    return start, end


@lru_cache(maxsize=None)
def _enterprise_words():
    v = vocab()
    trade = re.compile(alternation(v["enterprise_trade"]) + "$")
    formal = re.compile(alternation(v["enterprise_suffix"]) + "$")
    generic = re.compile(alternation(v["enterprise_generic"] + v["lead"]))
    return trade, formal, generic


def _generic_stem(stem: str) -> bool:
    """现代 / 全省 / 推动… open a generic phrase; a lone 新 only when it is the whole stem
    (新农业), not when it starts a brand (新希望, 新六)."""
    m = _enterprise_words()[2].match(stem)
    return bool(m) and (len(m.group()) >= 2 or m.end() == len(stem))


def _brand_ok(name: str) -> bool:
    """A brand + trade word (淇河酒业) is a company; a generic stem (现代农业, 农民合作社) is not."""
    trade, formal, generic = _enterprise_words()
    m = formal.search(name)
    if m:
        stem = name[: m.start()]
        return (not stem and len(name) >= 4) or (len(stem) >= 2 and not _generic_stem(stem))
    m = trade.search(name)
    if not m:
        return True
    stem = name[: m.start()]
    return len(stem) >= 2 and not _generic_stem(stem) and not stem.endswith(("产业", "行业", "和", "与", "及"))


@lru_cache(maxsize=None)
def _category_end():
    """X重大 / X示范 / X一体化 (项目): the word before 项目 names a kind of project, not one;
    城市… / 农村… / 公办… open a category (城市管网雨污分流改造, 农村供水管网改造提升)."""
    return re.compile(alternation(vocab()["project_category_end"]) + "$")


@lru_cache(maxsize=None)
def _generic_start():
    return re.compile(alternation(vocab()["project_generic_start"]))


@lru_cache(maxsize=None)
def _attributive_kind():
    """寄宿制学校 / 标准化社区 / 小规模学校: an attribute (…制, …化, …型, …式, 规模) and a bare
    facility word, with no place or proper name: a kind of facility, built many times over."""
    units = alternation(vocab()["facility"] + vocab().get("project_units", []))
    return re.compile(rf"(?:[\u4e00-\u9fff]{{2}}[制化型式]|[小大中]?规模化?){units}")


def _category(name: str) -> bool:
    """A kind of project, not one: 城市管网雨污分流改造, 公办幼儿园; a long name that ends in a
    facility (市政交通新材料基地) is specific enough to keep."""
    if _category_end().search(name) or _attributive_kind().fullmatch(name):
        return True
    return bool(_generic_start().match(name)) and not (len(name) >= 9 and _project_words()[0].search(name))


@lru_cache(maxsize=None)
def _bare_facilities() -> frozenset:
    """安置房 / 产业园 alone: a kind of facility, not one."""
    return frozenset(vocab()["facility"])


def _town_stem_has_verb(name: str) -> bool:
    """A four-character stem is a name (三十里铺镇) unless a verb sits in it (持续提升乡风, 位于阜平镇)."""
    lead = _lexicon()[3]["Lead"]
    stem = re.sub(r"(?:街道办事处|街道|民族乡|镇|乡)$", "", name)
    return "于" in stem or any(stem[i:i + 2] in lead for i in range(len(stem) - 1))


def _sector(name: str) -> bool:
    """医药化工, 工程机械: industry words ending in a trade (产值达到100亿元 is the sector's), no
    brand; a bank or an institution (农商银行) is named by its region, not a sector."""
    return bool(_product_trades().search(name)) and is_generic(enterprise_form(name, "")[0])


_CLAUSE_WORDS = re.compile(r"[让使把将]|努力")     # 努力让农业: a clause, not a company name
_RANK = re.compile(r"第[\d一二三四五六七八九十]+(?:[名位镇乡]|$)")


def acceptable(name: str, etype: str) -> bool:
    _, _, _, stops = _lexicon()
    if etype == "Enterprise" and (not _brand_ok(name) or name in _inner_lead_words() or _CLAUSE_WORDS.search(name)
                                  or _sector(name)):
        return False
    if etype == "Project" and (name in _inner_lead_words() or _category(name) or name in _bare_facilities()):
        return False
    if etype in ("Town", "Honour") and _RANK.search(name):        # 三湘第一镇, 第六名: a ranking
        return False
    if etype == "Town" and (name[:-1] in _lexicon()[3]["Lead"] or name in _lexicon()[3]["Lead"]
                            or _TOWN_WORD.search(name) and not _TOWN_NAMED.fullmatch(name)
                            or len(name) >= 5 and _town_stem_has_verb(name)):
        return False
    return (2 <= len(name) <= _MAXLEN[etype] and bool(_NAME_OK.search(name))
            and not _BAD[etype].search(name) and name not in stops[etype])


_UNQUOTE = str.maketrans("", "", _QUOTES)


def _label(text: str, start: int, end: int) -> str:
    return text[start:end].translate(_UNQUOTE)


_CONJ = re.compile(r"以及|[和及]")
_ROUTE_END = re.compile(r"[路街道线]$")
_ROUTE_HEAD = re.compile(r"[路街道线]")


def _conjuncts(text: str, start: int, end: int, etype: str) -> list[tuple[int, int, str]]:
    """Split 妇幼保健院和疾控中心 in two when both sides end like a project (facility or work word);
    keep 文化馆和图书馆搬迁 and 仙人山旅游服务中心及停车场 whole.  Two routes joined by 和
    (安大线和京白线改造提升) are two works sharing the right side's head.  Returns each
    part tidied, as (start, end, head to carry onto the left side): a part kept whole is
    the span already tidied to judge the sides, so it is not tidied twice."""
    if etype != "Project":
        return [(*tidy(text, start, end, etype), "")]
    fac, head, _ = _project_words()
    ts, te = tidy(text, start, end, etype)          # judge the sides without 等项目 / leading verbs
    for m in _CONJ.finditer(text, ts + 2, te - 2):
        left, right = text[ts:m.start()], text[m.end():te]
        f = fac.search(right)
        # 仙人山旅游服务中心及停车场 / 新增互通及连接线: a bare facility word is a part, not a second name
        if f and f.start() > 0 and (fac.search(left) or head.search(left)):
            return _tidied(text, [(start, m.start(), ""), (m.end(), end, "")])
        # 以及 joins whole names: 城北污水处理厂以及城南垃圾中转站
        if m.group() == "以及" and len(right) >= 4 and (fac.search(left) or head.search(left)):
            return _tidied(text, [(start, m.start(), ""), (m.end(), end, "")])
        # 城区主干道和容贾路改造升级: a route on each side, the work named once after the second
        if len(left) >= 3 and _ROUTE_END.search(left) and 2 <= len(right) and not _CONJ.search(right):
            r = _ROUTE_HEAD.search(right, 1)
            rest = right[r.end():] if r else ""
            if r and (not rest or head.fullmatch(rest) or head.search(rest) and head.search(rest).start() == 0):
                return _tidied(text, [(start, m.start(), rest), (m.end(), end, "")])
    return [(ts, te, "")]


def _tidied(text: str, parts: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """Project parts of a split span, each tidied."""
    return [(*tidy(text, a, b, "Project"), carry) for a, b, carry in parts]


@lru_cache(maxsize=None)
def _project_words():
    v = vocab()
    return (re.compile(alternation(v["facility"]) + "$"), re.compile(alternation(v["project_heads"]) + "$"),
            re.compile(alternation(v["project_heads"] + v["facility"]) + "$"))


def _shared_head(items: list[list], head_start: int) -> str | None:
    """The part of the last item that the other items share.

    县医院、中医院、妇幼保健院发热门诊标准化改造: the items end like the last item's stem (院),
    so everything after that character is the head.  星河国际、福建泉工、河南金诺建筑建材生产基地:
    bare names of one length, none a facility, so the head starts where the last item's name of
    that length ends."""
    fac, head_rx, _ = _project_words()
    last = items[-1][2]
    ends = {it[2][-1] for it in items[:-1]}
    if len(ends) == 1:
        cut = last.rfind(next(iter(ends)), 0, head_start)
        if cut > 0:
            return last[cut + 1:] if cut < head_start - 1 else None
    lengths = {len(it[2]) for it in items[:-1]}
    k = len(items[-2][2])
    if (max(lengths) - min(lengths) <= 1 and 2 <= k and len(last) - k >= 3
            and not any(fac.search(it[2]) or head_rx.search(it[2]) for it in items[:-1])):
        # 大堤口、中冉城中村改造: a category word (城中村) next to the cut starts the head
        for j in (k - 1, k + 1):
            if 2 <= j < len(last) - 2 and any(last.startswith(w, j) for w in vocab()["project_generic_start"]):
                return last[j:]
        return last[k:]
    return None


_SERIAL = re.compile(r"[\dA-Za-z]{1,3}[#号]")


def _numbered_series(items: list[list]) -> bool:
    """照旺台片区1#、2#、3#地块回迁房: numbered items share the first item's prefix and the last
    item's suffix.  Rewrites the items' names in place; False when the list is not such a series."""
    first, last = items[0][2], items[-1][2]
    a = _SERIAL.search(first)
    b = _SERIAL.match(last)
    if not (a and a.end() == len(first) and b and b.end() < len(last)
            and all(_SERIAL.fullmatch(it[2]) for it in items[1:-1])):
        return False
    prefix, suffix = first[: a.start()], last[b.end():]
    for it in items:
        serial = _SERIAL.search(it[2]).group()
        it[2] = prefix + serial + suffix
    return True


_COUNTED_TAIL = re.compile(r"([两二三四五六七八九])[个条座所处项]([\u4e00-\u9fff]{2,8})$")


def _counted_list(text: str, start: int, end: int) -> list[tuple[int, int, str]] | None:
    """荣乌高速新线一期、京雄高速和容易、安大两条建材通道: a count before the last item's head says
    how many items share it (容易, 安大 → …建材通道); a 和 inside the list then separates items
    (京雄高速 | 容易) instead of gluing them."""
    parts, pos = [], start
    for part in text[start:end].split("、"):
        parts.append((pos, pos + len(part)))
        pos += len(part) + 1
    ls, le = tidy(text, parts[-1][0], end, "Project")
    m = _COUNTED_TAIL.search(text, ls, le) if ls < le else None
    if len(parts) < 2 or not m:
        return None
    n = "两二三四五六七八九".index(m.group(1))
    n = 2 if n < 2 else n + 1
    spans = []
    for a, b in parts[:-1]:
        j = text.find("和", a + 2, b - 1)
        spans.extend([(a, j), (j + 1, b)] if j > 0 else [(a, b)])
    spans.append((parts[-1][0], m.start()))
    if len(spans) < n:
        return None
    out = []
    for i, (a, b) in enumerate(spans):
        a, b = tidy(text, a, b, "Project")
        if a >= b:
            return None
        name = _label(text, a, b)
        out.append((a, b, name + m.group(2) if i >= len(spans) - n else name))
    return out


def split_list(text: str, start: int, end: int, etype: str) -> list[tuple[int, int, str]]:
    """Items of a 、-list with the shared head carried onto the items that lack it.

    Returns (start, end, name) for each item; name differs from the span when a
    head was carried (南山街 → 南山街立面改造) or a count dropped (清风三项工程 → 清风工程).
    """
    _, _, heads, _ = _lexicon()
    if etype == "Project":
        counted = _counted_list(text, start, end)
        if counted:
            return counted
    items, pos = [], start
    for part in text[start:end].split("、"):
        for s, e, carry in _conjuncts(text, pos, pos + len(part), etype):
            if s < e:
                items.append([s, e, _label(text, s, e) + carry])
        pos += len(part) + 1
    if etype == "Project" and len(items) > 1:
        if not _numbered_series(items):
            # 南山街、南关街、关帝庙街立面改造和古城景区停车场、…: each run of items that ends in
            # an item with a head shares that head
            strong, either = _project_words()[1:]
            run: list[list] = []
            for it in items:
                run.append(it)
                if strong.search(it[2]):
                    _carry(text, run, either, etype)
                    run = []
            _carry(text, run, either, etype)
        return [tuple(it) for it in items]
    return _carry(text, items, heads.get(etype), etype) or [tuple(it) for it in items]


def _carry(text: str, items: list[list], head_rx, etype: str) -> list[tuple] | None:
    """Carry the last item's head onto the items that lack it (in place).  Returns a single
    merged item when the list is really one name (藏粮于地、藏粮于技战略), else None."""
    if len(items) > 1 and head_rx:
        last = items[-1]
        m = head_rx.search(last[2])
        if m:
            head = m.group()
            stem = last[2][: m.start()]
            counted = _COUNT.search(stem)
            if counted:                                 # 北环、照旺台两个公园 → 照旺台公园
                last[2] = stem[: counted.start()] + head
            shared = _shared_head(items, m.start()) if etype == "Project" and not counted else None
            if etype == "Project" and not shared and not counted and not _project_words()[1].search(last[2]):
                head = None                              # a facility word alone is not shared
            if head and (etype == "Project" or counted):
                for it in items[:-1]:
                    if shared and not it[2].endswith(shared):
                        it[2] = it[2] + shared
                    elif not shared and not head_rx.search(it[2]):
                        it[2] = it[2] + head
            elif etype != "Project" and not any(head_rx.search(it[2]) for it in items[:-1]):
                # 藏粮于地、藏粮于技战略: one name that contains a list
                return [(items[0][0], last[1], _label(text, items[0][0], last[1]))]
    return None


def _themed_series(items: list[tuple[int, int, str]]) -> bool:
    """平安交通、平安医院、平安校园: three or more short items on one 2-character theme name a
    campaign's fields, not facilities."""
    names = [n for _, _, n in items]
    return len(names) >= 3 and all(len(n) <= 4 for n in names) and len({n[:2] for n in names}) == 1


def _sentence_of(starts: list[int], pos: int) -> int:
    return max(0, bisect.bisect_right(starts, pos) - 1)


_OPEN_QUOTE = {"”": "“", "」": "「", "』": "『", "\"": "\""}


def _quoted_prefix(text: str, start: int) -> int:
    """打造“遍地红”实景演出: a quoted name right before the span is part of it."""
    if start < 4 or text[start - 1] not in _OPEN_QUOTE:
        return start
    opener = text.rfind(_OPEN_QUOTE[text[start - 1]], max(0, start - 14), start - 1)
    if opener < 0 or start - 1 - opener < 2 or not _NAME_OK.search(text, opener, start):
        return start
    inner = text[opener + 1:start - 1]
    return opener if all(c not in "，。；、,;" for c in inner) else start


_LIST_STOP = set("，。；：！？,;:!?\n（()）《》")


@lru_cache(maxsize=None)
def _programme_head():
    """A programme's head noun on its own (工程, 行动计划, 模式): what list items may share."""
    return re.compile(alternation(vocab()["programme_heads"]))


def _after_verb(text: str, s: int, e: int) -> int:
    """继续实施奶业 → 奶业: a list's first item runs back to the clause boundary, so it may still
    carry the verb that governs the whole list; cut after the last such verb."""
    for m in _programme_verb_rx().finditer(text, s, e):
        if m.end() <= e - 2:
            s = m.end()
    return s


def _items_before(text: str, start: int) -> list[tuple[int, int]]:
    """The 、-list items that end right before a name (大气、水、|土壤污染防治行动计划): short
    runs of name characters back to the clause boundary."""
    items, pos = [], start
    if pos >= 2 and text[pos - 1] in _QUOTES and text[pos - 2] == "、":
        pos -= 1
    while pos >= 2 and text[pos - 1] == "、":
        j = k = pos - 1
        while k > 0 and j - k < 14 and text[k - 1] not in _LIST_STOP and text[k - 1] != "、":
            k -= 1
        if k == j or (k > 0 and text[k - 1] not in _LIST_STOP and text[k - 1] != "、"):
            break
        items.append((k, j))
        pos = k
    return items[::-1]


def _programme_list(text: str, a: int, b: int) -> list[tuple[int, int, str]]:
    """Items before a programme that share its head.  政治素质提升、业务能力提升、工作作风提升工程:
    the items end like the last item's stem, so they take what follows it (工程); “四带一自”产业扶贫、
    “三业一岗”就业扶贫模式 likewise (模式); 大气、水、土壤污染防治行动计划: one- or two-character
    nouns take everything after the last item's noun of that length.  Otherwise nothing: an item
    that does not end like the last one (藏粮于地、藏粮于技战略) is not a programme of its own."""
    before = _items_before(text, a)
    if not before:
        return []
    last = _label(text, a, b)
    items = []
    for s, e in before:
        s, e = tidy(text, s, e, "Programme")
        s = _after_verb(text, s, e)
        if s >= e:
            return []
        items.append((s, e, _label(text, s, e)))
    names = [n for _, _, n in items]
    head_rx = _programme_head()
    if any(head_rx.search(n) for n in names):
        return []
    head = None
    end2 = {n[-2:] for n in names}
    if len(end2) == 1 and all(len(n) >= 3 for n in names):
        x = next(iter(end2))
        cut = last.rfind(x, 1)
        if cut > 0 and head_rx.fullmatch(last, cut + 2):
            head = last[cut + 2:]
    elif all(len(n) <= 2 for n in names) and text[a - 1] not in _QUOTES and not any(c in _QUOTES for c in text[a:b]):
        k = max(len(n) for n in names)
        # 采矿、采砂和破坏生态环境问题五个专项整治行动: a counted or joined last item is a summary
        # 蓝天、碧水、净土保卫战: the rest of the last item is exactly a head
        fits = len(last) - k >= 4 or (len(last) - k == 3 and head_rx.fullmatch(last, k))
        if fits and head_rx.search(last, k) and not re.search(r"[和及与]|[一二三四五六七八九十两\d][个项类大条]", last):
            head = last[k:]
    if not head and (all(3 <= len(n) <= 6 for n in names) and not any(c in _QUOTES for c in text[items[0][0]:b])
          and not any(_programme_verb_rx().search(n) for n in names)):
        # 健康山东、健康东营行动; 全域控尘、工业企业深度治理行动: short verbless items that do not end
        # like the last one still share its strong head (行动, 攻坚战), never a weak one
        strong = _programme_strong_head()
        cut = next((i for i in range(3, len(last) - 1) if strong.fullmatch(last, i)), None)
        if cut is not None:
            head = last[cut:]
    if not head:
        return []
    return [(s, e, n + head) for s, e, n in items]


@lru_cache(maxsize=None)
def _programme_strong_head():
    return re.compile(alternation(vocab()["programme_heads_strong"]))


_BUILT_AS = re.compile(r"(?:建成|建设成|打造成?|成为|创建)$")
_QUALITY_WORK = re.compile(r"[\u4e00-\u9fff]{2}工程")


def _quality_slogan(text: str, a: int, b: int) -> bool:
    """把每一项工程都建成民心工程、优质工程、廉洁工程: after 建成 / 打造 a two-character
    quality plus 工程 says what the works should be like; it names no programme."""
    if not _QUALITY_WORK.fullmatch(text, a, b):
        return False
    k = a
    while k >= 5 and text[k - 1] == "、" and _QUALITY_WORK.fullmatch(text, k - 5, k - 1):
        k -= 5
    return bool(_BUILT_AS.search(text, max(0, k - 3), k))


_UMBRELLA = re.compile(r"([二三四五六七八九十两])[个项类大条]")
_NUMERAL = {c: i for i, c in enumerate("一二三四五六七八九十", 1)} | {"两": 2}


def _counted_umbrella(text: str, a: int, b: int) -> list[tuple[int, int, str]] | None:
    """奶业、蔬菜、精品肉类五大千亿级工程: a 、-list closed by a count that matches the number of
    items and a programme head.  Each item takes the head (奶业千亿级工程); the counted umbrella
    (五大千亿级工程) stays a name of its own.  None when the list and the count do not agree."""
    last = _label(text, a, b)
    m = _UMBRELLA.search(last, 2)
    if not m or text[a + m.start() - 1] in _QUOTES:
        return None
    head = last[m.end():]
    if len(head) < 2 or not _programme_head().search(head) or re.search(r"[和及与、]", last[:m.start()]):
        return None
    before = _items_before(text, a)
    if len(before) + 1 != _NUMERAL[m.group(1)]:
        return None
    items = []
    for s, e in before + [(a, a + m.start())]:
        s, e = tidy(text, s, e, "Programme")
        s = _after_verb(text, s, e)
        if e - s < 2 or e - s > 8:
            return None
        items.append((s, e, _label(text, s, e) + head))
    if len(head) <= 2 and max(e - s for s, e, _ in items) <= 2:
        return None                             # 交通、水利、能源三大工程: sectors under a bare head
    return items + [(a + m.start(), b, _label(text, a + m.start(), b))]


_TOPIC_STOP = set("的批和与及是在为对把将让使从向以等") | _LIST_STOP | set("、“”")


@lru_cache(maxsize=None)
def _programme_verb_rx():
    v = vocab()
    return re.compile(alternation(v["lead"] + v["programme_verbs"] + v["programme_inner_verbs"]
                                  + v["project_verbs"] + v["programme_topic_verbs"]))


def _quoted_topic(text: str, a: int, b: int) -> int:
    """乡村振兴“十百千”工程: a topic of four or more characters written right before a quoted
    programme name belongs to it; a short one (教师“十百千工程”) or a verb (实施“三品一标”) does not."""
    closed = b < len(text) and text[b] == "”"
    if a < 5 or text[a - 1] != "“" or ("”" not in text[a:b] and not closed):
        return a
    k = a - 1
    while k > 0 and a - 1 - k < 10 and _NAME_OK.match(text[k - 1]) and text[k - 1] not in _TOPIC_STOP:
        k -= 1
    start = None
    if k == 0 or not _NAME_OK.match(text[k - 1]) or text[k - 1] in _TOPIC_STOP:
        start = k
    by_verb = False
    for m in _programme_verb_rx().finditer(text, k, a - 1):
        start, by_verb = m.end(), True
    if start is None:                               # no verb, no boundary: the run was cut mid-word
        return a
    while start < a - 1 and text[start] in "省市县区" and text[start + 1] != "域":
        start += 1
    if closed and (not by_verb or b - a > 3):
        # 推出水产养殖“一件事”: a closed quoted name of three characters or fewer is too short to
        # stand alone, and right after the governing verb the topic is its stem; longer ones stand alone
        return a
    # a long run (县政府常务会议, 市民诉求基层纾困) is a clause's subject, not part of the name
    return start if 4 <= a - 1 - start <= 6 else a

_PROG_AND = re.compile(r"和")


def _programme_conjuncts(text: str, a: int, b: int) -> list[tuple[int, int, str]] | None:
    """省重大科技创新和科技型中小企业创新能力提升工程: two long stems joined by 和 before one head
    are two programmes sharing it.  Short sides (安全和发展战略) stay one name."""
    name = _label(text, a, b)
    if a > 0 and text[a - 1] == "《":             # a document's title: 国民经济和社会发展…纲要
        return None
    m = _programme_head().search(name, len(name) - 6)
    if not m or m.end() != len(name):
        return None
    if re.search(r"(?:国家|[省市县]级?)$", name[:m.start()]):
        return None                                 # 黄河流域生态保护和高质量发展国家战略: one scoped name
    for c in _PROG_AND.finditer(text, a + 5, b - 5):
        left, right = _label(text, a, c.start()), _label(text, c.end(), b)
        if len(right) - (m.end() - m.start()) < 5 or _programme_head().search(left):
            continue
        head = name[m.start():]
        # 高新技术企业和科技型中小企业倍增计划: the left side ends like the right side's noun, so
        # it shares what follows that noun (倍增计划)
        cut = right.rfind(left[-2:], 0, len(right) - len(head))
        if cut > 0 and len(right) - len(head) - (cut + 2) <= 2:
            head = right[cut + 2:]
        return [(a, c.start(), left + head), (c.end(), b, right)]
    return None


@lru_cache(maxsize=None)
def _honour_scope():
    v = vocab()
    alt = alternation(sorted(v["honour_scope"], key=len, reverse=True))
    return re.compile(alt), re.compile(alt + "$"), re.compile(alternation(v["honour_heads"]) + "$")


def _honour_conjuncts(text: str, a: int, b: int, name: str) -> list[tuple[int, int, str]]:
    """先进县和重点生态功能区先进县: two titles joined by 和 / 及, each ending in a title word."""
    if name != _label(text, a, b):
        return [(a, b, name)]
    ends = _honour_scope()[2]
    for m in _CONJ.finditer(text, a + 2, b - 2):
        if ends.search(text, a, m.start()) and ends.search(text, m.end(), b) and m.end() - m.start() == 1:
            return [(a, m.start(), _label(text, a, m.start())), (m.end(), b, _label(text, m.end(), b))]
    return [(a, b, name)]


def _shared_scope(text: str, a: int, b: int, name: str) -> list[tuple[int, int, str]]:
    """国家和省级乡村振兴重点帮扶县: scopes joined by 和 / 、 share the title after the last one."""
    at, ends_with, _ = _honour_scope()
    m = at.match(name)
    if not m:
        return []
    rest, out, pos = name[m.end():], [], a
    while pos >= 3 and text[pos - 1] in "和及与、":
        k = ends_with.search(text, max(0, pos - 6), pos - 1)
        if not k:
            break
        out.append((k.start(), k.end(), k.group() + rest))    # its own span: both survive overlap
        pos = k.start()
    return out


_COUNTED_LIST = re.compile(r"((?:[\u4e00-\u9fff]{1,6}、){2,9}[\u4e00-\u9fff]{1,6})“([一二三四五六七八九十])个([\u4e00-\u9fff]{2,3})”")
_DIGITS = "一二三四五六七八九十"


def counted_list_honours(text: str, scan: anchor.Scan | None = None) -> list[tuple[int, int, str]]:
    """省级文明、卫生、园林、森林、洁净、新型智慧“六个城市”: a list summed up by a quoted count
    of a title head names that many titles; the first item's scope goes to every item."""
    at, _, heads = _honour_scope()
    out = []
    for m in anchor.finditer(_COUNTED_LIST, text, scan):
        head = m.group(3)
        if not heads.search(head):
            continue
        parts = m.group(1).split("、")
        n = _DIGITS.index(m.group(2)) + 1
        # the first item may carry a verb: take the last `n` items and find the scope in the first
        if len(parts) < n:
            continue
        spans, pos = [], m.start(1)
        for p in parts:
            spans.append((pos, pos + len(p)))
            pos += len(p) + 1
        parts, spans = parts[-n:], spans[-n:]
        sc = None
        for k in range(len(parts[0])):
            sc = at.match(parts[0], k)
            if sc:
                break
        if not sc or not all(parts[1:]) or sc.end() == len(parts[0]):
            continue
        spans[0] = (spans[0][0] + sc.start(), spans[0][1])
        parts[0] = parts[0][sc.end():]
        out.extend((a, b, sc.group() + p + head) for (a, b), p in zip(spans, parts))
    return out


@lru_cache(maxsize=None)
def _institution():
    fac = alternation(vocab()["facility"])
    return re.compile(rf"[县市区乡镇]?(?:人民|中|第[一二三四五六七八九十]+)?{fac}")


_BUILT = re.compile(r"建|改造|迁|扩|新|升级|装修|修缮|提升|完成|开工|投用|运营")


def _existing_institution(text: str, a: int, b: int, name: str) -> bool:
    """推进县医院、中医院创三级: a bare institution (县医院, 中医院, 第一中学) with no building
    word before or after it is referred to, not built."""
    if len(name) > 6 or not _institution().fullmatch(name):
        return False
    before, after = text[max(0, a - 8):a], text[b:b + 6]
    before = re.split(r"[，。；！？,;!?\n]", before)[-1]
    after = re.split(r"[，。；！？,;!?\n]", after)[0]
    return not _BUILT.search(before + after)


_GONE = re.compile(r"[^，。；]{0,4}?(?:拆除|拆迁|搬迁|关停|腾退|清理|改造)")


def _demolished(text: str, a: int, b: int) -> bool:
    """完成原农机公司拆除: a former company being torn down is a site, not an actor."""
    return a > 0 and text[a - 1] == "原" and bool(_GONE.match(text, b))


_RIVER_WORK = re.compile(r"[\u4e00-\u9fff]{0,4}(?:综合治理|治理|整治|生态修复)")


@lru_cache(maxsize=None)
def _place_title():
    """…示范县 / …先进县 / 国家卫生县城: a title conferred on a place is an honour, not a programme."""
    heads = [h for h in vocab()["honour_heads"] if h[-1] in "县市区镇村" and re.search("示范|先进|试点|模范|强|典型|标兵|达标|优秀", h)]
    heads.append("卫生县城")
    return re.compile(alternation(heads) + "$")


def run_rule(rule: Rule, text: str, scan: anchor.Scan | None = None) -> list[tuple[int, int, str]]:
    """(start, end, name) for every match of one rule in text (`scan`: the text's, shared by the rules)."""
    out = []
    for m in anchor.finditer(rule.regex, text, scan):     # same matches, searched near required words
        s, e = m.span("name")
        if s < 0 or s >= e:
            continue
        if rule.list:
            items = split_list(text, s, e, rule.type)
            if "head" in rule.regex.groupindex and m.group("head"):
                # 华北联大、画报社等旧址: the category after 等 belongs to every item
                h = m.group("head")
                items = [(a, b, n if n.endswith(h) else n + h) for a, b, n in items]
            if rule.type == "Project" and _themed_series(items):
                continue
            if "works" in rule.regex.groupindex and m.group("works") is not None:
                # X、Y等工程: works are named by what they build; 城区绿化、荒山造林等工程 are categories
                either = _project_words()[2]
                kind = m.group("kind") if "kind" in rule.regex.groupindex else ""
                if kind and _RIVER_WORK.fullmatch(kind):
                    # 大清河、永定河等水系治理工程: named places, each with the shared work
                    items = [(a, b, n if either.search(n) else n + kind) for a, b, n in items]
                else:
                    items = [it for it in items if either.search(it[2]) or _ROAD_END.search(it[2])]
            out.extend(items)
        else:
            for a, b, carry in _conjuncts(text, s, e, rule.type):
                if rule.type == "Project" and a < b:
                    a = _quoted_prefix(text, a)
                if a < b:
                    out.append((a, b, _label(text, a, b) + carry))
    if rule.type == "Project":
        out = [it for it in out if not _existing_institution(text, *it)]
    if rule.type == "Enterprise":
        out = [it for it in out if not _demolished(text, it[0], it[1])]
    if rule.type == "Honour":
        out = [part for it in out for part in _honour_conjuncts(text, *it)]
        out = out + [it for a, b, n in out for it in _shared_scope(text, a, b, n)]
    if rule.type == "Programme":
        more = []
        for a, b, n in out:
            t = _quoted_topic(text, a, b)
            if t < a:
                a, n = t, _label(text, t, b)
            umbrella = _counted_umbrella(text, a, b) if n == _label(text, a, b) else None
            if umbrella:
                more.extend(umbrella)
                continue
            parts = _programme_conjuncts(text, a, b) if n == _label(text, a, b) else None
            more.extend(parts or [(a, b, n)])
            more.extend(_programme_list(text, a, b))
        out = [it for it in more if not _quality_slogan(text, it[0], it[1]) and not _place_title().search(it[2])]
    return [(s, e, n) for s, e, n in out if acceptable(n, rule.type)]


def resolve(mentions: list[Mention], priority: dict[str, int]) -> list[Mention]:
    """Within one type keep the highest-priority, then longest, non-overlapping spans."""
    kept: list[Mention] = []
    taken: dict[str, tuple[list[int], list[int]]] = {}     # per type: starts and ends of kept spans, sorted
    order = sorted(set(mentions), key=lambda m: (-priority.get(m.rule, 0), -(m.end - m.start), m.start, m.rule, m.label))
    for m in order:
        starts, ends = taken.setdefault(m.type, ([], []))
        # kept spans never overlap, so the last one starting before m ends has the largest end
        i = bisect.bisect_left(starts, m.end)
        if i and ends[i - 1] > m.start:
            continue
        starts.insert(i, m.start)
        ends.insert(i, m.end)
        kept.append(m)
    return sorted(kept, key=lambda m: (m.start, m.end, m.type, m.label))


def extract(doc: Doc, segments: Segments, rules=None) -> list[Mention]:
    rules = rules if rules is not None else load_rules()
    starts = [s.start for s in segments.sentences]
    found = []
    text = doc.matchable            # rules match normalised text; spans are cut from doc.text
    scan = anchor.Scan(text)
    for rule in rules:
        for s, e, name in run_rule(rule, text, scan):
            span = doc.text[s:e]
            if name == _label(text, s, e):      # a plain span: its label as written
                name = _label(doc.text, s, e)
            etype = "Project" if rule.type == "Programme" and _ROUTE_WORK.search(name) else rule.type
            found.append(Mention(type=etype, text=span, start=s, end=e, rule=rule.id,
                                 sentence=_sentence_of(starts, s),
                                 name=name if name != span else ""))
    for s, e, name in counted_list_honours(text, scan):
        if acceptable(name, "Honour"):
            found.append(Mention(type="Honour", text=doc.text[s:e], start=s, end=e, rule="honour.counted-list",
                                 sentence=_sentence_of(starts, s), name=name))
    kept = resolve(found, {r.id: r.priority for r in rules})
    kept = _titles_in_runs(doc.text, kept)
    kept += brands_in_projects(doc, kept, scan)
    return sorted(kept + list_peers(doc, kept, starts), key=lambda m: (m.start, m.end, m.type, m.label))


_PEER = re.compile(r"[\u4e00-\u9fffA-Za-z]{2,6}")


_STOP_RX = re.compile("[" + re.escape("".join(sorted(_LIST_STOP))) + "]")


def _list_items(text: str, pos: int, stops: list[int]) -> list[tuple[int, int]]:
    """The 、-separated items of the list around POS (STOPS: the clause boundaries' positions);
    the list ends at 等 (…耐美特等骨干企业落地生根、集聚成势: the last item is 耐美特)."""
    i = bisect.bisect_left(stops, pos)
    a = stops[i - 1] + 1 if i else 0
    b = stops[i] if i < len(stops) else len(text)
    items, s = [], a
    for part in text[a:b].split("、"):
        k = s + len(part)
        cut = part.find("等")
        if cut >= 0 and s > a:
            items.append((s, s + cut))
            break
        items.append((s, k))
        s = k + 1
    return items


class _Spans:
    """Does [a, b) overlap any of some spans: bisect on their starts, with the running max of ends."""

    def __init__(self, spans):
        spans = sorted(spans)
        self.starts = [s for s, _ in spans]
        self.reach, top = [], -1
        for _, e in spans:
            top = max(top, e)
            self.reach.append(top)

    def overlap(self, a: int, b: int) -> bool:
        i = bisect.bisect_left(self.starts, b)
        return bool(i) and self.reach[i - 1] > a


def _rare_stem(stem: str) -> bool:
    """徕木 of 徕木电子 is a brand; 生物 (医药), 新能源 (汽车), SUV (汽车) are kinds of things."""
    return (len(stem) >= 2 and _HAN.fullmatch(stem) is not None and not is_common(stem)
            and not _trade_inside().search(stem))


@lru_cache(maxsize=None)
def _trade_inside():
    v = vocab()
    return re.compile(alternation(v["enterprise_trade"] + v["enterprise_output_trade"]))


_HAN = re.compile(r"[\u4e00-\u9fff]+")


def _titles_in_runs(text: str, mentions: list[Mention]) -> list[Mention]:
    """获评“A”“B”“C”: a run of quoted names after an award verb is titles, all of them.  A quoted
    name found as a programme beside a title of its run becomes a title too (江西省卫生县 has no
    scope word), and a span found as both is a title only."""
    titles = {(m.start, m.end) for m in mentions if m.type == "Honour"}
    starts, ends = {s for s, _ in titles}, {e for _, e in titles}
    out = []
    for m in mentions:
        if m.type == "Programme" and (m.start, m.end) not in titles and text[m.start - 1:m.start] == "“" \
                and (m.start - 2 in ends and text[m.start - 2] == "”" or m.end + 2 in starts and text[m.end:m.end + 2] == "”“"):
            m = Mention(type="Honour", text=m.text, start=m.start, end=m.end, rule="honour.quoted-run",
                        sentence=m.sentence, name=m.name)
        if m.type != "Programme" or (m.start, m.end) not in titles:
            out.append(m)
    return out


def list_peers(doc: Doc, mentions: list[Mention], starts: list[int]) -> list[Mention]:
    """Bare names listed beside companies are companies (华乐食品、徕木电子、达嘉维康、太子化工):
    when two or more items of a 、-list are companies — found by a rule, or a rare word and a
    trade word (徕木电子, not 生物医药 or 精细化工) — each other item that is a short bare name
    is one too (not the clause-opening first item, which may still carry its verb)."""
    text = doc.text
    trade = _enterprise_words()[0]
    firm_at = {m.end: m.start for m in mentions if m.type == "Enterprise"}    # end → start
    taken = _Spans((m.start, m.end) for m in mentions if m.type != "Enterprise")
    stops = [m.start() for m in _STOP_RX.finditer(text)]
    seen, out = set(), []
    at = text.find("、")
    while at >= 0:
        items = _list_items(text, at, stops)
        at = text.find("、", max(at, items[-1][1]) + 1)
        if len(items) < 3 or items[0] in seen:
            continue
        seen.add(items[0])
        firm, bare = 0, []
        for i, (a, b) in enumerate(items):
            if firm_at.get(b, -1) >= a:
                firm += 1
                continue
            if not i:                                    # 全力培育华乐食品: after the verb, a company's shape only
                a = _after_verb(text, a, b)
            if not _PEER.fullmatch(text, a, b):
                continue
            name = text[a:b]
            t = trade.search(name)
            shaped = t is not None and _rare_stem(name[:t.start()]) and _brand_ok(name)
            firm += shaped
            if shaped or i:
                bare.append((a, b, name))
        if firm < 2:
            continue
        for a, b, name in bare:
            if (not taken.overlap(a, b) and acceptable(name, "Enterprise") and not is_common(name)
                    and not _generic_stem(name)):
                out.append(Mention(type="Enterprise", text=name, start=a, end=b, rule="enterprise.list-peer",
                                   sentence=_sentence_of(starts, a)))
    return out


def _short_form(head: str, company: str) -> bool:
    """一臣 of 河北一臣畜禽养殖有限公司, 嘉鑫 of 嘉鑫公司 — but not 河南 of 河南出版集团: a company's
    leading word followed by more than a legal suffix is its place, not its brand."""
    if head not in company or company == head:
        return False
    if not company.startswith(head):
        return True
    return bool(_company_tail().fullmatch(company[len(head):]))


@lru_cache(maxsize=None)
def _company_tail():
    """What may follow a brand inside its company's full name: 农牧(阜平)有限公司, 公司, 农牧."""
    v = vocab()
    return re.compile(f"{alternation(v['enterprise_trade'])}?(?:[(（][\u4e00-\u9fff]{{2,4}}[)）])?"
                      f"{alternation(v['enterprise_suffix'])}?")


_PLACE_NAME = re.compile(r"(?<![\u4e00-\u9fff])([\u4e00-\u9fff]{2,3})(?=[省市县区])")


_BRAND_SCALE = re.compile(r"([\u4e00-\u9fff]{2,3}?)[百千]亿(?![级元])")
# 鼎运新能源120万吨焦化, 华能20万千瓦风电: a company, then the plant's capacity
_BRAND_CAPACITY = re.compile(r"([\u4e00-\u9fff]{2,6}?)(?:年产|日产|年处理|日处理|年加工)?[\d.]+[万亿千]?"
                             r"(?:吨|千瓦|兆瓦|千伏|[MGK]W|kW|平方米|立方米|头|只|羽|套|台|辆|件|片)")
# 泰源新能源LNG, 山西待见生物沙棘饮料: a brand + trade word, then a product, not a park
_PRODUCT_AFTER_TRADE = re.compile(r"[A-Za-z\d]|(?!.*(?:产业|园|基地|中心|城|小镇|区|集群|示范|平台|港|街|馆|局|所|院|站))")


@lru_cache(maxsize=None)
def _product_trades():
    """Trade words that end a company's name, incl. what it makes (南方水泥, 兴宏铜业)."""
    v = vocab()
    return re.compile(alternation(v["enterprise_trade"] + v["enterprise_output_trade"]) + "$")


_NOT_BRAND = re.compile(r"[年日](?:产|处理|加工)|[第首全各总]")


def _trade_prefix(label: str) -> str | None:
    """The brand + trade word a project name opens with when a product follows (泰源新能源LNG)."""
    trade = _product_trades()
    for k in range(4, min(8, len(label) - 2) + 1):          # the shortest: 隆通管业 in 隆通管业装备制造
        t = trade.search(label, 0, k)
        if t and _brand_ok(label[:k]) and _PRODUCT_AFTER_TRADE.match(label, k):
            # 光伏玻璃深加工: a product made of products, no brand
            return None if _trade_inside().search(label, 0, t.start()) else label[:k]
    return None


@lru_cache(maxsize=None)
def _products():
    """What a company's project is named for after its brand (风电, 电池盒, 智能制造)."""
    v = vocab()
    return re.compile(alternation(v["enterprise_products"] + v["enterprise_trade"] + v["enterprise_output_trade"]))


_PHASE = re.compile(r"[\dA-Za-z]|[一二三四五六七八九十]期")
_PHASE_ONLY = re.compile(r"[一二三四五六七八九十]期(?:工程|项目)?")
_SITE = re.compile(r"产业|园|基地|中心|城|小镇|区|集群|示范|平台|港|街|馆|局|所|院|站|场")
_NOT_BRAND_END = re.compile(r"[厂网式区楼市县省镇乡村路桥站馆院所心]$")


def _brand_before_product(label: str) -> str | None:
    """The rare word a project's name opens with when a product or trade follows (华能风电 → 华能,
    赛纬电子 → 赛纬电子).  Not when the project is a site (冰沟抽水蓄能电站, 杨河循环经济产业园:
    sites are named after places), nor when the word is common (特种纸, 装配式) or a product."""
    product, trade = _products(), _trade_inside()
    for k in range(2, min(4, len(label) - 2) + 1):
        if product.match(label, k) or k == 2 and _PHASE_ONLY.fullmatch(label, k):   # 沪工一期: its plant's phase
            head = label[:k]
            if (not _rare_stem(head) or _SITE.search(label, k) or product.match(head) or _NOT_BRAND_END.search(head)
                    or len(head) > 2 and is_common(head[:2])):
                return None
            t = trade.match(label, k)   # a trade word the brand keeps: 松源印刷二期 → 松源印刷; not 敏能电池盒 → 敏能电池
            keep = t and (t.end() == len(label) or _PHASE.match(label, t.end()) or product.match(label, t.end()))
            brand = label[:t.end()] if keep else head
            return brand if brand != label else None   # 淇航冷饮食品 alone: a project, maybe no company named
    return None


def brands_in_projects(doc: Doc, mentions: list[Mention], scan: anchor.Scan | None = None) -> list[Mention]:
    """Companies named at the start of a project (思念集团冷冻面点 → 思念集团; 一臣饲料 → 一臣
    when the text also names 河北一臣畜禽养殖有限公司).  Reports name a company's project after it."""
    _, formal, _ = _enterprise_words()
    brandish = re.compile(alternation(vocab()["enterprise_brand_trade"] + vocab()["enterprise_suffix"]) + "$")
    companies = [m.label for m in mentions if m.type == "Enterprise" and formal.search(m.label)]
    region = (doc.meta.region or "")
    places = {p[:k] for p in (region, *doc.meta.parents) for k in (len(p) - 1, len(p))}
    places |= {m.label for m in mentions if m.type == "Town"}
    places |= {m[1] for m in anchor.finditer(_PLACE_NAME, doc.matchable, scan)}   # 河南省, 保定市: places, not brands
    places |= {m.label[:-1] for m in mentions if m.type == "Town"}
    have = {(m.start, m.end) for m in mentions if m.type == "Enterprise"}
    projects = [m for m in mentions if m.type == "Project" and not m.name]
    suffixed = {}
    for m in projects:                                         # a suffixed brand: 岐伯实业营养剂
        for k in range(min(8, len(m.label) - 2), 1, -1):
            head = m.label[:k]
            if brandish.search(head) and _brand_ok(head) and acceptable(head, "Enterprise"):
                suffixed[m] = head
                break
    companies += sorted(set(suffixed.values()))                # 新六农牧 makes 新六种猪场 → 新六
    out = []
    for m in projects:
        label, brand = m.label, suffixed.get(m)
        if brand is None:                                      # a short form of a named company
            for k in range(min(6, len(label) - 2), 1, -1):
                head = label[:k]
                if (head not in places and head[0] not in "县市省区" and _NAME_OK.match(head) and acceptable(head, "Enterprise")
                        and _brand_ok(head) and any(_short_form(head, c) for c in companies)):
                    brand = head
                    break
        if brand is None:                  # 立中百亿工业园 / 华能20万千瓦风电 / 泰源新能源LNG: a brand, then the rest
            b = _BRAND_SCALE.match(label) or _BRAND_CAPACITY.match(label)
            head = b.group(1) if b else _trade_prefix(label)
            if (head and head not in places and head[0] not in "全各本该县市省区" and _NAME_OK.match(head)
                    and head not in _inner_lead_words() and not _generic_stem(head)):
                brand = head
        if brand is None:                  # 华能风电, 敏能电池盒, 赛纬电子: a rare word, then what it makes
            head = _brand_before_product(label)
            if head and not any(head.startswith(p) for p in places if p) and acceptable(head, "Enterprise"):
                brand = head
        if brand and _NOT_BRAND.match(brand):                   # 年产6万吨…, 第一家…, 总装机…: no company named
            brand = None
        if brand and (m.start, m.start + len(brand)) not in have:
            out.append(Mention(type="Enterprise", text=doc.text[m.start:m.start + len(brand)], start=m.start,
                               end=m.start + len(brand), rule="enterprise.brand-in-project", sentence=m.sentence))
    return out
