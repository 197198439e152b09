"""Reading answer scripts: one small reader per format, each yielding validated scripts or
scripts set aside with a one-line reason (file, line or row, field).

Readers stream: a folder of thousands of files or a spreadsheet of thousands of rows is read
one script at a time, never all at once.
"""

from __future__ import annotations

import csv
import os
from collections.abc import Iterable, Iterator
from pathlib import Path

from csassess.content.yamlsafe import display_path
from csassess.intake.csvfile import read_csv
from csassess.intake.digest import answers_digest
from csassess.intake.files import read_script_file
from csassess.intake.model import ReadScript, SetAside
from csassess.intake.xlsxfile import read_xlsx

SINGLE = frozenset({".json", ".yaml", ".yml"})
TABLES = frozenset({".csv", ".xlsx"})
SUFFIXES = SINGLE | TABLES

__all__ = ["ReadScript", "SetAside", "answers_digest", "count_scripts", "read_scripts", "script_files"]


def _wanted(name: str) -> bool:
    # hidden files and Excel's "~$book.xlsx" lock files are never scripts
    return not name.startswith((".", "~$")) and Path(name).suffix.lower() in SUFFIXES


def _walk(folder: Path) -> Iterator[Path]:
    """Script files under a folder in a stable order, one folder listing in memory at a time."""
    with os.scandir(folder) as entries:
        listing = sorted(entries, key=lambda e: e.name)
    for entry in listing:
        if entry.is_dir() and not entry.name.startswith("."):
            yield from _walk(Path(entry.path))
        elif entry.is_file() and _wanted(entry.name):
            yield Path(entry.path)


def script_files(paths: Iterable[Path]) -> Iterator[Path]:
    """Files named, and script files under folders named, in a stable order."""
    for path in paths:
        if path.is_dir():
            yield from _walk(path)
        else:
            yield path


def read_scripts(
    paths: Iterable[Path], multi: frozenset[str] = frozenset()
) -> Iterator[ReadScript | SetAside]:
    """Every script in these files and folders, in order.

    `multi` names the multiple-response questions, whose table cells list options ("A;C").
    """
    for path in script_files(paths):
        suffix = path.suffix.lower()
        if suffix in SINGLE:
            yield read_script_file(path)
        elif suffix == ".csv":
            yield from read_csv(path, multi)
        elif suffix == ".xlsx":
            yield from read_xlsx(path, multi)
        else:
            reason = f"not a script file: use {', '.join(sorted(SUFFIXES))}"
            yield SetAside(display_path(path), 1, "(file)", reason)


def count_scripts(paths: Iterable[Path]) -> int:
    """About how many scripts there are (for a progress bar): files, plus rows of tables."""
    total = 0
    for path in script_files(paths):
        suffix = path.suffix.lower()
        try:
            if suffix == ".csv":
                with path.open(encoding="utf-8-sig", errors="replace", newline="") as handle:
                    total += max(0, sum(1 for _ in csv.reader(handle)) - 1)
            elif suffix == ".xlsx":
                total += max(0, _xlsx_rows(path) - 1)
            else:
                total += 1
        except (OSError, csv.Error):
            total += 1
    return total


def _xlsx_rows(path: Path) -> int:
    """The row count a workbook declares (cheap in read-only mode), or 1 when unknown."""
    try:
        import openpyxl

        book = openpyxl.load_workbook(path, read_only=True)
        try:
            return int(book.worksheets[0].max_row or 1)
        finally:
            book.close()
    except Exception:  # only an estimate: the real read reports any problem
        return 1
