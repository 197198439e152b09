"""`bank export`: banks, a paper or a frozen form out as QTI 3.0, Moodle XML or GIFT."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from csassess.fileio import write_atomic
from csassess.interop.content import content_to_export

TARGETS = ("qti3", "moodle", "gift")


@dataclass(frozen=True)
class ExportSummary:
    """What an export wrote, and what the target format could not carry."""

    questions: int
    warnings: tuple[str, ...]


def export_bank(paths: Iterable[Path], target: str, out: Path) -> ExportSummary:
    """Write the content under `paths` to `out` in `target` format."""
    # each writer imported only when asked for, so one format's import cost is not paid by all
    content = content_to_export(paths)
    if target == "qti3":
        from csassess.interop.qti3_write import write_qti_package

        return ExportSummary(write_qti_package(content, out), ())
    warnings: list[str] = []
    if target == "moodle":
        from csassess.interop.moodle_write import moodle_xml

        data, count = moodle_xml(content, warnings)
        write_atomic(out, data)
    else:
        from csassess.interop.gift_write import gift_text

        text, count = gift_text(content, warnings)
        write_atomic(out, text)
    return ExportSummary(count, tuple(warnings))
