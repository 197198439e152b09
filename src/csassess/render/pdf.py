"""Data to PDF: the one place the PDF engine (Typst) sits.

A document is a Typst template and a view (plain dicts, the same ones the HTML templates get),
handed over as JSON through `sys.inputs`: candidate text is data the template prints, never
markup it runs, so nothing anyone typed can change the layout or read a file. Text is set in
the fonts bundled in `templates/fonts/` alone (the host's and Typst's own are ignored) and
the creation date is fixed, so the same view gives the same bytes on every machine.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from functools import cache
from pathlib import Path
from typing import Any

import typst

from csassess.findings import CsassessError

CREATION_TIMESTAMP = 0
"""Every PDF says it was made at the epoch (as SOURCE_DATE_EPOCH=0): bytes depend on input only."""
_PAGE = re.compile(rb"/Type\s*/Page\b")


class PdfError(CsassessError):
    """A Typst template could not be compiled with this view."""


@cache
def _compiler(root: Path, fonts: Path) -> typst.Compiler:
    """One compiler per template folder and process: fonts are read once, layouts memoised."""
    faces = typst.Fonts(include_system_fonts=False, include_embedded_fonts=False, font_paths=[str(fonts)])
    return typst.Compiler(root=str(root), font_paths=faces, ignore_system_fonts=True)


def find_template(name: str, roots: Sequence[Path]) -> Path:
    """The first of the template folders that holds `name` (the user's folder comes first)."""
    for root in roots:
        if (root / name).is_file():
            return root
    raise PdfError(f"template {name} is in none of the template folders")


def typst_pdf(
    template: str, view: Mapping[str, Any], roots: Sequence[Path], fonts: Path
) -> tuple[bytes, int]:
    """The PDF of one view through the Typst template `template`, and its page count.

    The template is compiled with its own folder as Typst's root, so it can read files in that
    folder only; `roots` are searched in order for it.
    """
    root = find_template(template, roots)
    try:
        pdf, warnings = _compiler(root.resolve(), fonts.resolve()).compile_with_warnings(
            input=str((root / template).resolve()),
            sys_inputs={"data": json.dumps(view, ensure_ascii=False)},
            timestamp=CREATION_TIMESTAMP,
        )
    except typst.TypstError as exc:
        raise PdfError(f"{root / template}: {exc.message}{_where(exc)}") from exc
    for warning in warnings:
        # a layout that did not settle has wrong page numbers or breaks: never print it
        if "converge" in warning.message:
            raise PdfError(f"{root / template}: {warning.message}")
    if not isinstance(pdf, bytes):  # several outputs are images only
        raise PdfError(f"{template}: Typst returned no PDF")
    return pdf, len(_PAGE.findall(pdf))


_LOCATION = re.compile(r"┌─ (\S+:\d+:\d+)")


def _where(exc: typst.TypstError) -> str:
    """` (at FILE:LINE:COL)` from Typst's diagnostic, when it names a place."""
    found = _LOCATION.search(getattr(exc, "diagnostic", "") or "")
    return f" (at {found.group(1)})" if found else ""
