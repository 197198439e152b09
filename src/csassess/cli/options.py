"""Options that several commands share, declared once so that they read and behave alike."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from csassess.cli.output import EXIT_USAGE, FormatOption, OutputFormat, fail

if TYPE_CHECKING:
    from csassess.render.printing import Format

DEFAULT_DB = Path("results.db")

DbOption = Annotated[Path, typer.Option("--db", help="The results database (SQLite).")]
FormatsOption = Annotated[str, typer.Option("--format", help="html, pdf or html,pdf.")]
OutputOption = Annotated[OutputFormat, FormatOption]
TemplateDirOption = Annotated[
    Path | None,
    typer.Option("--template-dir", exists=True, help="Your templates, searched before the bundled ones."),
]
WorkersOption = Annotated[
    int | None,
    typer.Option("--workers", min=0, help="Worker processes; default: one per CPU; 0 works in this process."),
]
ContentOption = Annotated[
    list[Path] | None,
    typer.Option(
        "--content", exists=True, help="Banks and rubrics (files or folders); default: the bundled content."
    ),
]


def chosen_formats(value: str) -> tuple[Format, ...]:
    """The formats a --format value names (e.g. "html,pdf"), in their usual order."""
    from csassess.render.printing import FORMATS

    asked = [part.strip().lower() for part in value.split(",") if part.strip()]
    unknown = [f for f in asked if f not in FORMATS]
    if unknown or not asked:
        fail(f"unknown format {', '.join(unknown) or repr(value)}: use html, pdf or html,pdf", EXIT_USAGE)
    return tuple(f for f in FORMATS if f in asked)


def worker_count(value: int | None) -> int:
    """The --workers value, or one per CPU when it was not given."""
    return (os.cpu_count() or 1) if value is None else value
