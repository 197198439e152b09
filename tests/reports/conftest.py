"""Fixtures for the report tests: the frozen sample paper, the marked examples, small databases."""

from __future__ import annotations

from pathlib import Path

import pytest
from reportdata import ESCALATION_ANSWER, EXAMPLES, ROOT, write_results
from typer.testing import CliRunner

from csassess.assembly.freeze import freeze_paper
from csassess.cli.app import app
from csassess.content.bundled import bundled_paths
from csassess.content.contentset import load_content
from csassess.content.loading import load_file
from csassess.fileio import write_json
from csassess.marking.plan import paper_questions
from csassess.models import FrozenPaper


@pytest.fixture(scope="session")
def paper() -> FrozenPaper:
    """The bundled sample paper, frozen against the bundled banks and rubrics."""
    source = load_file(ROOT / "papers" / "cs201-sample.yaml", expected="paper").model
    return freeze_paper(source, load_content(bundled_paths()))


@pytest.fixture(scope="session")
def examples_db(paper: FrozenPaper, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example scripts marked into a results database (read-only: copy it to change it)."""
    folder = tmp_path_factory.mktemp("examples")
    frozen = folder / "paper.frozen.json"
    write_json(frozen, paper.model_dump(mode="json"))
    db = folder / "results.db"
    result = CliRunner().invoke(app, ["mark", str(frozen), str(EXAMPLES), "--db", str(db), "--workers", "0"])
    assert result.exit_code == 0, result.output
    return db


@pytest.fixture(scope="session")
def examples_html(examples_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """HTML reports of the examples, written once in this process (read-only)."""
    out = tmp_path_factory.mktemp("reports") / "out"
    result = CliRunner().invoke(
        app, ["report", "--db", str(examples_db), "--out", str(out), "--format", "html", "--workers", "0"]
    )
    assert result.exit_code == 0, result.output
    return out


def _wrong(options: list[str], key: str) -> str:
    return next(o for o in options if o != key)


@pytest.fixture(scope="session")
def stats_db(paper: FrozenPaper, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Four candidates whose first three (1-mark, multiple-choice) questions score
    (1,1,1), (1,1,0), (0,1,0), (0,0,0), everyone who missed a question choosing the same
    distractor; every other question blank. Read-only."""
    first = [pq.question for pq in paper_questions(paper)[:3]]
    pattern = [(1, 1, 1), (1, 1, 0), (0, 1, 0), (0, 0, 0)]
    scripts = []
    for n, right in enumerate(pattern, 1):
        answers = {q.id: q.key if ok else _wrong(q) for q, ok in zip(first, right, strict=True)}
        scripts.append(("C00001" if n < 3 else "C00002", f"000{n}", None, answers))
    db = tmp_path_factory.mktemp("stats") / "results.db"
    write_results(db, paper, scripts)
    return db


def _wrong(question: object) -> str:
    """The first option that is not the key."""
    return next(o.id for o in question.options if o.id != question.key)  # type: ignore[attr-defined]


@pytest.fixture(scope="session")
def crafted_db(paper: FrozenPaper, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Candidate 0001 writes markup in an answer and a name, answers the escalation question
    well and gives visual signals on a telephone call (sent to review); 0002 answers question 1
    right. Read-only: copy it to change it."""
    first = paper.sections[0].items[0].item
    scripts = [
        (
            "C00001",
            "0001",
            "<img src=x onerror=alert(1)>",
            {
                "CS-COM-SC-001.a": "I would keep eye contact and nod my head while she talks.",
                "CS-COM-SC-001.b": ESCALATION_ANSWER,
            },
        ),
        ("C00001", "0002", "Sam Jones", {first.id: first.key}),  # type: ignore[union-attr]
    ]
    db = tmp_path_factory.mktemp("crafted") / "results.db"
    write_results(db, paper, scripts)
    return db
