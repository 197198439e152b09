"""`csassess verify`: the clerical re-check passes on a clean database and lists every difference."""

from __future__ import annotations

WHO = "CS201-SAMPLE/A centre C10234 candidate"


def _total_of(sql, db, candidate):
    with sql(db) as conn:
        return conn.execute("SELECT total FROM scripts WHERE candidate = ?", (candidate,)).fetchone()[0]


def _force(sql, db, trigger, *statements):
    """Change what the database guards, as only a hand with raw SQL could: drop the guard first."""
    with sql(db) as conn:
        conn.execute(f"DROP TRIGGER {trigger}")
        for statement in statements:
            conn.execute(statement)


def _differences(invoke, db):
    """The lines of a verify that found differences (exit 1)."""
    result = invoke("verify", "--db", db, "--workers", "0")
    assert result.exit_code == 1, result.output
    return result.stdout.splitlines()


def test_clean_database_passes(invoke, db_copy):
    """Freshly marked results re-check clean: exit 0 and one OK line."""
    result = invoke("verify", "--db", db_copy, "--workers", "0")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == ["OK: 50 candidates, 1500 answers re-checked, no differences"]


def test_clean_database_passes_with_workers(invoke, db_copy):
    """The re-mark also runs in worker processes, with the same verdict."""
    result = invoke("verify", "--db", db_copy, "--workers", "2")
    assert result.exit_code == 0, result.output


def test_hand_corrupted_total_is_caught(invoke, db_copy, sql):
    """A total changed by hand is reported against the sum of the item marks, with exit 1."""
    total = _total_of(sql, db_copy, "0001")
    with sql(db_copy) as conn:
        conn.execute("UPDATE scripts SET total = total + 5 WHERE candidate = '0001'")
    assert _differences(invoke, db_copy) == [
        f"{WHO} 0001: total is {total + 5} but the item marks add up to {total}",
        "1 difference in 50 candidates, 1500 answers",
    ]


def test_wrong_grade_is_caught(invoke, db_copy, sql):
    """A grade that does not follow the boundaries is reported."""
    total = _total_of(sql, db_copy, "0037")
    with sql(db_copy) as conn:
        conn.execute("UPDATE scripts SET grade = 'Distinction' WHERE candidate = '0037'")
    assert f"{WHO} 0037: grade is Distinction but a total of {total} earns Fail" in _differences(
        invoke, db_copy
    )


def test_stored_mark_that_a_remark_disagrees_with_is_caught(invoke, db_copy, sql):
    """An engine mark forced past the database's guard differs from a fresh re-mark, and is reported."""
    _force(
        sql,
        db_copy,
        "answers_engine_mark_fixed",
        "UPDATE answers SET mark = 0 WHERE question_id = 'CS-FND-MC-002' AND script_id = "
        "(SELECT id FROM scripts WHERE candidate = '0001')",
    )
    lines = _differences(invoke, db_copy)
    assert f"{WHO} 0001: CS-FND-MC-002: stored engine mark 0/1, a fresh re-mark gives 1/1" in lines
    assert f"{WHO} 0001: total is 56 but the item marks add up to 55" in lines


def test_missing_answer_is_caught(invoke, db_copy, sql):
    """A question with no stored mark is reported by name."""
    one = "question_id = 'CS-FND-ER-003' AND script_id = (SELECT id FROM scripts WHERE candidate = '0002')"
    _force(
        sql,
        db_copy,
        "answers_kept",
        f"DELETE FROM review_reasons WHERE answer_id IN (SELECT id FROM answers WHERE {one})",
        f"DELETE FROM answers WHERE {one}",
    )
    assert f"{WHO} 0002: CS-FND-ER-003: no mark stored" in _differences(invoke, db_copy)


def test_missing_database_is_one_error_line(invoke, tmp_path):
    """Verifying a database that does not exist is a usage error (exit 2) and creates nothing."""
    db = tmp_path / "none.db"
    result = invoke("verify", "--db", db)
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [f"Error: {db}: no such results database; run `csassess mark` first"]
    assert not db.exists()
