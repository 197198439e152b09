"""`csassess rubric test`: mark every rubric's test answers and say what passed."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from csassess.cli.output import EXIT_INVALID, EXIT_OK, OutputFormat, existing, guarded, out

commands = typer.Typer(help="Rubric authors' tools: test answers.")


if TYPE_CHECKING:
    from csassess.content.rubric_tests import RubricTestReport


@commands.command("test")
@guarded
def test_command(
    paths: Annotated[
        list[Path] | None,
        typer.Argument(help="Banks and rubrics (files or folders); default: the bundled content."),
    ] = None,
    fuzzy: Annotated[bool, typer.Option(help="Tolerate spelling slips, as marking does.")] = True,
    output: Annotated[OutputFormat, typer.Option("--format", help="text or json")] = OutputFormat.text,
) -> None:
    """Mark each rubric's `tests:` answers; per point, matched, missed positives, false positives."""
    from csassess.content.bundled import bundled_paths
    from csassess.content.contentset import load_content
    from csassess.content.rubric_tests import run_rubric_tests
    from csassess.marking import Marker

    content = load_content(existing(paths) if paths else bundled_paths())
    reports = run_rubric_tests(content, Marker(fuzzy=fuzzy, language_check=False))
    failed = sum(len(r.failed) for r in reports)
    total = sum(len(r.outcomes) for r in reports)
    if output is OutputFormat.json:
        out.print_json(
            json.dumps({"tests": total, "failed": failed, "rubrics": [r.as_dict() for r in reports]})
        )
    else:
        for report in reports:
            _print_report(report)
        out.print(f"{total - failed} of {total} test answers pass in {len(reports)} rubrics", markup=False)
    raise typer.Exit(EXIT_INVALID if failed else EXIT_OK)


def _print_report(report: RubricTestReport) -> None:
    state = f"{len(report.failed)} failed" if report.failed else "all pass"
    out.print(
        f"{report.path}:{report.line}: {report.item}: {len(report.outcomes)} tests, {state}", markup=False
    )
    for o in report.outcomes:
        verdict = "pass" if o.passed else "FAIL"
        detail = f": {o.problem()}" if not o.passed else ""
        out.print(
            f"  {verdict} tests[{o.number}] (line {o.line}): mark {o.mark}, expected {o.test.mark}{detail}",
            markup=False,
        )
    for tally in report.points:
        if tally.matched or tally.missed or tally.false_positives:
            out.print(
                f"  point {tally.point}: matched {tally.matched}, missed {tally.missed}, "
                f"false positives {tally.false_positives}",
                markup=False,
            )
