"""What every command prints and how it exits: the consoles, exit codes and one-line errors.

Library errors become one-line messages and exit codes here: 0 done, 1 invalid content or a
failed check, 2 usage or missing input, 3 scripts set aside, 130 interrupted.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from enum import StrEnum
from pathlib import Path
from typing import NoReturn, ParamSpec, TypeVar

import typer
from rich.console import Console

from csassess.findings import ContentError, CsassessError

out = Console(highlight=False, soft_wrap=True)
err = Console(stderr=True, highlight=False, soft_wrap=True)

EXIT_OK, EXIT_INVALID, EXIT_USAGE = 0, 1, 2
P = ParamSpec("P")
R = TypeVar("R")


class OutputFormat(StrEnum):
    """How a command prints its findings."""

    text = "text"
    json = "json"


def fail(message: str, code: int = EXIT_INVALID) -> NoReturn:
    """Print one error line and exit."""
    err.print(f"Error: {message}", markup=False)
    raise typer.Exit(code)


def guarded(command: Callable[P, R]) -> Callable[P, R]:
    """Turn library errors into one-line messages and exit codes, never tracebacks."""

    @functools.wraps(command)
    def run(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return command(*args, **kwargs)
        except ContentError as exc:
            for finding in exc.findings:
                err.print(str(finding), markup=False)
            raise typer.Exit(EXIT_INVALID) from None
        except CsassessError as exc:
            fail(str(exc))

    return run


def existing(paths: list[Path]) -> list[Path]:
    """The paths, or a usage error naming the first that does not exist."""
    for path in paths:
        if not path.exists():
            fail(f"{path}: no such file or folder", EXIT_USAGE)
    return paths
