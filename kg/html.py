"""Report → one self-contained interactive graph page (pyvis)."""
from __future__ import annotations

import html as _html

from .model import Report

COLOURS = {"Project": "#1f77b4", "Enterprise": "#ff7f0e", "Town": "#2ca02c", "Honour": "#d62728",
           "Programme": "#9467bd", "Region": "#8c564b", "Person": "#e377c2", "Recipient": "#7f7f7f"}


def to_html(report: Report) -> str:
    from pyvis.network import Network

    from .names import region_key

    net = Network(height="800px", width="100%", directed=True, cdn_resources="in_line")
    region = report.doc.meta.region or report.doc.name
    nodes = [(region_key(region), region, "Region", 1)]
    nodes += [(e.key, e.name, e.type, len(e.mentions)) for e in report.entities]
    for key, name, etype, n in nodes:
        net.add_node(key, label=name, title=_html.escape(f"{etype}: {name}"), color=COLOURS[etype],
                     value=n, group=etype)
    known = {k for k, *_ in nodes}
    seen = set()
    for r in report.relations:
        if r.subject in known and r.object in known and (r.subject, r.predicate, r.object) not in seen:
            seen.add((r.subject, r.predicate, r.object))
            net.add_edge(r.subject, r.object, label=r.predicate)
    net.toggle_physics(False)
    return net.generate_html()
