"""Recall on companies named with no trigger word: bare lists of companies, and a brand at the
start of a project's name before what it makes.  Invented names in report style; each test
also checks a near-miss that must not match."""
from __future__ import annotations

from kg.common_words import is_common
from textcases import linked, names


def test_common_words_come_from_a_general_dictionary():
    assert is_common("现代") and is_common("生物") and is_common("特种")
    assert not is_common("琨瑆") and not is_common("璟翔")


def test_bare_names_listed_beside_companies_are_companies():
    got = names("全力培育琨瑆食品、璟翔电子、玥澄维康、珩钰化工、瑀璘等骨干企业。", "Enterprise")
    assert {"琨瑆食品", "璟翔电子", "玥澄维康", "珩钰化工", "瑀璘"} <= got


def test_industry_lists_are_not_companies():
    text = "壮大生物医药、精细化工、现代纺织、绿色食品等主导产业。"
    assert not names(text, "Enterprise")
    assert not names("新能源汽车、太阳能电池、SUV汽车产量分别增长12%、8%和5%。", "Enterprise")


def test_a_list_ends_at_deng():
    got = names("琨瑆电子、璟翔生物等一批龙头企业落地生根、集聚成势。", "Enterprise")
    assert "集聚成势" not in got and "落地生根" not in got


def test_brand_before_what_its_project_makes():
    got = names("琨瑆风电、璟翔电池盒、玥澄航空零部件等10个项目竣工投产。", "Enterprise")
    assert {"琨瑆", "璟翔", "玥澄"} <= got


def test_brand_keeps_its_trade_word():
    assert "琨瑆电子" in names("琨瑆电子元件、璟翔光伏等项目开工建设。", "Enterprise")


def test_sites_and_common_words_are_no_brands():
    got = names("琨瑆抽水蓄能电站、特种纸搬迁技改、装配式钢结构等项目开工建设。", "Enterprise")
    assert not got


def test_brand_before_its_plant_phase():
    assert "琨瑆" in names("琨瑆一期、璟翔环保等17个项目竣工。", "Enterprise")


def test_sector_output_is_no_company():
    got = names("新增医药化工企业5家以上，医药化工产值达到100亿元，琨瑆化工产值达到3亿元。", "Enterprise")
    assert "琨瑆化工" in got and "医药化工" not in got


def test_company_on_a_ranking_list():
    got = names("琨瑆化学入选“全省制造业百强榜”，璟翔药业上榜“中国医药工业百强榜”。", "Enterprise")
    assert {"琨瑆化学", "璟翔药业"} <= got


def test_a_run_of_titles_after_an_award_verb_is_honours_only():
    text = "先后获评“国家杂交水稻制种大县”“江西省卫生县”“全国自然资源节约集约示范县”“省级两化融合示范园区”等称号。"
    assert names(text, "Honour") >= {"国家杂交水稻制种大县", "江西省卫生县"}
    assert not names(text, "Programme")


def test_an_unknown_region_does_not_name_a_company():
    from kg.names import canonical
    assert canonical("Enterprise", "农商银行", "report-2023") == "农商银行"
    assert canonical("Enterprise", "浚农商银行", "浚县") == "浚县农商银行"


def test_a_numbered_line_of_work_is_a_programme():
    got = names("按照市委提出的“13446”工作思路，深入践行“七个三”发展思路。", "Programme")
    assert {"13446工作思路", "七个三发展思路"} <= got


def test_a_renaming_or_an_opening_is_no_title():
    got = names("开发区获批更名为某某高新区，某某协同创新中心投入运营。", "Honour")
    assert not got


def test_a_spaced_count_is_no_name():
    assert not any(n.startswith("16") for n in names("投资 6072 万元，打造了16 个扶贫产业园。", "Project"))


def test_a_product_made_of_products_names_no_company():
    assert not names("光伏玻璃深加工、智能丝网等4个新签约项目开工。", "Enterprise")


def test_a_company_after_the_clause_that_brought_it():
    got = names("仅用14天时间就成功完成浙江琨瑆集团投资50亿元的产业基地项目洽谈引进工作。", "Enterprise")
    assert "浙江琨瑆集团" in got and not any(n.startswith("仅用") for n in got)


def test_residences_and_reservoirs_whose_work_goes_on():
    got = names("琨瑆家园、璟翔佳苑加快推进，玥澄水库建设完成。", "Project")
    assert {"琨瑆家园", "璟翔佳苑", "玥澄水库"} <= got


def test_bare_names_given_a_township_title_are_towns():
    _, _, extra = linked("某县政府工作报告\n王官庄、油坊被命名为省级卫生乡镇。")
    assert {e.name for e in extra if e.type == "Town"} >= {"王官庄", "油坊"}


def test_titles_after_more_award_verbs_and_claims():
    assert "一带一路国际健康旅游目的地" in names("某市荣获“一带一路国际健康旅游目的地”。", "Honour")
    assert "中国食品名城" in names("获评全省唯一一个“中国食品名城”。", "Honour")
    assert "国际大米节银奖" in names("某县大米连续斩获国际大米节银奖。", "Honour")


def test_a_park_before_its_lead_company_is_not_in_its_name():
    got = names("马山木业加工园以琨瑆公司为龙头引入东阳木业等多家企业集聚发展。", "Enterprise")
    assert "琨瑆公司" in got and not any("加工园" in n for n in got)
