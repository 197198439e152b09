"""Findings: what is wrong with a piece of content, and exactly where."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True, order=True)
class Finding:
    """One problem in one file, pointing at the offending node."""

    path: str
    line: int
    column: int
    field: str
    message: str
    severity: Severity = "error"

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}:{self.column}"
        tag = "" if self.severity == "error" else "warning: "
        return f"{where}: {self.field}: {tag}{self.message}"

    def as_dict(self) -> dict[str, object]:
        """A plain mapping for JSON output."""
        return asdict(self)


class CsassessError(Exception):
    """Base of every error csassess reports to a user as one line."""


class ContentError(CsassessError):
    """Content could not be loaded; carries every finding, not just the first."""

    def __init__(self, findings: list[Finding]) -> None:
        self.findings = sorted(findings)
        super().__init__("\n".join(str(f) for f in self.findings))


def format_field(path: tuple[str | int, ...]) -> str:
    """A field path as authors write it: ``items[3].options[0].text``."""
    out = ""
    for seg in path:
        out += f"[{seg}]" if isinstance(seg, int) else (f".{seg}" if out else str(seg))
    return out or "(document)"
