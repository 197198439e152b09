"""Fixtures for batch marking (a pytest plugin the root conftest loads, so that the store,
moderation and interop tests share them): the frozen sample paper, script folders, results databases."""

from __future__ import annotations

import shutil
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from batchdata import EXAMPLES, ROOT
from csassess.assembly.freeze import freeze_paper
from csassess.cli.app import app
from csassess.content.bundled import bundled_paths
from csassess.content.contentset import load_content
from csassess.content.loading import load_file
from csassess.fileio import write_json
from csassess.models import FrozenPaper


@pytest.fixture(scope="session")
def frozen() -> FrozenPaper:
    """The bundled sample paper, frozen against the bundled banks and rubrics."""
    paper = load_file(ROOT / "papers" / "cs201-sample.yaml", expected="paper").model
    return freeze_paper(paper, load_content(bundled_paths()))


@pytest.fixture(scope="session")
def frozen_file(frozen: FrozenPaper, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The frozen sample paper as a file, as `csassess paper freeze` writes it."""
    path = tmp_path_factory.mktemp("paper") / "cs201-sample.frozen.json"
    write_json(path, frozen.model_dump(mode="json"))
    return path


@pytest.fixture
def examples(tmp_path: Path) -> Path:
    """A private copy of the example scripts (40 JSON files and a CSV of 10 candidates)."""
    target = tmp_path / "scripts"
    shutil.copytree(EXAMPLES, target)
    return target


@pytest.fixture(scope="session")
def marked_db(frozen_file: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A results database holding the marked examples (read-only: copy it to change it)."""
    db = tmp_path_factory.mktemp("db") / "results.db"
    result = CliRunner().invoke(
        app, ["mark", str(frozen_file), str(EXAMPLES), "--db", str(db), "--workers", "0"]
    )
    assert result.exit_code == 0, result.output
    return db


@pytest.fixture
def db_copy(marked_db: Path, tmp_path: Path) -> Path:
    """A copy of the marked examples database that a test may change."""
    target = tmp_path / "results.db"
    with sqlite3.connect(marked_db) as source, sqlite3.connect(target) as copy:
        source.backup(copy)
    return target


@pytest.fixture
def sql() -> Callable[[Path], sqlite3.Connection]:
    """Open a database for a raw SQL look (or a deliberate corruption)."""

    def connect(db: Path) -> sqlite3.Connection:
        return sqlite3.connect(db, isolation_level=None)

    return connect
