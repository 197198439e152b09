"""Results out: one row per candidate as CSV, XLSX or JSON, written atomically.

Item marks and totals stay numbers. In CSV and XLSX, a text cell that a spreadsheet would
read as a formula (starting with = + - @, a tab or a carriage return) is neutralised with a
leading apostrophe; JSON is data, not a spreadsheet, so it keeps every value exactly.
"""

from __future__ import annotations

import csv
import json
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from csassess.findings import CsassessError
from csassess.intake.xlsxfile import MissingDependencyError
from csassess.marking.plan import paper_questions
from csassess.models import FrozenPaper
from csassess.store import Store, StoredScript

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
FORMATS = (".csv", ".xlsx", ".json")
HEAD = ("paper", "form", "centre", "candidate", "name")
TAIL = ("total", "max_total", "grade", "status", "to_review", "late")


class ExportFormatError(CsassessError):
    """The output file's suffix names no export format."""


def neutralise(value: Any) -> Any:
    """A text cell made safe from formula injection; numbers and blanks unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


@dataclass(frozen=True)
class Columns:
    """The question columns of an export: every question of every paper with results."""

    questions: tuple[str, ...]

    @property
    def header(self) -> tuple[str, ...]:
        """The header row."""
        return (*HEAD, *self.questions, *TAIL)


def columns(store: Store) -> Columns:
    """Question ids in paper order (papers in id order), each once."""
    seen: dict[str, None] = {}
    for _, body in store.paper_bodies():
        for pq in paper_questions(FrozenPaper.model_validate_json(body)):
            seen.setdefault(pq.question.id, None)
    return Columns(tuple(seen))


def to_review(stored: StoredScript) -> int:
    """Answers the engine flagged that no examiner has decided yet."""
    return sum(1 for a in stored.answers if a.needs_review and not a.decisions)


def row_of(stored: StoredScript, cols: Columns) -> list[Any]:
    """One candidate's row: identity, the mark for each question (blank if not on their paper)."""
    marks = {a.question_id: a.mark for a in stored.answers}
    return [
        stored.paper_id,
        stored.form,
        stored.centre,
        stored.candidate,
        stored.name or "",
        *(marks.get(q, "") for q in cols.questions),
        stored.total,
        stored.max_total,
        stored.grade,
        stored.status,
        to_review(stored),
        stored.late,
    ]


def record_of(stored: StoredScript) -> dict[str, Any]:
    """One candidate as a JSON object."""
    return {
        "paper": stored.paper_id,
        "form": stored.form,
        "centre": stored.centre,
        "candidate": stored.candidate,
        "name": stored.name,
        "marks": {a.question_id: a.mark for a in stored.answers},
        "total": stored.total,
        "max_total": stored.max_total,
        "grade": stored.grade,
        "status": stored.status,
        "to_review": to_review(stored),
        "late": stored.late,
    }


@contextmanager
def _atomic(path: Path) -> Iterator[Path]:
    """A temporary path beside `path`, fsynced and renamed over it only if all went well."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    os.close(fd)
    tmp = Path(name)
    try:
        yield tmp
        tmp.chmod(0o644)  # mkstemp makes 0600; results are meant to be shared
        with tmp.open("rb+") as handle:
            os.fsync(handle.fileno())
        tmp.replace(path)
    finally:
        tmp.unlink(missing_ok=True)


def _csv_cell(value: Any) -> Any:
    # TRUE/FALSE, as Excel writes booleans in CSV (and as the table readers accept `late`)
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    return neutralise(value)


def _write_csv(store: Store, cols: Columns, tmp: Path) -> int:
    count = 0
    # utf-8-sig: Excel, which centres open results in, needs the BOM to read names correctly
    with tmp.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(cols.header)
        for stored in store.current_scripts():
            writer.writerow([_csv_cell(v) for v in row_of(stored, cols)])
            count += 1
    return count


def _write_xlsx(store: Store, cols: Columns, tmp: Path) -> int:
    try:
        from openpyxl import Workbook  # imported here: only XLSX users pay for it
        from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    except ImportError as exc:
        raise MissingDependencyError(MissingDependencyError.__doc__) from exc

    def cell(value: Any) -> Any:
        if isinstance(value, str):
            return neutralise(ILLEGAL_CHARACTERS_RE.sub("", value))
        return value

    book = Workbook(write_only=True)  # streams rows to disk instead of holding every cell
    sheet = book.create_sheet("results")
    sheet.append(list(cols.header))
    count = 0
    for stored in store.current_scripts():
        sheet.append([cell(v) for v in row_of(stored, cols)])
        count += 1
    book.save(tmp)
    return count


def _write_json(store: Store, tmp: Path) -> int:
    count = 0
    with tmp.open("w", encoding="utf-8") as handle:
        handle.write('{\n  "candidates": [')
        for stored in store.current_scripts():
            handle.write(
                ("\n    " if count == 0 else ",\n    ") + json.dumps(record_of(stored), ensure_ascii=False)
            )
            count += 1
        handle.write("\n  ]\n}\n")
    return count


def export_results(store: Store, out: Path) -> int:
    """Write every candidate's current result to `out` (format from its suffix); returns the count."""
    suffix = out.suffix.lower()
    if suffix not in FORMATS:
        raise ExportFormatError(f"{out}: cannot tell the format; name the file .csv, .xlsx or .json")
    with _atomic(out) as tmp:
        if suffix == ".json":
            return _write_json(store, tmp)
        cols = columns(store)
        return _write_csv(store, cols, tmp) if suffix == ".csv" else _write_xlsx(store, cols, tmp)
