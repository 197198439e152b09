"""`csassess report`: candidate feedback, centre and assessor reports from a results database.

Exit codes: 0 written; 1 nothing to report on, or a template or rendering error; 2 usage
(a missing database or template folder, an unknown format); 130 interrupted (files already
written are complete: every file is written atomically).
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from csassess.api import Results
from csassess.cli.options import (
    DEFAULT_DB,
    DbOption,
    FormatsOption,
    TemplateDirOption,
    WorkersOption,
    chosen_formats,
    worker_count,
)
from csassess.cli.output import EXIT_USAGE, err, fail, guarded, out
from csassess.reports import ReportOptions

commands = typer.Typer()

EXIT_INTERRUPTED = 130


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


@commands.command("report")
@guarded
def report_command(
    out_dir: Annotated[Path, typer.Option("--out", help="Folder to write the reports into.")],
    db: DbOption = DEFAULT_DB,
    formats: FormatsOption = "html,pdf",
    template_dir: TemplateDirOption = None,
    workers: WorkersOption = None,
) -> None:
    """Write candidate feedback, centre and assessor reports (HTML, PDF) and an index."""
    chosen = chosen_formats(formats)
    if not db.is_file():
        fail(f"{db}: no such results database; run `csassess mark` first", EXIT_USAGE)
    if template_dir is not None and not template_dir.is_dir():
        fail(f"{template_dir}: no such template folder", EXIT_USAGE)
    options = ReportOptions(
        out_dir=out_dir,
        formats=chosen,
        template_dir=template_dir,
        workers=worker_count(workers),
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
            with Results(db, create=False) as results:
                summary = results.reports(
                    options, lambda done, total: bar.update(task, completed=done, total=total)
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
