"""What a script reader yields: a validated script with a way to point into its source, or a
script set aside with the reason."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from csassess.content.yamlsafe import Path_
from csassess.models import AnswerScript

Unit = Literal["line", "row"]


@dataclass(frozen=True)
class SetAside:
    """A script that will not be marked: where it is and why, for a one-line report."""

    source: str
    line_or_row: int
    field: str
    reason: str
    unit: Unit = "line"

    def __str__(self) -> str:
        where = f"{self.line_or_row}" if self.unit == "line" else f"row {self.line_or_row}"
        return f"{self.source}:{where}: {self.field}: {self.reason}"


@dataclass(frozen=True)
class ReadScript:
    """A script that passed validation, and where each of its fields came from."""

    script: AnswerScript
    source: str
    locate: Callable[[Path_], tuple[int, str]]
    """A field path -> (line or row, the field as the source names it)."""
    unit: Unit = "line"

    def set_aside(self, path: Path_, reason: str) -> SetAside:
        """This script set aside, pointing at the field at `path`."""
        where, field = self.locate(path)
        return SetAside(self.source, where, field, reason, self.unit)
