from __future__ import annotations

import click


@click.command()
@click.argument("name")
@click.option("-o", "--out", "out_dir", default="out", show_default=True, type=click.Path(file_okay=False),
              help="Folder a corpus was built into.")
def explain(name, out_dir):
    """Show which names were merged into one entity across reports, and why.

    NAME is an entity name as written (or part of one).  Reads
    OUT/resolution.json, written by a corpus build (`kg build` of two reports or
    more).

    \b
    Example:
      kg build ../shared/corpus/ seeds/ -o corpus-out/
      kg explain 中鹤集团 -o corpus-out/
    """
    import json
    from pathlib import Path

    from ..errors import InputError
    from ..resolve import match

    path = Path(out_dir) / "resolution.json"
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        entries = data["entities"]
    except OSError:
        raise InputError(str(path), "no resolution file (run `kg build` on two reports or more first)") from None
    except (ValueError, KeyError, TypeError):
        raise InputError(str(path), "not a resolution file written by `kg build`") from None
    found = match(entries, name)
    if not found:
        raise InputError(name, "no entity of that name is in several reports or under several names")
    for e in found:
        click.echo(f"{e['label']} ({e['type']}, {e['key']}) — in {len({r for n in e['names'] for r in n['reports']})} "
                   f"report(s), region(s): {', '.join(e['regions'])}")
        for n in e["names"]:
            click.echo(f"  {n['name']}  [{', '.join(n['reports'])}]")
            click.echo(f"      why: {n['why']}")
        if e["merged_keys"]:
            click.echo(f"  merged keys: {', '.join(e['merged_keys'])}")
