"""`kg serve`: a read-only SPARQL 1.1 Protocol endpoint and a query page over built output.

Standard library HTTP server plus pyoxigraph: nothing to install, loopback by
default.  GET or POST /sparql answers queries (results as SPARQL JSON, CSV or
TSV, graphs as N-Triples); / is a page to type or pick a bundled query and see
the rows.  Updates are refused: the endpoint serves a build, it does not edit it.
"""
from __future__ import annotations

import json
import threading
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from .errors import KgError

RESULT_TYPES = {  # media type → query.render format
    "application/sparql-results+json": "json",
    "application/json": "json",
    "text/csv": "csv",
    "text/tab-separated-values": "tsv",
}

PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>kg SPARQL</title>
<style>
body{font-family:system-ui,sans-serif;margin:1.5em;max-width:80em}
textarea{width:100%;height:14em;font-family:monospace}
table{border-collapse:collapse;margin-top:1em}td,th{border:1px solid #ccc;padding:.2em .5em;vertical-align:top}
th{background:#eee}#status{margin-left:1em;color:#555}
</style></head><body>
<h1>kg SPARQL endpoint</h1>
<p>__TRIPLES__ triples in __GRAPHS__ report graph(s); the default graph is their union.
Endpoint: <code>/sparql</code> (SPARQL 1.1 Protocol, read-only).</p>
<label>Bundled query: <select id="pick"><option value="">(write your own)</option></select></label>
<p id="desc"></p>
<textarea id="q" spellcheck="false"></textarea><br>
<button id="run">Run</button><span id="status"></span>
<div id="out"></div>
<script id="queries" type="application/json">__QUERIES__</script>
<script>
const queries = JSON.parse(document.getElementById('queries').textContent);
const pick = document.getElementById('pick'), q = document.getElementById('q');
for (const [name, b] of Object.entries(queries)) {
  const o = document.createElement('option'); o.value = name; o.textContent = name; pick.appendChild(o);
}
pick.onchange = () => {
  const b = queries[pick.value];
  document.getElementById('desc').textContent = b ? b.description : '';
  if (b) q.value = b.text;
};
function cell(t) {
  if (!t) return '';
  return t.type === 'uri' ? t.value : t.value + (t['xml:lang'] ? ' @' + t['xml:lang'] : '');
}
document.getElementById('run').onclick = async () => {
  const status = document.getElementById('status'), out = document.getElementById('out');
  status.textContent = 'running…'; out.replaceChildren();
  const r = await fetch('sparql', {method: 'POST', body: new URLSearchParams({query: q.value}),
                                    headers: {'Accept': 'application/sparql-results+json'}});
  const text = await r.text();
  if (!r.ok) { status.textContent = text; return; }
  const data = JSON.parse(text);
  if ('boolean' in data) { status.textContent = String(data.boolean); return; }
  const table = document.createElement('table'), head = table.insertRow();
  for (const v of data.head.vars) { const th = document.createElement('th'); th.textContent = v; head.appendChild(th); }
  for (const b of data.results.bindings) {
    const row = table.insertRow();
    for (const v of data.head.vars) row.insertCell().textContent = cell(b[v]);
  }
  out.appendChild(table);
  status.textContent = data.results.bindings.length + ' rows';
};
</script></body></html>
"""


def page(store) -> bytes:
    from .query import bundled, graph_names
    qs = {n: {"description": b.description, "text": b.text} for n, b in bundled().items()}
    # "</" inside a script element would end it; JSON allows the escaped form
    data = json.dumps(qs, ensure_ascii=False).replace("</", "<\\/")
    return (PAGE.replace("__QUERIES__", data).replace("__TRIPLES__", str(len(store)))
            .replace("__GRAPHS__", str(len(graph_names(store))))).encode("utf-8")


def negotiate(accept: str, default: str = "json") -> tuple[str, str]:
    """(render format, media type) from an Accept header; SPARQL JSON when nothing matches."""
    for part in (accept or "").split(","):
        media = part.split(";")[0].strip().lower()
        if media in RESULT_TYPES:
            return RESULT_TYPES[media], media
    return default, "application/sparql-results+json"


def make_handler(store):
    from .query import render, run
    lock = threading.Lock()
    home = page(store)

    class Handler(BaseHTTPRequestHandler):
        server_version = "kg-serve"

        def log_message(self, fmt, *args):  # quiet: a query page is not an access log
            pass

        def send(self, code: int, body: bytes, media: str) -> None:
            self.send_response(code)
            self.send_header("Content-Type", f"{media}; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def fail(self, code: int, message: str) -> None:
            self.send(code, (message + "\n").encode("utf-8"), "text/plain")

        def do_GET(self):
            url = urllib.parse.urlsplit(self.path)
            if url.path in ("/", "/index.html"):
                return self.send(200, home, "text/html")
            if url.path == "/sparql":
                params = urllib.parse.parse_qs(url.query)
                return self.answer(params.get("query", [None])[0], "update" in params)
            return self.fail(404, f"not found: {url.path} (try / or /sparql)")

        def do_POST(self):
            url = urllib.parse.urlsplit(self.path)
            if url.path != "/sparql":
                return self.fail(404, f"not found: {url.path}")
            size = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(size).decode("utf-8", "replace")
            ctype = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
            if ctype == "application/sparql-query":
                return self.answer(body, False)
            if ctype == "application/sparql-update":
                return self.answer(None, True)
            params = urllib.parse.parse_qs(body)
            params.update(urllib.parse.parse_qs(url.query))
            return self.answer(params.get("query", [None])[0], "update" in params)

        def answer(self, text, is_update: bool) -> None:
            if is_update:
                return self.fail(403, "this endpoint is read-only: updates are refused")
            if not text:
                return self.fail(400, "missing the query parameter")
            fmt, media = negotiate(self.headers.get("Accept", ""))
            try:
                with lock:
                    result = run(store, text)
            except KgError as e:
                return self.fail(400, str(e))
            if result.kind == "graph":
                return self.send(200, render(result).encode("utf-8"), "application/n-triples")
            self.send(200, render(result, fmt).encode("utf-8"), media)

    return Handler


def server(store, host: str = "127.0.0.1", port: int = 8000) -> ThreadingHTTPServer:
    try:
        return ThreadingHTTPServer((host, port), make_handler(store))
    except OSError as e:
        raise KgError(f"{host}:{port}: cannot listen ({e.strerror or e})") from None
