"""Errors a user can act on: one line each, naming the file."""
from __future__ import annotations


class KgError(Exception):
    """Base for errors the CLI reports as one line and a non-zero exit."""


class InputError(KgError):
    def __init__(self, source: str, problem: str):
        super().__init__(f"{source}: {problem}")
        self.source = source
        self.problem = problem


class RuleError(KgError):
    """A pattern file or rule that cannot be used."""
