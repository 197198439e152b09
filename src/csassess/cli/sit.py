"""`csassess sit build`: the offline exam, one HTML file a candidate sits with no network."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from csassess.cli.output import guarded, out

commands = typer.Typer(help="Sit papers offline in a browser.", no_args_is_help=True)


class OnTimeout(StrEnum):
    """What the exam page does when the time allowed runs out."""

    submit = "submit"
    late = "late"


@commands.command("build")
@guarded
def sit_build(
    frozen: Annotated[
        Path, typer.Argument(exists=True, help="The frozen paper (from `csassess paper freeze`).")
    ],
    out_file: Annotated[Path, typer.Option("--out", help="Where to write the exam page (HTML).")],
    centre: Annotated[
        str | None,
        typer.Option(
            "--centre", help="Centre number written into every script; default: candidates enter it."
        ),
    ] = None,
    on_timeout: Annotated[
        OnTimeout,
        typer.Option(
            "--on-timeout", help="submit: finish and download at time-out; late: carry on, marked late."
        ),
    ] = OnTimeout.submit,
    template_dir: Annotated[
        Path | None,
        typer.Option(
            "--template-dir", exists=True, help="Templates that replace the bundled exam.html.j2 or exam/*."
        ),
    ] = None,
    arrangements: Annotated[
        Path | None,
        typer.Option(
            "--arrangements",
            exists=True,
            dir_okay=False,
            help="Access arrangements by candidate (YAML or CSV): extra_time, rest_breaks, background, "
            "font, text_size.",
        ),
    ] = None,
    invigilator_code: Annotated[
        str | None,
        typer.Option(
            "--invigilator-code",
            help="The code invigilators enter in the exam (4-32 letters and digits); default: a new "
            "one, printed.",
        ),
    ] = None,
) -> None:
    """Build the offline exam: one self-contained HTML file that saves every answer in the browser."""
    from csassess.content.loading import load_file
    from csassess.fileio import write_atomic
    from csassess.sit import ExamOptions, build_exam
    from csassess.sit.arrangements import load_arrangements

    paper = load_file(frozen, expected="frozen_paper").model
    granted = load_arrangements(arrangements) if arrangements is not None else {}
    options = ExamOptions(
        centre=centre,
        on_timeout=on_timeout.value,
        template_dir=template_dir,
        arrangements=granted,
        **({"invigilator_code": invigilator_code} if invigilator_code is not None else {}),
    )
    html = build_exam(paper, options)
    write_atomic(out_file, html)
    with_access = f", access arrangements for {len(granted)} candidates" if granted else ""
    out.print(
        f"Built the offline exam for {paper.id} form {paper.form} "
        f"({paper.duration_minutes} min, on time-out: {on_timeout.value}{with_access}) -> {out_file}",
        markup=False,
    )
    if invigilator_code is None:
        out.print(f"Invigilator code: {options.invigilator_code} (keep it from candidates)", markup=False)
