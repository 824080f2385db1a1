"""awardedTo: an honour goes to the subject of its clause.

Reports write "RECIPIENT(、RECIPIENT…) [adverbs] VERB HONOUR", e.g.
县医院成功创建三级医院 / 善堂镇、新镇镇卫生院创建二级医院 / 阜平中学被清华大学授予….
The recipient is the text between the clause start and the conferring verb,
less adverbs and leading verbs; a clause that opens with 并/被/还 continues the
previous clause's subject.  No subject, or one that names the reporting region
itself (我县, 全县, the region's own name), means the region.  A counted subject
(4名同志, 3个村) is a set of local units: the link goes to the region too.
"""
from __future__ import annotations

import re
from functools import lru_cache

from .model import Doc, Entity, Mention, Relation, Segments
from .names import entity_key, norm, region_key
from .rules import alternation, vocab
from .segment import clause_bounds

_SELF = re.compile(r"^(?:我|全|本)?(?:县|市|区|州|旗|省)$|^我们$")
_ADVERB = (r"(?:并|再次|又|还|继续|连续第?[\d一二三四五六七八九十两]+[年届次]|\d{4}[—–-]\d{4}年?|先后|分别|均|也|已|已经|成功|顺利|一举|"
           r"积极|加快|力争|争取|全力|努力|大力|正在|正式|率先|首次|被|将|同时|今年|年内|去年|\d{4}年|"
           r"常态化|高标准|高质量|高水平|全面|持续|深入|扎实)")
_ADVERBS_END = re.compile(_ADVERB + r"+$")
_CONTINUE = re.compile(r"^(?:并|并且|且|还|又|同时|也|被|先后|分别|再次)")
_COUNTED = re.compile(r"^(?:[\d一二三四五六七八九十百两]+|多|全部|所有)[名个家项所座户位批]")
_ENUM = re.compile(r"^(?:[一二三四五六七八九十]{1,2}是|其中|此外|另外|[（(][一二三四五六七八九十\d]{1,2}[)）])")
_PERSON_CUE = re.compile(r"(?:典型|同志|代表|模范|标兵|人物|能手|书记|主任|校长|医生|教师|老人|员)(?P<name>[\u4e00-\u9fff]{2,3})$")
_VILLAGE_IN_TOWN = re.compile(r"^[\u4e00-\u9fff]{1,4}[镇乡](?P<village>(?![各全每该本])[\u4e00-\u9fff]{1,4}村)$")
_UNIT_HEAD = re.compile(r"^.+[镇乡村](?P<head>[\u4e00-\u9fff]{2,4})$")
_AGENT = re.compile(r"被.*$")          # 阜平中学被清华大学 → 阜平中学
_NOT_NAME = re.compile(r"[的是在对把将让使指]|^(?:通过|依托|围绕|按照|经过|目前|其中)")
# A glossary entry at the end of a report (〔12〕三创四建：指…) defines a term; its clauses have no recipient
_GLOSSARY = re.compile(r"[〔［\[]\d{1,3}[〕］\]]")
# A title counted instead of given to someone: 高新技术企业6家 / 达到22个 / 新增三家3A级景区 / 5个省级试点
_NUM = r"[\d一二三四五六七八九十百两]+"
_COUNT_AFTER = re.compile(r"(?:各|数量)?(?:达到|超过)?" + _NUM + r"(?:家|个|项|所|座|名|户|处|人)")
_COUNT_BEFORE = re.compile(r"(?:新增|" + _NUM + r"(?:家|个|项|所|座|名|户|处|批))$")
# Before a title pursued without a conferring verb: 推进甲、乙两个省级特色小镇创建 → 甲, 乙
_APPOSED_COUNT = re.compile(r"(?:等)?(?:" + _NUM + r"[个家处])?$")
_PURSUED_AFTER = re.compile(r"(?:创建|建设|申报|验收)")
_UNIT_END = re.compile(r"(?:[区园镇乡村馆院校站场厂所城湾谷寨山街路寺店庄沟峪台岭河湖]|中心|基地|公司)$")
_COUNT_END = re.compile(_NUM + r"(?:家|个|项|所|座|名|户|处)$")
# Every listed recipient ends in a quoted or titled name, owned by what precedes it:
# 甲集团的“乙”、丙服饰的“丁” / 某水务“某应用项目” / 《某镇志》 → the quoted names
_QUOTED_LIST = re.compile(r"[^“”《》、]{0,12}[“《][^“”《》]{2,16}[”》](?:、[^“”《》、]{0,12}[“《][^“”《》]{2,16}[”》])*")
_PREP = re.compile(r"^(?:在|以|通过|依托|围绕|按照|经过|对|从|为|向)")
# titles only a company can hold (标杆企业, 500强, 数字化车间), and with them those a named
# company also receives though a product or a person could (一等奖, 老字号, 品牌)
_FIRM = r"企业|\d+强|[百十]强|车间|工厂|设计中心|技术中心"
_FIRM_TITLE = re.compile(rf"(?:{_FIRM})$")
_COMPANY_TITLE = re.compile(rf"(?:{_FIRM}|[一二三等]奖|字号|品牌|商标|冠军)$")
# a recipient of a firm-only title that reads as a company's name (晶科能源, 宏升粮食), not a
# place, a body or a counted group
_COMPANY_NAME = re.compile(r"(?!.*等)[\u4e00-\u9fffA-Za-z·]{2,10}(?<![县市区镇乡村局委办院校站所部厅])")
_QUOTED = re.compile(r"[“《]([^“”《》]{2,16})[”》]")


@lru_cache(maxsize=None)
def _verb():
    v = vocab()
    words = set(v["honour_verbs"]) | set(v.get("honour_pursue", ())) | {"晋升", "升格为"}
    # bare 创 confers only before a grade or a scope: 中医院创三级、妇幼保健院创二级医院
    return re.compile(alternation(words) + r"|(?<=[\u4e00-\u9fff])创(?=[一二三四五国省市全])")


@lru_cache(maxsize=None)
def _lead():
    return re.compile("^" + alternation(vocab()["lead"]))


def clean_subject(subject: str) -> str:
    """The recipient phrase of a clause, without enumerators, adverbs and leading verbs."""
    s = _AGENT.sub("", subject.strip())
    changed = True
    while changed and s:
        changed = False
        for rx in (_ENUM, _lead()):
            m = rx.match(s)
            if m and m.end() < len(s):
                s, changed = s[m.end():], True
        m = _ADVERBS_END.search(s)
        if m:
            s, changed = s[:m.start()], True
        m = re.match(_ADVERB + r"+", s)
        if m and m.end() < len(s):
            s, changed = s[m.end():], True
    return s


def is_region(subject: str, region: str) -> bool:
    """True when the subject names the reporting region itself (我县, 浚县, 阜平)."""
    if not subject or _SELF.match(subject):
        return True
    r = norm(region)
    return len(subject) >= 2 and (subject == r or (r.startswith(subject) and len(r) - len(subject) <= 1)
                                  or r.endswith(subject) and len(subject) >= 3)


def split_subject(subject: str) -> list[str]:
    """One name per recipient: 善堂镇、新镇镇卫生院 → [善堂镇, 新镇镇卫生院]."""
    out: list[str] = []
    for run in re.split(r"[和及与]", subject):
        parts = [p for p in (re.sub(r"等[县市区镇乡村]?$", "", q) for q in run.split("、")) if p]
        m = _UNIT_HEAD.match(parts[-1]) if len(parts) > 1 else None
        if m and not m["head"].endswith("村"):     # 北店乡西林水村、清苑镇大福村: two villages, nothing shared   # 善堂镇、新镇镇卫生院: the unit after the last town is shared
            parts = [p + m["head"] if re.search(r"[镇乡村]$", p) else p for p in parts[:-1]] + parts[-1:]
        # 冉庄镇冉庄村: a village honour goes to the village; its town only says where it is
        out.extend(m["village"] if (m := _VILLAGE_IN_TOWN.match(p)) else p for p in parts)
    return out


def _verbs(text: str, lo: int, hi: int, inside: tuple[tuple[int, int], ...]) -> list[re.Match]:
    """Conferring verbs in text[lo:hi], except those inside an honour's own name (高产高效创建标兵县)."""
    return [v for v in _verb().finditer(text, lo, min(hi + 1, len(text)))   # +1: 创 looks ahead
            if v.end() <= hi and not any(s <= v.start() < e for s, e in inside)]


def counted(text: str, sent_start: int, start: int, end: int) -> bool:
    """True when the title is counted rather than conferred on a named recipient
    (高新技术企业6家, 省级示范合作社达到12家, 新增三家3A级景区, 5个省级美丽乡村试点)."""
    if _COUNT_AFTER.match(text, end) or _COUNT_END.search(text, start, end):
        return True
    cs = clause_bounds(text, sent_start, start, start, start)[0]
    if not clean_subject(text[cs:start]) and not _verb().search(text, cs, start) and not _PURSUED_AFTER.match(text, end):
        return True         # 省级卫生乡镇实现全覆盖: the title is the topic, nobody receives it here
    c = _COUNT_BEFORE.search(text, cs, start)
    if c and not clean_subject(text[cs:c.start()]):      # 甲、乙两个省级…: named, not counted
        return True
    return bool(_COUNTED.match(clean_subject(text[cs:start])))


def _apposed(text: str, cs: int, start: int, end: int, region: str,
             inside: tuple[tuple[int, int], ...]) -> list[str]:
    """Recipients written right before a title pursued without a conferring verb:
    力争完成食用菌核心园区4A级景区创建 / 推进甲小镇、乙小镇两个省级特色小镇创建."""
    if not _PURSUED_AFTER.match(text, end) or any(cs <= s < start for s, _ in inside):
        return []
    subject = clean_subject(_APPOSED_COUNT.sub("", clean_subject(text[cs:start])))
    if not subject or len(subject) > 30 or is_region(subject, region):
        return []
    parts = [p for p in subject.split("、") if p]
    if any(not 2 <= len(p) <= 16 or _NOT_NAME.search(p) or _lead().match(p) or not _UNIT_END.search(p)
           for p in parts):
        return []
    return parts


def recipients(text: str, sent_start: int, start: int, region: str,
               inside: tuple[tuple[int, int], ...] = (), end: int | None = None) -> list[str] | None:
    """Names of what the honour at text[start:end] went to; [] means the region,
    None a subject that names something else but yields no usable name (no link:
    giving the honour to the region there is the commoner error).

    inside: spans of honour names in the sentence, whose words are not verbs.
    """
    cs = clause_bounds(text, sent_start, start, start, start)[0]
    line = text.rfind("\n", 0, start) + 1
    if _GLOSSARY.match(text, line):
        return []
    verbs = _verbs(text, cs, start, inside)
    if not verbs:
        return _apposed(text, cs, start, end, region, inside) if end is not None else []
    lo = cs
    if len(verbs) > 1:
        # 县医院、中医院创三级、妇幼保健院创二级医院: the subject starts after the previous object
        cut = text.find("、", verbs[-2].end(), verbs[-1].start())
        if cut >= 0:
            lo = cut + 1
    raw = text[lo:verbs[-1].start()]
    subject = clean_subject(raw)
    if not subject and _CONTINUE.match(raw.strip()) and cs > sent_start:
        # 顾家台骆驼湾成功创建3A景区，并入选… : the previous clause's subject
        pcs = clause_bounds(text, sent_start, cs - 1, cs - 1, cs - 1)[0]
        pverbs = _verbs(text, pcs, cs - 1, inside)
        if pverbs:
            subject = clean_subject(text[pcs:pverbs[0].start()])
        else:   # 纪念馆完成扩建提升，被…确定为…: the noun phrase before the first verb
            m = re.search(alternation(vocab()["lead"]), text[pcs:cs - 1])
            if m and m.start() >= 2:
                subject = clean_subject(text[pcs:pcs + m.start()])
    if _QUOTED_LIST.fullmatch(subject):
        subject = "、".join(_QUOTED.findall(subject))
    if not subject or _COUNTED.match(subject) or is_region(subject, region) or _PREP.match(subject):
        return []       # 以全国第二的成绩创成… / 在…创建…: an adverbial, the region acts
    if len(subject) > 20:
        return None
    out = []
    for part in split_subject(subject):
        m = _PERSON_CUE.search(part)
        if m:
            part = m["name"]
        if 2 <= len(part) <= 16 and not _NOT_NAME.search(part) and not is_region(part, region):
            out.append(part)
    return out or None


def topic(text: str, sent_start: int, start: int, inside: tuple[tuple[int, int], ...],
          companies: list[tuple[str, Entity]]) -> Entity | None:
    """The company an earlier clause of the sentence opens with, when the honour's own clause
    confers it with no subject (甲制药认定…，获评X): such a clause continues the sentence's topic."""
    cs = clause_bounds(text, sent_start, start, start, start)[0]
    verbs = _verbs(text, cs, start, inside)
    if cs <= sent_start or not verbs or clean_subject(text[cs:verbs[0].start()]):
        return None
    while cs > sent_start:
        cs = clause_bounds(text, sent_start, cs - 1, cs - 1, cs - 1)[0]
        while cs < start and text[cs].isspace():
            cs += 1
        hit = next((e for n, e in companies if text.startswith(n, cs)), None)
        if hit is not None:
            return hit
    return None


def _person_like(text: str, sent_start: int, name: str, pos: int) -> bool:
    before = text[sent_start:pos]
    i = before.rfind(name)
    return 2 <= len(name) <= 3 and i > 0 and bool(_PERSON_CUE.search(before[:i] + name))


def _locate(text: str, name: str, lo: int, hi: int) -> tuple[int, int]:
    """Where a recipient's name stands before its honour: (start, length).

    A name built by sharing a unit (善堂镇、新镇镇卫生院 → 善堂镇卫生院) is not in the
    text whole; its longest written prefix is the mention.  (-1, 0) if absent.
    """
    for n in range(len(name), 1, -1):
        s = text.rfind(name[:n], lo, hi)
        if s >= 0:
            return s, n
    return -1, 0


def awards(doc: Doc, segments: Segments, honours: list[Entity], names: dict, region: str
           ) -> tuple[set[Relation], list[Entity]]:
    """awardedTo links for every honour mention, plus the recipient nodes they need.

    names maps (type, normalised name) → Entity for the entities already found.
    """
    text = doc.text
    rels: set[Relation] = set()
    extra: dict[str, Entity] = {}
    # the issuing region is a node only when the report names it; otherwise its honours stay unlinked
    rkey = region_key(region) if doc.meta.region else None
    spans: dict[int, list[tuple[int, int]]] = {}
    for h in honours:
        for m in h.mentions:
            spans.setdefault(m.sentence, []).append((m.start, m.end))
    # where a named unit opens a clause: the topic later subjectless clauses continue
    companies = sorted({(n, e) for e in names.values() if e.type == "Enterprise" for n in (e.name, *e.aliases)
                        if len(n) >= 2}, key=lambda ne: (-len(ne[0]), ne[0]))
    for h in honours:
        for m in h.mentions:
            sent = segments.sentences[m.sentence]
            if counted(text, sent.start, m.start, m.end):
                continue
            targets = recipients(text, sent.start, m.start, region, tuple(spans[m.sentence]), m.end)
            if targets is None:
                continue
            if not targets and _COMPANY_TITLE.search(h.name):
                t = topic(text, sent.start, m.start, tuple(spans[m.sentence]), companies)
                if t is not None:
                    rels.add(Relation(h.key, "awardedTo", t.key, "link.honour-to-topic", m.sentence))
                    continue
            if not targets:
                if rkey is not None:
                    rels.add(Relation(h.key, "awardedTo", rkey, "link.honour-to-region", m.sentence))
                continue
            for t in targets:
                hit = next((names[(ty, norm(t, ty))] for ty in ("Town", "Enterprise", "Project")
                            if (ty, norm(t, ty)) in names), None)
                if hit is None:
                    etype = ("Person" if _person_like(text, sent.start, t, m.start)
                             else "Enterprise" if _FIRM_TITLE.search(h.name) and _COMPANY_NAME.fullmatch(t)
                             else "Recipient")
                    key = entity_key(etype, t, region)
                    s, n = _locate(text, t, sent.start, m.start)
                    if s < 0:
                        continue
                    rm = Mention(type=etype, text=text[s:s + n], start=s, end=s + n, rule="link.honour-subject",
                                 sentence=m.sentence, name=t if n != len(t) else "")
                    old = extra.get(key)
                    extra[key] = Entity(key, etype, t, (), tuple(sorted({*(old.mentions if old else ()), rm},
                                                                        key=lambda x: (x.start, x.end))))
                    hit = extra[key]
                rels.add(Relation(h.key, "awardedTo", hit.key, "link.honour-to-subject", m.sentence))
    return rels, sorted(extra.values(), key=lambda e: e.key)
