"""Results out to Moodle's and Canvas's gradebooks and as QTI 3.0 Results Reporting."""

from __future__ import annotations

import csv
import dataclasses
import io
import zipfile

from csassess.interop.gradebook_csv import write_canvas, write_moodle
from csassess.interop.qti_results import write_qti_results
from csassess.interop.results_out import is_provisional, read_results
from csassess.store import Store


def _rows(path):
    return list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))


def test_provisional_results_are_refused_and_say_so(marked_db, invoke, tmp_path):
    """With answers still in review, the gradebook export exits 1 naming the option to pass."""
    with Store(marked_db, create=False, read_only=True) as store:
        waiting = sum(is_provisional(s) for s in store.current_scripts())
    assert waiting > 0  # the example scripts include doubtful answers
    result = invoke("export", "--db", marked_db, "--format", "moodle-grades", "--out", tmp_path / "g.csv")
    assert result.exit_code == 1
    assert f"{waiting} of" in result.stderr and "--include-provisional" in result.stderr
    assert not (tmp_path / "g.csv").exists()


def test_moodle_grades_have_an_identity_column_marks_total_and_feedback(marked_db, invoke, tmp_path):
    """One row per candidate: ID number, a column per question, total; provisional ones say so."""
    out = tmp_path / "moodle.csv"
    args = ("export", "--db", marked_db, "--format", "moodle-grades", "--out", out, "--include-provisional")
    assert invoke(*args).exit_code == 0
    rows = _rows(out)
    with Store(marked_db, create=False, read_only=True) as store:
        records = read_results(store, include_provisional=True)
    assert rows[0][:3] == ["ID number", "Full name", "Paper"] and rows[0][-2:] == ["Total", "Feedback"]
    assert len(rows) == len(records.scripts) + 1
    first = records.scripts[0]
    assert rows[1][0] == first.candidate and rows[1][-2] == str(first.total)
    assert any("provisional" in row[-1] for row in rows[1:])


def test_canvas_grades_have_points_possible_and_sis_ids(marked_db, invoke, tmp_path):
    """Canvas's layout: identity columns, a Points Possible row with the paper's marks, totals."""
    out = tmp_path / "canvas.csv"
    args = ("export", "--db", marked_db, "--format", "canvas-grades", "--out", out, "--include-provisional")
    assert invoke(*args).exit_code == 0
    rows = _rows(out)
    with Store(marked_db, create=False, read_only=True) as store:
        records = read_results(store, include_provisional=True)
    assert rows[0][:5] == ["Student", "ID", "SIS User ID", "SIS Login ID", "Section"]
    assert rows[1][0].strip() == "Points Possible" and rows[1][5] == str(records.scripts[0].max_total)
    assert rows[2][2] == records.scripts[0].candidate and rows[2][5] == str(records.scripts[0].total)


def test_qti_results_validate_one_per_candidate(marked_db, qti_schemas, tmp_path):
    """Every assessmentResult validates against the Results Reporting XSD; one per candidate."""
    with Store(marked_db, create=False, read_only=True) as store:
        records = read_results(store, include_provisional=True)
    out = tmp_path / "results.zip"
    assert write_qti_results(records, out, stamp="2026-06-01T09:00:00+00:00") == len(records.scripts)
    with zipfile.ZipFile(out) as archive:
        names = archive.namelist()
        problems = {n: qti_schemas.errors(qti_schemas.results, archive.read(n)) for n in names}
        sample = archive.read(names[0]).decode()
    assert len(names) == len(records.scripts)
    assert {n: p for n, p in problems.items() if p} == {}
    assert 'identifier="SCORE"' in sample and "candidateResponse" in sample
    pending = sum(a.needs_review and not a.decisions for s in records.scripts for a in s.answers)
    with zipfile.ZipFile(out) as archive:
        written = sum(archive.read(n).count(b"pendingResponseProcessing") for n in names)
    assert written == pending


def test_hostile_names_are_neutralised_in_gradebook_csv(marked_db, tmp_path):
    """A name a spreadsheet would run as a formula is written with a leading apostrophe."""
    with Store(marked_db, create=False, read_only=True) as store:
        records = read_results(store, include_provisional=True)
    hostile = [dataclasses.replace(s, name='=HYPERLINK("http://x.invalid")') for s in records.scripts]
    records = dataclasses.replace(records, scripts=tuple(hostile))
    for write in (write_moodle, write_canvas):
        out = tmp_path / f"{write.__name__}.csv"
        write(records, out)
        text = out.read_text()
        assert "'=HYPERLINK" in text and ",=HYPERLINK" not in text
