"""Candidates from the first sheet of an XLSX workbook, streamed (openpyxl read-only mode)."""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from pathlib import Path

from csassess.content.yamlsafe import display_path
from csassess.findings import CsassessError
from csassess.intake.model import ReadScript, SetAside
from csassess.intake.table import table_scripts


class MissingDependencyError(CsassessError):
    """openpyxl is not installed, run `pip install openpyxl` to read or write XLSX files."""


def read_xlsx(path: Path, multi: frozenset[str] = frozenset()) -> Iterator[ReadScript | SetAside]:
    """Each row's script; a file that is not a workbook is set aside as a whole."""
    try:
        import openpyxl  # imported here: only XLSX users pay for it
        from openpyxl.utils.exceptions import InvalidFileException
    except ImportError as exc:
        raise MissingDependencyError(MissingDependencyError.__doc__) from exc
    source = display_path(path)
    try:
        # data_only: a formula cell gives its last computed value, never the formula text
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except (OSError, zipfile.BadZipFile, InvalidFileException, KeyError, ValueError) as exc:
        yield SetAside(source, 1, "(file)", f"not a readable XLSX workbook: {exc}", "row")
        return
    try:
        sheet = book.worksheets[0]
        yield from table_scripts(source, sheet.iter_rows(values_only=True), multi)
    finally:
        book.close()  # read-only mode keeps the file open until closed
