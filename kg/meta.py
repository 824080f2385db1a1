"""Report metadata read from the report's own opening lines.

Region, level, parent regions, year, date, speaker and office come from the
title (2021年浚县政府工作报告, (河北省)2025年恩施州咸丰县…), the dateline
(——2021年3月12日在浚县第十五届人民代表大会…) and the speaker line
(浚县人民政府县长 刘青).  Nothing is guessed silently: what cannot be found
stays None and is named in `Meta.flags`; what is only inferred from the body
(the year after the one a 工作回顾 reviews; the county the text calls itself)
is kept but flagged (year-inferred, region-inferred).
"""
from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache

from .model import Meta

_CN_DIGITS = {"〇": 0, "○": 0, "零": 0, "0": 0, "O": 0, "Ｏ": 0, "一": 1, "二": 2, "三": 3, "四": 4,
              "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_H = r"\u4e00-\u9fff"
_SUFFIX = r"(?:自治县|自治州|自治旗|新区|县|市|区|旗|州|盟|省)"
_REGION = rf"[{_H}]{{1,16}}?{_SUFFIX}"
_PROVINCE_TAG = re.compile(rf"^[(（]([{_H}]{{2,8}}?(?:省|自治区|市))[)）]")
_TITLE = re.compile(
    rf"^(?P<tag>[(（][{_H}]{{2,8}}[)）])?(?:(?P<y1>\d{{4}})\s*年)?(?P<region>{_REGION})?(?:(?P<y2>\d{{4}})\s*年)?"
    r"(?:度)?(?:人民)?政府工作报告"
)
_YEAR_DIGITS = r"[\d〇○零OＯ一二三四五六七八九]{4}"
# 我代表上杭县人民政府向大会报告工作: the report names its own government
_ON_BEHALF = re.compile(rf"代表(?P<region>{_REGION})(?:人民)?政府")
_DATE = re.compile(
    rf"(?P<y>{_YEAR_DIGITS})\s*年\s*(?P<m>[\d一二三四五六七八九十]{{1,3}})\s*月"
    r"\s*(?P<d>[\d一二三四五六七八九十]{1,3})\s*日"
)
_DATELINE = re.compile(
    _DATE.pattern + rf"\s*在\s*(?P<region>{_REGION})?\s*(?:第?[一二三四五六七八九十〇]{{1,4}}届|人民代表大会)"
)
_OFFICE = r"(?:代理|代|副)?(?:县长|市长|区长|省长|州长|旗长|盟长)"
_SPEAKER = re.compile(
    rf"(?:(?P<region>{_REGION})|[县市区省州旗盟])?(?:人民政府)?(?P<office>{_OFFICE})"
    rf"[\s\u3000]*(?P<name>[{_H}](?:[\s\u3000]?[{_H}]){{1,3}})"
)
_ALONE_NAME = re.compile(rf"^([{_H}]{{2,4}})[A-Za-z0-9]{{0,4}}$")
_REVIEW_YEAR = re.compile(r"(?:^|\n)(?:[一二三四五六七八九十]+[、.．])?\s*(\d{4})年[^\n。]{0,10}?工作回顾")
_SELF_NAME = re.compile(r"([\u4e00-\u9fff]{2,4}?)(县|区)(?!委|长|政府|人大|政协|级|域|城|直|属|内|外)")
_NOT_NAMES = re.compile(r"^(?:全|我|本|各|该|市|省|县|区|乡|镇|村|新|老|城|郊|辖|两|三|四|五|十|百|千|万|外)")
_FUNCTION = re.compile(r"[全我本和在了的与及对是为把将从向各该每个]")
_PARENT_IN_TEXT = re.compile(r"在(?P<p>(?:(?![委府和与及省])[\u4e00-\u9fff]){2,6}?[市州盟])委")
_LEVELS = (("自治区", "province"), ("省", "province"), ("自治州", "city"), ("州", "city"),
           ("盟", "city"), ("新区", "city"), ("市", "city"), ("区", "county"), ("县", "county"),
           ("旗", "county"))
_RANK = {"province": 0, "city": 1, "county": 2}


def cn_number(s: str) -> int:
    """Read 2021, 二〇二一, 十二 or 二十七 as an int."""
    if s.isdigit():
        return int(s)
    if all(c in _CN_DIGITS for c in s):
        return int("".join(str(_CN_DIGITS[c]) for c in s))
    if "十" in s:
        tens, _, ones = s.partition("十")
        return (_CN_DIGITS[tens] if tens else 1) * 10 + (_CN_DIGITS[ones] if ones else 0)
    raise ValueError(s)


def level_of(region: str) -> str | None:
    for suffix, level in _LEVELS:
        if region.endswith(suffix):
            return level
    return None


@lru_cache(maxsize=1)
def _t2s():
    try:
        import opencc
        return opencc.OpenCC("t2s").convert
    except Exception:                     # pragma: no cover - opencc is a declared dependency
        return lambda s: s


def _simplified(head: str) -> str:
    """The head in simplified characters (a traditional copy's 縣/報告 read like 县/报告)."""
    return _t2s()(head)


def split_region(name: str) -> list[str]:
    """保定市清苑区 → [保定市, 清苑区]; 恩施州咸丰县 → [恩施州, 咸丰县] (largest first)."""
    parts = []
    rest = name
    while rest:
        m = re.match(rf"[{_H}]{{2,12}}?{_SUFFIX}", rest)
        if not m or (len(rest) - m.end() < 2 and m.end() != len(rest)):
            parts.append(rest)
            break
        nxt = rest[m.end():]
        # only split where the rest is itself a region of a lower level
        if nxt and not re.fullmatch(rf"[{_H}]{{1,16}}?{_SUFFIX}", nxt):
            parts.append(rest)
            break
        parts.append(m.group())
        rest = nxt
    return parts


def _date(m) -> str | None:
    try:
        y, mo, d = cn_number(m["y"]), cn_number(m["m"]), cn_number(m["d"])
    except (ValueError, KeyError):
        return None
    if 1949 < y < 2100 and 1 <= mo <= 12 and 1 <= d <= 31:
        return f"{y:04d}-{mo:02d}-{d:02d}"
    return None


def read_meta(text: str) -> Meta:
    raw_head = text[:1500]
    head = _simplified(raw_head)
    lines = [ln.strip() for ln in head.split("\n")]
    title = region = office = speaker = date = None
    year = None
    parents: list[str] = []
    flags: list[str] = []

    for line in lines[:15]:
        m = _TITLE.match(line)
        if m and len(line) <= 60:
            # without a site's "(湖南省)" tag (kept as a parent region below) or "(全文)" after it
            title = raw_head.split("\n")[lines.index(line)].strip()[m.end("tag") if m["tag"] else 0:m.end()]
            region = m["region"]
            y = m["y1"] or m["y2"]
            year = int(y) if y else None
            if (p := _PROVINCE_TAG.match(line)):
                parents.append(p.group(1))
            break

    joined = head.replace("\n", "")
    dm = _DATELINE.search(joined)
    if dm:
        date = _date(dm)
        region = region or dm["region"]
        if dm["region"] and dm["region"] != region and len(dm["region"]) > len(region):
            region = dm["region"]
    else:
        dm = _DATE.search(joined)
        if dm:
            date = _date(dm)

    cut = re.split(r"各位代表", head, maxsplit=1)[0]
    for line in cut.split("\n"):
        if (m := _SPEAKER.search(line)):
            speaker = re.sub(r"\s", "", m["name"])
            office = m["office"]
            region = region or m["region"]
            break
    if speaker is None:
        # the dateline followed by a name on a line of its own
        after = False
        for line in cut.split("\n"):
            if after and (m := _ALONE_NAME.match(line)):
                speaker = m.group(1)
                break
            after = after or bool(_DATE.search(line))

    if year is None and date:
        year = int(date[:4])
    if year is None:
        ys = [int(y) for y in _REVIEW_YEAR.findall(text[:20000])]
        if ys:
            year = max(ys) + 1
            flags.append("year-inferred")
    if region is None and (m := _ON_BEHALF.search(text[:20000])):
        region = m["region"]
    if region is None:
        region = _self_name(text)
        if region:
            flags.append("region-inferred")

    if region:
        chain = split_region(region)
        region = chain[-1]
        parents = [*reversed(chain[:-1]), *parents]
    level = level_of(region) if region else None
    if region and level == "city" and region.endswith("市"):
        # a 市 under another named 市 is a county-level city (县级市)
        for m in _PARENT_IN_TEXT.finditer(_simplified(text[:6000])):
            if m["p"] != region and m["p"].endswith("市"):
                parents.insert(0, m["p"])
                level = "county"
                break
    if region and level == "county" and not parents:
        parents = _new_area(text[:20000])
    seen = set()
    parents = [p for p in parents if p != region and not (p in seen or seen.add(p))
               and (level is None or level_of(p) is None or _RANK[level_of(p)] < _RANK[level])]
    parents.sort(key=lambda p: -_RANK.get(level_of(p) or "county", 2))
    if region is None:
        flags.append("region-not-found")
    if year is None:
        flags.append("year-not-found")
    return Meta(title=title, region=region, level=level, parents=tuple(parents), year=year, date=date,
                speaker=speaker, office=office, flags=tuple(flags))


_NEW_AREA = re.compile(r"([\u4e00-\u9fff]{2})新区")


def _new_area(text: str) -> list[str]:
    """A county run by a new area (容城县 under 雄安新区) says it works 在新区党工委…领导下
    without naming it: the parent is the X新区 the text names most often (three times at
    least, twice as often as any other); its province when the text writes the new
    area's full name with it (河北雄安新区) and that province (河北省) elsewhere."""
    text = _simplified(text)
    if "在新区党工委" not in text:
        return []
    counts = Counter(_NEW_AREA.findall(text)).most_common(2)
    if not counts or counts[0][1] < 3 or (len(counts) > 1 and counts[1][1] * 2 > counts[0][1]):
        return []
    area = counts[0][0] + "新区"
    out = [area]
    for m in re.finditer(rf"([\u4e00-\u9fff]{{2,3}}){area}", text):
        if m.group(1) + "省" in text:
            out.append(m.group(1) + "省")
            break
    return out


def _self_name(text: str) -> str | None:
    """The county or district a report calls itself, when it never says so in a heading:
    the most frequent X县/X区 (named twice at least) in a text that speaks of 全县/全区."""
    own = Counter(re.findall(r"[全我本](县|区)", text))
    if not own:
        return None
    suffix = own.most_common(1)[0][0]
    names = {m.group(1) for m in _SELF_NAME.finditer(text)
             if m.group(2) == suffix and not _NOT_NAMES.match(m.group(1)) and not _FUNCTION.search(m.group(1))}
    scored = sorted((((text.count(n + suffix), text.count(n)), n) for n in names), reverse=True)
    if not scored or scored[0][0][0] < 2 or (len(scored) > 1 and scored[1][0] == scored[0][0]):
        return None
    best = scored[0][1] + suffix
    return best
