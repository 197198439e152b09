"""`csassess bank export|import`: question banks in and out as QTI 3.0, Moodle XML and GIFT.

Exit codes: 0 every question came in (or was written); 1 invalid content; 2 usage (a missing
file, a bad option); 3 some questions were not imported (the report says which and why).
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from csassess.cli.output import EXIT_USAGE, existing, fail, guarded, out

commands = typer.Typer(help="Question banks in and out: QTI 3.0, Moodle XML, GIFT.", no_args_is_help=True)
EXIT_LEFT_OUT = 3


class Target(StrEnum):
    """Formats a bank is exported to."""

    qti3 = "qti3"
    moodle = "moodle"
    gift = "gift"


@commands.command("export")
@guarded
def export_command(
    paths: Annotated[
        list[Path],
        typer.Argument(
            help="Banks and rubrics (files or folders), a paper with its banks, or a frozen form."
        ),
    ],
    to: Annotated[Target, typer.Option("--to", help="qti3 (a content package zip), moodle (XML) or gift.")],
    out_file: Annotated[Path, typer.Option("--out", help="The file to write.")],
) -> None:
    """Write banks (and a paper's order, for QTI) in another tool's format."""
    from csassess.interop.bank_export import export_bank

    summary = export_bank(existing(paths), to.value, out_file)
    for warning in summary.warnings:
        out.print(f"  note: {warning}", markup=False)
    out.print(f"Exported {summary.questions} questions -> {out_file} ({to.value})", markup=False)


@commands.command("import")
@guarded
def import_command(
    source: Annotated[
        Path, typer.Argument(help="A QTI package (.zip) or item (.xml), Moodle XML or GIFT file.")
    ],
    out_dir: Annotated[
        Path, typer.Option("--out", help="Folder for banks/, rubrics/, schemas/ and the report.")
    ],
    spec: Annotated[
        Path | None,
        typer.Option(
            "--spec", help="The specification the bank belongs to (its id is used; outcomes checked)."
        ),
    ] = None,
) -> None:
    """Read another tool's questions into csassess YAML, with a report on every question."""
    from csassess.interop.bank_yaml import REPORT_NAME, write_import
    from csassess.interop.detect import import_file

    existing([source, *([spec] if spec else [])])
    if out_dir.exists() and not out_dir.is_dir():
        fail(f"{out_dir}: not a folder", EXIT_USAGE)
    result = import_file(source)
    if not result.report:
        fail(f"{source}: no questions found")
    for line in result.report:
        out.print(str(line), markup=False)
    if len(result.left_out) == len(result.report):
        fail(f"{source}: no question could be imported; nothing written")
    written = write_import(result, out_dir, spec)
    left = len(result.left_out)
    out.print(
        f"{len(result.report) - left} imported, {left} not imported -> {out_dir} "
        f"({len(written)} YAML files, report in {REPORT_NAME})",
        markup=False,
    )
    raise typer.Exit(EXIT_LEFT_OUT if left else 0)
