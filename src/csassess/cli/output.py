"""What every command prints and how it exits: the consoles, exit codes and one-line errors.

Library errors say what is wrong; `ADVICE` below adds what to do about it (the commands and
flags to use) and the exit code: 0 done, 1 invalid content or a failed check, 2 usage or
missing input, 3 scripts set aside, 130 interrupted.

Nothing here imports rich, or any of the library, until a command prints: `csassess --help`
stays quick.
"""

from __future__ import annotations

import ast
import functools
import json
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn, ParamSpec, TypeVar

import typer

from csassess.findings import ContentError, CsassessError

if TYPE_CHECKING:
    from rich.console import Console

EXIT_OK, EXIT_INVALID, EXIT_USAGE, EXIT_SET_ASIDE, EXIT_INTERRUPTED = 0, 1, 2, 3, 130
P = ParamSpec("P")
R = TypeVar("R")


class _LazyConsole:
    """A rich console made on first use, so that importing the CLI does not import rich."""

    def __init__(self, *, stderr: bool) -> None:
        self._stderr = stderr
        self._console: Console | None = None

    @property
    def console(self) -> Console:
        """The rich console itself (for rich objects that want a real one)."""
        if self._console is None:
            from rich.console import Console

            self._console = Console(stderr=self._stderr, highlight=False, soft_wrap=True)
        return self._console

    def __getattr__(self, name: str) -> Any:
        return getattr(self.console, name)


out = _LazyConsole(stderr=False)
err = _LazyConsole(stderr=True)


class OutputFormat(StrEnum):
    """How a command prints its results: lines for people or one JSON document for programs."""

    text = "text"
    json = "json"


FormatOption = typer.Option("--format", help="text or json (see docs/cli-json.md).")


def print_json(data: object) -> None:
    """One JSON document on stdout (the shapes are documented in docs/cli-json.md)."""
    out.print(json.dumps(data, indent=2, ensure_ascii=False), markup=False, highlight=False, soft_wrap=True)


def plural(count: int, word: str) -> str:
    """`1 answer`, `2 answers`."""
    return f"{count} {word}{'' if count == 1 else 's'}"


def fail(message: str, code: int = EXIT_INVALID) -> NoReturn:
    """Print one error line and exit."""
    err.print(f"Error: {message}", markup=False)
    raise typer.Exit(code)


@dataclass(frozen=True)
class Advice:
    """What the CLI adds to a library error: what to do next, and the exit code."""

    hint: str = ""
    """Appended after "; ", formatted with the error as `exc`."""
    code: int = EXIT_INVALID


ADVICE: dict[str, Advice] = {
    "PaperEditedError": Advice("freeze it again with `csassess paper freeze`"),
    "NoDatabaseError": Advice("run `csassess mark` first", EXIT_USAGE),
    "SchemaTooOldError": Advice("run `csassess verify --db {exc.path}` once first", EXIT_USAGE),
    "SecondMarkRoleError": Advice("record second marks with `csassess review second`", EXIT_USAGE),
    "NotInSampleError": Advice("draw one with `csassess review sample`"),
    "NoResultsError": Advice("run `csassess mark` first"),
    "ExportFormatError": Advice(code=EXIT_USAGE),
    "TemplateDirError": Advice(code=EXIT_USAGE),
    "ProvisionalResultsError": Advice(
        "finish the review (`csassess review list`) or pass --include-provisional"
    ),
    "NoFormsFoundError": Advice("give the solver more with --{exc.limit}-limit, or relax the blueprint"),
}
"""Library error class names (the class or a base) -> the advice the CLI gives with them."""


def advised(exc: CsassessError) -> tuple[str, int]:
    """The one-line message and exit code for a library error."""
    advice = next((ADVICE[c.__name__] for c in type(exc).__mro__ if c.__name__ in ADVICE), Advice())
    message = str(exc)
    if advice.hint:
        message += "; " + advice.hint.format(exc=exc)
    return message, advice.code


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
            fail(*advised(exc))

    return run


_MISSING_PATH = re.compile(
    r"(?:path|file|dir|directory) (?P<path>'.*'|\".*\") does not exist\.", re.IGNORECASE
)


def usage_message(exc: typer.TyperException) -> str:
    """A usage error typer found (missing argument, bad value, missing path) as one line."""
    missing = _MISSING_PATH.fullmatch(exc.message)
    if missing:  # typer's `exists=True` paths, worded as every command words a missing file
        return f"{ast.literal_eval(missing['path'])}: no such file or folder"
    message = exc.format_message().replace("Value error, ", "").rstrip(".")  # pydantic's prefix
    ctx = getattr(exc, "ctx", None)
    return message + (f"; see `{ctx.command_path} --help`" if ctx is not None else "")


@contextmanager
def progress(description: str, total: int | None, *, interrupted: str) -> Iterator[Callable[..., None]]:
    """A progress bar on stderr that disappears when done; yields `update(completed, total=...)`.

    Ctrl-C ends the command with exit 130 and `interrupted` (what was kept, how to go on).
    """
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )

    bar = Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TimeRemainingColumn(),
        console=err.console,
        transient=True,
        disable=not err.is_terminal,  # no bar (nor stray blank line) in logs and pipes
    )
    try:
        with bar:
            task = bar.add_task(description, total=total)
            yield functools.partial(bar.update, task)
    except KeyboardInterrupt:
        fail(f"interrupted: {interrupted}", EXIT_INTERRUPTED)


def existing(paths: list[Path]) -> list[Path]:
    """The paths, or a usage error naming the first that does not exist (for lists typer's
    `exists=True` cannot check, such as paths given as one option several times)."""
    for path in paths:
        if not path.exists():
            fail(f"{path}: no such file or folder", EXIT_USAGE)
    return paths
