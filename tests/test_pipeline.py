"""Reading, segmentation and extraction keep offsets exact on every input we have."""
from __future__ import annotations

import pytest

from conftest import SEED, corpus_files
from kg.pipeline import build_report

FILES = [SEED, *corpus_files()]


@pytest.mark.parametrize("path", FILES, ids=[p.name for p in FILES])
def test_offsets_point_into_cleaned_text(path):
    r = build_report(path)
    text = r.doc.text
    assert r.entities or "excerpt" in path.name
    for e in r.entities:
        for m in e.mentions:
            assert text[m.start:m.end] == m.text, (e.name, m)
    for s in r.segments.sentences:
        assert 0 <= s.start < s.end <= len(text)


def test_seed_metadata(seed_report):
    m = seed_report.doc.meta
    assert (m.region, m.year, m.date, m.speaker, m.office) == ("浚县", 2021, "2021-03-12", "刘青", "县长")
    assert m.title == "浚县2021年政府工作报告"
    assert not m.flags


def test_boilerplate_is_gone(seed_report):
    text = seed_report.doc.text
    for junk in ("阅读:", "内容摘要", "WAP手机版", "版权所有", "会员菜单"):
        assert junk not in text
    assert text.startswith("浚县2021年政府工作报告")


def test_sections(seed_report):
    secs = seed_report.segments.sections
    assert [s.number for s in secs if s.level == 1] == ["一", "二", "三"]
    assert secs[0].part == "review" and secs[-1].part == "plan"


def test_gbk_and_bom_read_the_same(tmp_path):
    from kg.read import read
    text = SEED.read_text(encoding="utf-8")
    (tmp_path / "a.txt").write_bytes(text.encode("gb18030", errors="replace"))
    (tmp_path / "b.txt").write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    a, b = read(tmp_path / "a.txt"), read(tmp_path / "b.txt")
    assert a.meta == b.meta
    assert a.text.count("政府工作报告") == b.text.count("政府工作报告")
