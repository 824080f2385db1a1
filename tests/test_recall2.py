"""Recall on plan-section wording: company lists in 为代表的 / 为依托 / 带动作用 / 等骨干企业 frames,
facilities after plan verbs (谋划, 规划布局, 配合加快), works sharing one head, quoted numbered
policies.  Invented names in report style; each test also checks a near-miss that must not match."""
from __future__ import annotations

from kg.extract import extract
from kg.model import Doc, Meta
from kg.segment import segment


def names(text: str, etype: str) -> set[str]:
    doc = Doc(name="t", text=text, meta=Meta(region="某县"))
    return {m.label for m in extract(doc, segment(text)) if m.type == etype}


def test_representative_companies_but_not_product_lists():
    got = names("大力升级以甲乙绿建、丙丁环保为代表的绿色建材产业集群，以食用菌、林果、养殖为代表的农业产业实现规模化。",
                "Enterprise")
    assert {"甲乙绿建", "丙丁环保"} <= got
    assert not {"食用菌", "林果", "养殖"} & got


def test_every_item_of_a_backbone_company_list():
    got = names("发展壮大甲乙机械、丙丁汽配等骨干企业。", "Enterprise")
    assert {"甲乙机械", "丙丁汽配"} <= got


def test_companies_a_sector_leans_on_and_companies_that_pull():
    got = names("以甲乙食品、丙丁佳禾和戊己瓜果蔬菜专业合作社等为依托，发挥庚辛索具、壬癸索具带动作用。", "Enterprise")
    assert {"甲乙食品", "丙丁佳禾", "戊己瓜果蔬菜专业合作社", "庚辛索具", "壬癸索具"} <= got
    assert not names("以县城为依托，发挥党员、干部带动作用。", "Enterprise")


def test_developer_brand_before_a_dotted_park_name():
    assert "甲乙高科" in names("甲乙高科·某地新经济产业园（二期）尽快开工。", "Enterprise")
    assert not names("衔接中国·某地书画文创产业园。", "Enterprise")


def test_facilities_after_plan_verbs():
    got = names("谋划第二污水处理厂，规划布局汽车零部件产业园，配合加快甲乙高速、丙丁高速动工建设，完成110kV甲乙线迁改。",
                "Project")
    assert {"第二污水处理厂", "汽车零部件产业园", "甲乙高速", "丙丁高速", "110kV甲乙线迁改"} <= got


def test_plan_verbs_do_not_make_generic_parks_projects():
    got = names("集中连片规划布局示范园区、产业基地。", "Project")
    assert not {"示范园区", "产业基地"} & got


def test_rivers_share_the_work_head():
    got = names("启动甲河、乙河、丙河（某区段）治理工程。", "Project")
    assert {"甲河治理", "乙河治理", "丙河（某区段）治理"} <= got


def test_quoted_numbered_policies():
    got = names("全面落实市委“12345”总体要求，持续深化“六个一”总体思路，深入落实“八抓20条”创新举措。", "Programme")
    assert {"12345总体要求", "六个一总体思路", "八抓20条"} <= got
