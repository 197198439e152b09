"""The csassess command line: the typer application, with every command group registered.

Each module of this package declares its commands on a `typer.Typer` of its own; this module
only puts them together, so no command module imports it (and none imports another's).
"""

from __future__ import annotations

import typer

from csassess.cli import (
    agreement,
    authoring,
    bank,
    calibrate,
    demo,
    marking,
    paper,
    render,
    report,
    review,
    rubric,
    sit,
)

app = typer.Typer(
    name="csassess",
    help="Exam and assessment engine for customer-service qualifications.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
for commands in (authoring.commands, agreement.commands, marking.commands, report.commands, demo.commands):
    app.add_typer(commands)

paper_app = typer.Typer(help="Build and freeze exam papers.", no_args_is_help=True)
for commands in (paper.commands, authoring.paper_commands, render.commands):
    paper_app.add_typer(commands)
app.add_typer(paper_app, name="paper")
app.add_typer(review.commands, name="review", no_args_is_help=True)
app.add_typer(sit.commands, name="sit", no_args_is_help=True)
app.add_typer(bank.commands, name="bank")
app.add_typer(rubric.commands, name="rubric", no_args_is_help=True)
app.add_typer(calibrate.commands)
