"""Report metadata: right for every corpus report, flagged (not guessed) when absent."""
from __future__ import annotations

import csv

import pytest

from conftest import CORPUS, SEED, corpus_files
from kg.meta import read_meta, split_region
from kg.read import read


def _sources():
    path = CORPUS / "sources.tsv"
    if not path.is_file():
        return []
    with open(path, encoding="utf-8") as fh:
        return list(csv.DictReader(fh, delimiter="\t"))


@pytest.mark.parametrize("row", _sources(), ids=lambda r: r["file"])
def test_year_and_level_match_the_source_sheet(row):
    m = read(CORPUS / row["file"]).meta
    assert m.year == int(row["year"]), m
    assert m.level == row["level"], m
    # the region is the text's own name for itself: the sheet's name or its short form
    assert m.region and (m.region == row["region"] or row["region"].startswith(m.region[:-1])), m


def test_every_corpus_report_has_region_and_year():
    for p in corpus_files():
        m = read(p).meta
        assert m.region and m.year, (p.name, m)
        assert "region-not-found" not in m.flags and "year-not-found" not in m.flags


def test_seed_metadata():
    m = read(SEED).meta
    assert (m.region, m.level, m.year, m.date, m.speaker, m.office) == ("浚县", "county", 2021, "2021-03-12", "刘青", "县长")
    assert m.flags == ()


def test_parents_from_title_and_compound_names():
    text = "(湖北省)2025年恩施州咸丰县政府工作报告\n政府工作报告\n——2024年12月26日在咸丰县第十九届人民代表大会第四次会议上\n县人民政府县长 张三\n各位代表:\n"
    m = read_meta(text)
    assert (m.region, m.parents, m.year, m.date, m.speaker) == ("咸丰县", ("恩施州", "湖北省"), 2025, "2024-12-26", "张三")
    assert split_region("保定市清苑区") == ["保定市", "清苑区"]


def test_county_level_city_under_a_named_city():
    text = "政府工作报告\n——2022年6月15日在甲乙市第十六届人民代表大会第二次会议上\n各位代表:\n在丙丁市委、市政府和市委的坚强领导下，全市经济增长。"
    m = read_meta(text)
    assert (m.region, m.level, m.parents) == ("甲乙市", "county", ("丙丁市",))


def test_chinese_numeral_dateline_and_traditional_text():
    m = read_meta("政府工作報告\n——二〇二二年四月二十七日在甲乙市第十五屆人民代表大會第五次會議上\n甲乙市人民政府市長 王 五\n各位代表：")
    assert (m.region, m.date, m.year, m.speaker, m.office) == ("甲乙市", "2022-04-27", 2022, "王五", "市长")


def test_missing_metadata_is_flagged_not_guessed():
    m = read_meta("一、工作回顾\n过去一年，我们做了很多工作。")
    assert m.region is None and m.year is None
    assert set(m.flags) == {"region-not-found", "year-not-found"}


def test_inferred_year_is_flagged():
    m = read_meta("一、2018年工作回顾\n全县上下，甲乙县发展良好。甲乙县经济增长。")
    assert m.year == 2019 and "year-inferred" in m.flags
    assert m.region == "甲乙县" and "region-inferred" in m.flags


def test_a_site_tag_is_a_parent_not_part_of_the_title():
    m = read_meta("(湖南省)2020年甲乙侗族自治县政府工作报告(全文)\n政府工作报告\n2020年6月4日在县十七届人大五次会议上\n王五\n各位代表:\n")
    assert (m.title, m.region, m.parents, m.year) == ("2020年甲乙侗族自治县政府工作报告", "甲乙侗族自治县", ("湖南省",), 2020)


def test_county_run_by_a_new_area_names_it_as_parent():
    body = ("一、2018年工作回顾\n《丙丁甲乙新区规划纲要》发布。一年来，在新区党工委、管委会和县委的坚强领导下，"
            "全县推进甲乙新区建设，服务甲乙新区发展，甲乙新区起步。落实《丙丁省支持甲乙新区的意见》。全县戊己县发展良好，戊己县经济增长。")
    m = read_meta(body)
    assert (m.region, m.parents, m.year) == ("戊己县", ("甲乙新区", "丙丁省"), 2019)
    assert set(m.flags) == {"region-inferred", "year-inferred"}
    # without the leadership phrase a new area named in passing is not a parent
    assert read_meta(body.replace("在新区党工委、", "在")).parents == ()


def test_rongcheng_has_no_title_so_region_and_year_are_flagged():
    m = read(CORPUS / "rongcheng-2019.txt").meta
    assert (m.region, m.level, m.parents, m.year) == ("容城县", "county", ("雄安新区", "河北省"), 2019)
    assert set(m.flags) == {"region-inferred", "year-inferred"} and m.title is None


def test_region_from_on_behalf_of_when_there_is_no_title():
    meta = read_meta("各位代表：\n现在，我代表某阳县人民政府向大会报告工作。\n一、2019年工作回顾\n")
    assert meta.region == "某阳县" and "region-not-found" not in meta.flags
    assert read_meta("各位代表：\n现在，我代表县人民政府向大会报告工作。\n").region is None


def test_spaced_year_in_title():
    assert read_meta("2025 年某洲区政府工作报告\n各位代表：\n").region == "某洲区"
