"""Report metadata read from the report's own opening lines.

Nothing is guessed silently: what cannot be found stays None and is named in
`Meta.flags`.
"""
from __future__ import annotations

import re

from .model import Meta

_CN_DIGITS = {"〇": 0, "○": 0, "零": 0, "0": 0, "O": 0, "一": 1, "二": 2, "三": 3, "四": 4,
              "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_REGION = r"[\u4e00-\u9fff]{1,16}?(?:自治县|自治州|自治旗|新区|县|市|区|旗|州|盟|省)"
_TITLE = re.compile(
    rf"^(?:(?P<y1>\d{{4}})年)?(?P<region>{_REGION})?(?:(?P<y2>\d{{4}})年)?(?:人民)?政府工作报告"
)
_DATE = re.compile(
    r"(?P<y>[\d〇○零O一二三四五六七八九]{4})\s*年\s*(?P<m>[\d一二三四五六七八九十]{1,3})\s*月"
    r"\s*(?P<d>[\d一二三四五六七八九十]{1,3})\s*日\s*(?:在(?P<region>[^第\n]{2,20}?)第)?"
)
_SPEAKER = re.compile(
    rf"(?P<region>{_REGION})人民政府(?P<office>(?:代理|副)?(?:县长|市长|区长|省长|州长|旗长|盟长))"
    r"[\s\u3000]*(?P<name>[\u4e00-\u9fff](?:[\s\u3000]*[\u4e00-\u9fff]){1,3})"
)
_LEVELS = (("省", "province"), ("自治区", "province"), ("自治州", "city"), ("州", "city"),
           ("盟", "city"), ("市", "city"), ("区", "county"), ("县", "county"), ("旗", "county"))


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


def read_meta(text: str) -> Meta:
    head = text[:1500]
    title = region = office = speaker = date = None
    year = None
    for line in head.split("\n")[:15]:
        m = _TITLE.match(line)
        if m and len(line) <= 40:
            title = line
            region = m["region"]
            y = m["y1"] or m["y2"]
            year = int(y) if y else None
            break
    joined = head.replace("\n", "")
    if (m := _DATE.search(joined)):
        try:
            y, mo, d = cn_number(m["y"]), cn_number(m["m"]), cn_number(m["d"])
            if 1949 < y < 2100 and 1 <= mo <= 12 and 1 <= d <= 31:
                date = f"{y:04d}-{mo:02d}-{d:02d}"
        except (ValueError, KeyError):
            pass
        if not region and m["region"]:
            region = m["region"]
    for line in head.split("\n"):
        if (m := _SPEAKER.search(line)):
            speaker = re.sub(r"\s", "", m["name"])
            office = m["office"]
            region = region or m["region"]
            break
    if year is None and date:
        year = int(date[:4])
    flags = tuple(f for f, missing in (("region-not-found", region is None),
                                       ("year-not-found", year is None)) if missing)
    return Meta(title=title, region=region, level=level_of(region) if region else None,
                year=year, date=date, speaker=speaker, office=office, flags=flags)
