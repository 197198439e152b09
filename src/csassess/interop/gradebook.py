"""`csassess export --format`: results to a gradebook CSV or QTI results, by format name."""

from __future__ import annotations

from pathlib import Path

from csassess.findings import CsassessError
from csassess.interop.gradebook_csv import write_canvas, write_moodle
from csassess.interop.qti_results import write_qti_results
from csassess.interop.results_out import read_results
from csassess.store import Store

GRADEBOOK_FORMATS = ("moodle-grades", "canvas-grades", "qti-results")
_WRITERS = {"moodle-grades": write_moodle, "canvas-grades": write_canvas, "qti-results": write_qti_results}


def export_gradebook(store: Store, fmt: str, out: Path, *, include_provisional: bool = False) -> int:
    """Write the results in a gradebook or QTI format; returns the number of candidates."""
    if fmt not in GRADEBOOK_FORMATS:
        raise CsassessError(f"unknown format {fmt!r}: use {', '.join(GRADEBOOK_FORMATS)}")
    return _WRITERS[fmt](read_results(store, include_provisional=include_provisional), out)
