"""`kg push`: send built output to a triple store over the SPARQL 1.1 Graph Store protocol.

One HTTP request per report graph (PUT replaces it, POST adds to it), so a push
can be repeated and a failed push leaves the other graphs as they were.  Only
the standard library is used: no client library per store.
"""
from __future__ import annotations

import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass

from .errors import KgError

MEDIA_TYPE = "application/n-triples"


@dataclass(frozen=True)
class Pushed:
    graph: str
    triples: int


def graph_payloads(store, graph: str | None = None) -> list[tuple[str, bytes, int]]:
    """(graph IRI, N-Triples bytes, triple count) per report graph, or all in `graph`."""
    import pyoxigraph as ox
    names = sorted(g.value for g in store.named_graphs())
    groups = {graph: names} if graph else {n: [n] for n in names}
    out = []
    for target, sources in groups.items():
        triples = set()
        for g in sources:
            triples.update(ox.Triple(q.subject, q.predicate, q.object)
                           for q in store.quads_for_pattern(None, None, None, ox.NamedNode(g)))
        lines = sorted(f"{t.subject} {t.predicate} {t.object} .\n" for t in triples)
        out.append((target, "".join(lines).encode("utf-8"), len(lines)))
    return out


def opener(endpoint: str, user: str | None, password: str | None):
    handlers = []
    if user:
        mgr = urllib.request.HTTPPasswordMgrWithDefaultRealm()
        mgr.add_password(None, endpoint, user, password or "")
        handlers += [urllib.request.HTTPDigestAuthHandler(mgr), urllib.request.HTTPBasicAuthHandler(mgr)]
    return urllib.request.build_opener(*handlers)


def digest_header(http, req: urllib.request.Request, timeout: float) -> str | None:
    """An Authorization header for req, from the challenge of a bodiless HEAD to its URL.

    Without it urllib sends the whole body, gets 401, and sends it again; a server
    that answers 401 before reading the body (Virtuoso) closes the connection
    mid-upload and the push fails with a broken pipe."""
    try:
        with urllib.request.urlopen(urllib.request.Request(req.full_url, method="HEAD"), timeout=timeout):
            return None                           # no authentication asked
    except urllib.error.HTTPError as e:
        challenge = e.headers.get("WWW-Authenticate", "") if e.code == 401 else ""
    except (urllib.error.URLError, OSError):
        return None
    if not challenge.lower().startswith("digest "):
        return None
    handler = next((h for h in http.handlers if isinstance(h, urllib.request.HTTPDigestAuthHandler)), None)
    if handler is None:
        return None
    chal = urllib.request.parse_keqv_list(urllib.request.parse_http_list(challenge[7:]))
    auth = handler.get_authorization(req, chal)
    return f"Digest {auth}" if auth else None


def graph_url(endpoint: str, graph: str) -> str:
    sep = "&" if urllib.parse.urlsplit(endpoint).query else "?"
    return f"{endpoint}{sep}{urllib.parse.urlencode({'graph': graph})}"


def push(store, endpoint: str, graph: str | None = None, method: str = "PUT",
         user: str | None = None, password: str | None = None, timeout: float = 300) -> list[Pushed]:
    """Send every report graph (or all of them merged into `graph`) to a Graph Store endpoint."""
    parts = urllib.parse.urlsplit(endpoint)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise KgError(f"{endpoint}: not an http(s) URL of a Graph Store endpoint")
    payloads = graph_payloads(store, graph)
    if not payloads:
        raise KgError("nothing to push: the source holds no report graphs")
    http = opener(endpoint, user, password)
    done = []
    for name, body, n in payloads:
        req = urllib.request.Request(graph_url(endpoint, name), data=body, method=method,
                                     headers={"Content-Type": f"{MEDIA_TYPE}; charset=utf-8"})
        try:
            if user and (auth := digest_header(http, req, timeout)):
                req.add_unredirected_header("Authorization", auth)
            with http.open(req, timeout=timeout) as resp:
                resp.read()
        except urllib.error.HTTPError as e:
            detail = " ".join(e.read().decode("utf-8", "replace").split())[:200]
            raise KgError(f"{endpoint}: the server refused graph {name}: HTTP {e.code} {e.reason}"
                          + (f": {detail}" if detail else "")) from None
        except (urllib.error.URLError, OSError) as e:
            reason = getattr(e, "reason", e)
            raise KgError(f"{endpoint}: cannot connect ({reason})") from None
        done.append(Pushed(name, n))
    return done
