"""`--format json` (and `report --summary json`): one JSON document per command, as docs/cli-json.md says."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from csassess.content.bundled import bundled_root

EXAMPLES = bundled_root() / "examples" / "scripts"
BLUEPRINT = bundled_root() / "papers" / "cs201-blueprint.yaml"


def _json(result) -> dict:
    assert result.exit_code in (0, 1, 3), result.output
    return json.loads(result.stdout)


def _current_candidates(db: Path) -> int:
    with sqlite3.connect(db) as conn:
        return conn.execute("SELECT count(*) FROM scripts WHERE current = 1").fetchone()[0]


def test_mark_json_counts_every_script_and_a_rerun_skips_them(invoke, frozen_file, tmp_path):
    """`mark --format json` gives the run's counts; marking again reports every script skipped."""
    db = tmp_path / "r.db"
    first = invoke("mark", frozen_file, EXAMPLES, "--db", db, "--workers", "0", "--format", "json")
    summary = _json(first)
    assert set(summary) == {
        "paper", "form", "database", "run", "dry_run", "marked", "remarked", "skipped",
        "set_aside", "review", "changed", "lapsed_decisions", "arrangements", "grades",
    }  # fmt: skip
    assert summary["database"] == str(db)
    assert summary["dry_run"] is False
    assert isinstance(summary["run"], int)
    assert summary["marked"] >= 40
    assert summary["set_aside"] == {"count": 0, "listed": []}
    assert summary["arrangements"] == {"count": 0, "listed": []}
    assert sum(summary["grades"].values()) == summary["marked"]
    assert 0 < summary["review"]["scripts"] <= summary["review"]["answers"]
    again = _json(invoke("mark", frozen_file, EXAMPLES, "--db", db, "--workers", "0", "--format", "json"))
    assert (again["marked"], again["skipped"]) == (0, summary["marked"])
    assert again["run"] == summary["run"] + 1


def test_mark_json_lists_a_set_aside_script_and_exits_3(invoke, frozen_file, tmp_path):
    """A script that cannot be marked appears under set_aside with where and why; the exit is 3."""
    scripts = tmp_path / "scripts"
    scripts.mkdir()
    (scripts / "no-candidate-number.json").write_text('{"kind": "answer_script"}', encoding="utf-8")
    result = invoke(
        "mark", frozen_file, scripts, "--db", tmp_path / "r.db", "--workers", "0", "--format", "json"
    )
    assert result.exit_code == 3
    aside = json.loads(result.stdout)["set_aside"]
    assert aside["count"] == 1
    (item,) = aside["listed"]
    assert set(item) == {"source", "line_or_row", "field", "reason", "unit"}
    assert item["source"].endswith("no-candidate-number.json")


def test_verify_json_is_ok_on_the_marked_examples(invoke, marked_db):
    """`verify --format json` says ok with the counts re-checked and no differences."""
    report = _json(invoke("verify", "--db", marked_db, "--workers", "0", "--format", "json"))
    assert report["ok"] is True
    assert report["candidates"] == _current_candidates(marked_db)
    assert report["answers"] > report["candidates"]
    assert (report["difference_count"], report["differences"]) == (0, [])


def test_verify_json_lists_a_tampered_total_and_exits_1(invoke, db_copy, sql):
    """A total edited behind csassess's back is a difference in the JSON, and the exit is 1."""
    with sql(db_copy) as conn:
        conn.execute("UPDATE scripts SET total = total + 5 WHERE candidate = '0001'")
    result = invoke("verify", "--db", db_copy, "--workers", "0", "--format", "json")
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    assert report["ok"] is False
    assert report["difference_count"] >= 1
    assert set(report["differences"][0]) == {"paper", "centre", "candidate", "what"}


def test_review_list_and_show_json_agree_on_an_answer(invoke, marked_db):
    """`review list --format json` entries can be opened with `review show --format json`."""
    queue = _json(invoke("review", "list", "--db", marked_db, "--format", "json"))
    assert queue["queue"] == "flagged"
    assert queue["count"] == len(queue["answers"]) > 0
    entry = queue["answers"][0]
    assert set(entry) == {
        "answer", "paper", "form", "centre", "candidate", "question", "max_mark", "late", "mark", "reasons",
    }  # fmt: skip
    assert entry["reasons"]
    shown = _json(invoke("review", "show", entry["answer"], "--db", marked_db, "--format", "json"))
    for key in ("answer", "paper", "form", "centre", "candidate", "question", "max_mark", "mark"):
        assert shown[key] == entry[key], key
    assert shown["blind"] is False
    assert shown["needs_review"] is True
    assert {r["code"] for r in shown["reasons"]} == set(entry["reasons"])
    for point in shown["points"]:
        for span in point.get("evidence") or []:
            assert shown["text"][span["start"] : span["end"]] == span["text"]
    assert shown["decisions"] == []


def test_review_show_blind_json_has_no_marks(invoke, marked_db):
    """A blind show gives the candidate's words and the maximum, and no mark, evidence or decision."""
    entry = _json(invoke("review", "list", "--db", marked_db, "--format", "json"))["answers"][0]
    shown = _json(invoke("review", "show", entry["answer"], "--db", marked_db, "--blind", "--format", "json"))
    assert shown["blind"] is True
    assert shown["max_mark"] == entry["max_mark"]
    assert not {"mark", "engine_mark", "points", "reasons", "decisions", "confidence"} & set(shown)


def test_review_list_json_of_the_second_queue_hides_the_first_mark(invoke, db_copy):
    """The second-marking queue in JSON carries sample, examiner and tolerance, never the first mark."""
    sample = invoke("review", "sample", "--db", db_copy, "--examiner", "J. Patel", "--seed", "1")
    assert sample.exit_code == 0, sample.output
    queue = _json(invoke("review", "list", "--db", db_copy, "--queue", "second", "--format", "json"))
    assert queue["queue"] == "second"
    assert queue["count"] > 0
    for entry in queue["answers"]:
        assert entry["examiner"] == "J. Patel"
        assert isinstance(entry["sample"], int)
        assert "mark" not in entry


def test_export_json_summary_names_the_file_and_count(invoke, marked_db, tmp_path):
    """`export --format json` prints the count and the file written, whose format is its suffix."""
    target = tmp_path / "results.csv"
    summary = _json(invoke("export", "--db", marked_db, "--out", target, "--summary", "json"))
    assert summary == {"candidates": _current_candidates(marked_db), "out": str(target), "format": "csv"}
    assert target.read_text(encoding="utf-8-sig").count("\n") == summary["candidates"] + 1


def test_report_summary_json_lists_what_was_written(invoke, marked_db, tmp_path):
    """`report --summary json` counts the files written and names the index and the summaries."""
    out = tmp_path / "reports"
    args = ("--db", marked_db, "--out", out, "--format", "html", "--workers", "0", "--summary", "json")
    summary = _json(invoke("report", *args))
    assert summary["out"] == str(out)
    assert summary["candidates"] == _current_candidates(marked_db)
    assert (summary["papers"], summary["pdf"], summary["failed"]) == (1, 0, [])
    assert summary["html"] == len([p for p in out.rglob("*.html") if p.name != "index.html"])
    assert Path(summary["index"]).is_file()
    assert all(Path(path).is_file() for path in summary["summaries"])


def test_paper_build_json_lists_forms_overlap_and_files(invoke, tmp_path):
    """`paper build --format json` gives each form's items and marks, the overlaps and the files."""
    out = tmp_path / "forms"
    args = ("--out", out, "--forms", "2", "--history", tmp_path / "exposure.yaml", "--format", "json")
    built = _json(invoke("paper", "build", BLUEPRINT, *args))
    assert built["status"] in ("optimal", "feasible")
    assert [f["form"] for f in built["forms"]] == ["A", "B"]
    for form in built["forms"]:
        assert form["items"]
        assert sum(form["kinds"].values()) == len(form["items"])
        assert 1 <= form["mean_difficulty"] <= 3
    ((pair, shared),) = [(o["forms"], o["shared"]) for o in built["overlap"]]
    a, b = (set(f["items"]) for f in built["forms"])
    assert (pair, shared) == (["A", "B"], len(a & b))
    assert all(Path(path).exists() for path in built["written"])
    assert {Path(p).name for p in built["written"]} >= {"form-A.frozen.json", "form-B.frozen.json"}


@pytest.mark.parametrize("command", [("validate",), ("try", "CS-COM-SA-001", "I would escalate it")])
def test_json_is_one_document_with_nothing_else_on_stdout(invoke, command):
    """The JSON output is the whole of stdout: a program can parse it without picking lines out."""
    result = invoke(*command, "--format", "json")
    assert result.exit_code == 0, result.output
    assert isinstance(json.loads(result.stdout), dict)
