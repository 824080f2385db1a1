from __future__ import annotations

import click


@click.command()
@click.argument("sources", nargs=-1, type=click.Path())
@click.option("--endpoint", required=True, metavar="URL",
              help="The store's Graph Store protocol URL (Oxigraph: http://HOST:7878/store; "
                   "Virtuoso: http://HOST:8890/sparql-graph-crud).")
@click.option("--graph", metavar="IRI", help="Put everything into this one graph (default: one graph per report).")
@click.option("--append", is_flag=True, help="POST: add to existing graphs instead of replacing them (PUT).")
@click.option("--user", help="User name for HTTP basic or digest authentication.")
@click.option("--password", envvar="KG_PUSH_PASSWORD", help="Password (or set KG_PUSH_PASSWORD).")
def push(sources, endpoint, graph, append, user, password):
    """Load built output into a triple store over HTTP.

    Uses the SPARQL 1.1 Graph Store protocol: one request per report graph,
    replacing that graph (or adding to it with --append).  SOURCE is as for
    `kg query` (default out/).  Prints one line per graph.

    \b
    Example:
      kg push out/ --endpoint http://127.0.0.1:7878/store
      kg push out/ --endpoint http://127.0.0.1:8890/sparql-graph-crud-auth --user dba
    """
    from ..push import push as run
    from ..query import open_store

    store = open_store(sources)
    for p in run(store, endpoint, graph, "POST" if append else "PUT", user, password):
        click.echo(f"{p.graph}: {p.triples} triples")
