"""Rows of a table (CSV or XLSX), one candidate each, turned into answer scripts.

Columns: paper, form, centre, candidate, optionally name (and paper_hash, digest, started_at,
finished_at, late), then one column per question id. `late` is TRUE or FALSE (also yes/no, 1/0);
blank is FALSE. An empty cell is an answer left out; a
multiple-response answer lists its options separated by ";" ("A;C").
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Iterator
from typing import Any

from pydantic import ValidationError

from csassess.content.loading import value_message
from csassess.content.yamlsafe import Path_
from csassess.intake.model import ReadScript, SetAside
from csassess.models import AnswerScript

REQUIRED = ("paper", "form", "centre", "candidate")
OPTIONAL = ("name", "paper_hash", "digest", "started_at", "finished_at", "late")
LATE_WORDS = {"true": True, "yes": True, "1": True, "false": False, "no": False, "0": False}
_SPLIT = re.compile(r"\s*[;,]\s*")


class HeaderError(Exception):
    """The header row is unusable: every row of the file is set aside with this reason."""

    def __init__(self, column: str, reason: str) -> None:
        self.column = column
        self.reason = reason
        super().__init__(reason)


def check_header(cells: Iterable[Any]) -> list[str]:
    """The column names, or HeaderError when a required one is missing or one is repeated."""
    names = [_text(c) or "" for c in cells]
    while names and not names[-1]:  # spreadsheets often report empty columns past the data
        names.pop()
    for number, name in enumerate(names, start=1):
        if not name:
            raise HeaderError(f"column {number}", "column has no name in the header row")
        if name in names[: number - 1]:
            raise HeaderError(name, f"column {name!r} appears twice in the header row")
    missing = [c for c in REQUIRED if c not in names]
    if missing:
        raise HeaderError(
            missing[0], f"header has no {', '.join(missing)} column (need {', '.join(REQUIRED)})"
        )
    return names


def _text(cell: Any) -> str | None:
    """A cell as text: numbers as written (1234, not 1234.0), blanks as None."""
    if type(cell) is str:  # every CSV cell: the common case first
        return cell.strip() or None
    if cell is None:
        return None
    if isinstance(cell, bool):
        return "TRUE" if cell else "FALSE"
    if isinstance(cell, float) and cell.is_integer():
        cell = int(cell)
    if isinstance(cell, dt.datetime | dt.date | dt.time):
        return cell.isoformat()
    text = str(cell).strip()
    return text or None


def row_script(
    names: list[str], cells: list[Any], multi: frozenset[str], source: str, row: int
) -> ReadScript | SetAside | None:
    """One row as a script; None for an empty row (spreadsheets keep stray blank rows)."""
    values = [_text(c) for c in cells]
    if all(v is None for v in values):
        return None
    if len(values) > len(names) and any(v is not None for v in values[len(names) :]):
        return SetAside(source, row, f"column {len(names) + 1}", "cell beyond the last named column", "row")
    cell = dict(zip(names, values, strict=False))
    answers: dict[str, str | list[str]] = {}
    for name in names:
        if name in REQUIRED or name in OPTIONAL or cell.get(name) is None:
            continue
        text = cell[name] or ""
        answers[name] = [p.upper() for p in _SPLIT.split(text) if p] if name in multi else text
    late = LATE_WORDS.get((cell.get("late") or "false").casefold())
    if late is None:
        return SetAside(source, row, "late", f"late is {cell.get('late')!r}: write TRUE or FALSE", "row")
    data: dict[str, Any] = {
        "kind": "answer_script",
        "late": late,
        **{k: cell.get(k) for k in ("paper", "form", "centre", "paper_hash", "digest")},
        "started_at": cell.get("started_at"),
        "finished_at": cell.get("finished_at"),
        "candidate": {"number": cell.get("candidate"), "name": cell.get("name")},
        "answers": answers,
    }

    def locate(path: Path_) -> tuple[int, str]:
        return row, _column_of(path)

    try:
        script = AnswerScript.model_validate(data)
    except ValidationError as exc:
        error = exc.errors(include_url=False)[0]
        loc = tuple(error["loc"])
        empty = error["type"] == "missing" or (error["type"] == "string_type" and error.get("input") is None)
        reason = "required cell is empty" if empty else value_message(error)
        return SetAside(source, row, _column_of(loc), reason, "row")
    return ReadScript(script, source, locate, "row")


def _column_of(path: Path_) -> str:
    """The column a model field comes from."""
    if not path:
        return "(row)"
    head = str(path[0])
    if head == "answers" and len(path) > 1:
        return str(path[1])
    if head == "candidate" and len(path) > 1 and path[1] == "name":
        return "name"
    return head


def table_scripts(
    source: str, rows: Iterator[tuple[Any, ...]], multi: frozenset[str]
) -> Iterator[ReadScript | SetAside]:
    """Scripts from a header row and candidate rows (rows numbered from 1, the header)."""
    try:
        header = next(rows, None)
        if header is None:
            yield SetAside(source, 1, "(file)", "the table is empty", "row")
            return
        names = check_header(header)
    except HeaderError as exc:
        yield SetAside(source, 1, exc.column, exc.reason, "row")
        return
    for number, cells in enumerate(rows, start=2):
        read = row_script(names, list(cells), multi, source, number)
        if read is not None:
            yield read
