"""The `kg` command line: thin click commands over the library.

Commands are imported only when run, so `kg --help` starts fast.
"""
from __future__ import annotations

import importlib
import sys

import click

from .errors import KgError

# command name → "module:function"; each module imports its heavy libraries lazily
COMMANDS = {
    "build": "kg.commands.build:build",
    "explain": "kg.commands.explain:explain",
    "query": "kg.commands.query:query",
    "push": "kg.commands.push:push",
    "export": "kg.commands.export:export",
    "validate": "kg.commands.validate:validate",
    "serve": "kg.commands.serve:serve",
    "eval": "kg.commands.eval:eval_",
}


class LazyGroup(click.Group):
    def list_commands(self, ctx):
        return sorted(COMMANDS)

    def get_command(self, ctx, name):
        if name not in COMMANDS:
            return None
        module, attr = COMMANDS[name].split(":")
        return getattr(importlib.import_module(module), attr)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="kg")
def cli():
    """Turn Chinese government work reports (政府工作报告) into a knowledge graph.

    \b
    Example:
      kg build seeds/xunxian-2021.txt -o out/
    """


def main(argv=None):
    try:
        cli.main(args=argv, prog_name="kg", standalone_mode=False)
    except click.exceptions.Abort:
        click.echo("kg: interrupted", err=True)
        sys.exit(130)
    except click.ClickException as e:
        e.show()
        sys.exit(e.exit_code)
    except KgError as e:
        click.echo(f"kg: {e}", err=True)
        sys.exit(1)
    except ModuleNotFoundError as e:         # run from a checkout without `pip install`
        click.echo(f"kg: missing dependency {e.name!r}: install kg first (pip install -e .)", err=True)
        sys.exit(1)
    except KeyboardInterrupt:
        click.echo("kg: interrupted", err=True)
        sys.exit(130)
    sys.exit(0)
