"""The CLI's error table: library errors say what is wrong, the CLI says what to run about it."""

from __future__ import annotations

import ast
import importlib
import pkgutil
from pathlib import Path

import csassess
from csassess.assembly.assemble import NoFormsFoundError
from csassess.cli.output import ADVICE, EXIT_USAGE, advised, plural
from csassess.findings import CsassessError

SRC = Path(csassess.__file__).parent


def _subclasses(cls: type) -> set[type]:
    found = set(cls.__subclasses__())
    for sub in list(found):
        found |= _subclasses(sub)
    return found


def test_every_advice_names_a_library_error():
    """Each key of the table is the name of an error class the library raises (none went stale)."""
    for module in pkgutil.walk_packages([str(SRC)], "csassess."):
        if not module.name.startswith(("csassess.cli", "csassess.render.pdf", "csassess.marking._")):
            importlib.import_module(module.name)
    names = {cls.__name__ for cls in _subclasses(CsassessError)}
    assert set(ADVICE) - names == set()


def test_no_library_error_names_a_command():
    """No `raise` outside cli/ carries a "`csassess ...`" hint: that advice lives in cli/output.py."""
    offenders = []
    for path in SRC.rglob("*.py"):
        if "cli" in path.relative_to(SRC).parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Raise):
                words = [
                    c.value
                    for c in ast.walk(node)
                    if isinstance(c, ast.Constant) and isinstance(c.value, str)
                ]
                offenders += [f"{path.name}:{node.lineno}" for w in words if "`csassess " in w]
    assert offenders == []


def test_advice_adds_the_hint_and_the_exit_code():
    """A missing database gets `run csassess mark first` and the usage exit code."""
    error = type("NoDatabaseError", (CsassessError,), {})("results.db: no such results database")
    assert advised(error) == ("results.db: no such results database; run `csassess mark` first", EXIT_USAGE)


def test_no_forms_found_names_the_flag_of_the_limit_that_stopped_the_solver():
    """The solver stopped by its wall clock is told to raise --time-limit; by its effort, --work-limit."""
    by_time = NoFormsFoundError("no forms found before the time limit (5.0 s)", "time")
    by_work = NoFormsFoundError("no forms found before the work limit (2.1 s)", "work")
    assert advised(by_time)[0].endswith("; give the solver more with --time-limit, or relax the blueprint")
    assert "--work-limit" in advised(by_work)[0]
    assert advised(by_work)[1] == 1


def test_an_error_with_no_advice_is_printed_as_it_is_with_exit_1():
    """An error the table does not name keeps its own words and exits 1."""
    assert advised(CsassessError("something is wrong")) == ("something is wrong", 1)


def test_plural_counts_one_and_many():
    """`plural` says 1 answer and 0 or 2 answers."""
    assert [plural(n, "answer") for n in (0, 1, 2)] == ["0 answers", "1 answer", "2 answers"]
