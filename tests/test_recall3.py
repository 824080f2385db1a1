"""Recall on company-led project names, quoted honour runs, ranked descriptors, topic chains and
garbled quotes.  Invented names in report style; each test also checks a near-miss that must not match."""
from __future__ import annotations

from kg.extract import extract
from kg.model import Doc, Meta
from kg.names import region_key
from kg.read import clean
from kg.segment import segment
from textcases import linked, names


def test_company_before_a_plant_capacity():
    got = names("甲乙新能源120万吨焦化、丙丁20万千瓦风电等项目开工建设。", "Enterprise")
    assert {"甲乙新能源", "丙丁"} <= got
    assert not names("新建20万吨冷库等项目开工建设。", "Enterprise")


def test_brand_and_trade_word_before_a_product_but_not_before_a_park():
    got = names("甲乙生物沙棘饮料、丙丁管业装备制造等项目建设完工。", "Enterprise")
    assert {"甲乙生物", "丙丁管业"} <= got
    assert not names("戊己生物医药产业园等项目建设完工。", "Enterprise")


def test_amount_before_a_list_item_is_not_its_name():
    got = names("投资14亿元甲乙电子元件、15亿元丙丁水泥优化升级等32个项目开工建设。", "Project")
    assert "丙丁水泥优化升级" in got and not any(n.startswith("15亿元") for n in got)


def test_ranking_before_a_company_is_dropped():
    got = names("成功引进世界500强企业甲乙控股集团、行业领军企业丙丁环保科技有限公司等企业入驻。", "Enterprise")
    assert "甲乙控股集团" in got
    assert not any("500强" in n or "领军" in n for n in got)


def test_companies_listed_before_a_kind_of_company_projects():
    text = "甲乙药业、丙丁制药等老牌企业裂变项目4个。"
    assert {"甲乙药业", "丙丁制药"} <= names(text, "Enterprise")
    assert not {"甲乙药业", "丙丁制药"} & names(text, "Project")


def test_quoted_honour_run_is_honours_not_programmes():
    text = "荣获“国家卫生县城”“全国甲乙试点县”，以及“某省丙丁模范县”等多项荣誉，实施“三治融合”工程。"
    assert {"国家卫生县城", "全国甲乙试点县", "某省丙丁模范县"} <= names(text, "Honour")
    assert not {"全国甲乙试点县", "某省丙丁模范县"} & names(text, "Programme")


def test_year_and_list_verbs_open_honours_and_rankings_are_none():
    got = names("某区进入2022中国西部百强区，荣登全国发展潜力百强县榜首，今年荣获第六名。", "Honour")
    assert {"2022中国西部百强区", "全国发展潜力百强县"} <= got
    assert "第六名" not in got
    assert not names("系“三湘第一镇”。", "Town")


def test_unquoted_numbered_policy_packages():
    got = names("出台实施稳经济47条、助企纾困22条等措施，改造提升主城区道路16条。", "Programme")
    assert {"稳经济47条", "助企纾困22条"} <= got
    assert not any("道路" in n for n in got)


def test_province_named_company_as_subject():
    assert "四川甲乙" in names("四川甲乙建成全球最大的正极材料生产基地。", "Enterprise")
    assert not names("四川省委作出部署，成为全省首个试点。", "Enterprise")


def _awards(text: str) -> dict[str, str]:
    ents, rels, extra = linked(text, "某市")
    label = {e.key: e.name for e in ents + extra}
    label[region_key("某市")] = "某市"
    return {label[r.subject]: label.get(r.object, r.object) for r in rels if r.predicate == "awardedTo"}


def test_subjectless_clause_continues_the_company_topic():
    got = _awards("甲乙药业、丙丁制药等老牌企业加快发展。丙丁制药认定省数字化车间，获评中小企业数字化示范标杆企业；"
                  "某市成功创建国家卫生城市。")
    assert got.get("中小企业数字化示范标杆企业") == "丙丁制药"
    assert got.get("国家卫生城市") == "某市"


def test_semicolon_pairs_become_quotes():
    text, _ = clean("政府工作报告\n各位代表:\n荣获;;国家卫生\n县城;;;;全国甲乙县;;等荣誉,实施;;1133;;工程。\n")
    assert "“国家卫生县城”“全国甲乙县”" in text and "“1133”工程" in text


def test_streaks_and_year_ranges_are_no_recipients():
    got = _awards("某市连续第四年入选福建省经济实力十强县，2016—2018年获评全国农业综合开发示范县。")
    assert got.get("福建省经济实力十强县") == "某市"
    assert got.get("全国农业综合开发示范县") == "某市"


def test_estates_closed_by_a_renewal_work_and_a_batch_of_companies():
    assert {"甲乙云天城市棚户区改造", "丙丁溪里城市棚户区改造"} <= names("甲乙云天、丙丁溪里等城市棚户区改造步伐加快。", "Project")
    assert {"甲乙", "丙丁", "戊己方特"} <= names("甲乙、丙丁、戊己方特等一批知名企业落地某县。", "Enterprise")


def test_corner_brackets_quote_like_double_quotes():
    text, match = clean("政府工作报告\n各位代表:\n紮實做好「六穩」工作,深入實施「三大戰略」。\n")
    assert "「六穩」" in text and len(match) == len(text) and "“六稳”" in match
    doc = Doc(name="t", text=text, meta=Meta(region="某县"), match_text=match)
    got = {m.label for m in extract(doc, segment(text)) if m.type == "Programme"}
    assert {"六穩", "三大戰略"} <= got


def test_two_titles_joined_by_he_and_no_superlatives():
    got = names("连续三年被省委省政府考评为县域跨越发展先进县和重点生态功能区先进县，成为东北首个千万千瓦级新能源城市。", "Honour")
    assert {"县域跨越发展先进县", "重点生态功能区先进县"} <= got
    assert not any("和" in n or "首个" in n for n in got)


def test_recipients_of_company_titles_are_companies():
    text = "甲乙能源、丙丁投资入选全省民营企业营收百强，戊己服饰的“庚辛”入选十大服装品牌，3家企业获评省级瞪羚企业。"
    _, _, extra = linked(text)
    firms = {e.name for e in extra if e.type == "Enterprise"}
    assert {"甲乙能源", "丙丁投资"} <= firms
    assert "庚辛" not in firms and not any("家" in n for n in firms)


def test_a_page_from_the_middle_of_a_report_is_read():
    from kg.read import read_text
    doc = read_text("全区上下奋力拼搏，签约重点项目12个。\n".encode(), "page2.txt", "page2")
    assert doc.text.startswith("全区")


def test_no_region_node_when_the_report_never_names_its_region():
    text = "我县成功创建国家卫生县城。"
    ents, rels, _ = linked(text, region=None, scope="t")
    assert "国家卫生县城" in {e.name for e in ents}
    assert not [r for r in rels if r.predicate == "awardedTo" and r.object == region_key("t")]


def test_no_company_named_by_a_scope_or_a_total():
    got = names("全国第一条3mm超薄岩板生产线投产，实施总装机26.9万千瓦光伏项目9个，粮食生产实现“十九连丰”。", "Enterprise")
    assert not {"全国", "总装机"} & got
    assert "十九连丰" not in names("粮食生产实现“十九连丰”。", "Programme")
