"""The csassess command line: the typer application, with every command group registered.

Each module of this package declares its commands on a `typer.Typer` of its own; this module
only puts them together, so no command module imports it (and none imports another's).
Command modules import the library inside each command, so `csassess --help` loads neither
the library's heavy parts nor rich.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from typing import Any

import typer
from typer.core import TyperGroup

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
from csassess.cli.output import EXIT_INVALID, err, usage_message


class CsassessGroup(TyperGroup):
    """The root command: a usage error typer finds is one `Error: ...` line and exit 2, as the
    commands' own errors are (no usage block, no box)."""

    def main(
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        **extra: Any,
    ) -> Any:
        """Run a command line; in standalone mode exit with its code."""
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        try:
            code = super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        except typer.TyperException as exc:
            if exc.__class__.__name__ == "NoArgsIsHelpError":  # the message is the help itself
                typer.echo(exc.format_message())
            else:
                err.print(f"Error: {usage_message(exc)}", markup=False)
            sys.exit(exc.exit_code)
        except typer.Abort:
            err.print("Error: aborted", markup=False)
            sys.exit(EXIT_INVALID)
        sys.exit(code if isinstance(code, int) else 0)


app = typer.Typer(
    name="csassess",
    help="Exam and assessment engine for customer-service qualifications.",
    cls=CsassessGroup,
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,  # plain help: rich's would cost more than the rest of start-up
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
