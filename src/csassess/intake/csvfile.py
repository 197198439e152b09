"""Candidates from a CSV file (UTF-8, a header row), streamed one row at a time."""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator
from pathlib import Path

from csassess.content.yamlsafe import display_path
from csassess.intake.model import ReadScript, SetAside
from csassess.intake.table import table_scripts


class _NotUtf8Error(Exception):
    def __init__(self, line: int, reason: str) -> None:
        self.line = line
        self.reason = reason
        super().__init__(reason)


def _decoded(raw_lines: Iterable[bytes]) -> Iterator[str]:
    """Lines decoded one at a time, so a bad byte is reported at its own line, not the buffer's."""
    for number, raw in enumerate(raw_lines, start=1):
        try:
            yield raw.decode("utf-8-sig" if number == 1 else "utf-8")
        except UnicodeDecodeError as exc:
            raise _NotUtf8Error(number, exc.reason) from exc


def read_csv(path: Path, multi: frozenset[str] = frozenset()) -> Iterator[ReadScript | SetAside]:
    """Each row's script; a file that stops being readable sets aside the rest of it."""
    source = display_path(path)
    try:
        with path.open("rb") as handle:
            yield from table_scripts(source, (tuple(r) for r in csv.reader(_decoded(handle))), multi)
    except _NotUtf8Error as exc:
        reason = f"not UTF-8 text ({exc.reason}): this line and the rest of the file are not marked"
        yield SetAside(source, exc.line, "(file)", reason + "; save the file as CSV UTF-8")
    except csv.Error as exc:
        yield SetAside(source, 1, "(file)", f"not readable as CSV: {exc}", "row")
    except OSError as exc:
        yield SetAside(source, 1, "(file)", f"cannot read file: {exc.strerror or exc}", "row")
