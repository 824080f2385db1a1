from __future__ import annotations

import click

from ..export_formats import FORMATS

_HELP = "\n".join(f"  {k:8} {', '.join(v[0])}: {v[1]}" for k, v in FORMATS.items())


@click.command(help=f"""Write the built graph in another format.

FORMAT is one of the formats below; SOURCE is as for `kg query` (default
out/).  Files go into the --out folder (default out/export/), each written
whole or not at all; one line per file is printed.

\b
{_HELP}

\b
Example:
  kg export graphml out/ -o out/export/
  kg export csv          # nodes.csv + relationships.csv for neo4j-admin
""")
@click.argument("fmt", metavar="FORMAT", type=click.Choice(list(FORMATS)))
@click.argument("sources", nargs=-1, type=click.Path())
@click.option("-o", "--out", "out_dir", default="out/export", show_default=True, type=click.Path(file_okay=False),
              help="Folder for the exported files.")
def export(fmt, sources, out_dir):
    from ..export import export as run
    from ..query import open_store

    for path in run(open_store(sources), fmt, out_dir):
        click.echo(f"{path} ({path.stat().st_size:,} bytes)")
