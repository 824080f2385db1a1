"""The page in a real browser: Debian's headless Chromium, opened from disk, network refused.

Needs /usr/bin/chromium and a CJK font (tests/setup.d/browser.sh installs both).
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from test_html import markup_report, rdf_entities
from kg.html import to_html, to_html_corpus

CHROMIUM = "/usr/bin/chromium"


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright
    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=["--no-sandbox"])
        yield b
        b.close()


class Opened:
    """A page loaded from disk, with every request, console message and dialog recorded."""

    def __init__(self, browser, path: Path):
        self.url = path.resolve().as_uri()
        self.context = browser.new_context(viewport={"width": 1400, "height": 900})
        self.requests, self.blocked, self.errors, self.dialogs = [], [], [], []
        # Anything that is not the page's own file is refused and recorded.
        self.context.route(re.compile(r"^(?!file:)"), self._refuse)
        self.page = self.context.new_page()
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.page.on("console", lambda m: m.type in ("error", "warning") and self.errors.append(m.text))
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("dialog", lambda d: (self.dialogs.append(d.message), d.dismiss()))
        self.page.goto(self.url)
        self.page.wait_for_selector("body[data-ready='1']", timeout=30_000)

    def _refuse(self, route):
        self.blocked.append(route.request.url)
        route.abort()

    def js(self, expr: str):
        return self.page.evaluate(expr)

    def drawn(self) -> int:
        return self.js("kgView.network.body.nodeIndices.length")

    def node_id(self, name: str) -> int:
        return self.js(f"kgView.data.nodes.find(n => n.n === {name!r}).id")

    def click_node(self, nid: int) -> None:
        """A real mouse click where the node is drawn."""
        box = self.page.locator("#graph canvas").bounding_box()
        p = self.js(f"(() => {{ const p = kgView.network.getPositions([{nid}])[{nid}];"
                    f" return kgView.network.canvasToDOM(p); }})()")
        self.page.mouse.click(box["x"] + p["x"], box["y"] + p["y"])

    def clean(self) -> None:
        assert self.errors == []
        assert self.blocked == [] and set(self.requests) == {self.url}
        assert self.dialogs == []

    def close(self):
        self.context.close()


@pytest.fixture
def seed_page(browser, seed_out):
    opened = Opened(browser, seed_out / "xunxian-2021.html")
    yield opened
    opened.close()


def test_draws_every_entity_offline(seed_page, seed_out):
    assert seed_page.drawn() == len(rdf_entities(seed_out / "xunxian-2021.ttl"))
    assert seed_page.js("kgView.edges.length") == seed_page.js("kgView.data.edges.length") > 0
    header = seed_page.page.inner_text("#header")
    assert "浚县2021年政府工作报告" in header and "2021" in header
    seed_page.clean()


def test_legend_counts_and_toggles(seed_page, seed_report):
    honours = sum(e.type == "Honour" for e in seed_report.entities)
    row = seed_page.page.locator('#legend li[data-type="Honour"]')
    assert row.locator(".count").inner_text() == str(honours)
    before, edges_before = seed_page.drawn(), seed_page.js("kgView.edges.length")
    row.locator("input").uncheck()
    assert seed_page.drawn() == before - honours
    assert seed_page.js("kgView.edges.length") < edges_before        # awardedTo links go with them
    assert seed_page.js("kgView.nodes.get().every(n => kgView.data.types[kgView.data.nodes[n.id].t].type !== 'Honour')")
    row.locator("input").check()
    assert seed_page.drawn() == before and seed_page.js("kgView.edges.length") == edges_before
    seed_page.clean()


def test_search_finds_centres_and_highlights(seed_page):
    seed_page.page.fill("#search", "王庄镇")
    first = seed_page.page.locator("#results li").first
    assert first.inner_text().endswith("王庄镇")
    first.click()
    nid = seed_page.node_id("王庄镇")
    assert seed_page.js("kgView.network.getSelectedNodes()") == [nid]
    centre = seed_page.js("kgView.network.getViewPosition()")
    pos = seed_page.js(f"kgView.network.getPositions([{nid}])[{nid}]")
    assert abs(centre["x"] - pos["x"]) < 1 and abs(centre["y"] - pos["y"]) < 1
    shown = seed_page.js(f"""(() => {{
        const keep = new Set([{nid}, ...kgView.network.getConnectedNodes({nid})]);
        const grey = kgView.nodes.get().filter(n => n.color.background === '#e3e3e3').map(n => n.id);
        return {{keep: keep.size, greyKept: grey.filter(i => keep.has(i)).length,
                 grey: grey.length, all: kgView.nodes.length}};
    }})()""")
    assert shown["greyKept"] == 0 and shown["grey"] == shown["all"] - shown["keep"]
    assert seed_page.page.locator("#panel h3").inner_text() == "王庄镇"
    seed_page.clean()


def test_click_shows_evidence_with_section(seed_page, seed_report):
    town = next(e for e in seed_report.entities if e.name == "王庄镇")
    nid = seed_page.node_id("王庄镇")
    seed_page.js(f"kgView.network.focus({nid}, {{scale: 1.5, animation: false}})")
    seed_page.click_node(nid)
    panel = seed_page.page.locator("#panel")
    assert panel.is_visible()
    doc, segs = seed_report.doc, seed_report.segments
    for m in town.mentions:
        sent = segs.sentences[m.sentence]
        text = doc.text[sent.start:sent.end].strip()
        block = panel.locator("#evidence .evidence", has_text=text[:20]).first
        assert block.locator("mark").first.inner_text() == m.text
        assert block.inner_text().replace("\n", "").endswith(text)
        section = segs.sections[sent.section]
        assert section.title in block.locator(".section-title").inner_text()
    seed_page.clean()


def test_injected_markup_runs_nothing(browser, tmp_path):
    report = markup_report()
    path = tmp_path / "markup-2021.html"
    path.write_text(to_html(report), encoding="utf-8")
    opened = Opened(browser, path)
    try:
        assert opened.js("typeof window.__xss") == "undefined"
        assert opened.js("document.querySelectorAll('img, b, i, u').length") == 0
        assert opened.drawn() == len(report.entities) + 2                   # + region and speaker
        for e in report.entities:
            nid = opened.node_id(e.name)
            opened.js(f"kgView.focus({nid})")
            assert opened.page.locator("#panel h3").inner_text() == e.name   # shown as text
            assert e.mentions[0].text in opened.page.locator("#evidence mark").first.inner_text()
        assert opened.page.title() == report.doc.meta.title
        assert opened.js("typeof window.__xss") == "undefined"
        opened.clean()
    finally:
        opened.close()


def test_corpus_filter_by_report_and_year(browser, tmp_path, seed_report):
    from test_html import later
    first = markup_report()
    reports = [seed_report, first, later(first, 2022)]
    path = tmp_path / "corpus.html"
    path.write_text(to_html_corpus(reports), encoding="utf-8")
    opened = Opened(browser, path)
    try:
        total = opened.drawn()
        select = opened.page.locator("#filter")
        assert select.is_visible()
        opened.page.select_option("#filter", "y:2022")
        in_2022 = opened.js("kgView.data.nodes.filter(n => n.r.some(r => kgView.data.reports[r].year === 2022)).length")
        assert opened.drawn() == in_2022 == len(first.entities) + 2
        seed_index = opened.js("kgView.data.reports.findIndex(r => r.name === 'xunxian-2021')")
        opened.page.select_option("#filter", f"r:{seed_index}")
        assert opened.drawn() == opened.js(f"kgView.data.nodes.filter(n => n.r.includes({seed_index})).length")
        assert opened.drawn() < total
        opened.page.select_option("#filter", "")
        assert opened.drawn() == total
        opened.clean()
    finally:
        opened.close()


def test_policy_stops_markup_that_slipped_through(browser, tmp_path):
    """Defence in depth: were escaping ever to fail, the page's CSP lets only its own two scripts run."""
    page = to_html(markup_report()).replace(
        "<body>", "<body><img src=x onerror=\"window.__xss=3\"><script>window.__xss=4</script>", 1)
    path = tmp_path / "slipped.html"
    path.write_text(page, encoding="utf-8")
    opened = Opened(browser, path)
    try:
        assert opened.js("typeof window.__xss") == "undefined"
        assert opened.drawn() > 0                                   # our own scripts still ran
        assert any("Content Security Policy" in e for e in opened.errors)
        assert opened.blocked == [] and all(u.startswith("file:") for u in opened.requests)
    finally:
        opened.close()
