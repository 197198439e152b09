"""`csassess calibrate`: agreement on a standardisation sample, and a rubric patch to review."""

from __future__ import annotations

import typer

commands = typer.Typer()
