"""Time the HTML graph page in headless Chromium: load to first draw of the laid-out graph.

    .venv/bin/python benchmarks/bench_html.py [--sizes 100,1000,5000] [--runs 5]

For each size a synthetic report shaped like a real one (honours around the
region, projects in towns and with enterprises, many unlinked nodes) is turned
into our page and into a bare vis-network page with physics off and no
positions (what pyvis writes after toggle_physics(False)), the reference the
issue measures against.  Figures are the minimum over the runs, in ms from
navigation start to the first 'afterDrawing'.  Also printed: Python build time
of the page, its size, and at each size how long a search-and-focus and a
legend toggle take (interaction stays usable).
"""
from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kg.html import _vis_js, graph_data, script_json, to_html  # noqa: E402
from kg.model import Doc, Entity, Meta, Mention, Relation, Report, Section, Segments, Sentence  # noqa: E402
from kg.names import entity_key, region_key  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
SHARES = [("Project", .35, "项目"), ("Honour", .25, "示范县"), ("Programme", .18, "行动"),
          ("Enterprise", .1, "有限公司"), ("Town", .06, "镇"), ("Recipient", .06, "卫生院")]
CHARS = "东西南北中新华兴安和平阳明光富民丰泰康宁德福山河湖海林田园城乡村云龙凤金银"


def synthetic(n: int, seed: int = 7) -> Report:
    """A report with about n entity nodes (+ the region) and real-report proportions of links."""
    rng = random.Random(seed)
    region = "示例县"
    names: list[tuple[str, str]] = []
    seen: set[str] = set()
    for etype, share, suffix in SHARES:
        for _ in range(max(1, round(n * share))):
            while True:
                name = "".join(rng.choice(CHARS) for _ in range(rng.randint(2, 6))) + suffix
                if name not in seen:
                    seen.add(name)
                    break
            names.append((etype, name))
    names = names[:n]
    parts, sentences, entities, at = [], [], [], 0
    for i, (etype, name) in enumerate(names):
        s = f"全面推进{name}建设工作。"
        sentences.append(Sentence(i, at, at + len(s), i // 5, 0))
        m = Mention(etype, name, at + 4, at + 4 + len(name), "bench", i)
        entities.append(Entity(entity_key(etype, name, region), etype, name, (), (m,)))
        parts.append(s)
        at += len(s)
    text = "".join(parts)
    by_type: dict[str, list[int]] = {}
    for i, e in enumerate(entities):
        by_type.setdefault(e.type, []).append(i)
    rels = []
    for i in by_type["Honour"]:
        if rng.random() < .6:
            rels.append(Relation(entities[i].key, "awardedTo", region_key(region), "bench", i))
    for i in by_type["Project"]:
        if rng.random() < .3:
            rels.append(Relation(entities[i].key, "locatedIn", entities[rng.choice(by_type["Town"])].key, "bench", i))
        if rng.random() < .2:
            rels.append(Relation(entities[i].key, "involves", entities[rng.choice(by_type["Enterprise"])].key, "bench", i))
    doc = Doc(name=f"bench-{n}", text=text, meta=Meta(title=f"{region}{n}节点测试报告", region=region, year=2021))
    return Report(doc, Segments((Section(0, "一", "测试", 0, len(text), 1, "review"),), tuple(sentences)),
                  tuple(entities), tuple(rels))


def bare_page(report: Report) -> str:
    """vis-network with physics off and no positions: the reference 'physics off' page."""
    nodes = [{"id": region_key(report.doc.meta.region), "label": report.doc.meta.region}]
    nodes += [{"id": e.key, "label": e.name} for e in report.entities]
    edges = [{"from": r.subject, "to": r.object, "label": r.predicate} for r in report.relations]
    return ("<!DOCTYPE html><html><head><meta charset='utf-8'><style>html,body,#g{height:100%;margin:0}</style>"
            f"</head><body><div id='g'></div><script>{_vis_js()}</script><script>"
            f"var d={script_json({'nodes': nodes, 'edges': edges})};"
            "var net=new vis.Network(document.getElementById('g'),{nodes:new vis.DataSet(d.nodes),"
            "edges:new vis.DataSet(d.edges)},{physics:{enabled:false},edges:{arrows:'to'}});"
            "net.once('afterDrawing',function(){window.kgFirstDraw=performance.now();"
            "document.body.setAttribute('data-ready','1')});</script></body></html>")


def first_draw(browser, path: Path, runs: int) -> float:
    best = float("inf")
    for _ in range(runs):
        page = browser.new_page(viewport={"width": 1400, "height": 900})
        page.route("**/*", lambda route: route.continue_() if route.request.url.startswith("file:") else route.abort())
        page.goto(path.as_uri())
        page.wait_for_selector("body[data-ready='1']", timeout=300_000)
        best = min(best, page.evaluate("window.kgFirstDraw"))
        page.close()
    return best


def interaction(browser, path: Path, name: str) -> tuple[float, float]:
    """ms for search + focus + panel of one node, and for hiding then showing one type."""
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    page.goto(path.as_uri())
    page.wait_for_selector("body[data-ready='1']", timeout=300_000)
    focus = page.evaluate("""name => { const t = performance.now();
        const hit = kgView.search(name)[0]; kgView.focus(hit); kgView.network.redraw();
        return performance.now() - t; }""", name)
    toggle = page.evaluate("""() => { const box = document.querySelector('#legend input[data-type="Project"]');
        const t = performance.now(); box.click(); kgView.network.redraw(); box.click(); kgView.network.redraw();
        return (performance.now() - t) / 2; }""")
    page.close()
    return focus, toggle


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="100,1000,5000")
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args()
    from playwright.sync_api import sync_playwright

    from kg.pipeline import build_report
    cases = [("seed", build_report(ROOT / "seeds" / "xunxian-2021.txt"))]
    cases += [(str(int(s)), synthetic(int(s))) for s in args.sizes.split(",")]
    print(f"{'graph':>6} {'nodes':>6} {'links':>6} {'build ms':>9} {'KiB':>6} {'ours ms':>8} "
          f"{'bare ms':>8} {'ratio':>6} {'focus ms':>9} {'toggle ms':>10}")
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True)
        for label, report in cases:
            t = time.perf_counter()
            page = to_html(report)
            build_ms = (time.perf_counter() - t) * 1000
            ours, bare = Path(tmp) / f"{label}.html", Path(tmp) / f"{label}-bare.html"
            ours.write_text(page, encoding="utf-8")
            bare.write_text(bare_page(report), encoding="utf-8")
            a, b = first_draw(browser, ours, args.runs), first_draw(browser, bare, args.runs)
            focus, toggle = interaction(browser, ours, report.entities[len(report.entities) // 2].name)
            data = graph_data([report])
            print(f"{label:>6} {len(data['nodes']):>6} {len(data['edges']):>6} {build_ms:>9.0f} {len(page.encode()) / 1024:>6.0f} "
                  f"{a:>8.0f} {b:>8.0f} {a / b:>6.2f} {focus:>9.0f} {toggle:>10.0f}", flush=True)
        browser.close()


if __name__ == "__main__":
    main()
