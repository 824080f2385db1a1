from __future__ import annotations

from pathlib import Path

import click


@click.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option("-o", "--out", "out_dir", default="out", show_default=True, type=click.Path(file_okay=False),
              help="Folder for the built files.")
def build(paths, out_dir):
    """Build a knowledge graph from reports.

    PATHS are report files (.txt) or folders of them.  For each report NAME.txt
    this writes OUT/NAME.ttl (Turtle) and OUT/NAME.html (interactive graph), and
    prints one line: entities per type, links, seconds.

    \b
    Example:
      kg build seeds/xunxian-2021.txt -o out/
    """
    from ..build import build as run

    result = run(paths, Path(out_dir), echo=click.echo)
    for f in result.failures:
        click.echo(f"kg: failed: {f}", err=True)
    if result.failures:
        raise SystemExit(1)
