"""Reading: golden cases (one input file per behaviour → cleaned text and metadata),
other formats, encodings, and what the reader refuses.

A golden case is tests/cases/reading/NAME.<ext> with NAME.expected.txt (the cleaned
text) and NAME.meta.json (region, year, and the simplified match text when the
input is traditional).  Adding a regression test is adding those files; set
KG_REGEN_GOLDEN=1 to write the expected files from the current reader, then
read them before committing.
"""
from __future__ import annotations

import io
import json
import os
from pathlib import Path

import pytest

from conftest import CORPUS, SEED, corpus_files
from kg.errors import InputError
from kg.read import read

CASES = Path(__file__).parent / "cases" / "reading"
INPUTS = sorted(p for p in CASES.iterdir()
                if p.is_file() and not p.name.endswith((".expected.txt", ".meta.json")))


def _meta(doc) -> dict:
    return {"region": doc.meta.region, "year": doc.meta.year, "match_text": doc.match_text or None}


@pytest.mark.parametrize("path", INPUTS, ids=[p.name for p in INPUTS])
def test_golden(path):
    doc = read(path)
    text_file = CASES / f"{path.stem}.expected.txt"
    meta_file = CASES / f"{path.stem}.meta.json"
    if os.environ.get("KG_REGEN_GOLDEN"):
        text_file.write_text(doc.text + "\n", encoding="utf-8")
        meta_file.write_text(json.dumps(_meta(doc), ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    assert doc.text + "\n" == text_file.read_text(encoding="utf-8")
    assert _meta(doc) == json.loads(meta_file.read_text(encoding="utf-8"))
    if doc.match_text:
        assert len(doc.match_text) == len(doc.text)


def test_every_input_has_its_expectations():
    for p in INPUTS:
        assert (CASES / f"{p.stem}.expected.txt").is_file(), p.name
        assert (CASES / f"{p.stem}.meta.json").is_file(), p.name


# ── behaviours checked directly (what the golden files show, said explicitly) ──

def _text(name):
    return read(CASES / name).text


def test_encodings_and_line_endings_read_the_same():
    same = {_text(n) for n in ("gbk.txt", "utf8-bom.txt", "crlf.txt")}
    assert len(same) == 1
    assert "\r" not in _text("crlf.txt") and "\ufeff" not in _text("utf8-bom.txt")


def test_literal_backslash_sequences_become_lines():
    t = _text("literal-crlf.txt")
    assert "\\r\\n" not in t and t.count("\n") >= 6 and "百度搜索" not in t


def test_hard_wraps_join_but_headings_stay():
    t = _text("hard-wrap.txt")
    assert "是2015年的1.37倍" in t and "绿谷产业园" in t and "推进石岭镇特色小镇建设" in t
    assert "——2021年2月3日在青山县第五届人民代表大会第六次会议上\n" in t
    assert "\n二、2021年主要任务\n" in t and "\n一、2020年工作回顾\n" in t


def test_watermark_tokens_are_found_not_listed():
    t = _text("watermark.txt")
    assert "xQ" not in t and "\n7\n" not in t
    assert "GDP" in t                                     # a real acronym stays


def test_footnote_markers_go_glossary_stays():
    t = _text("footnotes-glossary.txt")
    for marker in ("[1]", "^[2]", "［3］", "绿谷产业园〔4〕", "①，", " [5]"):
        assert marker not in t
    assert "\n名词解释\n〔1〕三变改革" in t and "\n①两区融合" in t
    assert "国办发〔2021〕12号" in _text("footnotes-no-glossary.txt")


def test_traditional_kept_as_written_matched_simplified():
    doc = read(CASES / "traditional.txt")
    assert "綠城集團" in doc.text and "绿城集团" in doc.match_text
    assert len(doc.match_text) == len(doc.text)
    assert doc.meta.region == "青山县"


def test_pinyin_annotations_are_dropped():
    t = _text("pinyin.txt")
    assert "現在" in t and "報告" in t and "(" not in t


def test_lost_characters():
    t = _text("lost-chars.txt")
    assert "二〇三五年" in t and "石岭\ufffd获评" in t


def test_duplicated_body_and_navigation_are_dropped():
    t = _text("duplicated-body.txt")
    assert t.count("全县生产总值增长6.5%") == 1 and "承德市" not in t and "版权所有" not in t
    t = _text("navigation.txt")
    assert "白水县" not in t and "红河县" not in t and "分享到" not in t


def test_html_main_text_without_markup():
    doc = read(CASES / "page.html")
    t = doc.text
    assert t.startswith("青山县2021年政府工作报告\n")
    assert "<" not in t.replace("<一期>", "") and "不要这个" not in t and "color" not in t
    assert "政务公开" not in t and "版权所有" not in t and "注释" not in t
    assert "石岭镇获评全省卫生乡镇。\n推进绿谷产业园建设 <一期>。" in t
    assert (doc.meta.region, doc.meta.year) == ("青山县", 2021)


def test_docx(tmp_path):
    import docx
    d = docx.Document()
    for line in (CASES / "utf8-bom.txt").read_text(encoding="utf-8-sig").splitlines():
        d.add_paragraph(line)
    table = d.add_table(rows=1, cols=2)
    table.rows[0].cells[0].text, table.rows[0].cells[1].text = "石岭镇", "全省卫生乡镇"
    d.save(tmp_path / "r.docx")
    doc = read(tmp_path / "r.docx")
    assert doc.text.startswith(_text("utf8-bom.txt"))
    assert doc.text.endswith("石岭镇 全省卫生乡镇")


def _pdf(lines: list[str]) -> bytes:
    """A minimal PDF whose text layer is `lines` (CID font with a ToUnicode map)."""
    chars = sorted({c for line in lines for c in line})
    cid = {c: i + 1 for i, c in enumerate(chars)}
    content = "BT /F1 12 Tf 14 TL 40 800 Td " + " ".join(
        "<" + "".join(f"{cid[c]:04X}" for c in line) + "> Tj T*" for line in lines) + " ET"
    cmap = ("/CIDInit /ProcSet findresource begin 12 dict begin begincmap /CMapName /X def "
            "1 begincodespacerange <0000> <FFFF> endcodespacerange "
            f"{len(chars)} beginbfchar " + " ".join(f"<{cid[c]:04X}> <{ord(c):04X}>" for c in chars)
            + " endbfchar endcmap CMapName currentdict /CMap defineresource pop end end")
    objs = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        "/Resources << /Font << /F1 5 0 R >> >> >>",
        f"<< /Length {len(content.encode())} >>\nstream\n{content}\nendstream",
        "<< /Type /Font /Subtype /Type0 /BaseFont /X /Encoding /Identity-H "
        "/DescendantFonts [6 0 R] /ToUnicode 7 0 R >>",
        "<< /Type /Font /Subtype /CIDFontType2 /BaseFont /X "
        "/CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> /DW 1000 >>",
        f"<< /Length {len(cmap.encode())} >>\nstream\n{cmap}\nendstream",
    ]
    out, offsets = io.BytesIO(), []
    out.write(b"%PDF-1.4\n")
    for i, body in enumerate(objs, 1):
        offsets.append(out.tell())
        out.write(f"{i} 0 obj\n{body}\nendobj\n".encode())
    xref = out.tell()
    out.write(f"xref\n0 {len(objs) + 1}\n0000000000 65535 f \n".encode())
    out.write("".join(f"{o:010d} 00000 n \n" for o in offsets).encode())
    out.write(f"trailer\n<< /Size {len(objs) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode())
    return out.getvalue()


def test_pdf(tmp_path):
    lines = ["青山县2021年政府工作报告", "各位代表：", "全县生产总值增长6.5%，石岭镇获评全省卫", "生乡镇。"]
    (tmp_path / "r.pdf").write_bytes(_pdf(lines))
    doc = read(tmp_path / "r.pdf")
    assert "石岭镇获评全省卫生乡镇。" in doc.text
    assert (doc.meta.region, doc.meta.year) == ("青山县", 2021)


def test_format_is_told_by_content(tmp_path):
    (tmp_path / "misnamed.txt").write_bytes(_pdf(["青山县2021年政府工作报告", "各位代表："]))
    assert read(tmp_path / "misnamed.txt").text.startswith("青山县2021年政府工作报告")


@pytest.mark.parametrize("data, problem", [
    (b"", "empty"),
    (b"  \n\t\n", "empty"),
    (b"\x00\x01\x02binary\x00" * 50, "binary"),
    (b"hello, this is English text\n" * 5, "no Chinese"),
    ("今天天气很好，我们去公园散步吧。\n".encode(), "does not look like"),
    (b"\x81\x30" * 10 + b"\xff\xfe\xfa" * 50, "cannot decode"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, ".doc"),
    (b"%PDF-1.4\ngarbage", "PDF"),
    (b"PK\x03\x04garbage", "Word"),
])
def test_bad_bytes_give_one_clear_line(tmp_path, data, problem):
    p = tmp_path / "x.txt"
    p.write_bytes(data)
    with pytest.raises(InputError) as e:
        read(p)
    msg = str(e.value)
    assert msg.startswith(str(p)) and problem in msg and "\n" not in msg


def test_unreadable_paths(tmp_path):
    (tmp_path / "folder.txt").mkdir()
    os.mkfifo(tmp_path / "pipe.txt")
    for name, problem in (("folder.txt", "folder"), ("pipe.txt", "not a regular file"), ("gone.txt", "no such")):
        with pytest.raises(InputError, match=problem):
            read(tmp_path / name)


def test_too_large_is_refused_before_reading(tmp_path, monkeypatch):
    import kg.read
    p = tmp_path / "big.txt"
    p.write_bytes(SEED.read_bytes())
    monkeypatch.setattr(kg.read, "MAX_BYTES", 1000)
    with pytest.raises(InputError, match="too large"):
        read(p)


FILES = [SEED, *corpus_files()]


@pytest.mark.parametrize("path", FILES, ids=[p.name for p in FILES])
def test_real_reports_read_clean(path):
    doc = read(path)
    t = doc.text
    assert t == read(path).text                                  # deterministic
    assert "\r" not in t and "\\r\\n" not in t and "&nbsp;" not in t and "\u3000" not in t
    assert "??" not in t and "版权所有" not in t and "分享到" not in t
    assert not any(line != line.strip() or not line for line in t.split("\n"))
    if doc.match_text:
        assert len(doc.match_text) == len(t)


def test_corpus_specific_damage_is_repaired():
    hebei = read(CORPUS / "hebei-2024.txt").text
    assert hebei.count("各位代表！奋斗成就梦想") == 1 and "石家庄市\n" not in hebei and "\n重要讲话\n" not in hebei
    assert "二〇三五年" in read(CORPUS / "baoding-2021.txt").text
    lixian = read(CORPUS / "lixian-2017-excerpt.txt").text
    assert "pbY" not in lixian and "是2011年的1.37倍" in lixian
    assert "hd" not in read(CORPUS / "xinhuang-2020-excerpt.txt").text
    assert "\n一、2024年工作回顾\n" in read(CORPUS / "zhenyuan-2025-excerpt.txt").text
    assert "(xi" not in read(CORPUS / "xinyang-2020-excerpt.txt").text
