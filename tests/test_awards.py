"""awardedTo: who an honour goes to, on sentences written the way reports write them."""
from __future__ import annotations

import pytest

from kg.awards import clean_subject, counted, is_region, recipients, split_subject
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


@pytest.mark.parametrize("sentence, honour, want", [
    ("力争完成东坡核心园区4A级景区创建。", "4A级景区", ["东坡核心园区"]),
    ("扎实推进青山小镇、红石小镇两个省级特色小镇创建。", "省级特色小镇", ["青山小镇", "红石小镇"]),
    ("推进省级旅游度假区创建。", "省级旅游度假区", []),
    ("力争达到省级森林城市验收标准。", "省级森林城市", []),          # a verb, not a recipient
    ("完成省级园林城市和省级卫生城市创建。", "省级卫生城市", []),      # the title before is no recipient
])
def test_recipient_written_before_a_pursued_title(sentence, honour, want):
    i = sentence.index(honour)
    assert recipients(sentence, 0, i, "某某县", (), i + len(honour)) == want


def test_glossary_entry_has_no_subject():
    s = "正文。\n〔40〕三创四建：指的是创新、创业和创建全国文明城市。"
    i = s.index("全国文明城市")
    assert recipients(s, s.index("〔"), i, "某某县", (), i + 6) == []


@pytest.mark.parametrize("sentence, honour, is_counted", [
    ("成功申报高新技术企业6家。", "高新技术企业", True),
    ("省级示范合作社达到12家。", "省级示范合作社", True),
    ("力争新增三家3A级景区。", "3A级景区", True),
    ("5个省级美丽乡村试点建成。", "省级美丽乡村试点", True),
    ("省级卫生乡镇实现全覆盖。", "省级卫生乡镇", True),
    ("2家单位、4名同志被评为全省先进集体。", "全省先进集体", True),
    ("扎实推进青山小镇、红石小镇两个省级特色小镇创建。", "省级特色小镇", False),
    ("我县被评为全省平安建设优秀县。", "全省平安建设优秀县", False),
    ("省级园林城市创建顺利通过省级评估。", "省级园林城市", False),
])
def test_counted_titles_go_to_nobody(sentence, honour, is_counted):
    i = sentence.index(honour)
    assert counted(sentence, 0, i, i + len(honour)) is is_counted


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
    ("成功入选河北省第一批新型智慧城市建设试点", {"河北省第一批新型智慧城市建设试点"}),
    ("九三学社中央确定某某为乡村振兴试点县", {"乡村振兴试点县"}),
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
    "力争综合排名跻身省级开发区前50",   # a rank
    "率先在全市开展“职普融通”试点",     # 全市 is where, not a scope
])
def test_honour_rules_ignore_non_titles(text):
    assert _honours(text) == set()


PROGRAMME_RULES = [r for r in load_rules() if r.type == "Programme"]


@pytest.mark.parametrize("text, want, junk", [
    ("“十四五”时期，全力抓好“六稳六保”工作", {"六稳六保"}, {"十四五"}),
    ("“一心”即县域旅游服务中心", set(), {"一心"}),
    ("严格落实河长制、林长制、路长制", {"河长制", "林长制", "路长制"}, set()),
    ("七是坚持推进全面深化改革", set(), {"改革", "全面深化改革"}),
    ("坚定不移实施扩大内需战略，以深化供给侧结构性改革为主线", {"扩大内需战略", "供给侧结构性改革"},
     {"坚定不移实施扩大内需战略", "以深化供给侧结构性改革"}),
    ("完成国道改线工程，启动污水处理厂二期工程，实施雪亮工程", {"雪亮工程"}, {"国道改线工程", "污水处理厂二期工程"}),
    ("深入开展“三创四建”系列活动，深入开展“七一”庆祝活动", {"三创四建"}, {"三创四建系列活动", "七一庆祝活动", "七一"}),
    ("制定援企稳岗“二十六条”，随着乡村振兴战略全面实施", {"援企稳岗二十六条", "乡村振兴战略"}, {"随着乡村振兴战略"}),
    ("加强统一规划，深化农村改革，紧抓重大国家战略", set(), {"统一规划", "农村改革", "重大国家战略"}),
    ("〔31〕“散乱污”企业：指不符合“三个十条”的企业。", set(), {"散乱污", "三个十条"}),
])
def test_programme_rules(text, want, junk):
    got = {n for r in PROGRAMME_RULES for _, _, n in run_rule(r, text)}
    assert want <= got and not (junk & got)


def test_topic_before_a_numbered_quote():
    got = {n for r in PROGRAMME_RULES for _, _, n in run_rule(r, "制定援企稳岗“二十六条”，严格落实生态环境“三线一单”")}
    assert {"援企稳岗二十六条", "三线一单"} <= got and "生态环境三线一单" not in got


@pytest.mark.parametrize("text, want, junk", [
    # a quote that classifies the noun after it is not an initiative
    ("全年“两盗”案件下降，“三新”经济增加值增长8%", set(), {"两盗", "三新"}),
    # outcomes and statistics: 连续N年“双…” / a quoted result
    ("交通事故起数连续三年“双下降”，实现“三个圆满收官”", set(), {"双下降", "三个圆满收官"}),
    # a title received, quoted after a conferring verb, is an honour
    ("3个项目获评全省“五佳项目”，荣登“全国营商环境50强”", set(), {"五佳项目", "全国营商环境50强"}),
    ("获评全县“稳增长促发展”考核专项奖", set(), {"稳增长促发展考核专项"}),
    # an event title is no programme; a task that is only a verb is no programme
    ("举办“两岸同心—丹青共绘·情满江南”书画展，超额完成“压降”任务", set(), {"两岸同心—丹青共绘·情满江南", "压降"}),
    # still programmes
    ("推进“两区同建”，扎实做好“六稳”工作，落实“三个十条”要求", {"两区同建", "六稳", "三个十条"}, set()),
    ("深入推进产业强镇和湖长制工作", {"湖长制"}, {"产业强镇和湖长制"}),
    ("出台困难群众救助办法，完善能源消费双控、排污权有偿使用制度", {"困难群众救助办法", "排污权有偿使用制度"},
     {"能源消费双控、排污权有偿使用制度"}),
    ("印发《某某县营商环境提升实施方案（2021—2025年）》《支持企业发展十条措施》",
     {"某某县营商环境提升实施方案（2021—2025年）", "支持企业发展十条措施"}, set()),
])
def test_programme_quotes_and_heads(text, want, junk):
    got = {n for r in PROGRAMME_RULES for _, _, n in run_rule(r, text)}
    assert want <= got and not (junk & got), got


@pytest.mark.parametrize("text, want, junk", [
    ("环境整治成效明显，获国务院办公厅督查激励通报，获得省政府督查激励表彰",
     {"国务院办公厅督查激励通报", "省政府督查激励表彰"}, set()),
    ("获批创建省质量强县示范县", {"省质量强县示范县"}, {"批创建省质量强县示范县"}),
    ("获评省级劳动模范2人", {"省级劳动模范"}, {"省级劳动模范2人"}),
    ("5个项目入选省重点研发和高新技术成果转化工程", set(), {"省重点研发和高新技术成果转化工程"}),
    ("入选国家级红色旅游推广名单", {"国家级红色旅游推广名单"}, set()),
    # fields a report sets itself, not titles: 在打造…示范、…示范等领域争当标杆
    ("在打造全国产业振兴示范、全省生态治理示范等“五大领域”争当标杆", set(), {"全国产业振兴示范", "全省生态治理示范"}),
])
def test_honour_authorities_counts_and_fields(text, want, junk):
    got = _honours(text)
    assert want <= got and not (junk & got), got


def test_counted_people_go_to_nobody():
    s = "获评省级劳动模范2人。"
    assert counted(s, 0, 2, 8)


def test_head_noun_precheck_covers_every_head():
    """programme.head-noun first checks the clause for a head's first character (cheap);
    a head added to the vocab lists must start with a character of that set."""
    import re
    from kg.rules import vocab
    rule = next(r for r in PROGRAMME_RULES if r.id == "programme.head-noun")
    m = re.search(r"\(\?=\[([^\]]+)\]\)", rule.regex.pattern)
    v = vocab()
    heads = list(v["programme_heads_strong"]) + ["工程"] + list(v["programme_heads_long"])
    assert m and all(h[0] in m.group(1) for h in heads)


def test_a_village_named_with_its_town_receives_the_honour_itself():
    from kg.awards import split_subject
    assert split_subject("冉庄镇冉庄村") == ["冉庄村"]
    assert split_subject("北店乡西林水村、清苑镇大福村") == ["西林水村", "大福村"]
    assert split_subject("善堂镇、新镇镇卫生院") == ["善堂镇卫生院", "新镇镇卫生院"]


def test_quoted_names_in_subject_are_the_recipients():
    s = "甲集团的“乙品牌”、丙服饰的“丁丁”入选“某省十大服装品牌”"
    i = s.index("某省十大")
    assert recipients(s, 0, i, "某某县", (), i + 8) == ["乙品牌", "丁丁"]


def test_long_non_name_subject_gives_no_link_but_adverbial_gives_region():
    s = "某某改革经验在全省开发区建设主题擂台赛上推广、获评擂台赛优胜单位"
    i = s.index("擂台赛优胜")
    assert recipients(s, 0, i, "某某县", (), i + 7) is None
    s = "以全国第二的成绩创成国家现代农业产业园"
    i = s.index("国家现代")
    assert recipients(s, 0, i, "某某县", (), i + 9) == []
