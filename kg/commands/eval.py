from __future__ import annotations

import json

import click


@click.command(name="eval")
@click.argument("gold", type=click.Path(dir_okay=False))
@click.argument("pred", nargs=-1, required=True, type=click.Path())
@click.option("--json", "as_json", is_flag=True, help="Print the scores as JSON.")
@click.option("--show", default=1000, show_default=True, help="Errors to list per type.")
def eval_(gold, pred, as_json, show):
    """Score built output against a gold annotation and explain every error.

    GOLD is a gold TSV (see the annotation guidelines); PRED are built RDF files
    or folders.  Prints precision, recall and F1 per type and link (strict and
    lenient), then each false positive with the rule that fired and its
    sentence, and each miss with what nearly matched.

    \b
    Example:
      kg eval ../shared/annotation/gold/xunxian-2021.tsv out/xunxian-2021.ttl
    """
    from ..evaluate import evaluate, report_text

    g, ents, links, res = evaluate(gold, pred)
    if as_json:
        click.echo(json.dumps({m: {k: {"p": s.p, "r": s.r, "f1": s.f1, "gold": s.gold, "pred": s.pred}
                                   for k, s in r.items()} for m, r in res.items()}, indent=1))
    else:
        click.echo(report_text(g, ents, links, res, show))
