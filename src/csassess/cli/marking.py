"""`csassess mark`, `remark`, `verify` and `export`: batch marking into a results database and out.

Thin commands: each loads its inputs, calls one library function and reports. Exit codes:
0 success; 1 invalid content or a failed verify; 2 usage; 3 some scripts were set aside;
130 interrupted (everything committed so far is kept; run the same command to resume).
"""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from csassess.cli.options import DEFAULT_DB, DbOption, OutputOption, WorkersOption, worker_count
from csassess.cli.output import (
    EXIT_INVALID,
    EXIT_SET_ASIDE,
    EXIT_USAGE,
    OutputFormat,
    fail,
    guarded,
    out,
    plural,
    print_json,
    progress,
)

if TYPE_CHECKING:
    from csassess.batch.run import BatchSummary
    from csassess.batch.verify import VerifyReport


commands = typer.Typer()

DryRunOption = Annotated[
    bool,
    typer.Option(
        "--dry-run",
        help="Mark and list every candidate whose result would change (old -> new); write nothing.",
    ),
]
ChunkOption = Annotated[
    int | None, typer.Option("--chunk-size", min=1, help="Scripts per transaction; default: 200.")
]
RESUME = "every chunk written so far is kept; run the same command again to resume"


def _print_changes(summary: BatchSummary) -> None:
    """The candidates whose result changed (or would), old -> new."""
    if not summary.remarked:
        return
    verb = "would change" if summary.dry_run else "changed"
    out.print(
        f"  {verb + ':':<16}{summary.affected_count:>6}  ({plural(summary.grade_changes, 'grade')} {verb})",
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
    review = f"{summary.review_scripts:>6}  ({plural(summary.review_answers, 'answer')} flagged)"
    out.print(f"  {'sent to review:':<16}{review}", markup=False)
    if summary.dry_run:
        return
    grades = ", ".join(f"{grade} {count}" for grade, count in summary.grades.items()) or "none yet"
    total = sum(summary.grades.values())
    out.print(f"  {'grades:':<16}{grades}  (all {plural(total, 'current candidate')})", markup=False)


def summary_json(summary: BatchSummary, db: Path) -> dict[str, object]:
    """A mark or remark run as JSON (docs/cli-json.md)."""
    return {
        "paper": summary.paper_id,
        "form": summary.form,
        "database": str(db),
        "run": summary.run_id,
        "dry_run": summary.dry_run,
        "marked": summary.marked,
        "remarked": summary.remarked,
        "skipped": summary.skipped,
        "set_aside": {"count": summary.set_aside_count, "listed": [asdict(s) for s in summary.set_aside]},
        "review": {"scripts": summary.review_scripts, "answers": summary.review_answers},
        "changed": {
            "count": summary.affected_count,
            "grade_changes": summary.grade_changes,
            "listed": [asdict(a) for a in summary.affected],
        },
        "lapsed_decisions": summary.lapsed,
        "arrangements": {"count": summary.access_count, "listed": summary.access},
        "grades": None if summary.dry_run else summary.grades,
    }


def _report(summary: BatchSummary, db: Path, output: OutputFormat) -> None:
    """Print the run's summary and exit 3 when scripts were set aside."""
    if output is OutputFormat.json:
        print_json(summary_json(summary, db))
    else:
        _print_summary(summary, db)
    raise typer.Exit(EXIT_SET_ASIDE if summary.set_aside_count else 0)


@commands.command("mark")
@guarded
def mark_command(
    paper: Annotated[
        Path, typer.Argument(exists=True, help="The frozen paper (from `csassess paper freeze`).")
    ],
    scripts: Annotated[
        list[Path],
        typer.Argument(
            exists=True, help="Answer scripts: JSON/YAML files, CSV/XLSX tables, or folders of them."
        ),
    ],
    db: DbOption = DEFAULT_DB,
    workers: WorkersOption = None,
    chunk_size: ChunkOption = None,
    dry_run: DryRunOption = False,
    output: OutputOption = OutputFormat.text,
) -> None:
    """Mark answer scripts against a frozen paper into a results database; safe to stop and rerun."""
    from csassess.api import Results
    from csassess.batch.run import CHUNK_SIZE
    from csassess.intake import count_scripts
    from csassess.marking.plan import load_frozen

    if dry_run and not db.is_file():
        fail(f"{db}: no such results database; a dry run compares with results already marked", EXIT_USAGE)
    frozen = load_frozen(paper)
    with (
        progress("marking", count_scripts(scripts), interrupted=RESUME) as update,
        Results(db, read_only=dry_run) as results,
    ):
        summary = results.mark(
            frozen,
            scripts,
            workers=worker_count(workers),
            chunk_size=chunk_size or CHUNK_SIZE,
            on_progress=lambda s: update(completed=s.processed),
            dry_run=dry_run,
        )
    _report(summary, db, output)


@commands.command("remark")
@guarded
def remark_command(
    paper: Annotated[
        Path,
        typer.Argument(
            exists=True, help="The new frozen paper: the same paper and form, a fixed rubric or key."
        ),
    ],
    db: DbOption = DEFAULT_DB,
    workers: WorkersOption = None,
    chunk_size: ChunkOption = None,
    dry_run: DryRunOption = False,
    output: OutputOption = OutputFormat.text,
) -> None:
    """Mark the stored answers again under a new freeze of their paper (a rubric or key fix)."""
    from csassess.api import Results
    from csassess.batch.run import CHUNK_SIZE
    from csassess.marking.plan import load_frozen

    frozen = load_frozen(paper)
    with (
        progress("re-marking", None, interrupted=RESUME) as update,
        Results(db, create=False, read_only=dry_run) as results,
    ):
        summary = results.remark(
            frozen,
            workers=worker_count(workers),
            chunk_size=chunk_size or CHUNK_SIZE,
            on_progress=lambda s: update(completed=s.processed, total=s.expected),
            dry_run=dry_run,
        )
    _report(summary, db, output)


@commands.command("verify")
@guarded
def verify_command(
    db: DbOption = DEFAULT_DB, workers: WorkersOption = None, output: OutputOption = OutputFormat.text
) -> None:
    """Clerical re-check: every mark present, totals add up, grades follow boundaries, re-marks agree."""
    from csassess.api import Results

    with progress("verifying", None, interrupted="nothing was written; run it again") as update:

        def on_checked(report: VerifyReport, total: int) -> None:
            update(completed=report.scripts, total=total)

        with Results(db, create=False) as results:
            report = results.verify(workers=worker_count(workers), on_progress=on_checked)
    if output is OutputFormat.json:
        print_json(verify_json(report))
        raise typer.Exit(0 if report.ok else EXIT_INVALID)
    for difference in report.differences:
        out.print(str(difference), markup=False)
    hidden = report.difference_count - len(report.differences)
    if hidden:
        out.print(f"... and {hidden} more", markup=False)
    checked = f"{plural(report.scripts, 'candidate')}, {plural(report.answers, 'answer')}"
    if report.ok:
        out.print(f"OK: {checked} re-checked, no differences", markup=False)
        return
    out.print(f"{plural(report.difference_count, 'difference')} in {checked}", markup=False)
    raise typer.Exit(EXIT_INVALID)


def verify_json(report: VerifyReport) -> dict[str, object]:
    """A clerical re-check as JSON (docs/cli-json.md)."""
    return {
        "ok": report.ok,
        "candidates": report.scripts,
        "answers": report.answers,
        "difference_count": report.difference_count,
        "differences": [asdict(d) for d in report.differences],
    }


@commands.command("export")
@guarded
def export_command(
    out_file: Annotated[Path, typer.Option("--out", help="Where to write: a .csv, .xlsx or .json file.")],
    db: DbOption = DEFAULT_DB,
    gradebook: Annotated[
        str | None,
        typer.Option(
            "--format",
            help="moodle-grades or canvas-grades (CSV), qti-results (zip); "
            "default: CSV, XLSX or JSON by --out's suffix.",
        ),
    ] = None,
    include_provisional: Annotated[
        bool, typer.Option("--include-provisional", help="Also export results with answers still in review.")
    ] = False,
    output: Annotated[
        OutputFormat,
        typer.Option("--summary", help="How to print the summary: text or json (--format names the file's)."),
    ] = OutputFormat.text,
) -> None:
    """Write one row per candidate (item marks, total, grade) as CSV, XLSX or JSON, or for a gradebook."""
    from csassess.api import Results
    from csassess.interop.gradebook import GRADEBOOK_FORMATS

    if gradebook is not None:
        if gradebook not in GRADEBOOK_FORMATS:
            fail(f"unknown format {gradebook!r}: use {', '.join(GRADEBOOK_FORMATS)}", EXIT_USAGE)
        with Results(db, create=False) as results:
            count = results.export_gradebook(gradebook, out_file, include_provisional=include_provisional)
        if output is OutputFormat.json:
            print_json({"candidates": count, "out": str(out_file), "format": gradebook})
            return
        out.print(f"Exported {plural(count, 'candidate')} -> {out_file} ({gradebook})", markup=False)
        return
    with Results(db, create=False) as results:
        count = results.export(out_file)
    if output is OutputFormat.json:
        print_json({"candidates": count, "out": str(out_file), "format": out_file.suffix.lower().lstrip(".")})
        return
    out.print(f"Exported {plural(count, 'candidate')} -> {out_file}", markup=False)
