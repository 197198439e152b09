"""`csassess review`: the queue of flagged answers, one answer shown, and examiners' decisions."""

from __future__ import annotations

import pytest


def _queue(invoke, db, *options):
    result = invoke("review", "list", "--db", db, *options)
    assert result.exit_code == 0, result.output
    return [line.split() for line in result.stdout.splitlines()[:-1]]


def test_queue_lists_flagged_undecided_answers(invoke, db_copy, sql):
    """The queue holds every flagged answer of a current script, with its reasons, and a count line."""
    with sql(db_copy) as conn:
        flagged = conn.execute("SELECT COUNT(*) FROM answers WHERE needs_review = 1").fetchone()[0]
    result = invoke("review", "list", "--db", db_copy)
    assert result.stdout.splitlines()[-1] == f"{flagged} answers waiting for review"
    assert len(result.stdout.splitlines()) == flagged + 1


@pytest.mark.parametrize(
    ("option", "value", "column"),
    [("--item", "CS-COM-SC-001.a", 4), ("--centre", "C20871", 2), ("--reason", "not_in_paper_language", 6)],
)
def test_queue_filters(invoke, db_copy, option, value, column):
    """The queue can be narrowed to one question, one centre or one reason."""
    rows = _queue(invoke, db_copy, option, value)
    assert rows
    assert all(value in " ".join(row[column:]) for row in rows)


def test_decision_updates_total_grade_and_queue(invoke, db_copy, sql):
    """A decision changes the candidate's total and leaves the queue; the engine mark is kept."""
    first = _queue(invoke, db_copy, "--item", "CS-COM-SC-001.a")[0]
    answer, candidate, mark = first[0], first[3], first[5]
    engine = int(mark.split("/")[0])
    with sql(db_copy) as conn:
        before = conn.execute(
            "SELECT total FROM scripts WHERE current = 1 AND candidate = ?", (candidate,)
        ).fetchone()[0]
    result = invoke(
        "review", "decide", answer, "--mark", engine - 1, "--reason", "rubric_misapplied",
        "--examiner", "E. Khan", "--note", "a nod cannot be heard", "--db", db_copy,
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith(
        f"answer {answer}: {engine} -> {engine - 1} (decision 1); candidate total {before - 1}"
    )
    assert answer not in [row[0] for row in _queue(invoke, db_copy)]
    shown = invoke("review", "show", answer, "--db", db_copy).stdout
    assert f"engine {engine}/2" in shown
    assert (
        f"decision 1: {engine} -> {engine - 1} by E. Khan (reviewer), "
        "rubric_misapplied (a nod cannot be heard)" in shown
    )
    assert invoke("verify", "--db", db_copy, "--workers", "0").exit_code == 0


def test_unknown_reason_is_one_error_line(invoke, db_copy):
    """A reason outside the fixed list is refused with the list, and nothing is recorded."""
    answer = _queue(invoke, db_copy)[0][0]
    result = invoke(
        "review",
        "decide",
        answer,
        "--mark",
        0,
        "--reason",
        "felt like it",
        "--examiner",
        "X",
        "--db",
        db_copy,
    )
    assert result.exit_code == 2
    assert result.stderr.startswith(
        "Error: Invalid value for '--reason': 'felt like it' is not one of 'marking_error', "
        "'rubric_misapplied'"
    )
    assert "decision" not in invoke("review", "show", answer, "--db", db_copy).stdout


def test_every_batch_command_has_help(invoke):
    """mark, remark, verify, export and the review commands all explain themselves in --help."""
    for command in (
        ["mark"],
        ["remark"],
        ["verify"],
        ["export"],
        *(["review", sub] for sub in ("list", "show", "decide", "sample", "second", "agreement")),
    ):
        result = invoke(*command, "--help")
        assert result.exit_code == 0, command
        assert "Usage:" in result.stdout
