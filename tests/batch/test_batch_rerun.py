"""Running `csassess mark` again: unchanged scripts are skipped, changed ones re-marked with history."""

from __future__ import annotations

import json

from batchdata import refreeze, widen_rubric
from csassess.batch.run import mark_batch
from csassess.fileio import write_json
from csassess.store import Store


def _current_counts(sql, db):
    with sql(db) as conn:
        return conn.execute(
            "SELECT COUNT(*), COUNT(DISTINCT centre || '/' || candidate) FROM scripts WHERE current = 1"
        ).fetchone()


def test_examples_are_all_marked_and_exit_0(invoke, frozen_file, examples, tmp_path):
    """All 50 example candidates (40 files and 10 CSV rows) are marked, and nothing is set aside."""
    result = invoke("mark", frozen_file, examples, "--db", tmp_path / "r.db", "--workers", "0")
    assert result.exit_code == 0, result.output
    assert "  marked:             50" in result.stdout
    assert "  set aside:           0" in result.stdout
    assert "(all 50 current candidates)" in result.stdout


def test_rerun_skips_every_unchanged_script(invoke, frozen_file, examples, tmp_path, sql):
    """A second run over the same scripts and paper marks nothing and adds no rows."""
    db = tmp_path / "r.db"
    invoke("mark", frozen_file, examples, "--db", db, "--workers", "0")
    result = invoke("mark", frozen_file, examples, "--db", db, "--workers", "0")
    assert result.exit_code == 0, result.output
    assert "  marked:              0" in result.stdout
    assert "  re-marked:           0" in result.stdout
    assert "  skipped:            50" in result.stdout
    with sql(db) as conn:
        assert conn.execute("SELECT COUNT(*) FROM scripts").fetchone()[0] == 50


def test_changed_script_is_remarked_and_history_kept(frozen, examples, tmp_path, sql):
    """A script edited after marking is marked again; the old result stays, pointing at the new one."""
    db = tmp_path / "r.db"
    with Store(db) as store:
        mark_batch(store, frozen, [examples], workers=0)
    path = examples / "0015-weak-vague.json"
    script = json.loads(path.read_text(encoding="utf-8"))
    script["answers"]["CS-FND-MC-002"] = "B"
    script["answers"]["CS-FND-SA-001"] = (
        "Customer service is the help and assistance given to customers to meet their needs and "
        "expectations, before, during and after the sale."
    )
    path.write_text(json.dumps(script), encoding="utf-8")
    with Store(db) as store:
        summary = mark_batch(store, frozen, [examples], workers=0)
    assert (summary.marked, summary.remarked, summary.skipped) == (0, 1, 49)
    with sql(db) as conn:
        rows = conn.execute(
            "SELECT id, current, superseded_by, total FROM scripts WHERE candidate = '0015' ORDER BY id"
        ).fetchall()
        (old_id, old_current, successor, old_total), (new_id, new_current, none, new_total) = rows
        assert (old_current, new_current, successor, none) == (0, 1, new_id, None)
        assert new_total > old_total
        kept = conn.execute("SELECT COUNT(*) FROM answers WHERE script_id = ?", (old_id,)).fetchone()[0]
        assert kept == 30
    assert _current_counts(sql, db) == (50, 50)


def test_changed_rubric_remarks_every_script(frozen, examples, tmp_path, sql):
    """A new freeze whose rubric gained an evidence phrase re-marks everyone, keeping the old results."""
    db = tmp_path / "r.db"
    with Store(db) as store:
        mark_batch(store, frozen, [examples], workers=0)

    with Store(db) as store:
        summary = mark_batch(store, refreeze(frozen, widen_rubric), [examples], workers=0)
    assert (summary.marked, summary.remarked, summary.skipped) == (0, 50, 0)
    with sql(db) as conn:
        assert conn.execute("SELECT COUNT(*) FROM scripts").fetchone()[0] == 100
        assert conn.execute("SELECT COUNT(DISTINCT paper_hash) FROM scripts").fetchone()[0] == 2
    assert _current_counts(sql, db) == (50, 50)


def test_new_freeze_with_same_content_skips(frozen, examples, tmp_path):
    """Re-freezing with only a new title keeps every result: nothing that marks a script changed."""
    db = tmp_path / "r.db"
    with Store(db) as store:
        mark_batch(store, frozen, [examples], workers=0)
    renamed = refreeze(frozen, lambda body: body.update(title="CS201 sample paper (reprinted)"))
    assert renamed.content_hash != frozen.content_hash
    with Store(db) as store:
        summary = mark_batch(store, renamed, [examples], workers=0)
    assert (summary.marked, summary.remarked, summary.skipped) == (0, 0, 50)


def test_parallel_workers_give_the_same_marks(invoke, frozen_file, examples, tmp_path, sql):
    """Marking in two worker processes stores exactly the marks of marking in this process."""
    one, two = tmp_path / "one.db", tmp_path / "two.db"
    invoke("mark", frozen_file, examples, "--db", one, "--workers", "0")
    result = invoke("mark", frozen_file, examples, "--db", two, "--workers", "2", "--chunk-size", "7")
    assert result.exit_code == 0, result.output
    query = (
        "SELECT s.candidate, a.question_id, a.mark, a.needs_review FROM answers a "
        "JOIN scripts s ON s.id = a.script_id ORDER BY 1, 2"
    )
    with sql(one) as a, sql(two) as b:
        assert a.execute(query).fetchall() == b.execute(query).fetchall()


def test_edited_frozen_paper_is_refused(invoke, frozen, tmp_path, examples):
    """A frozen paper changed by hand after freezing is refused with one line and exit 1."""
    body = frozen.model_dump(mode="json")
    body["grade_boundaries"][0]["min_mark"] = 1
    path = tmp_path / "edited.json"
    write_json(path, body)
    result = invoke("mark", path, examples, "--db", tmp_path / "r.db")
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: {path}: the frozen paper does not match its content_hash")


def test_missing_scripts_path_is_a_usage_error(invoke, frozen_file, tmp_path):
    """A scripts path that does not exist exits 2 with one error line."""
    missing = tmp_path / "nope"
    result = invoke("mark", frozen_file, missing, "--db", tmp_path / "r.db")
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [f"Error: {missing}: no such file or folder"]


def test_a_second_batch_on_the_same_open_store_starts_afresh(frozen, examples, tmp_path):
    """A store that already ran a batch takes nobody in the next one for a duplicate of the first."""
    with Store(tmp_path / "r.db") as store:
        mark_batch(store, frozen, [examples], workers=0)
        again = mark_batch(store, frozen, [examples], workers=0)
    assert (again.skipped, again.set_aside_count) == (50, 0)
