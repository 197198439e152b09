"""Late scripts: the offline exam's `late` flag is read, kept, exported and shown to examiners."""

from __future__ import annotations

import csv
import json

from batchdata import EXAMPLES
from csassess.content.hashing import sha256_text
from csassess.content.loading import load_file
from csassess.fileio import canonical_json
from csassess.intake import ReadScript, SetAside
from csassess.intake.csvfile import read_csv
from csassess.intake.digest import legacy_content_hash, script_content_hash

OFFLINE = "0030-good-offline-exam-with-digest.json"


def _make_late(examples):
    """The offline-exam example handed in late: `late` is outside the digest, which still holds."""
    path = examples / OFFLINE
    script = json.loads(path.read_text(encoding="utf-8"))
    script["late"] = True
    path.write_text(json.dumps(script, ensure_ascii=False), encoding="utf-8")
    return script["candidate"]["number"]


def test_late_script_is_marked_kept_and_exported(invoke, frozen_file, examples, tmp_path, sql):
    """A late script keeps its digest, is marked, and is late in the database and every export."""
    number = _make_late(examples)
    db = tmp_path / "r.db"
    result = invoke("mark", frozen_file, examples, "--db", db, "--workers", "0")
    assert result.exit_code == 0, result.output
    with sql(db) as conn:
        assert conn.execute("SELECT candidate FROM scripts WHERE late = 1").fetchall() == [(number,)]
    invoke("export", "--db", db, "--out", tmp_path / "r.csv")
    with (tmp_path / "r.csv").open(encoding="utf-8-sig", newline="") as handle:
        late = {row["candidate"]: row["late"] for row in csv.DictReader(handle)}
    assert late[number] == "TRUE"
    assert set(late.values()) == {"TRUE", "FALSE"}
    invoke("export", "--db", db, "--out", tmp_path / "r.json")
    records = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))["candidates"]
    assert [r["candidate"] for r in records if r["late"] is True] == [number]


def test_examiners_see_that_a_script_was_late(invoke, frozen_file, examples, tmp_path):
    """Review lines of a late script end with `late`, and showing an answer says so."""
    number = _make_late(examples)
    db = tmp_path / "r.db"
    invoke("mark", frozen_file, examples, "--db", db, "--workers", "0")
    lines = invoke("review", "list", "--db", db).stdout.splitlines()[:-1]
    theirs = [line for line in lines if line.split()[3] == number]
    assert theirs, "the example has flagged answers"
    assert all(line.endswith("  late") for line in theirs)
    assert not any(line.endswith("  late") for line in lines if line.split()[3] != number)
    shown = invoke("review", "show", theirs[0].split()[0], "--db", db).stdout.splitlines()[0]
    assert shown.endswith("(handed in late)")


def test_turning_late_on_is_a_changed_script(frozen_file, examples, tmp_path, invoke):
    """Marking again after a script became late re-marks that one script (its content changed)."""
    db = tmp_path / "r.db"
    invoke("mark", frozen_file, examples, "--db", db, "--workers", "0")
    _make_late(examples)
    result = invoke("mark", frozen_file, examples, "--db", db, "--workers", "0")
    assert "  re-marked:           1" in result.stdout
    assert "  skipped:            49" in result.stdout


def test_legacy_content_hash_of_a_script_on_time_is_as_before_late_existed():
    """By the first definition, a script that is not late hashes without the field, so results
    stored before `late` existed stay unchanged; by either, turning `late` on changes the hash."""
    script = load_file(EXAMPLES / OFFLINE, expected="answer_script").model
    body = script.model_dump(mode="json")
    assert body.pop("late") is False
    assert (body.pop("arrangements"), body.pop("breaks")) == (None, [])  # nor these, newer still
    assert legacy_content_hash(script) == sha256_text(canonical_json(body))
    late = script.model_copy(update={"late": True})
    assert legacy_content_hash(late) != legacy_content_hash(script)
    assert script_content_hash(late) != script_content_hash(script)


def test_csv_late_column(tmp_path):
    """A `late` column takes TRUE/FALSE, yes/no or 1/0 (blank: FALSE); anything else is set aside."""
    path = tmp_path / "late.csv"
    path.write_text(
        "paper,form,centre,candidate,late,CS-FND-SA-001\n"
        "CS201-SAMPLE,A,C1,0001,TRUE,x\n"
        "CS201-SAMPLE,A,C1,0002,no,x\n"
        "CS201-SAMPLE,A,C1,0003,,x\n"
        "CS201-SAMPLE,A,C1,0004,maybe,x\n",
        encoding="utf-8",
    )
    read = list(read_csv(path))
    assert [r.script.late for r in read if isinstance(r, ReadScript)] == [True, False, False]
    (aside,) = [r for r in read if isinstance(r, SetAside)]
    assert str(aside) == f"{path}:row 5: late: late is 'maybe': write TRUE or FALSE"
