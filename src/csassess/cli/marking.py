"""`csassess mark`, `remark`, `verify` and `export`: batch marking into a results database and out.

Thin commands: each loads its inputs, calls one library function and reports. Exit codes:
0 success; 1 invalid content or a failed verify; 2 usage; 3 some scripts were set aside;
130 interrupted (everything committed so far is kept; run the same command to resume).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

import typer
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)

from csassess.api import Results
from csassess.batch.run import CHUNK_SIZE, BatchSummary
from csassess.batch.verify import VerifyReport
from csassess.cli.options import DEFAULT_DB, DbOption, WorkersOption, worker_count
from csassess.cli.output import EXIT_USAGE, err, fail, guarded, out
from csassess.intake import count_scripts
from csassess.interop.gradebook import GRADEBOOK_FORMATS
from csassess.interop.results_out import ProvisionalResultsError
from csassess.marking.plan import load_frozen

commands = typer.Typer()

EXIT_SET_ASIDE = 3
EXIT_INTERRUPTED = 130
DryRunOption = Annotated[
    bool,
    typer.Option(
        "--dry-run",
        help="Mark and list every candidate whose result would change (old -> new); write nothing.",
    ),
]
ChunkOption = Annotated[int, typer.Option("--chunk-size", min=1, help="Scripts per transaction.")]


@contextmanager
def _progress(description: str, total: int | None) -> Iterator[Progress]:
    """A progress bar on stderr that disappears when done (the summary follows on stdout)."""
    bar = Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TimeRemainingColumn(),
        console=err,
        transient=True,
        disable=not err.is_terminal,  # no bar (nor stray blank line) in logs and pipes
    )
    try:
        with bar:
            bar.add_task(description, total=total)
            yield bar
    except KeyboardInterrupt:
        fail(
            "interrupted: every chunk written so far is kept; run the same command again to resume",
            EXIT_INTERRUPTED,
        )


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def _print_changes(summary: BatchSummary) -> None:
    """The candidates whose result changed (or would), old -> new."""
    if not summary.remarked:
        return
    verb = "would change" if summary.dry_run else "changed"
    out.print(
        f"  {verb + ':':<16}{summary.affected_count:>6}  ({_plural(summary.grade_changes, 'grade')} {verb})",
        markup=False,
    )
    for item in summary.affected:
        out.print(f"    {item}", markup=False)
    hidden = summary.affected_count - len(summary.affected)
    if hidden:
        out.print(f"    ... and {hidden} more", markup=False)


def _print_summary(summary: BatchSummary, db: Path) -> None:
    if summary.dry_run:
        out.print(
            f"{summary.paper_id} form {summary.form} against {db}: dry run, nothing written", markup=False
        )
    else:
        out.print(f"{summary.paper_id} form {summary.form} -> {db} (run {summary.run_id})", markup=False)
    again = "changed script or rubric; " + (
        "nothing written" if summary.dry_run else "earlier results kept as history"
    )
    rows = [
        ("marked", str(summary.marked), "new candidates" if summary.dry_run else ""),
        ("re-marked", str(summary.remarked), again),
        ("skipped", str(summary.skipped), "unchanged since they were marked"),
        ("set aside", str(summary.set_aside_count), ""),
    ]
    for label, value, note in rows:
        out.print(f"  {label + ':':<16}{value:>6}" + (f"  ({note})" if note else ""), markup=False)
    for item in summary.set_aside:
        out.print(f"    {item}", markup=False)
    hidden = summary.set_aside_count - len(summary.set_aside)
    if hidden:
        where = "" if summary.dry_run else f" (see the set_aside table of {db})"
        out.print(f"    ... and {hidden} more{where}", markup=False)
    _print_changes(summary)
    if summary.access_count:
        note = "sat with access arrangements or rest breaks"
        out.print(f"  {'arrangements:':<16}{summary.access_count:>6}  ({note})", markup=False)
        for line in summary.access:
            out.print(f"    {line}", markup=False)
    review = f"{summary.review_scripts:>6}  ({_plural(summary.review_answers, 'answer')} flagged)"
    out.print(f"  {'sent to review:':<16}{review}", markup=False)
    if summary.dry_run:
        return
    grades = ", ".join(f"{grade} {count}" for grade, count in summary.grades.items()) or "none yet"
    total = sum(summary.grades.values())
    out.print(f"  {'grades:':<16}{grades}  (all {_plural(total, 'current candidate')})", markup=False)


def _exit_code(summary: BatchSummary) -> int:
    return EXIT_SET_ASIDE if summary.set_aside_count else 0


@commands.command("mark")
@guarded
def mark_command(
    paper: Annotated[Path, typer.Argument(help="The frozen paper (from `csassess paper freeze`).")],
    scripts: Annotated[
        list[Path],
        typer.Argument(help="Answer scripts: JSON/YAML files, CSV/XLSX tables, or folders of them."),
    ],
    db: DbOption = DEFAULT_DB,
    workers: WorkersOption = None,
    chunk_size: ChunkOption = CHUNK_SIZE,
    dry_run: DryRunOption = False,
) -> None:
    """Mark answer scripts against a frozen paper into a results database; safe to stop and rerun."""
    for path in (paper, *scripts):
        if not path.exists():
            fail(f"{path}: no such file or folder", EXIT_USAGE)
    if dry_run and not db.is_file():
        fail(f"{db}: no such results database; a dry run compares with results already marked", EXIT_USAGE)
    frozen = load_frozen(paper)
    with _progress("marking", count_scripts(scripts)) as bar:
        task = bar.task_ids[0]
        with Results(db, read_only=dry_run) as results:
            summary = results.mark(
                frozen,
                scripts,
                workers=worker_count(workers),
                chunk_size=chunk_size,
                on_progress=lambda s: bar.update(task, completed=s.processed),
                dry_run=dry_run,
            )
    _print_summary(summary, db)
    raise typer.Exit(_exit_code(summary))


@commands.command("remark")
@guarded
def remark_command(
    paper: Annotated[
        Path, typer.Argument(help="The new frozen paper: the same paper and form, a fixed rubric or key.")
    ],
    db: DbOption = DEFAULT_DB,
    workers: WorkersOption = None,
    chunk_size: ChunkOption = CHUNK_SIZE,
    dry_run: DryRunOption = False,
) -> None:
    """Mark the stored answers again under a new freeze of their paper (a rubric or key fix)."""
    if not paper.exists():
        fail(f"{paper}: no such file or folder", EXIT_USAGE)
    frozen = load_frozen(paper)
    with _progress("re-marking", None) as bar:
        task = bar.task_ids[0]
        with Results(db, create=False, read_only=dry_run) as results:
            summary = results.remark(
                frozen,
                workers=worker_count(workers),
                chunk_size=chunk_size,
                on_progress=lambda s: bar.update(task, completed=s.processed, total=s.expected),
                dry_run=dry_run,
            )
    _print_summary(summary, db)
    raise typer.Exit(_exit_code(summary))


@commands.command("verify")
@guarded
def verify_command(db: DbOption = DEFAULT_DB, workers: WorkersOption = None) -> None:
    """Clerical re-check: every mark present, totals add up, grades follow boundaries, re-marks agree."""
    with _progress("verifying", None) as bar:
        task = bar.task_ids[0]

        def progress(report: VerifyReport, total: int) -> None:
            bar.update(task, completed=report.scripts, total=total)

        with Results(db, create=False) as results:
            report = results.verify(workers=worker_count(workers), on_progress=progress)
    for difference in report.differences:
        out.print(str(difference), markup=False)
    hidden = report.difference_count - len(report.differences)
    if hidden:
        out.print(f"... and {hidden} more", markup=False)
    checked = f"{_plural(report.scripts, 'candidate')}, {_plural(report.answers, 'answer')}"
    if report.ok:
        out.print(f"OK: {checked} re-checked, no differences", markup=False)
        return
    out.print(f"{_plural(report.difference_count, 'difference')} in {checked}", markup=False)
    raise typer.Exit(1)


@commands.command("export")
@guarded
def export_command(
    out_file: Annotated[Path, typer.Option("--out", help="Where to write: a .csv, .xlsx or .json file.")],
    db: DbOption = DEFAULT_DB,
    gradebook: Annotated[
        str | None,
        typer.Option(
            "--format",
            help="moodle-grades or canvas-grades (CSV), qti-results (zip); default: by --out suffix.",
        ),
    ] = None,
    include_provisional: Annotated[
        bool, typer.Option("--include-provisional", help="Also export results with answers still in review.")
    ] = False,
) -> None:
    """Write one row per candidate (item marks, total, grade) as CSV, XLSX or JSON, or for a gradebook."""
    if gradebook is not None:
        if gradebook not in GRADEBOOK_FORMATS:
            fail(f"unknown format {gradebook!r}: use {', '.join(GRADEBOOK_FORMATS)}", EXIT_USAGE)
        with Results(db, create=False) as results:
            try:
                count = results.export_gradebook(gradebook, out_file, include_provisional=include_provisional)
            except ProvisionalResultsError as exc:
                fail(f"{exc}: finish the review (`csassess review list`) or pass --include-provisional")
        out.print(f"Exported {_plural(count, 'candidate')} -> {out_file} ({gradebook})", markup=False)
        return
    with Results(db, create=False) as results:
        count = results.export(out_file)
    out.print(f"Exported {_plural(count, 'candidate')} -> {out_file}", markup=False)
