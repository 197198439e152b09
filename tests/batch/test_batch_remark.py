"""A rubric fix: `remark` and `mark --dry-run` list who changes (old -> new) and write nothing;
the real run does what the dry run said, keeps history, and carries examiner decisions over."""

from __future__ import annotations

import re
import sqlite3

import pytest

from batchdata import EXAMPLES, answer_id, refreeze, widen_rubric
from csassess.fileio import write_json
from csassess.store import MIGRATIONS, SchemaTooOldError, Store, StoreError, statements

CHANGE = re.compile(
    r"^    centre (\S+) candidate (\S+): total (\d+) -> (\d+)/(\d+), grade (\S+) -> (\S+)(?:; (.*))?$"
)


@pytest.fixture(scope="session")
def fixed_file(frozen, tmp_path_factory):
    """A new freeze of the sample paper whose rubric for CS-FND-SA-001 gained an evidence phrase."""
    path = tmp_path_factory.mktemp("fixed") / "cs201-fixed.frozen.json"
    write_json(path, refreeze(frozen, widen_rubric).model_dump(mode="json"))
    return path


def _changes(output: str) -> list[str]:
    return [line for line in output.splitlines() if CHANGE.match(line)]


def _remark(invoke, paper, db, *options):
    result = invoke("remark", paper, "--db", db, "--workers", "0", *options)
    assert result.exit_code == 0, result.output
    return result


def test_dry_run_lists_the_changes_and_leaves_the_file_byte_identical(invoke, fixed_file, db_copy):
    """`remark --dry-run` lists each changed candidate old -> new, and the database file is unchanged."""
    before = db_copy.read_bytes()
    result = _remark(invoke, fixed_file, db_copy, "--dry-run")
    lines = result.stdout.splitlines()
    assert lines[0] == f"CS201-SAMPLE form A against {db_copy}: dry run, nothing written"
    assert "  re-marked:          50  (changed script or rubric; nothing written)" in lines
    changes = _changes(result.stdout)
    assert changes, "widening a rubric should raise someone's mark"
    grades = 0
    for line in changes:
        _, _, old, new, _, old_grade, new_grade, questions = CHANGE.match(line).groups()
        assert int(new) > int(old)
        assert questions == "CS-FND-SA-001"
        grades += old_grade != new_grade
    plural = "grade" if grades == 1 else "grades"
    assert f"  {'would change:':<16}{len(changes):>6}  ({grades} {plural} would change)" in lines
    assert db_copy.read_bytes() == before


def test_real_run_does_what_the_dry_run_said_and_keeps_history(invoke, fixed_file, db_copy, sql):
    """The real re-mark changes exactly the listed candidates, to the listed totals, keeping old rows."""
    dry = _changes(_remark(invoke, fixed_file, db_copy, "--dry-run").stdout)
    real = _remark(invoke, fixed_file, db_copy)
    assert _changes(real.stdout) == dry
    with sql(db_copy) as conn:
        assert conn.execute("SELECT COUNT(*), SUM(current) FROM scripts").fetchone() == (100, 50)
        totals = dict(conn.execute("SELECT candidate, total FROM scripts WHERE current = 1"))
        assert (
            conn.execute("SELECT COUNT(DISTINCT marking_key) FROM scripts WHERE current = 1").fetchone()[0]
            == 1
        )
    for line in dry:
        _, candidate, _, new, *_ = CHANGE.match(line).groups()
        assert totals[candidate] == int(new)
    assert invoke("verify", "--db", db_copy, "--workers", "0").exit_code == 0
    again = _remark(invoke, fixed_file, db_copy)
    assert "  re-marked:           0" in again.stdout


def test_remark_in_small_chunks_on_workers_marks_everyone_once(invoke, fixed_file, db_copy, sql):
    """Results written between pages of the reading never disturb it: each candidate once."""
    _remark(invoke, fixed_file, db_copy, "--chunk-size", "7", "--workers", "2")
    with sql(db_copy) as conn:
        per_candidate = set(
            conn.execute("SELECT COUNT(*) FROM scripts WHERE current = 1 GROUP BY centre, candidate")
        )
        assert per_candidate == {(1,)}
        assert conn.execute("SELECT COUNT(*), SUM(current) FROM scripts").fetchone() == (100, 50)


def test_mark_dry_run_over_the_scripts_predicts_the_same(invoke, fixed_file, db_copy):
    """`mark NEW SCRIPTS --dry-run` lists the same changes as re-marking the stored answers."""
    before = db_copy.read_bytes()
    from_scripts = invoke("mark", fixed_file, EXAMPLES, "--db", db_copy, "--workers", "0", "--dry-run")
    assert from_scripts.exit_code == 0, from_scripts.output
    from_store = _remark(invoke, fixed_file, db_copy, "--dry-run")
    assert sorted(_changes(from_scripts.stdout)) == sorted(_changes(from_store.stdout))
    assert db_copy.read_bytes() == before


def test_decision_on_an_unchanged_answer_is_carried_over(invoke, fixed_file, db_copy, sql):
    """An examiner's mark on a question the fix does not touch still counts after re-marking."""
    old = answer_id(db_copy, "0011", "CS-FND-MC-002")
    with sql(db_copy) as conn:
        engine = conn.execute("SELECT mark FROM answers WHERE id = ?", (old,)).fetchone()[0]
    decided = 1 - engine
    result = invoke(
        "review", "decide", old, "--mark", decided, "--reason", "clerical_error",
        "--examiner", "E. Khan", "--db", db_copy,
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    _remark(invoke, fixed_file, db_copy)
    new = answer_id(db_copy, "0011", "CS-FND-MC-002")
    assert new != old
    shown = invoke("review", "show", new, "--db", db_copy).stdout
    assert f"now {decided}/1 after 1 decision(s)" in shown
    assert f"carried over from answer {old}" in shown
    with sql(db_copy) as conn:
        counted = conn.execute("SELECT mark FROM answer_marks WHERE answer_id = ?", (new,)).fetchone()[0]
    assert counted == decided
    assert invoke("verify", "--db", db_copy, "--workers", "0").exit_code == 0


def test_decision_on_a_remarked_answer_lapses_and_goes_back_to_review(invoke, fixed_file, db_copy):
    """A decision made under the old rubric no longer counts: the dry run says so, and the new
    answer waits in the review queue saying what the examiner gave."""
    old = answer_id(db_copy, "0011", "CS-FND-SA-001")
    invoke(
        "review", "decide", old, "--mark", 0, "--reason", "marking_error", "--examiner", "E. Khan",
        "--db", db_copy,
    )  # fmt: skip
    dry = _changes(_remark(invoke, fixed_file, db_copy, "--dry-run").stdout)
    (line,) = [line for line in dry if " candidate 0011:" in line]
    assert line.endswith("; CS-FND-SA-001; 1 earlier examiner decision no longer counts")
    _remark(invoke, fixed_file, db_copy)
    new = answer_id(db_copy, "0011", "CS-FND-SA-001")
    queue = invoke("review", "list", "--reason", "earlier_decision", "--db", db_copy).stdout.splitlines()
    assert [row.split()[0] for row in queue[:-1]] == [str(new)]
    shown = invoke("review", "show", new, "--db", db_copy).stdout
    assert (
        " review: earlier_decision: an examiner gave 0/2 under the earlier marking (decision 1); "
        "confirm or change it"
    ) in shown


def test_dry_run_needs_an_existing_database(invoke, fixed_file, tmp_path):
    """A dry run against a database that does not exist is a usage error, and creates nothing."""
    db = tmp_path / "none.db"
    result = invoke("mark", fixed_file, EXAMPLES, "--db", db, "--dry-run")
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        f"Error: {db}: no such results database; a dry run compares with results already marked"
    ]
    assert not db.exists()


def test_read_only_store_refuses_every_write(db_copy, frozen):
    """The store a dry run opens cannot write, even by mistake: SQLite itself refuses."""
    with Store(db_copy, read_only=True) as store, pytest.raises(StoreError, match="readonly"):
        store.save_paper(frozen, "key")


def test_older_schema_is_upgraded_and_a_dry_run_says_how(tmp_path):
    """A schema-1 database is upgraded on a normal open; a dry run refuses it, naming the database."""
    db = tmp_path / "v1.db"
    with sqlite3.connect(db) as conn:
        for statement in statements(MIGRATIONS[0]):
            conn.execute(statement)
        conn.execute("UPDATE schema_version SET version = 1")
    with pytest.raises(SchemaTooOldError, match=r"at results schema 1 .*writes nothing") as refused:
        Store(db, read_only=True)
    assert refused.value.path == db
    with Store(db) as store:
        assert store.schema_version() == len(MIGRATIONS)
        columns = {row[1] for row in store.db.execute("PRAGMA table_info(scripts)")}
    assert "late" in columns
