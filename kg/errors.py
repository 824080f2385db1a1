"""Errors a user can act on: one line each, naming the file."""
from __future__ import annotations


class KgError(Exception):
    """Base for errors the CLI reports as one line and a non-zero exit."""


class InputError(KgError):
    """A report file that cannot be used: names the file and the problem."""

    def __init__(self, source: str, problem: str):
        super().__init__(f"{source}: {problem}")
        self.source = source
        self.problem = problem


class OutputError(KgError):
    """An output file or folder that cannot be written."""

    def __init__(self, path: str, problem: str):
        super().__init__(f"{path}: {problem}")
        self.path = path
        self.problem = problem


class RuleError(KgError):
    """A pattern file or rule that cannot be used."""
