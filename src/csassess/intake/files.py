"""One script per JSON or YAML file, validated by the content loader (file:line:col findings)."""

from __future__ import annotations

from pathlib import Path

from csassess.content.loading import load_file
from csassess.content.yamlsafe import Document, Path_
from csassess.findings import ContentError, format_field
from csassess.intake.model import ReadScript, SetAside


def read_script_file(path: Path) -> ReadScript | SetAside:
    """The script in one file, or the file set aside at its first problem."""
    try:
        loaded = load_file(path, expected="answer_script")
    except ContentError as exc:
        first = exc.findings[0]
        more = len(exc.findings) - 1
        reason = first.message + (f" (and {more} more problem{'s' if more > 1 else ''})" if more else "")
        return SetAside(first.path, first.line, first.field, reason)
    doc: Document = loaded.doc

    def locate(field: Path_) -> tuple[int, str]:
        return doc.key_position(field).line, format_field(field)

    return ReadScript(loaded.model, doc.source, locate)
