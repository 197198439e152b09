"""Shared fixtures: the test data folders and a runner for the csassess command line."""

from __future__ import annotations

import contextlib
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from csassess.cli.app import app

DATA = Path(__file__).parent / "data"

# the batch fixtures (frozen sample paper, script folders, results databases) serve the batch,
# store, moderation and interop tests alike
pytest_plugins = ["batch_fixtures"]

Invoke = Callable[..., Result]


@pytest.fixture
def data_dir() -> Path:
    """The committed test data: `valid/` (a clean content set) and `broken/` (one case each)."""
    return DATA


@pytest.fixture
def valid_dir() -> Path:
    """The tiny valid content set: specification, bank, rubrics and paper."""
    return DATA / "valid"


@pytest.fixture
def broken_dir() -> Path:
    """The corpus of broken files and folders, one scenario each."""
    return DATA / "broken"


@pytest.fixture
def invoke() -> Invoke:
    """Run `csassess` with string arguments and return typer's result (stdout/stderr apart)."""
    runner = CliRunner()

    def run(*args: object) -> Result:
        return runner.invoke(app, [str(a) for a in args])

    return run


FINDING = re.compile(r"^\S+:\d+:\d+: ")


def strip_root(text: str, root: Path) -> str:
    """`text` with `root/` removed from paths, whether printed absolute or cwd-relative."""
    root = root.resolve()
    text = text.replace(f"{root}/", "")
    with contextlib.suppress(ValueError):  # root is outside the working folder
        text = text.replace(f"{root.relative_to(Path.cwd().resolve())}/", "")
    return text


def finding_lines(text: str, root: Path) -> list[str]:
    """The `path:line:col: field: message` lines of some output, paths relative to `root`."""
    return [line for line in strip_root(text, root).splitlines() if FINDING.match(line)]


@pytest.fixture
def findings_of() -> Callable[[str, Path], list[str]]:
    """The helper that picks finding lines out of output, paths relative to a folder."""
    return finding_lines
