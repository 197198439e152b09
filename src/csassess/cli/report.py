"""`csassess report`: candidate feedback, centre and assessor reports from a results database.

Exit codes: 0 written; 1 nothing to report on, or a template or rendering error; 2 usage
(a missing database or template folder, an unknown format); 130 interrupted (files already
written are complete: every file is written atomically).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from csassess.cli.options import (
    DEFAULT_DB,
    DbOption,
    FormatsOption,
    TemplateDirOption,
    WorkersOption,
    chosen_formats,
    worker_count,
)
from csassess.cli.output import OutputFormat, err, fail, guarded, out, plural, print_json, progress

if TYPE_CHECKING:
    from csassess.reports import ReportSummary

commands = typer.Typer()


@commands.command("report")
@guarded
def report_command(
    out_dir: Annotated[Path, typer.Option("--out", help="Folder to write the reports into.")],
    db: DbOption = DEFAULT_DB,
    formats: FormatsOption = "html,pdf",
    template_dir: TemplateDirOption = None,
    workers: WorkersOption = None,
    summary_format: Annotated[
        OutputFormat,
        typer.Option("--summary", help="How to print the summary: text or json (--format names the files')."),
    ] = OutputFormat.text,
) -> None:
    """Write candidate feedback, centre and assessor reports (HTML, PDF) and an index."""
    from csassess.api import Results
    from csassess.reports import ReportOptions

    options = ReportOptions(
        out_dir=out_dir,
        formats=chosen_formats(formats),
        template_dir=template_dir,
        workers=worker_count(workers),
    )
    finished = "the files written so far are complete; run the same command again"
    with progress("reports", None, interrupted=finished) as update, Results(db, create=False) as results:
        summary = results.reports(options, lambda done, total: update(completed=done, total=total))
    if summary_format is OutputFormat.json:
        print_json(summary_json(summary, out_dir))
    else:
        _print_summary(summary, out_dir)
    if summary.failed:
        for line in summary.failed:
            err.print(f"not written: {line}", markup=False)
        fail(f"{plural(len(summary.failed), 'candidate report')} could not be written (listed above)")


def summary_json(summary: ReportSummary, out_dir: Path) -> dict[str, object]:
    """What a report run wrote, as JSON (docs/cli-json.md)."""
    return {
        "out": str(out_dir),
        "papers": summary.papers,
        "candidates": summary.candidates,
        "html": summary.html,
        "pdf": summary.pdf,
        "pdf_pages": summary.pdf_pages,
        "index": None if summary.index is None else str(summary.index),
        "summaries": [str(path) for path in summary.summaries],
        "failed": summary.failed,
    }


def _print_summary(summary: ReportSummary, out_dir: Path) -> None:
    files = f"{plural(summary.html, 'HTML file')}, {plural(summary.pdf, 'PDF')}"
    if summary.pdf:
        files += f" ({plural(summary.pdf_pages, 'page')})"
    out.print(
        f"Reports for {plural(summary.candidates, 'candidate')} on {plural(summary.papers, 'paper')} -> "
        f"{out_dir}: {files}",
        markup=False,
    )
    for path in summary.summaries:
        out.print(f"  {path}", markup=False)
    out.print(f"  {summary.index}", markup=False)
