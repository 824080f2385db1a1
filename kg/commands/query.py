from __future__ import annotations

import click


@click.command()
@click.argument("query", required=False)
@click.argument("sources", nargs=-1, type=click.Path())
@click.option("-f", "--format", "fmt", default="table", show_default=True,
              type=click.Choice(["table", "csv", "tsv", "json"]),
              help="table: aligned columns; csv/tsv/json: SPARQL 1.1 results formats.")
@click.option("--list", "list_", is_flag=True, help="List the bundled queries with one-line descriptions.")
@click.option("--show", is_flag=True, help="Print the query's SPARQL text instead of running it.")
@click.option("--max-width", default=60, show_default=True, type=click.IntRange(min=0),
              help="Clip table cells to this many columns (0: never clip).")
def query(query, sources, fmt, list_, show, max_width):
    """Run a SPARQL query over built output.

    QUERY is SPARQL text, @FILE.rq, or the name of a bundled query (see --list).
    SOURCE is built output: .ttl/.nt/.nq/.trig files, a folder (its store/ if
    there is one, else its RDF files, one named graph per report) or a store
    folder; default out/.  The default graph is the union of all reports.

    \b
    Example:
      kg query --list
      kg query honours-by-level out/
      kg query 'SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }' --format csv
    """
    from ..query import bundled, render, resolve, run, open_store

    if list_:
        items = bundled()
        w = max(len(n) for n in items)
        for b in items.values():
            click.echo(f"{b.name.ljust(w)}  {b.description}")
        return
    if not query:
        raise click.UsageError("give a QUERY (SPARQL text, @file.rq or a bundled name; --list shows them)")
    text = resolve(query)
    if show:
        click.echo(text, nl=not text.endswith("\n"))
        return
    result = run(open_store(sources), text)
    click.echo(render(result, fmt, max_width), nl=False)
