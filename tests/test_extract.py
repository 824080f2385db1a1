"""Engine behaviour of kg.extract on small sentences written the way reports are."""
from __future__ import annotations

from kg.extract import acceptable, extract, split_list, tidy
from kg.link import group, relations
from kg.model import Doc, Entity, Mention, Meta
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


# --- lists: where the shared head starts, numbered series, runs, parts -------------------------

def items(text: str) -> list[str]:
    return [n for _, _, n in split_list(text, 0, len(text), "Project")]


def test_list_of_bare_brands_shares_the_last_items_tail():
    # items of one length, none a facility: the head starts after that length in the last item
    assert items("恒远科技、博文精工、江南新材冷链物流基地") == [
        "恒远科技冷链物流基地", "博文精工冷链物流基地", "江南新材冷链物流基地"]


def test_list_of_places_shares_a_multi_word_head():
    assert items("A片区、北关村、南湖庄棚户区改造") == ["A片区棚户区改造", "北关村棚户区改造", "南湖庄棚户区改造"]


def test_counted_facility_head_is_carried_without_its_count():
    assert items("东湖、青山两个公园") == ["东湖公园", "青山公园"]


def test_numbered_series_shares_prefix_and_suffix():
    assert items("河西片区1#、2#、3#地块安置房") == [
        "河西片区1#地块安置房", "河西片区2#地块安置房", "河西片区3#地块安置房"]


def test_each_run_of_a_list_carries_its_own_head():
    got = items("东街、西街立面改造和人民广场停车场、南山景区品质提升")
    assert got == ["东街立面改造", "西街立面改造", "人民广场停车场", "南山景区品质提升"]


def test_a_facility_word_alone_is_not_shared():
    assert items("游客服务中心、古村、河湾民俗、接待中心") == ["游客服务中心", "古村", "河湾民俗", "接待中心"]


def test_a_bare_facility_after_ji_is_part_of_the_name():
    assert items("游客服务中心及停车场") == ["游客服务中心及停车场"]
    assert items("人民医院和疾控中心") == ["人民医院", "疾控中心"]


def test_themed_fields_are_not_facilities():
    assert not names("，协调推进平安交通、平安医院、平安校园、平安市场建设。", "Project")


def test_works_lists_keep_only_built_things():
    got = names("，重点推进城区绿化、荒山造林、储备林基地等工程。", "Project")
    assert got == {"储备林基地"}


def test_heritage_category_after_deng_is_carried():
    got = names("，对抗战日报社、兵工厂等旧址开展修复。", "Project")
    assert got == {"抗战日报社旧址", "兵工厂旧址"}


def test_roads_counted_after_their_list():
    got = names("，打通建设路西段、人民路南段3条断头路。", "Project")
    assert got == {"建设路西段", "人民路南段"}


def test_works_named_with_gongcheng_drop_it_and_share_the_head():
    assert names("，完成S101、G205县城段改线工程。", "Project") == {"S101县城段改线", "G205县城段改线"}


def test_glossary_list_after_baokuo():
    got = names("〔9〕3所城区学校：包括实验学校、城东一小、城东二小。", "Project")
    assert {"实验学校", "城东一小", "城东二小"} <= got


def test_quoted_name_before_the_span_belongs_to_it():
    assert "山水印象实景演出" in names("，合作打造“山水印象”实景演出项目。", "Project")


# --- what is not a project ----------------------------------------------------------------------

def test_kinds_of_projects_are_not_projects():
    for name in ("县外投资", "乡村振兴市级示范", "国家和省市重大", "城市管网雨污分流改造", "公办幼儿园",
                 "一期工程", "该种整合方式提高", "三大改造", "为民办实事"):
        assert not acceptable(name, "Project"), name
    assert acceptable("市政交通新材料基地", "Project")


def test_tidy_strips_le_and_trailing_verbs():
    assert tidy_label("完成了农村饮水安全巩固提升", "Project") == "农村饮水安全巩固提升"
    assert tidy_label("第二幼儿园尽快", "Project") == "第二幼儿园"


def test_a_verb_before_daolu_is_not_a_road_name():
    assert tidy_label("加快道路", "Project") == "道路"
    assert tidy_label("建设大街北段", "Project") == "建设大街北段"


def test_government_bodies_and_generic_stems_are_not_enterprises():
    assert not acceptable("住建部科技", "Enterprise")
    assert acceptable("西部控股", "Enterprise")
    assert acceptable("中国电建水利一局", "Enterprise")
    assert not acceptable("公安局", "Enterprise")
    assert not acceptable("挂牌上市公司", "Enterprise")
    assert acceptable("新希望集团", "Enterprise")


# --- links stated by the paragraph ---------------------------------------------------------------

def link_pairs(text: str) -> set[tuple]:
    doc = Doc(name="t", text=text, meta=Meta(region="某县"))
    segs = segment(text)
    ents = group(extract(doc, segs), "某县")
    rels, _ = relations(doc, segs, ents, "某县")
    by_key = {e.key: e.name for e in ents}
    return {(by_key.get(r.subject), r.predicate, by_key.get(r.object)) for r in rels}


def test_glossary_paragraph_links_its_topic():
    text = ("，推动数字经济产业园建成投用。\n"
            "〔8〕数字经济产业园：项目位于县职教中心新校区，由华安建设有限公司建设，恒远科技运营，总投资3亿元。")
    pairs = link_pairs(text)
    assert ("数字经济产业园", "involves", "华安建设有限公司") in pairs
    assert not any(p[0] == "职教中心新校区" for p in pairs)


def test_companies_moving_into_a_park_named_by_its_short_form():
    text = ("，推动青山文创园建成投用。\n"
            "，与东方嘉华合作，引进天桥文化、锦程时尚2家企业入驻文创园。")
    pairs = link_pairs(text)
    assert ("青山文创园", "involves", "天桥文化") in pairs
    assert ("青山文创园", "involves", "东方嘉华") in pairs


def test_a_projects_own_operating_status_is_not_an_operator():
    text = "，引进京东、顺丰等企业。古城步行街建成开放。京东智慧物流园开仓运营，"
    pairs = link_pairs(text)
    assert ("京东智慧物流园", "involves", "京东") in pairs
    assert not any(p[1] == "involves" and p[0] == "古城步行街" for p in pairs)


def test_subjects_with_a_status_predicate_are_projects():
    got = names("。县人才公寓、人才公园建成启用。滨河大桥主体工程完工。省道88北段大修工程提前通车。"
                "青梅花园免费向市民开放。皮草小镇共入驻服装企业60余家。", "Project")
    assert {"县人才公寓", "人才公园", "滨河大桥", "省道88北段大修", "青梅花园", "皮草小镇"} <= got


def test_category_subjects_and_built_up_areas_are_not_projects():
    got = names("。基层综合文化服务中心全部建成。一区是指县城建成区，", "Project")
    assert got == set()


def test_clause_subject_after_a_funding_verb():
    got = names("争取国家“专精特新”〔3〕专项支持石门古寨保护利用项目开工建设。", "Project")
    assert got == {"石门古寨保护利用"}


def test_road_with_its_length_and_project_after_a_dash():
    got = names("建设“四好农村路”153公里、清水河左岸公路26公里，建成干线公路120公里。"
                "打造了精品项目—云栖·苑。", "Project")
    assert got == {"清水河左岸公路", "云栖·苑"}


def test_companies_by_their_output_revenue_or_closure():
    got = names(",青山水泥产值达28亿元,增长26%。安全有序完成东江化工关闭停产,工业总产值达5亿元，"
                "食用菌产值达3亿元。签约项目：云峰集团田园综合体、明光钻石年产76万克拉毛坯、禾盛合年产2万吨稻米油。", "Enterprise")
    assert got == {"青山水泥", "东江化工", "云峰集团", "明光钻石", "禾盛合"}


def test_former_company_drops_yuan():
    assert names("，原青峰集团资产全面盘活。", "Enterprise") == {"青峰集团"}


def test_towns_with_village_or_market_stems_and_four_character_stems():
    got = names("。马集镇入选名单。三十里铺镇认定为示范区。城关镇完成改造。"
                "深化美丽村镇创建，持续提升乡风文明，推进新型城镇化。", "Town")
    assert got == {"马集镇", "三十里铺镇", "城关镇"}


def test_an_honoured_township_is_a_town_even_when_no_town_rule_found_it():
    from kg.link import _towns_among_recipients
    m = Mention(type="Recipient", text="新村镇", start=0, end=3, rule="link.honour-subject", sentence=0)
    rec = Entity(key="recipient/x", type="Recipient", name="新村镇", aliases=(), mentions=(m,))
    other = Entity(key="recipient/y", type="Recipient", name="开发区", aliases=(), mentions=(m,))
    out, renamed = _towns_among_recipients([rec, other], "某县")
    assert "recipient/x" not in renamed            # 新村镇: 新 + 村镇 reads as a word, not a name
    rec = Entity(key="recipient/x", type="Recipient", name="柳林街道", aliases=(), mentions=(m,))
    out, renamed = _towns_among_recipients([rec, other], "某县")
    assert {e.type for e in out} == {"Town", "Recipient"} and set(renamed) == {"recipient/x"}
    assert next(e for e in out if e.type == "Town").mentions[0].type == "Town"


def test_honour_keeps_a_scope_word_that_other_types_drop():
    assert tidy_label("全市守牢发展和安全底线考核专项奖", "Honour") == "全市守牢发展和安全底线考核专项奖"
    assert tidy_label("全市推进物流园", "Project") == "物流园"


def test_programme_list_items_share_the_last_items_head():
    assert {"大气污染防治行动计划", "水污染防治行动计划", "土壤污染防治行动计划"} <= names(
        "深入实施大气、水、土壤污染防治行动计划。", "Programme")
    assert {"业务能力提升工程", "工作作风提升工程"} <= names(
        "开展干部队伍政治素质提升、业务能力提升、工作作风提升工程。", "Programme")
    assert {"四带一自产业扶贫模式", "三业一岗就业扶贫模式"} <= names(
        "创新“四带一自”产业扶贫、“三业一岗”就业扶贫模式。", "Programme")


def test_programme_list_without_a_shared_ending_is_not_split():
    got = names("深入实施藏粮于地、藏粮于技战略。", "Programme")
    assert "藏粮于地战略" not in got


def test_programme_stems_joined_by_he_share_one_head():
    got = names("5个项目入选省重大科技创新和科技型中小企业创新能力提升工程。", "Programme")
    assert {"省重大科技创新工程", "科技型中小企业创新能力提升工程"} <= got
    got = names("实施高新技术企业和科技型中小企业倍增计划。", "Programme")
    assert "高新技术企业倍增计划" in got
    # a scoped strategy is one name; so is a document title
    assert "黄河流域生态保护和高质量发展国家战略" in names("实施黄河流域生态保护和高质量发展国家战略。", "Programme")


def test_quoted_programme_keeps_a_topic_but_not_a_verb_or_short_word():
    assert "乡村振兴十百千工程" in names("8个村入选第三批省乡村振兴“十百千”工程创建名单。", "Programme")
    assert "十百千工程" in names("推进教师“十百千工程”。", "Programme")
    assert "三品一标行动" in names("实施农业“三品一标”行动。", "Programme")


def test_honour_scopes_joined_by_he_share_the_title():
    got = names("积极争取纳入国家和省级乡村振兴重点帮扶县范围。", "Honour")
    assert {"国家乡村振兴重点帮扶县", "省级乡村振兴重点帮扶县"} <= got


def test_counted_quote_after_a_list_names_that_many_honours():
    got = names("推进省级文明、卫生、园林、森林、洁净、新型智慧“六个城市”创建。", "Honour")
    assert {"省级文明城市", "省级卫生城市", "省级新型智慧城市"} <= got
    assert len(got) == 6


def test_attributive_kinds_and_bare_institutions_are_not_projects():
    got = names("加快建设农村教师周转房、寄宿制学校、小规模学校等项目。", "Project")
    assert "寄宿制学校" not in got and "小规模学校" not in got
    assert "县医院" not in names("推进县医院、中医院创三级。", "Project")
    assert "县第一中学" in names("推进县第一中学建设。", "Project")


def test_count_before_the_head_separates_items_joined_by_he():
    got = names("荣乌高速新线一期、京雄高速和容易、安大两条建材通道确保上半年建成通车。", "Project")
    assert {"京雄高速", "容易建材通道", "安大建材通道"} <= got
    assert "京雄高速和容易" not in got


def test_two_routes_joined_by_he_share_the_work_named_after_the_second():
    got = names("加快推进安大线和京白线改造提升工程。", "Project")
    assert got == {"安大线改造提升", "京白线改造提升"}


def test_yiji_joins_two_facilities():
    got = names("推进城北污水处理厂以及城南垃圾中转站等项目。", "Project")
    assert got == {"城北污水处理厂", "城南垃圾中转站"}


def test_a_category_word_next_to_the_cut_starts_the_carried_head():
    got = names("实施大堤口、中冉城中村改造。", "Project")
    assert got == {"大堤口城中村改造", "中冉城中村改造"}


def test_bare_streets_listed_after_a_build_verb_are_projects():
    assert names("加快建设唐正街、惠民街、平安街，提升背街小巷。", "Project") == {"唐正街", "惠民街", "平安街"}
    assert names("改造背街小巷、城市道路。", "Project") == set()


def test_a_former_company_being_demolished_is_not_an_enterprise():
    assert "农机公司" not in names("完成原农机公司拆除。", "Enterprise")


def test_a_lead_word_stays_when_cutting_it_leaves_only_a_fragment():
    assert names("坚定不移实施创新驱动发展战略，推进协同创新。", "Programme") == {"创新驱动发展战略"}


def test_a_route_works_is_a_project_and_a_village_plan_is_no_programme():
    text = "实施乐凯大街南延至南三环工程，完成张村村庄规划，持续推进雪亮工程。"
    assert "乐凯大街南延至南三环工程" in names(text, "Project")
    assert names(text, "Programme") == {"雪亮工程"}


def test_the_last_facility_before_a_plain_item_ends_the_list():
    got = names("谋划第二污水处理厂、第二热源，启动了北城中学、西城小学、王林口中学建设。", "Project")
    assert {"第二污水处理厂", "北城中学", "西城小学", "王林口中学"} <= got
    assert "第二热源" not in got


def test_a_brand_before_its_scale_is_an_enterprise_involved_in_the_project():
    assert "立中" in names("加快建设立中百亿工业园。", "Enterprise")
    assert names("全市百亿工业园加快建设。", "Enterprise") == set()


def test_a_quoted_programme_may_be_followed_by_its_implementation():
    assert "双减" in names("强化“双减”落实，提升课后服务水平。", "Programme")


def test_a_counted_umbrella_gives_each_item_the_head_when_the_count_agrees():
    got = names("继续实施棉花、果品、食用菌、冷链物流四大百亿级工程。", "Programme")
    assert {"棉花百亿级工程", "果品百亿级工程", "食用菌百亿级工程", "冷链物流百亿级工程", "四大百亿级工程"} <= got
    # a count that does not match the items is no umbrella of these items
    assert "棉花百亿级工程" not in names("实施棉花、果品、冷链物流五大百亿级工程。", "Programme")
    # two-character sectors under a bare head are not programmes
    assert "交通工程" not in names("实施交通、水利、能源三大工程。", "Programme")


def test_short_items_share_a_three_character_programme_head():
    assert {"蓝天保卫战", "碧水保卫战", "净土保卫战"} <= names("深入打好蓝天、碧水、净土保卫战。", "Programme")


def test_quality_slogans_after_built_as_are_no_programmes():
    got = names("把每一项工程都建成精品工程、放心工程、阳光工程。", "Programme")
    assert not {"精品工程", "放心工程", "阳光工程"} & got
    assert "重点领域改革" not in names("以更大力度深化重点领域改革。", "Programme")


def test_numbered_glossary_terms_are_programmes_but_definitions_add_no_quoted_junk():
    text = ("附：名词解释\n3.五减五增：指减少过剩产能，增加有效供给。\n"
            "7.“六进”项目：是指进机关、进学校。\n9.三个统筹：指统筹“两头”和“三支队伍”。\n"
            "12.“创新”企业：指研发投入高的企业。\n")
    got = names(text, "Programme")
    assert {"五减五增", "六进", "三个统筹"} <= got
    assert not {"两头", "三支队伍", "创新企业"} & got


def test_named_places_before_deng_share_the_work_kind():
    got = names("抓好滹沱河、潴龙河等河道综合治理工程建设。", "Project")
    assert {"滹沱河河道综合治理", "潴龙河河道综合治理"} <= got


def test_facility_list_a_strategy_rests_on():
    got = names("以开发区为核心，某某文创产业园、内陆港、某某商贸城、某某森林公园为支撑的发展格局。", "Project")
    assert {"某某文创产业园", "内陆港", "某某商贸城", "某某森林公园"} <= got
    assert not any(n.startswith("以") for n in names("以某某医疗基地、某某南站等为载体，", "Project"))


def test_short_verbless_items_share_the_last_programmes_strong_head():
    assert {"全域控尘行动", "工业企业深度治理行动"} <= names("持续推进全域控尘、工业企业深度治理行动。", "Programme")
    assert "大气污染防治行动计划" in names("实施大气、水、土壤污染防治行动计划。", "Programme")


def test_a_short_closed_quote_takes_the_topic_after_its_verb():
    got = names("推出水产养殖“一件事”，实现企业营业执照“四级通办”。", "Programme")
    assert "水产养殖一件事" in got and "四级通办" in got
    assert "企业营业执照四级通办" not in got
