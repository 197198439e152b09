"""Results as the CSV files Moodle's and Canvas's gradebooks import.

Moodle ("Import grades, CSV file"): an identity column to map to the user's ID number, one
column per question and the total (each mapped to a grade item on import), and a feedback
column. Canvas: its gradebook export's layout (Student, ID, SIS User ID, SIS Login ID,
Section), a "Points Possible" row, then one column per paper. Text cells a spreadsheet would
read as a formula are neutralised, as in every csassess export.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from csassess.fileio import write_atomic
from csassess.interop.export import neutralise
from csassess.interop.results_out import ResultRecords


def _write(rows: list[list[object]], out: Path) -> None:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for row in rows:
        writer.writerow([neutralise(v) for v in row])
    write_atomic(out, buffer.getvalue())


def _feedback(records: ResultRecords, script_id: int, grade: str) -> str:
    return f"{grade} (provisional: answers still in review)" if script_id in records.provisional else grade


def write_moodle(records: ResultRecords, out: Path) -> int:
    """One row per candidate: ID number, name, a column per question, total, feedback."""
    questions = list(dict.fromkeys(q for p in records.papers.values() for q, _ in p.questions))
    rows: list[list[object]] = [["ID number", "Full name", "Paper", *questions, "Total", "Feedback"]]
    for s in records.scripts:
        marks = {a.question_id: a.mark for a in s.answers}
        rows.append(
            [
                s.candidate,
                s.name or "",
                s.paper_id,
                *(marks.get(q, "") for q in questions),
                s.total,
                _feedback(records, s.script_id, s.grade),
            ]
        )
    _write(rows, out)
    return len(records.scripts)


def write_canvas(records: ResultRecords, out: Path) -> int:
    """Canvas's layout: identity columns, a Points Possible row, one column per paper."""
    papers = list(records.papers.values())
    head = ["Student", "ID", "SIS User ID", "SIS Login ID", "Section"]
    rows: list[list[object]] = [
        [*head, *(f"{p.title} ({p.paper_id})" for p in papers)],
        ["    Points Possible", "", "", "", "", *(sum(m for _, m in p.questions) for p in papers)],
    ]
    for s in records.scripts:
        rows.append(
            [
                s.name or s.candidate,
                "",
                s.candidate,
                "",
                s.centre,
                *(s.total if s.paper_id == p.paper_id else "" for p in papers),
            ]
        )
    _write(rows, out)
    return len(records.scripts)
