"""Every command the CLI registers explains itself and is documented (as sqlite-utils checks its own)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import typer

from csassess.cli.app import app

ROOT = Path(__file__).parents[2]
DOCS = "\n".join(
    p.read_text(encoding="utf-8") for p in [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
)


def _commands(command: object, path: tuple[str, ...] = ()) -> Iterator[tuple[str, object]]:
    """Every leaf command under `command`, with its words after `csassess`."""
    subcommands = getattr(command, "commands", None)
    if not subcommands:
        yield " ".join(path), command
        return
    for name, sub in subcommands.items():
        yield from _commands(sub, (*path, name))


COMMANDS = dict(_commands(typer.main.get_command(app)))


def test_the_tree_holds_every_command_group():
    """The walk reaches the top-level commands and those of every group."""
    assert {"validate", "mark", "report", "demo", "paper build", "review show", "sit build"} <= set(COMMANDS)


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_command_has_help_text(name):
    """The command has a help line, and so has every one of its arguments and options."""
    command = COMMANDS[name]
    assert (command.help or "").strip(), name
    missing = [p.name for p in command.params if not (getattr(p, "help", None) or "").strip()]
    assert missing == [], f"{name}: {missing}"


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_command_is_documented(name):
    """`csassess <command>` appears in the README or a guide under docs/."""
    assert f"csassess {name}" in DOCS


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_command_answers_help(invoke, name):
    """`csassess <command> --help` exits 0 and prints its usage line."""
    result = invoke(*name.split(), "--help")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith(f"Usage: csassess {name} ")
