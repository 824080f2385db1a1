"""Fuzz reading, segmentation and extraction: whatever the bytes, the reader either
returns a Doc or raises one InputError, and every offset points into the cleaned
text (`doc.text[m.start:m.end] == m.text`)."""
from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.errors import InputError
from kg.extract import extract
from kg.meta import read_meta
from kg.model import Doc
from kg.read import clean, read_text
from kg.segment import segment

# Pieces real web copies are made of, damage included; hypothesis strings them together.
PIECES = [
    "政府工作报告", "各位代表：", "一、", "（二）", "2021年", "二〇二一年", "月", "日在", "会议上", "县长 ",
    "石岭镇", "绿谷产业园", "建设", "获评", "全省卫生乡镇", "集团", "项目", "工程", "行动", "乡村振兴战略",
    "，", "。", "、", "；", "：", "“", "”", "「", "」", "《", "》", "(", ")", ",", ";", ":", "!", "?",
    "\n", "\r\n", "\\r\\n", "\\n", "\t", " ", "\u3000", "\u00a0", "&nbsp;", "&amp;", "&lt;p&gt;", "????", "??",
    "\ufffd", "\ufffd\ufffd", "[1]", "^[2]", "［3］", "〔4〕", "〔2021〕", "①", "⑳", "(xiàn)", "（bào）",
    "pbY", "hd\n9", "|", " | ", "||||", ">", " > ", "——", "•", "【字体：", "版权所有", "分享到：",
    "標題：", "标题：", "來源：", "縣", "報告", "綠城集團", "現(xiàn)在", "\ufeff", "\u200b", "\x0c",
    "政 府 工 作 报 告", "名 词 解 释", "百度搜索", "12-03", "2021-07-23 10:26:26",
]

texts = st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=6)), max_size=80).map("".join)


def _check(doc: Doc) -> None:
    segs = segment(doc.text)
    for s in segs.sentences:
        assert 0 <= s.start < s.end <= len(doc.text)
    for m in extract(doc, segs):
        assert doc.text[m.start:m.end] == m.text, m
    if doc.match_text:
        assert len(doc.match_text) == len(doc.text)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(texts)
def test_cleaning_and_extraction_never_raise(raw):
    text, match = clean(raw)
    assert "\r" not in text and clean(raw) == (text, match)          # deterministic
    if match:
        assert len(match) == len(text)
    _check(Doc(name="fuzz", text=text, meta=read_meta(match or text), match_text=match))


@settings(max_examples=200, deadline=None)
@given(st.one_of(texts.map(lambda t: t.encode("utf-8")), texts.map(lambda t: t.encode("gb18030", "replace")),
                 st.binary(max_size=400)))
def test_read_text_returns_a_doc_or_one_clear_error(data):
    try:
        doc = read_text(data, "fuzz.txt", "fuzz")
    except InputError as e:
        assert str(e).startswith("fuzz.txt: ") and "\n" not in str(e)
        return
    _check(doc)
