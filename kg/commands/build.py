from __future__ import annotations

import click


@click.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option("-o", "--out", "out_dir", default="out", show_default=True, type=click.Path(file_okay=False),
              help="Folder for the built files.")
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=None,
              help="Worker processes (default: all cores).")
@click.option("--corpus/--no-corpus", default=None,
              help="Write the corpus graph (default: when there are two reports or more).")
@click.option("--progress/--no-progress", default=None,
              help="Progress bar on stderr (default: when stderr is a terminal).")
@click.option("--force", is_flag=True, help="Rebuild unchanged inputs too.")
def build(paths, out_dir, jobs, corpus, progress, force):
    """Build a knowledge graph from reports.

    PATHS are report files (.txt .html .htm .pdf .docx) or folders of them.
    For each report NAME.txt
    this writes OUT/NAME.ttl (Turtle) and OUT/NAME.html (interactive graph), and
    prints one line: entities per type, links, seconds.

    With two reports or more it also writes the corpus graph: OUT/corpus.nq and
    OUT/corpus.trig (one named graph per report), OUT/corpus.ttl (merged),
    OUT/corpus.html (all reports on one page), OUT/store/ (a pyoxigraph store
    that `kg query` opens directly) and OUT/resolution.json (what `kg explain`
    reads).  Inputs unchanged since the last build are not rewritten.

    \b
    Example:
      kg build seeds/xunxian-2021.txt -o out/
      kg build ../shared/corpus/ seeds/ -o corpus-out/ --jobs 2
    """
    from pathlib import Path

    from ..build import build as run

    result = run(paths, Path(out_dir), echo=click.echo, jobs=jobs, corpus=corpus, progress=progress,
                 force=force)
    if result.corpus:
        c = result.corpus
        click.echo(f"corpus: {c['reports']} reports, {c['graphs']} named graphs, {c['quads']} quads, "
                   f"{c['shared_entities']} entities in several reports, {c['merged']} merged under several names "
                   f"→ {Path(out_dir) / 'corpus.*'}, {Path(out_dir) / 'store'}/")
    if result.skipped:
        click.echo(f"{result.skipped} unchanged input(s) not rewritten (--force rebuilds them)")
    for f in result.flagged:
        click.echo(f"kg: warning: report metadata not found or only inferred: {f}", err=True)
    for f in result.failures:
        click.echo(f"kg: failed: {f}", err=True)
    if result.failures:
        raise SystemExit(1)
