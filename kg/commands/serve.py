from __future__ import annotations

import ipaddress

import click


@click.command()
@click.argument("sources", nargs=-1, type=click.Path())
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on; loopback unless you mean to share the endpoint.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535),
              help="Port to listen on (0: any free port).")
def serve(sources, host, port):
    """Serve built output as a read-only SPARQL endpoint with a query page.

    SOURCE is as for `kg query` (default out/).  Prints the URL, then serves
    until Ctrl-C: the page at /, the SPARQL 1.1 Protocol endpoint at /sparql
    (JSON, CSV or TSV results by Accept header).

    \b
    Example:
      kg serve out/ --port 8000
      curl -H 'Accept: text/csv' --data-urlencode query@kg/queries/counts.rq http://127.0.0.1:8000/sparql
    """
    from ..query import open_store
    from ..serve import server

    store = open_store(sources)
    httpd = server(store, host, port)
    h, p = httpd.server_address[:2]
    try:
        loopback = ipaddress.ip_address(h).is_loopback
    except ValueError:
        loopback = False
    if not loopback:
        click.echo(f"kg: warning: listening on {h}, reachable from other machines", err=True)
    click.echo(f"kg serve: {len(store)} triples at http://{h}:{p}/ (SPARQL endpoint /sparql); Ctrl-C stops")
    try:
        httpd.serve_forever()
    finally:
        httpd.server_close()
