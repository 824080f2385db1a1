"""Real stores over HTTP: the bundled queries give the same rows from `kg query`, the Oxigraph
server, Virtuoso Open-Source and `kg serve`.

Each server is started here on a free loopback port in a temporary folder
(tests/setup.d/stores.sh only installs Virtuoso) and stopped afterwards.  The
seed's output is loaded with `kg push` over the Graph Store protocol; queries
go over the SPARQL 1.1 Protocol with the report graphs as default-graph-uri,
which makes the default graph their union on every server (Virtuoso's own
default would also include its system graphs).  Rows are compared as sorted
multisets after `test_query.comparable`: see there for how literal forms differ.
"""
from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pyoxigraph as ox
import pytest

from conftest import ROOT
from kg import query as kq
from test_query import json_rows, kg_rows

BUNDLED = sorted(kq.bundled())


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(url: str, proc: subprocess.Popen, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"server exited with {proc.returncode} before answering {url}")
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except urllib.error.HTTPError:
            return  # it answers, even if not with 200
        except (urllib.error.URLError, OSError):
            time.sleep(0.2)
    raise RuntimeError(f"no answer from {url} after {seconds} s")


def stop(proc: subprocess.Popen) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=30)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def kg(*args, env=None):
    return subprocess.run([sys.executable, "-m", "kg", *args], capture_output=True, text=True, cwd=ROOT,
                          env={**os.environ, **(env or {})})


def sparql(endpoint: str, text: str, graphs: list[str]) -> dict:
    params = [("query", text)] + [("default-graph-uri", g) for g in graphs]
    req = urllib.request.Request(endpoint, data=urllib.parse.urlencode(params).encode("utf-8"),
                                 headers={"Accept": "application/sparql-results+json",
                                          "Content-Type": "application/x-www-form-urlencoded"})
    with urllib.request.urlopen(req, timeout=120) as r:
        return json.load(r)


@pytest.fixture(scope="module")
def local(seed_out):
    store = kq.open_store([seed_out])
    return store, kq.graph_names(store)


@pytest.fixture(scope="module")
def oxigraph_server(tmp_path_factory, seed_out):
    binary = shutil.which("oxigraph") or str(Path(sys.executable).parent / "oxigraph")
    port = free_port()
    proc = subprocess.Popen([binary, "serve", "--location", str(tmp_path_factory.mktemp("oxigraph")),
                             "--bind", f"127.0.0.1:{port}"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        base = f"http://127.0.0.1:{port}"
        wait_for(base + "/", proc)
        r = kg("push", str(seed_out), "--endpoint", base + "/store")
        assert r.returncode == 0, r.stderr
        yield base + "/query"
    finally:
        stop(proc)


VIRTUOSO_INI = """\
[Database]
DatabaseFile = {d}/kg.db
ErrorLogFile = {d}/kg.log
TransactionFile = {d}/kg.trx
xa_persistent_file = {d}/kg.pxa
TempStorage = TempDatabase
[TempDatabase]
DatabaseFile = {d}/kg-temp.db
TransactionFile = {d}/kg-temp.trx
[Parameters]
ServerPort = 127.0.0.1:{sql}
DisableUnixSocket = 1
NumberOfBuffers = 10000
MaxDirtyBuffers = 6000
CheckpointInterval = 0
DirsAllowed = {d}
[HTTPServer]
ServerPort = 127.0.0.1:{http}
ServerRoot = {d}
ServerThreads = 4
MaxClientConnections = 4
[SPARQL]
ResultSetMaxRows = 1000000
MaxQueryExecutionTime = 120
"""


@pytest.fixture(scope="module")
def virtuoso_server(tmp_path_factory, seed_out):
    binary = shutil.which("virtuoso-t")
    assert binary, "virtuoso-t missing: run tests/setup.d/stores.sh (Debian virtuoso-opensource-7-bin)"
    d = tmp_path_factory.mktemp("virtuoso")
    sql, http = free_port(), free_port()
    (d / "virtuoso.ini").write_text(VIRTUOSO_INI.format(d=d, sql=sql, http=http))
    proc = subprocess.Popen([binary, "+foreground", "+configfile", str(d / "virtuoso.ini")], cwd=d,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        base = f"http://127.0.0.1:{http}"
        wait_for(base + "/sparql?query=ASK%7B%7D", proc)
        # a fresh database's administrator is dba/dba; push authenticates with HTTP digest
        r = kg("push", str(seed_out), "--endpoint", base + "/sparql-graph-crud-auth", "--user", "dba",
               env={"KG_PUSH_PASSWORD": "dba"})
        assert r.returncode == 0, r.stderr
        yield base + "/sparql"
    finally:
        stop(proc)


@pytest.fixture(scope="module")
def kg_serve(seed_out):
    proc = subprocess.Popen([sys.executable, "-m", "kg", "serve", str(seed_out), "--port", "0"], cwd=ROOT,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        line = proc.stdout.readline()
        assert "http://127.0.0.1:" in line, line + proc.stderr.read()
        base = line.split(" at ", 1)[1].split()[0].rstrip("/")
        yield base + "/sparql"
    finally:
        stop(proc)


SERVERS = ["oxigraph_server", "virtuoso_server", "kg_serve"]


@pytest.mark.parametrize("server", SERVERS)
def test_push_loaded_every_triple(request, server, local):
    endpoint = request.getfixturevalue(server)
    store, graphs = local
    for g in graphs:
        doc = sparql(endpoint, f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{g}> {{ ?s ?p ?o }} }}", [])
        n = int(doc["results"]["bindings"][0]["n"]["value"])
        assert n == len(list(store.quads_for_pattern(None, None, None, ox.NamedNode(g)))) > 1000


@pytest.mark.parametrize("name", BUNDLED)
@pytest.mark.parametrize("server", SERVERS)
def test_bundled_query_rows_match(request, server, name, local):
    endpoint = request.getfixturevalue(server)
    store, graphs = local
    text = kq.bundled()[name].text
    expected = kg_rows(store, text)
    assert json_rows(sparql(endpoint, text, graphs)) == expected


def test_push_errors_are_one_line(seed_out):
    port = free_port()  # nothing listens here
    r = kg("push", str(seed_out), "--endpoint", f"http://127.0.0.1:{port}/store")
    assert r.returncode != 0 and "Traceback" not in r.stderr and "cannot connect" in r.stderr
    r = kg("push", str(seed_out), "--endpoint", "ftp://127.0.0.1/x")
    assert r.returncode != 0 and "not an http(s) URL" in r.stderr


def test_serve_page_and_read_only(kg_serve):
    base = kg_serve.rsplit("/", 1)[0]
    with urllib.request.urlopen(base + "/", timeout=10) as r:
        page = r.read().decode("utf-8")
    assert "<textarea" in page and all(n in page for n in BUNDLED)
    req = urllib.request.Request(kg_serve, data=b"CLEAR ALL", method="POST",
                                 headers={"Content-Type": "application/sparql-update"})
    with pytest.raises(urllib.error.HTTPError) as e:
        urllib.request.urlopen(req, timeout=10)
    assert e.value.code == 403
    req = urllib.request.Request(kg_serve + "?" + urllib.parse.urlencode({"query": "SELECT ?s WHERE { ?s ?p ?o } LIMIT 2"}),
                                 headers={"Accept": "text/csv"})
    with urllib.request.urlopen(req, timeout=10) as r:
        assert r.headers["Content-Type"].startswith("text/csv") and r.read().decode().splitlines()[0] == "s"
