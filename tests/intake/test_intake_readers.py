"""Reading answer scripts: JSON/YAML files, CSV and XLSX rows, and the scripts set aside."""

from __future__ import annotations

import hashlib
import json
import sqlite3
from pathlib import Path

import openpyxl
import pytest

from batchdata import BROKEN, EXAMPLES, ROOT
from csassess.intake import ReadScript, SetAside, answers_digest, count_scripts, read_scripts
from csassess.intake.csvfile import read_csv
from csassess.intake.xlsxfile import read_xlsx

EXPECTED_SET_ASIDE = [
    "tests/data/scripts/bad-candidate-number.json:7: candidate.number: "
    "starts with a letter or digit and has only letters, digits and '-' (at most 32) (got '90 09')",
    "tests/data/scripts/broken-rows.csv:row 3: candidate: required cell is empty",
    "tests/data/scripts/broken-rows.csv:row 4: paper: script is for paper 'CS101-SAMPLE', not 'CS201-SAMPLE'",
    "tests/data/scripts/broken-rows.csv:row 5: column 9: cell beyond the last named column",
    "tests/data/scripts/duplicate-candidate.json:7: candidate.number: candidate 9001 of centre C40001 is "
    "already in this batch (tests/data/scripts/candidate-9001.json); only the first is marked",
    "tests/data/scripts/malformed.json:5: (json): invalid JSON: Expecting ',' delimiter",
    "tests/data/scripts/missing-candidate.json:1: candidate: required field is missing",
    "tests/data/scripts/not-an-answer-script.yaml:1: kind: expected a answer_script file, got 'paper'",
    "tests/data/scripts/stale-paper-hash.json:19: paper_hash: script was sat on a different freeze of "
    "this paper (paper_hash differs)",
    "tests/data/scripts/tampered-digest.json:19: digest: answers do not match their digest "
    "(changed after the exam?)",
    "tests/data/scripts/unknown-question.json:18: answers.CS-FND-SA-0001: no question 'CS-FND-SA-0001' "
    "on paper CS201-SAMPLE form A; did you mean 'CS-FND-SA-001'?",
    "tests/data/scripts/wrong-form.json:4: form: script is for form 'B', not form 'A'",
    "tests/data/scripts/wrong-paper.json:3: paper: script is for paper 'CS101-SAMPLE', not 'CS201-SAMPLE'",
]


def _header(columns: list[str]) -> list[str]:
    return ["paper", "form", "centre", "candidate", "name", *columns]


def test_broken_scripts_are_set_aside_one_line_each(invoke, frozen_file, tmp_path, monkeypatch):
    """Every broken script is listed with file, line or row, field and reason; the run exits 3."""
    monkeypatch.chdir(ROOT)
    result = invoke("mark", frozen_file, BROKEN, "--db", tmp_path / "r.db", "--workers", "0")
    assert result.exit_code == 3, result.output
    listed = [line.strip() for line in result.stdout.splitlines() if line.startswith("    ")]
    assert listed == EXPECTED_SET_ASIDE
    assert "  set aside:          13" in result.stdout


def test_the_rest_of_a_broken_batch_is_marked(invoke, frozen_file, tmp_path):
    """The good scripts beside the broken ones (JSON, YAML and two CSV rows) are all marked."""
    db = tmp_path / "r.db"
    invoke("mark", frozen_file, BROKEN, "--db", db, "--workers", "0")
    with sqlite3.connect(db) as conn:
        marked = sorted(r[0] for r in conn.execute("SELECT candidate FROM scripts WHERE current = 1"))
        kept = conn.execute("SELECT COUNT(*) FROM set_aside").fetchone()[0]
    assert marked == ["9001", "9002", "9101", "9105"]
    assert kept == 13


def test_csv_cells_become_script_fields():
    """A CSV row gives the candidate's name (commas kept) and splits multiple-response cells on ';'."""
    items = list(read_csv(BROKEN / "broken-rows.csv", frozenset({"CS-STD-MR-002"})))
    scripts = [i.script for i in items if isinstance(i, ReadScript)]
    assert [s.candidate.number for s in scripts] == ["9101", "9103", "9105"]
    last = scripts[-1]
    assert last.candidate.name == "Kelly, Sam"
    assert last.answers["CS-STD-MR-002"] == ["B", "D"]
    assert last.answers["CS-FND-SA-001"] == "The help a company gives, so customers come back."


def test_csv_without_a_candidate_column_sets_the_file_aside(tmp_path):
    """A header missing a required column sets the whole file aside at row 1, naming the column."""
    path = tmp_path / "centre.csv"
    path.write_text("paper,form,centre,CS-FND-MC-002\nCS201-SAMPLE,A,C1,B\n", encoding="utf-8")
    (item,) = read_csv(path)
    assert isinstance(item, SetAside)
    assert (item.line_or_row, item.field, item.unit) == (1, "candidate", "row")
    assert "need paper, form, centre, candidate" in item.reason


def test_csv_that_is_not_utf8_sets_aside_the_rest(tmp_path):
    """A Latin-1 byte part way through a CSV sets aside the rest from its line; rows before it are read."""
    path = tmp_path / "latin1.csv"
    body = "paper,form,centre,candidate,CS-FND-SA-001\nCS201-SAMPLE,A,C1,1,ok\n"
    path.write_bytes(body.encode() + "CS201-SAMPLE,A,C1,2,caf\xe9\n".encode("latin-1") * 4000)
    items = list(read_csv(path))
    assert isinstance(items[0], ReadScript)
    assert len(items) == 2
    assert str(items[1]).startswith(f"{path}:3: (file): not UTF-8 text (invalid continuation byte)")


def test_xlsx_rows_are_read_like_csv_rows(tmp_path):
    """An XLSX sheet reads like a CSV: numbers as text, ";" lists, a bad row with its row and column."""
    path = tmp_path / "centre.xlsx"
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(_header(["CS-FND-MC-002", "CS-STD-MR-002", "CS-FND-SA-001"]))
    sheet.append(["CS201-SAMPLE", "A", "C50001", 1234, "Dev Mistry", "B", "A;C", "Helping customers."])
    sheet.append(["CS201-SAMPLE", "A", "C50001", 1235, None, "C", None, None])
    sheet.append([None] * 8)  # a stray blank row, as spreadsheets keep
    sheet.append(["CS201-SAMPLE", "A", "C5 0001", 1236, "Bad Centre", "B", None, None])
    book.save(path)
    items = list(read_xlsx(path, frozenset({"CS-STD-MR-002"})))
    first, second, bad = items
    assert isinstance(first, ReadScript) and isinstance(second, ReadScript)
    assert first.script.candidate.number == "1234"
    assert first.script.answers == {
        "CS-FND-MC-002": "B",
        "CS-STD-MR-002": ["A", "C"],
        "CS-FND-SA-001": "Helping customers.",
    }
    assert second.script.answers == {"CS-FND-MC-002": "C"}
    assert isinstance(bad, SetAside)
    assert str(bad).startswith(f"{path}:row 5: centre: starts with a letter or digit and has only letters")


def test_file_that_is_not_a_workbook_is_set_aside(tmp_path):
    """A .xlsx file that is not a workbook is set aside whole, with one reason."""
    path = tmp_path / "broken.xlsx"
    path.write_text("this is not a zip file", encoding="utf-8")
    (item,) = read_xlsx(path)
    assert isinstance(item, SetAside)
    assert (item.line_or_row, item.field) == (1, "(file)")
    assert item.reason.startswith("not a readable XLSX workbook")


def test_xlsx_batch_marks_through_the_cli(invoke, frozen_file, tmp_path):
    """`csassess mark` takes an XLSX file and marks its candidates."""
    path = tmp_path / "centre.xlsx"
    book = openpyxl.Workbook()
    book.active.append(_header(["CS-FND-MC-002"]))
    for number in range(3):
        book.active.append(["CS201-SAMPLE", "A", "C50001", f"X{number}", None, "B"])
    book.save(path)
    result = invoke("mark", frozen_file, path, "--db", tmp_path / "r.db", "--workers", "0")
    assert result.exit_code == 0, result.output
    assert "  marked:              3" in result.stdout


def test_digest_is_sha256_of_canonical_answers():
    """The digest hashes the answers as sorted, compact JSON with non-ASCII text kept as UTF-8."""
    answers = {"Q2": "Café crème, s'il vous plaît", "Q1": ["C", "A"]}
    canonical = '{"Q1":["C","A"],"Q2":"Café crème, s\'il vous plaît"}'
    assert answers_digest(answers) == "sha256:" + hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def test_script_with_a_good_digest_is_marked(invoke, frozen_file, tmp_path):
    """An offline-exam script whose digest matches its answers is marked, not set aside."""
    path = EXAMPLES / "0030-good-offline-exam-with-digest.json"
    assert json.loads(path.read_text(encoding="utf-8"))["digest"].startswith("sha256:")
    result = invoke("mark", frozen_file, path, "--db", tmp_path / "r.db", "--workers", "0")
    assert result.exit_code == 0, result.output
    assert "  marked:              1" in result.stdout


def test_folders_are_read_in_name_order_skipping_other_files(tmp_path):
    """A folder gives its script files in name order, ignoring hidden files and other suffixes."""
    for name in ("b.json", "a.yaml", ".hidden.json", "notes.txt", "~$book.xlsx"):
        (tmp_path / name).write_text("{}", encoding="utf-8")
    sources = [item.source for item in read_scripts([tmp_path]) if isinstance(item, SetAside)]
    assert [Path(s).name for s in sources] == ["a.yaml", "b.json"]


@pytest.mark.parametrize(("paths", "expected"), [(["examples"], 50), (["tests/data/scripts"], 17)])
def test_count_scripts_counts_files_and_rows(paths, expected):
    """The progress estimate counts one per file and one per table row."""
    assert count_scripts([ROOT / p for p in paths]) == expected
