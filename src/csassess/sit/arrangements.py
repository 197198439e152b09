"""The centre's list of access arrangements: which candidates get extra time, rest breaks, a
background colour, the reader-friendly font or larger text, read from YAML or CSV.

Every problem is one finding at its file, line and field; the list is checked whole before
the exam is built, so a typo never reaches the exam room.

YAML: a list of mappings, `- {candidate: "0042", extra_time: 25, rest_breaks: true}`.
CSV: a header row naming `candidate` and any of the other fields, one candidate a row.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

from pydantic import Field, ValidationError

from csassess.content.loading import findings_from_validation, value_message
from csassess.content.yamlsafe import (
    MAX_FILE_BYTES,
    Document,
    Path_,
    Position,
    YamlError,
    display_path,
    read_file,
)
from csassess.findings import ContentError, Finding
from csassess.models.base import Strict
from csassess.models.script import Background, Candidate, Font, TextSize

FIELDS = ("candidate", "extra_time", "rest_breaks", "background", "font", "text_size")
YES_NO = {
    "true": True,
    "yes": True,
    "y": True,
    "1": True,
    "false": False,
    "no": False,
    "n": False,
    "0": False,
}


class CentreArrangement(Strict):
    """One line of the centre's list: a candidate and what they are granted."""

    candidate: str = Field(pattern=Candidate.model_fields["number"].metadata[0].pattern)
    extra_time: int = Field(default=0, ge=0, le=200)
    rest_breaks: bool = False
    background: Background | None = None
    font: Font | None = None
    text_size: TextSize | None = None

    def granted(self) -> dict[str, Any]:
        """As the exam page applies it and the script records it (`models.script.Arrangements`)."""
        return {**self.model_dump(mode="json", exclude={"candidate"}), "granted_by": "centre"}


ArrangementList = dict[str, dict[str, Any]]
"""Candidate number -> the arrangements granted, as the exam page reads them."""


def load_arrangements(path: Path) -> ArrangementList:
    """The arrangements in a YAML or CSV file; ContentError with every finding when any is wrong."""
    entries = _csv_entries(path) if path.suffix.lower() == ".csv" else _yaml_entries(path)
    found: ArrangementList = {}
    problems: list[Finding] = []
    first_line: dict[str, int] = {}
    for where, entry in entries:
        if isinstance(entry, Finding):
            problems.append(entry)
            continue
        line, number = where, entry.candidate
        if number in found:
            problems.append(
                Finding(
                    display_path(path),
                    line,
                    1,
                    "candidate",
                    f"candidate {number} is listed twice (first on line {first_line[number]})",
                )
            )
            continue
        first_line[number] = line
        found[number] = entry.granted()
    if problems:
        raise ContentError(problems)
    return found


def _yaml_entries(path: Path) -> list[tuple[int, CentreArrangement | Finding]]:
    try:
        doc = read_file(path)
    except YamlError as exc:
        raise ContentError([exc.finding]) from exc
    if not isinstance(doc.data, list):
        raise ContentError([doc.finding((), "expected a list of candidates (- candidate: ...)")])
    out: list[tuple[int, CentreArrangement | Finding]] = []
    for index, raw in enumerate(doc.data):
        line = doc.position((index,)).line
        if isinstance(raw, dict) and isinstance(raw.get("candidate"), int):
            raw = {**raw, "candidate": str(raw["candidate"])}  # 1234 in YAML is the number as typed
        try:
            out.append((line, CentreArrangement.model_validate(raw)))
        except ValidationError as exc:
            sub = Document(doc.source, raw, _shifted(doc.values, index), _shifted(doc.keys, index))
            out.extend((line, f) for f in findings_from_validation(sub, exc))
    return out


def _shifted(positions: dict[Path_, Position], index: int) -> dict[Path_, Position]:
    """The positions under one list entry, keyed as if that entry were the whole document."""
    return {path[1:]: pos for path, pos in positions.items() if path[:1] == (index,)}


def _csv_entries(path: Path) -> list[tuple[int, CentreArrangement | Finding]]:
    source = display_path(path)

    def problem(line: int, message: str) -> ContentError:
        return ContentError([Finding(source, line, 1, "(file)", message)])

    try:
        raw = path.read_bytes()
        if len(raw) > MAX_FILE_BYTES:
            raise ContentError(
                [Finding(source, 1, 1, "(file)", f"file is over the {MAX_FILE_BYTES}-byte limit")]
            )
        text = raw.decode("utf-8-sig")
    except OSError as exc:
        raise ContentError(
            [Finding(source, 1, 1, "(file)", f"cannot read file: {exc.strerror or exc}")]
        ) from exc
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        raise ContentError(
            [Finding(source, line, 1, "(file)", "not UTF-8 text: save the file as CSV UTF-8")]
        ) from exc
    rows = list(csv.reader(io.StringIO(text, newline="")))
    if not rows:
        raise problem(1, "the file is empty")
    header = [cell.strip() for cell in rows[0]]
    for column, name in enumerate(header, start=1):
        if name not in FIELDS:
            raise ContentError(
                [
                    Finding(
                        source,
                        1,
                        column,
                        name or f"column {column}",
                        f"unknown column; the columns are {', '.join(FIELDS)}",
                    )
                ]
            )
    if "candidate" not in header:
        raise ContentError([Finding(source, 1, 1, "(header)", "the header has no candidate column")])
    out: list[tuple[int, CentreArrangement | Finding]] = []
    for line, cells in enumerate(rows[1:], start=2):
        values = {name: cell.strip() for name, cell in zip(header, cells, strict=False) if cell.strip()}
        if not values:
            continue  # blank line
        data: dict[str, Any] = dict(values)
        try:
            for number_field in ("extra_time", "text_size"):
                if number_field in data:
                    data[number_field] = _int(number_field, data[number_field].removesuffix("%"))
            if "rest_breaks" in data:
                flag = YES_NO.get(data["rest_breaks"].casefold())
                if flag is None:
                    raise _CellError("rest_breaks", f"{data['rest_breaks']!r}: write yes or no")
                data["rest_breaks"] = flag
        except _CellError as exc:
            out.append((line, Finding(source, line, header.index(exc.field) + 1, exc.field, exc.reason)))
            continue
        try:
            out.append((line, CentreArrangement.model_validate(data)))
        except ValidationError as exc:
            error = exc.errors(include_url=False)[0]
            field = str(error["loc"][0]) if error["loc"] else "candidate"
            column = header.index(field) + 1 if field in header else 1
            reason = "required cell is empty" if error["type"] == "missing" else value_message(error)
            out.append((line, Finding(source, line, column, field, reason)))
    return out


class _CellError(Exception):
    def __init__(self, field: str, reason: str) -> None:
        self.field = field
        self.reason = reason
        super().__init__(reason)


def _int(field: str, text: str) -> int:
    if not text.isdigit():
        raise _CellError(field, f"{text!r} is not a whole number")
    return int(text)
