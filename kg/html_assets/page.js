/* The graph page: legend, search, report filter and evidence panel.
   Every string that comes from a report is put in the page with textContent
   or drawn on the canvas by vis-network; nothing is ever parsed as HTML. */
(function () {
  "use strict";
  var D = JSON.parse(document.getElementById("kg-data").textContent);
  var T = D.types, P = D.predicates, R = D.reports;
  var byId = D.nodes;                       // node id == index
  var hiddenTypes = {};                     // type index -> true
  var filter = "";                          // "" | "y:2021" | "r:3"
  var selected = null;
  var big = D.nodes.length > 2000;

  function el(tag, attrs, children) {
    var e = document.createElement(tag);
    if (attrs) for (var k in attrs) {
      if (k === "text") e.textContent = attrs[k]; else if (k === "cls") e.className = attrs[k]; else e.setAttribute(k, attrs[k]);
    }
    (children || []).forEach(function (c) { if (c != null) e.appendChild(typeof c === "string" ? document.createTextNode(c) : c); });
    return e;
  }

  // ------------------------------------------------------------ filters
  function inFilter(reports) {
    if (!filter) return true;
    var kind = filter.charAt(0), v = Number(filter.slice(2));
    for (var i = 0; i < reports.length; i++) {
      if (kind === "r" ? reports[i] === v : R[reports[i]].year === v) return true;
    }
    return false;
  }
  function nodeVisible(id) { var n = byId[id]; return !hiddenTypes[n.t] && inFilter(n.r); }
  function edgeVisible(e) { return inFilter(e.r) && nodeVisible(e.from) && nodeVisible(e.to); }

  // ------------------------------------------------------------ vis data
  function shortLabel(name) {               // the full name is in the panel and the search list
    var chars = Array.from(name);
    return chars.length > 12 ? chars.slice(0, 11).join("") + "…" : name;
  }
  function baseStyle(n) {
    var t = T[n.t];
    return { color: { background: t.colour, border: t.colour, highlight: { background: t.colour, border: "#000" } },
             font: { color: "#222" } };
  }
  var nodes = new vis.DataSet(D.nodes.map(function (n) {
    var s = baseStyle(n);
    return { id: n.id, label: shortLabel(n.n), x: n.x, y: n.y, shape: T[n.t].shape, size: n.s, color: s.color, font: s.font };
  }));
  var edges = new vis.DataSet(D.edges.map(function (e) {
    return { id: e.id, from: e.from, to: e.to, label: P[e.p].en };
  }));
  var nodeView = new vis.DataView(nodes, { filter: function (n) { return nodeVisible(n.id); } });
  var edgeView = new vis.DataView(edges, { filter: function (e) { return edgeVisible(D.edges[e.id]); } });

  var options = {
    physics: { enabled: false },
    layout: { improvedLayout: false },
    interaction: { hideEdgesOnDrag: big, hideEdgesOnZoom: big, tooltipDelay: 300 },
    nodes: { borderWidth: 1, font: { size: 14 } },
    edges: { smooth: false, width: 1, arrows: { to: { enabled: true, scaleFactor: 0.5 } },
             color: { color: "#9aa", highlight: "#333" },
             font: { size: 10, color: "#555", strokeWidth: 3, align: "middle" } }
  };
  var container = document.getElementById("graph");
  var network = new vis.Network(container, { nodes: nodeView, edges: edgeView }, options);
  network.once("afterDrawing", function () {
    window.kgFirstDraw = performance.now();
    document.body.setAttribute("data-ready", "1");
  });
  network.fit({ animation: false });

  // ------------------------------------------------------------ header
  var years = {};
  R.forEach(function (r) { if (r.year) years[r.year] = (years[r.year] || 0) + 1; });
  var yearList = Object.keys(years).sort();
  if (R.length === 1) {
    document.getElementById("title").textContent = R[0].title;
    document.getElementById("subtitle").textContent =
      [R[0].region, R[0].year ? String(R[0].year) : ""].filter(Boolean).join(" · ");
  } else {
    document.getElementById("title").textContent = R.length + " reports";
    var regions = {};
    R.forEach(function (r) { if (r.region) regions[r.region] = 1; });
    document.getElementById("subtitle").textContent = Object.keys(regions).length + " regions" +
      (yearList.length ? " · " + yearList[0] + (yearList.length > 1 ? "–" + yearList[yearList.length - 1] : "") : "");
  }
  function updateStats() {
    document.getElementById("stats").textContent =
      nodeView.length + " of " + D.nodes.length + " nodes · " + edgeView.length + " links";
  }

  // ------------------------------------------------------------ legend
  var legend = document.getElementById("legend");
  var legendCounts = [];
  T.forEach(function (t, i) {
    var box = el("input", { type: "checkbox", "data-type": t.type });
    box.checked = true;
    box.addEventListener("change", function () {
      if (box.checked) delete hiddenTypes[i]; else hiddenTypes[i] = true;
      li.className = box.checked ? "" : "off";
      refresh();
    });
    var count = el("span", { cls: "count" });
    legendCounts.push(count);
    var glyph = el("span", { cls: "glyph", text: t.glyph });
    glyph.style.color = t.colour;
    var li = el("li", { "data-type": t.type }, [el("label", null, [box, glyph, t.type + " ", el("span", { cls: "zh", text: t.zh }), count])]);
    legend.appendChild(li);
  });
  function updateLegend() {
    var counts = T.map(function () { return 0; });
    D.nodes.forEach(function (n) { if (inFilter(n.r)) counts[n.t]++; });
    counts.forEach(function (c, i) {
      legendCounts[i].textContent = String(c);
      legend.children[i].style.display = c ? "" : "none";
    });
  }

  // ------------------------------------------------------------ report / year filter
  var select = document.getElementById("filter");
  if (R.length > 1) {
    document.getElementById("filter-box").hidden = false;
    select.appendChild(el("option", { value: "", text: "All reports (" + R.length + ")" }));
    yearList.forEach(function (y) {
      select.appendChild(el("option", { value: "y:" + y, text: "Year " + y + " (" + years[y] + (years[y] === 1 ? " report)" : " reports)") }));
    });
    R.forEach(function (r, i) { select.appendChild(el("option", { value: "r:" + i, text: r.title })); });
    select.addEventListener("change", function () { filter = select.value; refresh(); network.fit({ animation: false }); });
  }

  function refresh() {
    nodeView.refresh();
    edgeView.refresh();
    updateLegend();
    updateStats();
    if (selected !== null && !nodeVisible(selected)) clearSelection();
  }

  // ------------------------------------------------------------ highlight and panel
  var dimmed = false;
  function highlight(id) {
    var keep = {};
    keep[id] = true;
    network.getConnectedNodes(id).forEach(function (n) { keep[n] = true; });
    nodes.update(D.nodes.map(function (n) {
      if (keep[n.id]) return { id: n.id, color: baseStyle(n).color, font: { color: "#000" } };
      return { id: n.id, color: { background: "#e3e3e3", border: "#d0d0d0" }, font: { color: "#c8c8c8" } };
    }));
    dimmed = true;
  }
  function undim() {
    if (!dimmed) return;
    nodes.update(D.nodes.map(function (n) { var s = baseStyle(n); return { id: n.id, color: s.color, font: s.font }; }));
    dimmed = false;
  }
  function clearSelection() {
    selected = null;
    undim();
    network.unselectAll();
    document.getElementById("panel").hidden = true;
  }

  function makeVisible(id) {
    var n = byId[id];
    if (hiddenTypes[n.t]) {
      delete hiddenTypes[n.t];
      var box = legend.querySelector('input[data-type="' + T[n.t].type + '"]');
      box.checked = true;
      box.closest("li").className = "";
    }
    if (!inFilter(n.r)) { filter = ""; select.value = ""; }
    refresh();
  }

  function focusNode(id) {
    makeVisible(id);
    selected = id;
    network.selectNodes([id], true);
    highlight(id);
    network.focus(id, { scale: Math.max(network.getScale(), 1.0), animation: false });
    showPanel(id);
  }

  function spansIn(gid, which) {            // where the given nodes are named in one sentence
    var out = [];
    which.forEach(function (n) { n.m.forEach(function (m) { if (m[0] === gid) out = out.concat(m[1]); }); });
    return out.sort(function (a, b) { return a[0] - b[0] || b[1] - a[1]; });
  }

  function sentenceBlock(gid, spans) {
    var s = D.sentences[gid], text = s[2], parts = [], at = 0;
    (spans || []).forEach(function (sp) {
      if (sp[0] < at) return;
      parts.push(text.slice(at, sp[0]));
      parts.push(el("mark", { text: text.slice(sp[0], sp[1]) }));
      at = sp[1];
    });
    parts.push(text.slice(at));
    var where = s[1] >= 0 ? D.sections[s[1]][1] : "(before the first section)";
    if (R.length > 1) where = R[s[0]].title + " › " + where;
    return el("div", { cls: "evidence" }, [el("div", { cls: "section-title", text: where }), el("p", null, parts)]);
  }

  function showPanel(id) {
    var n = byId[id], t = T[n.t];
    var body = document.getElementById("panel-body");
    body.textContent = "";
    body.appendChild(el("h3", { text: n.n }));
    var glyph = el("span", { cls: "glyph", text: t.glyph });
    glyph.style.color = t.colour;
    body.appendChild(el("div", { cls: "type" }, [glyph, t.type + " ", el("span", { cls: "zh", text: t.zh }),
                                                 " · " + n.c + (n.c === 1 ? " mention" : " mentions")]));
    if (n.a.length) body.appendChild(el("p", { cls: "names" }, ["Also: " + n.a.join("、")]));
    if (R.length > 1) {
      body.appendChild(el("h2", { text: "Reports" }));
      body.appendChild(el("ul", { cls: "plain" }, n.r.map(function (r) { return el("li", { text: R[r].title }); })));
    }
    var links = D.edges.filter(function (e) { return e.from === id || e.to === id; });
    body.appendChild(el("h2", { text: "Links (" + links.length + ")" }));
    if (!links.length) body.appendChild(el("p", { cls: "muted", text: "No links found for this node." }));
    links.forEach(function (e) {
      var out = e.from === id, other = byId[out ? e.to : e.from], p = P[e.p];
      var g = el("span", { cls: "glyph", text: T[other.t].glyph });
      g.style.color = T[other.t].colour;
      var a = el("div", { cls: "link", "data-node": String(other.id) },
                 out ? ["→ " + p.en + " ", g, other.n] : ["← ", g, other.n, " " + p.en + " this"]);
      a.addEventListener("click", function () { focusNode(other.id); });
      body.appendChild(a);
      e.ev.forEach(function (gid) { body.appendChild(sentenceBlock(gid, spansIn(gid, [n, other]))); });
    });
    body.appendChild(el("h2", { text: "Evidence (" + n.m.length + (n.m.length === 1 ? " sentence)" : " sentences)") }));
    var list = el("div", { id: "evidence" });
    if (!n.m.length) list.appendChild(el("p", { cls: "muted", text: "No sentence names this node." }));
    n.m.forEach(function (m) { list.appendChild(sentenceBlock(m[0], m[1])); });
    body.appendChild(list);
    document.getElementById("panel").hidden = false;
  }

  network.on("click", function (p) {
    if (p.nodes.length) focusNode(p.nodes[0]); else clearSelection();
  });
  document.getElementById("panel-close").addEventListener("click", clearSelection);

  // ------------------------------------------------------------ search
  var input = document.getElementById("search"), results = document.getElementById("results");
  var names = D.nodes.map(function (n) { return [n.n].concat(n.a).join("\u0000").toLowerCase(); });
  function search(q) {
    q = q.trim().toLowerCase();
    if (!q) return [];
    var exact = [], starts = [], rest = [];
    D.nodes.forEach(function (n, i) {
      var hay = names[i];
      if (hay.indexOf(q) < 0) return;
      var all = hay.split("\u0000");
      if (all.indexOf(q) >= 0) exact.push(i);
      else if (all.some(function (s) { return s.indexOf(q) === 0; })) starts.push(i);
      else rest.push(i);
    });
    var byLen = function (a, b) { return D.nodes[a].n.length - D.nodes[b].n.length || a - b; };
    return exact.concat(starts.sort(byLen), rest.sort(byLen));
  }
  function showResults() {
    results.textContent = "";
    if (!input.value.trim()) return;
    var found = search(input.value);
    if (!found.length) { results.appendChild(el("li", { cls: "none", text: "No node matches." })); return; }
    found.slice(0, 50).forEach(function (i) {
      var n = byId[i], glyph = el("span", { cls: "glyph", text: T[n.t].glyph });
      glyph.style.color = T[n.t].colour;
      var li = el("li", { "data-node": String(i) }, [glyph, n.n]);
      li.addEventListener("click", function () { focusNode(i); });
      results.appendChild(li);
    });
    if (found.length > 50) results.appendChild(el("li", { cls: "none", text: (found.length - 50) + " more…" }));
  }
  input.addEventListener("input", showResults);
  input.addEventListener("keydown", function (ev) {
    if (ev.key === "Enter") {
      var found = search(input.value);
      if (found.length) focusNode(found[0]);
    } else if (ev.key === "Escape") {
      input.value = ""; showResults(); clearSelection();
    }
  });

  updateLegend();
  updateStats();
  window.kgView = { network: network, nodes: nodeView, edges: edgeView, data: D, focus: focusNode, search: search };
})();
