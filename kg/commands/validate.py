from __future__ import annotations

import click


@click.command()
@click.argument("sources", nargs=-1, type=click.Path())
@click.option("--limit", default=20, show_default=True, type=click.IntRange(min=0),
              help="Examples to print for each kind of violation.")
def validate(sources, limit):
    """Check built output against the SHACL shapes (ontology/shapes.ttl).

    SOURCE is as for `kg query` (default out/).  Prints one line when the
    graph conforms; otherwise a count per kind of violation with examples,
    and exits with status 1.

    \b
    Example:
      kg validate out/
    """
    from ..query import open_store
    from ..validate import report_lines, validate as run

    outcome = run(open_store(sources))
    for line in report_lines(outcome, limit):
        click.echo(line)
    if not outcome.conforms:
        raise SystemExit(1)
