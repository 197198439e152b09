# ruff: noqa: E501  (the table reads best one row a line)
"""Exit codes, command by command: 0 done, 1 invalid content or a failed check, 2 usage (a missing
file or database, a bad option value, an unsupported output suffix), 3 scripts set aside.

Each row is one command line, the code it must exit with and a fragment of its one-line error
(130, interrupted, is the progress bar's Ctrl-C: see test_interrupt_exits_130).
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from typer.testing import CliRunner

import csassess.api
from csassess.cli.app import app
from csassess.content.bundled import bundled_root

ROOT = bundled_root()
DATA = Path(__file__).parents[1] / "data"

ROWS = [
    # validate
    (["validate"], 0, ""),
    (["validate", "{missing}"], 2, "{missing}: no such file or folder"),
    (["validate", str(DATA / "broken" / "missing-rubric")], 1, ""),  # findings, one a line
    (["validate", "--format", "xml"], 2, "Invalid value for '--format'"),
    # schema, try, agreement
    (["schema", "--out", "{tmp}/schemas"], 0, ""),
    (["try", "CS-COM-SA-001", "I would escalate it"], 0, ""),
    (["try", "CS-COM-SA-001"], 2, "give the answer text or --file"),
    (["try", "CS-COM-SA-00l", "I would escalate it"], 2, "no question 'CS-COM-SA-00l'; did you mean"),
    (["try", "CS-COM-SA-001", "--file", "{missing}"], 2, "{missing}: no such file or folder"),
    (["agreement", "{missing}"], 2, "{missing}: no such file or folder"),
    (["agreement", "{tmp}/no-marks.csv"], 1, "no-marks.csv"),
    # paper freeze, build, render
    (["paper", "freeze", "{missing}", "--out", "{tmp}/f.json"], 2, "{missing}: no such file or folder"),
    (["paper", "freeze", str(ROOT / "papers" / "cs201-sample.yaml")], 2, "Missing option '--out'"),
    (["paper", "build", "{missing}", "--out", "{tmp}/forms"], 2, "{missing}: no such file or folder"),
    (["paper", "build", "{blueprint}", "--out", "{tmp}/forms", "--forms", "27"], 2, "27 is more than 26"),
    (["paper", "build", "{blueprint}", "--out", "{tmp}/forms", "--forms", "0"], 2, "Invalid value for '--forms'"),
    (["paper", "build", "{blueprint}", "--bank", str(DATA / "broken" / "missing-rubric"), "--out", "{tmp}/f"], 1, ""),
    (["paper", "render", "{missing}", "--out", "{tmp}/p"], 2, "{missing}: no such file or folder"),
    (["paper", "render", "{frozen}", "--out", "{tmp}/p", "--format", "docx"], 2, "unknown format docx"),
    (["paper", "render", "{frozen}", "--out", "{tmp}/p", "--template-dir", "{missing}"], 2, "no such file or folder"),
    (["paper", "render", "{edited}", "--out", "{tmp}/p"], 1, "does not match its content_hash"),
    # sit
    (["sit", "build", "{missing}", "--out", "{tmp}/e.html"], 2, "{missing}: no such file or folder"),
    (["sit", "build", "{frozen}", "--out", "{tmp}/e.html", "--on-timeout", "never"], 2, "'--on-timeout'"),
    (["sit", "build", "{frozen}", "--out", "{tmp}/e.html"], 0, ""),
    # mark, remark
    (["mark", "{frozen}", "{missing}", "--db", "{tmp}/r.db"], 2, "{missing}: no such file or folder"),
    (["mark", "{frozen}", "{aside}", "--db", "{tmp}/r.db", "--workers", "0"], 3, ""),
    (["mark", "{frozen}", "{aside}", "--db", "{tmp}/r.db", "--workers", "-1"], 2, "'--workers'"),
    (["mark", "{edited}", "{aside}", "--db", "{tmp}/r.db"], 1, "(edited after freezing?); freeze it again with `csassess paper freeze`"),
    (["mark", "{frozen}", "{aside}", "--db", "{tmp}/none.db", "--dry-run"], 2, "a dry run compares"),
    (["remark", "{missing}"], 2, "{missing}: no such file or folder"),
    (["remark", "{frozen}", "--db", "{tmp}/none.db"], 2, "no such results database; run `csassess mark` first"),
    (["remark", "{frozen}", "--db", "{db}", "--dry-run", "--workers", "0"], 0, ""),
    # verify, export, report
    (["verify", "--db", "{db}", "--workers", "0"], 0, ""),
    (["verify", "--db", "{tmp}/none.db"], 2, "{tmp}/none.db: no such results database; run `csassess mark`"),
    (["verify", "--db", "{tampered}", "--workers", "0"], 1, ""),
    (["export", "--db", "{db}", "--out", "{tmp}/r.csv"], 0, ""),
    (["export", "--db", "{db}", "--out", "{tmp}/r.txt"], 2, "cannot tell the format"),
    (["export", "--db", "{tmp}/none.db", "--out", "{tmp}/r.csv"], 2, "no such results database"),
    (["export", "--db", "{db}", "--out", "{tmp}/r.csv", "--summary", "yaml"], 2, "Invalid value for '--summary'"),
    (["export", "--db", "{db}", "--out", "{tmp}/r.csv", "--format", "yaml"], 2, "unknown format 'yaml'"),
    (["report", "--db", "{tmp}/none.db", "--out", "{tmp}/rep"], 2, "no such results database; run `csassess mark`"),
    (["report", "--db", "{db}", "--out", "{tmp}/rep", "--format", "docx"], 2, "unknown format docx"),
    (["report", "--db", "{db}", "--out", "{tmp}/rep", "--template-dir", "{missing}"], 2, "no such file or folder"),
    (["report", "--db", "{empty}", "--out", "{tmp}/rep"], 1, "no current results to report on; run `csassess mark`"),
    # review
    (["review", "list", "--db", "{db}"], 0, ""),
    (["review", "list", "--db", "{tmp}/none.db"], 2, "no such results database; run `csassess mark` first"),
    (["review", "list", "--db", "{db}", "--queue", "bogus"], 2, "'bogus' is not one of 'flagged'"),
    (["review", "show", "{answer}", "--db", "{db}"], 0, ""),
    (["review", "show", "{answer}", "--db", "{tmp}/none.db"], 2, "no such results database"),
    (["review", "show", "first", "--db", "{db}"], 2, "Invalid value for 'answer'"),
    (["review", "decide", "{answer}", "--mark", "0", "--examiner", "X", "--db", "{db}"], 2, "Missing option '--reason'"),
    (
        ["review", "decide", "{answer}", "--mark", "0", "--reason", "marking_error", "--examiner", "X",
         "--role", "second_marker", "--db", "{db}"],
        2,
        "not one of: reviewer, senior_examiner, moderator; record second marks with `csassess review second`",
    ),
    (
        ["review", "second", "{answer}", "--mark", "0", "--examiner", "Nobody", "--db", "{db}"],
        1,
        "in no second-marking sample for Nobody; draw one with `csassess review sample`",
    ),
    (["review", "sample", "--examiner", "X", "--seed", "1", "--db", "{tmp}/none.db"], 2, "no such results database"),
    (["review", "agreement", "--db", "{db}"], 0, ""),
    # the root
    (["--version-of-nothing"], 2, "No such option"),
    (["markk"], 2, "No such command 'markk'"),
]  # fmt: skip


@pytest.fixture(scope="module")
def places(tmp_path_factory: pytest.TempPathFactory, frozen_file: Path, marked_db: Path) -> dict[str, str]:
    """The files the rows name: a frozen paper edited after freezing, a folder whose one script is
    set aside, a database with no current results, a tampered copy of the marked examples."""
    tmp = tmp_path_factory.mktemp("exits")
    edited = tmp / "edited.frozen.json"
    paper = json.loads(frozen_file.read_text(encoding="utf-8"))
    paper["title"] = paper["title"] + " (edited)"
    edited.write_text(json.dumps(paper), encoding="utf-8")
    aside = tmp / "aside"
    aside.mkdir()
    (aside / "no-candidate-number.json").write_text('{"kind": "answer_script"}', encoding="utf-8")
    (tmp / "no-marks.csv").write_text("item,human,machine\n", encoding="utf-8")
    tampered = tmp / "tampered.db"
    tampered.write_bytes(marked_db.read_bytes())
    with sqlite3.connect(tampered) as conn:
        conn.execute("UPDATE scripts SET total = total + 5 WHERE candidate = '0001'")
    conn.close()
    empty = tmp / "empty.db"
    made = CliRunner().invoke(
        app, ["mark", str(frozen_file), str(aside), "--db", str(empty), "--workers", "0"]
    )
    assert made.exit_code == 3, made.output
    queue = CliRunner().invoke(app, ["review", "list", "--db", str(marked_db), "--format", "json"])
    return {
        "tmp": str(tmp),
        "missing": str(tmp / "nope"),
        "frozen": str(frozen_file),
        "edited": str(edited),
        "aside": str(aside),
        "db": str(marked_db),
        "tampered": str(tampered),
        "empty": str(empty),
        "blueprint": str(ROOT / "papers" / "cs201-blueprint.yaml"),
        "answer": str(json.loads(queue.stdout)["answers"][0]["answer"]),
    }


@pytest.mark.parametrize(("argv", "code", "fragment"), ROWS, ids=[" ".join(r[0])[:60] for r in ROWS])
def test_exit_code(invoke, places, argv, code, fragment):
    """The command exits with its documented code; an error is one line holding the fragment."""
    result = invoke(*(word.format(**places) for word in argv))
    assert result.exit_code == code, result.output
    if code in (0, 3):
        return
    if fragment:
        errors = [line for line in result.stderr.splitlines() if line.startswith("Error: ")]
        assert len(errors) == 1, result.stderr
        assert fragment.format(**places) in errors[0]
    assert "Traceback" not in result.output
    assert "╭" not in result.stderr  # no rich box


def test_usage_errors_are_one_line_with_no_usage_block(invoke, places):
    """A usage error typer finds prints exactly one line: no usage block, no box."""
    result = invoke("mark", places["frozen"])
    assert result.exit_code == 2
    assert result.stderr.splitlines() == ["Error: Missing argument 'scripts'; see `csassess mark --help`"]


def test_interrupt_exits_130_and_says_what_was_kept(monkeypatch, invoke, places, tmp_path):
    """Ctrl-C while marking ends with exit 130 and one line saying the work so far is kept."""

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(csassess.api.Results, "mark", interrupted)
    result = invoke("mark", places["frozen"], places["aside"], "--db", tmp_path / "r.db")
    assert result.exit_code == 130
    assert result.stderr.splitlines() == [
        "Error: interrupted: every chunk written so far is kept; run the same command again to resume"
    ]
