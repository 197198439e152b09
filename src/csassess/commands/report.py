"""`csassess report`: candidate feedback, centre and assessor reports from a results database.

Exit codes: 0 written; 1 nothing to report on, or a template or rendering error; 2 usage
(a missing database or template folder, an unknown format); 130 interrupted (files already
written are complete: every file is written atomically).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from csassess.cli import EXIT_USAGE, app, err, fail, guarded, out
from csassess.reports import FORMATS, ReportOptions, write_reports
from csassess.reports.run import Format

EXIT_INTERRUPTED = 130


def _formats(value: str) -> tuple[Format, ...]:
    asked = [part.strip().lower() for part in value.split(",") if part.strip()]
    unknown = [f for f in asked if f not in FORMATS]
    if unknown or not asked:
        fail(f"unknown format {', '.join(unknown) or repr(value)}: use html, pdf or html,pdf", EXIT_USAGE)
    return tuple(f for f in FORMATS if f in asked)


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


@app.command("report")
@guarded
def report_command(
    out_dir: Annotated[Path, typer.Option("--out", help="Folder to write the reports into.")],
    db: Annotated[Path, typer.Option("--db", help="The results database (SQLite).")] = Path("results.db"),
    formats: Annotated[str, typer.Option("--format", help="html, pdf or html,pdf.")] = "html,pdf",
    template_dir: Annotated[
        Path | None,
        typer.Option("--template-dir", help="Your templates, searched before the bundled ones."),
    ] = None,
    workers: Annotated[
        int | None,
        typer.Option(
            "--workers", min=0, help="Worker processes; default: one per CPU; 0 renders in this process."
        ),
    ] = None,
) -> None:
    """Write candidate feedback, centre and assessor reports (HTML, PDF) and an index."""
    chosen = _formats(formats)
    if not db.is_file():
        fail(f"{db}: no such results database; run `csassess mark` first", EXIT_USAGE)
    if template_dir is not None and not template_dir.is_dir():
        fail(f"{template_dir}: no such template folder", EXIT_USAGE)
    options = ReportOptions(
        out_dir=out_dir,
        formats=chosen,
        template_dir=template_dir,
        workers=(os.cpu_count() or 1) if workers is None else workers,
    )
    bar = Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err,
        transient=True,
        disable=not err.is_terminal,
    )
    try:
        with bar:
            task = bar.add_task("reports", total=None)
            summary = write_reports(
                db, options, lambda done, total: bar.update(task, completed=done, total=total)
            )
    except KeyboardInterrupt:
        fail(
            "interrupted: the files written so far are complete; run the same command again", EXIT_INTERRUPTED
        )
    files = f"{_plural(summary.html, 'HTML file')}, {_plural(summary.pdf, 'PDF')}"
    if summary.pdf:
        files += f" ({_plural(summary.pdf_pages, 'page')})"
    out.print(
        f"Reports for {_plural(summary.candidates, 'candidate')} on {_plural(summary.papers, 'paper')} -> "
        f"{out_dir}: {files}",
        markup=False,
    )
    for path in summary.summaries:
        out.print(f"  {path}", markup=False)
    out.print(f"  {summary.index}", markup=False)
    if summary.failed:
        for line in summary.failed:
            err.print(f"not written: {line}", markup=False)
        fail(f"{_plural(len(summary.failed), 'candidate report')} could not be written (listed above)")
