"""Engine behaviour of kg.extract on small sentences written the way reports are."""
from __future__ import annotations

from kg.extract import acceptable, extract, split_list, tidy
from kg.link import group, relations
from kg.model import Doc, Meta
from kg.segment import segment


def names(text: str, etype: str | None = None) -> set[str]:
    doc = Doc(name="t", text=text, meta=Meta(region="某县"))
    return {m.label for m in extract(doc, segment(text)) if etype in (None, m.type)}


def tidy_label(text: str, etype: str) -> str:
    s, e = tidy(text, 0, len(text), etype)
    return text[s:e]


def test_tidy_strips_leading_verbs_anywhere_in_the_text():
    # the lead pattern must anchor at the span start, not only at the start of the text
    text = "，加快建设东马庄"
    s, e = tidy(text, 1, len(text), "Project")
    assert text[s:e] == "东马庄"


def test_tidy_keeps_a_verb_that_starts_a_road_name():
    assert tidy_label("建设路西段", "Project") == "建设路西段"


def test_tidy_drops_footnote_markers_amounts_and_modifiers():
    assert tidy_label("一臣饲料〔17〕", "Project") == "一臣饲料"
    assert tidy_label("占地252亩的智能制造产业园", "Project") == "智能制造产业园"
    assert tidy_label("投资4.6亿元完成电力改造升级", "Project") == "电力改造升级"
    assert tidy_label("二是加快推进物流园", "Project") == "物流园"


def test_tidy_cuts_a_topic_before_the_clause_verb():
    assert tidy_label("云溪片区重点抓好游客集散中心", "Project") == "游客集散中心"


def test_list_carries_the_shared_head():
    text = "南山街、南关街、关帝庙街立面改造"
    got = [n for _, _, n in split_list(text, 0, len(text), "Project")]
    assert got == ["南山街立面改造", "南关街立面改造", "关帝庙街立面改造"]


def test_list_carries_the_head_after_the_items_common_ending():
    text = "县医院、中医院、妇幼保健院发热门诊标准化改造"
    got = [n for _, _, n in split_list(text, 0, len(text), "Project")]
    assert got[:2] == ["县医院发热门诊标准化改造", "中医院发热门诊标准化改造"]


def test_list_splits_he_between_two_facilities_only():
    text = "妇幼保健院和疾控中心"
    assert [n for _, _, n in split_list(text, 0, len(text), "Project")] == ["妇幼保健院", "疾控中心"]
    text = "文化馆和图书馆搬迁"
    assert [n for _, _, n in split_list(text, 0, len(text), "Project")] == ["文化馆和图书馆搬迁"]


def test_project_status_after_a_time_phrase():
    assert "沙河公园" in names("。沙河公园年底前建成投用。", "Project")


def test_project_list_after_a_build_verb_drops_jianshe():
    got = names("，启动了北城中学、西城小学、王林口中学建设。", "Project")
    assert {"北城中学", "西城小学", "王林口中学"} <= got


def test_generic_words_are_not_projects():
    assert not acceptable("交通", "Project")
    assert not acceptable("亿元以上", "Project")
    assert not acceptable("加快推进", "Project")
    assert not acceptable("推进实施", "Project")


def test_enterprise_lists_with_a_count():
    got = names("，引进北京燕通、星河国际、河南金诺4家企业入驻装配式建筑产业园。", "Enterprise")
    assert {"北京燕通", "星河国际", "河南金诺"} <= got


def test_enterprise_formal_suffix_after_an_actor_word():
    got = names("，由河北一臣畜禽养殖有限公司承建，", "Enterprise")
    assert got == {"河北一臣畜禽养殖有限公司"}


def test_industries_are_not_enterprises():
    assert not acceptable("现代农业", "Enterprise")
    assert not acceptable("农民专业合作社", "Enterprise")
    assert acceptable("淇河酒业", "Enterprise")
    assert not acceptable("衡水中学", "Enterprise")


def test_brand_at_the_start_of_a_project_is_an_enterprise():
    got = names("，岐伯实业营养剂等项目落地建设。", "Enterprise")
    assert "岐伯实业" in got


def test_town_suffix_and_word_compounds():
    got = names("，王庄镇成为示范镇，统筹城乡发展，做好城镇建设，或回乡创业。", "Town")
    assert got == {"王庄镇"}


def test_town_list_before_a_count_of_towns():
    assert names("，完成龙泉关、天生桥3个镇区大市政建设。", "Town") == {"龙泉关", "天生桥"}


def test_located_in_from_wei_yu_and_town_prefix():
    text = "，台峪乡完成改造。\n垃圾焚烧发电〔16〕建成投产。\n垃圾焚烧发电：项目位于王林口镇马坊村，由深能环保有限公司中标建设。"
    doc = Doc(name="t", text=text, meta=Meta(region="某县"))
    segs = segment(text)
    ents = group(extract(doc, segs), "某县")
    rels, _ = relations(doc, segs, ents, "某县")
    by_key = {e.key: e.name for e in ents}
    pairs = {(by_key.get(r.subject), r.predicate, by_key.get(r.object)) for r in rels}
    assert ("垃圾焚烧发电", "locatedIn", "王林口镇") in pairs
    assert ("垃圾焚烧发电", "involves", "深能环保有限公司") in pairs
