"""Recall of Project and Enterprise on sentence shapes the older rules missed: status
predicates after transport heads, a head shared by a list of short route names, centres
unveiled at a site, company brands as actors of awards / listings / landings.  Sentences
are written in report style with invented names; each test also checks a near-miss that
must not match."""
from __future__ import annotations

from kg.extract import extract
from kg.model import Doc, Meta
from kg.segment import segment


def names(text: str, etype: str) -> set[str]:
    doc = Doc(name="t", text=text, meta=Meta(region="某县"))
    return {m.label for m in extract(doc, segment(text)) if m.type == etype}


def test_transport_subject_with_opening_predicates():
    got = names("甲乙铁路投入运行，丙丁高速全线贯通，戊己直达庚辛高铁开通。", "Project")
    assert {"甲乙铁路", "丙丁高速", "戊己直达庚辛高铁"} <= got


def test_realised_through_is_not_a_name():
    assert not any("实现" in n for n in names("城区外环实现全线贯通。", "Project"))


def test_list_of_route_names_shares_the_transport_head():
    got = names("甲乙、丙丁山、戊己高速建成通车，加快庚辛、壬癸高铁等项目建设。", "Project")
    assert {"甲乙高速", "丙丁山高速", "戊己高速", "庚辛高铁", "壬癸高铁"} <= got


def test_items_that_already_carry_a_head_are_not_glued():
    got = names("推动甲乙高铁、丙丁城际开工建设。", "Project")
    assert "甲乙高铁城际" not in got


def test_centres_unveiled_at_a_site_and_the_site():
    got = names("甲乙定制中心、丙丁设计中心以及戊己定制中心在某学院时尚产业园揭牌。", "Project")
    assert {"甲乙定制中心", "丙丁设计中心", "戊己定制中心", "某学院时尚产业园"} <= got


def test_listing_on_a_market_is_not_unveiling():
    assert not names("支持更多企业在多层次资本市场挂牌上市。", "Project")


def test_campuses_unveiled():
    got = names("甲市实验小学某某校区、乙大学附属中学某某校区正式挂牌。", "Project")
    assert {"甲市实验小学某某校区", "乙大学附属中学某某校区"} <= got


def test_brands_joined_by_and_before_a_listing_and_a_ranking():
    got = names("甲乙传媒和丙丁铝业在股权交易所挂牌，戊集团、己庚塑业跨入全国同行业领先地位。", "Enterprise")
    assert {"甲乙传媒", "丙丁铝业", "己庚塑业"} <= got


def test_brand_owning_its_quoted_project_or_product():
    got = names("甲乙水务“智慧水务应用项目”获评试点示范，丙丁服饰的“某牌”入选十大品牌。", "Enterprise")
    assert {"甲乙水务", "丙丁服饰"} <= got


def test_company_named_before_its_own_project_that_started_production():
    got = names("甲城汽车某州整车制造项目竣工投产，乙钢氢冶金项目投产。", "Enterprise")
    assert {"甲城汽车", "乙钢"} <= got


def test_steelmaking_is_not_a_steel_brand():
    assert "炼钢" not in names("炼钢项目投产。", "Enterprise")


def test_parents_of_landing_subsidiaries():
    got = names("甲国华能和中铁九局三级子公司落户某区。", "Enterprise")
    assert {"甲国华能", "中铁九局"} <= got


def test_object_of_a_stake():
    assert "某定银行" in names("入股某定银行和某市融资担保公司。", "Enterprise")
