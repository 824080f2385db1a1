"""awardedTo: who an honour goes to, on sentences written the way reports write them."""
from __future__ import annotations

import pytest

from kg.awards import clean_subject, is_region, recipients, split_subject
from kg.extract import run_rule
from kg.rules import load_rules


def _to(sentence: str, honour: str, region: str = "某某县") -> list[str]:
    return recipients(sentence, 0, sentence.index(honour), region)


@pytest.mark.parametrize("sentence, honour, want", [
    ("县医院成功创建三级医院。", "三级医院", ["县医院"]),
    ("李家村获评省级乡村旅游重点村。", "省级", ["李家村"]),
    ("东岭镇、西河镇入选全国千强镇。", "全国", ["东岭镇", "西河镇"]),
    ("妇幼保健院和南坡镇、北坡镇卫生院成功创建二级医院。", "二级医院",
     ["妇幼保健院", "南坡镇卫生院", "北坡镇卫生院"]),
    ("推进人民医院、中医院创三级、妇幼保健院创二级医院。", "二级医院", ["妇幼保健院"]),
    ("实验中学被某某大学授予优秀生源基地。", "优秀生源基地", ["实验中学"]),
    ("青山湾成功创建3A景区，并入选全国乡村旅游重点村。", "全国乡村", ["青山湾"]),
    ("纪念馆完成扩建提升，被有关部门确定为传统教育基地。", "传统教育基地", ["纪念馆"]),
    ("返乡创业典型王小明荣获全国脱贫攻坚先进个人。", "全国", ["王小明"]),
])
def test_subject_of_the_clause(sentence, honour, want):
    assert _to(sentence, honour) == want


@pytest.mark.parametrize("sentence, honour", [
    ("我县被评为全省平安建设优秀县。", "全省"),
    ("全县再次被评为全国文明城市。", "全国"),
    ("某某县连续两年获评全国数字农业先进县。", "全国"),
    ("某某获评全省脱贫攻坚先进集体。", "全省"),            # short form of the region's name
    ("积极申报国家级生态文明示范县。", "国家级"),           # no subject: the region pursues it
    ("12个单位和4名同志被评为全省先进集体。", "全省"),       # counted units: the region's own
    ("获得全国绿色高产高效创建标兵县、全省乡村振兴示范县。", "全省乡村"),  # 创建 inside a title is no verb
])
def test_region_is_the_recipient(sentence, honour):
    spans = ((sentence.index("全国绿色"), sentence.index("标兵县") + 3),) if "标兵县" in sentence else ()
    assert recipients(sentence, 0, sentence.index(honour), "某某县", spans) == []


def test_verb_inside_an_earlier_title_is_skipped():
    s = "获得全国绿色高产高效创建标兵县、全省乡村振兴示范县。"
    assert recipients(s, 0, s.index("全省乡村"), "某某县") != []      # without spans: fooled
    assert recipients(s, 0, s.index("全省乡村"), "某某县", ((2, 15),)) == []


def test_subject_cleaning():
    assert is_region(clean_subject("一是我县继续"), "某某县")
    assert clean_subject("一是东岭镇再次") == "东岭镇"
    assert clean_subject("阜南中学被某大学") == "阜南中学"
    assert is_region("我县", "某某县") and is_region("某某", "某某县") and not is_region("东岭镇", "某某县")
    assert split_subject("甲镇、乙镇中心校") == ["甲镇中心校", "乙镇中心校"]


HONOUR_RULES = [r for r in load_rules() if r.type == "Honour"]


def _honours(text: str) -> set[str]:
    return {n for r in HONOUR_RULES for _, _, n in run_rule(r, text)}


@pytest.mark.parametrize("text, want", [
    ("成功创建省级园林城市和省级卫生城市", {"省级园林城市", "省级卫生城市"}),
    ("九龙镇入选全国千强镇", {"全国千强镇"}),
    ("海陵工业园区跻身省级经济开发区15强", {"省级经济开发区15强"}),
    ("白石山成功创建5A景区", {"5A景区"}),
    ("积极申报国家级生态文明示范县和“绿水青山就是金山银山”实践创新基地",
     {"国家级生态文明示范县", "绿水青山就是金山银山实践创新基地"}),
])
def test_honour_rules_find_titles(text, want):
    assert want <= _honours(text)


@pytest.mark.parametrize("text", [
    "进入全省全国先进行列",          # a ranking, not a title
    "全省数字乡村建设等现场观摩会在我县召开",
    "打造京津冀晋康养基地",          # a goal the county sets itself
    "在全市县（市、区）考核中名列前茅",
])
def test_honour_rules_ignore_non_titles(text):
    assert _honours(text) == set()


PROGRAMME_RULES = [r for r in load_rules() if r.type == "Programme"]


@pytest.mark.parametrize("text, want, junk", [
    ("“十四五”时期，全力抓好“六稳六保”工作", {"六稳六保"}, {"十四五"}),
    ("“一心”即县域旅游服务中心", set(), {"一心"}),
    ("严格落实河长制、林长制、路长制", {"河长制", "林长制", "路长制"}, set()),
    ("七是坚持推进全面深化改革", set(), {"改革", "全面深化改革"}),
])
def test_programme_rules(text, want, junk):
    got = {n for r in PROGRAMME_RULES for _, _, n in run_rule(r, text)}
    assert want <= got and not (junk & got)
