"""Reading a standardisation sample: one examiner-marked answer per CSV row."""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from pathlib import Path

from csassess.content.contentset import ContentSet
from csassess.findings import CsassessError
from csassess.models.items import FREE_TEXT_KINDS

MAX_ROWS = 100_000
_SPLIT = re.compile(r"[;,|\s]+")


class SampleError(CsassessError):
    """The sample file cannot be read as examiner-marked answers."""


@dataclass(frozen=True)
class SampleRow:
    """One answer with the examiner's mark (and, if given, the points the examiner credited)."""

    item: str
    answer: str
    mark: int
    points: frozenset[str] | None = None
    line: int = 0


@dataclass(frozen=True)
class Columns:
    """The CSV column names of a sample."""

    item: str = "item"
    answer: str = "answer"
    mark: str = "mark"
    points: str = "points"


def read_sample(path: Path, content: ContentSet, columns: Columns | None = None) -> list[SampleRow]:
    """Every row of a sample CSV, checked against the content: a one-line error names the
    file, line and column of the first bad value."""
    cols = columns or Columns()
    try:
        with path.open(newline="", encoding="utf-8") as handle:
            return _rows(path, csv.DictReader(handle), content, cols)
    except OSError as exc:
        raise SampleError(f"{path}: cannot read: {exc.strerror}") from exc
    except UnicodeDecodeError as exc:
        raise SampleError(f"{path}: not UTF-8 text ({exc.reason} at byte {exc.start})") from exc
    except csv.Error as exc:
        raise SampleError(f"{path}: not a readable CSV file: {exc}") from exc


def _rows(path: Path, reader: csv.DictReader[str], content: ContentSet, cols: Columns) -> list[SampleRow]:
    found = reader.fieldnames or []
    missing = [c for c in (cols.item, cols.answer, cols.mark) if c not in found]
    if missing:
        raise SampleError(
            f"{path}:1: missing column(s) {', '.join(missing)}; found {', '.join(found) or 'no header'}"
        )
    rows = []
    for row in reader:
        line = reader.line_num

        def bad(column: str, message: str, line: int = line) -> SampleError:
            return SampleError(f"{path}:{line}: column {column!r}: {message}")

        item = (row.get(cols.item) or "").strip()
        where = content.questions.get(item)
        if where is None:
            raise bad(cols.item, f"no question {item!r} in the content")
        question = where.model
        if question.kind not in FREE_TEXT_KINDS or content.rubric(item) is None:
            raise bad(cols.item, f"{item!r} is not a free-text question with a rubric")
        text = (row.get(cols.mark) or "").strip()
        if not re.fullmatch(r"\d+", text):
            raise bad(cols.mark, f"{text!r} is not a whole number of marks")
        mark = int(text)
        if mark > question.marks:
            raise bad(cols.mark, f"{mark} is above {item}'s {question.marks} marks")
        points = None
        if cols.points in found and (row.get(cols.points) or "").strip():
            points = frozenset(p for p in _SPLIT.split(row[cols.points].strip()) if p)
            rubric = content.rubric(item)
            known = {mp.id for mp in rubric.marking_points} if rubric else set()
            for point in sorted(points - known):
                raise bad(cols.points, f"{point!r} is not a marking point of {item}")
        rows.append(SampleRow(item, row.get(cols.answer) or "", mark, points, line))
        if len(rows) > MAX_ROWS:
            raise SampleError(f"{path}: more than {MAX_ROWS} rows; split the sample")
    if not rows:
        raise SampleError(f"{path}: no rows of marks")
    return rows
