"""What an import brought in: the content, and a line for every question read.

Every question a file holds gets one report line, imported or not, so an author can see
what to fix (`question 12 'Match the terms' (matching): csassess has no matching items`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from pydantic import ValidationError

from csassess.interop.content import BankContent
from csassess.models.rubric import MarkingPoint, Rubric

_NOT_ID = re.compile(r"[^A-Za-z0-9_.\-]+")
DRAFT_NOTE = "DRAFT rubric made on import: write its marking points before marking with it."


@dataclass(frozen=True)
class ReportLine:
    """One question of the file: imported (with notes) or left out (with the reason)."""

    number: int
    title: str
    kind: str
    imported: bool
    reason: str = ""
    notes: tuple[str, ...] = ()

    def __str__(self) -> str:
        head = f"question {self.number} {self.title!r} ({self.kind})"
        if not self.imported:
            return f"{head}: {self.reason}"
        return f"{head}: imported" + "".join(f"; {note}" for note in self.notes)


@dataclass
class ImportResult:
    """The content read and the report on every question."""

    source: str
    format: str
    content: BankContent = field(default_factory=BankContent)
    report: list[ReportLine] = field(default_factory=list)

    @property
    def left_out(self) -> list[ReportLine]:
        """Questions not imported."""
        return [line for line in self.report if not line.imported]


class NotImportedError(Exception):
    """A question that cannot come in; the message is the report's reason."""

    def __init__(self, reason: str, kind: str = "item") -> None:
        super().__init__(reason)
        self.kind = kind


def identifier(text: str, fallback: str) -> str:
    """A csassess id from a foreign identifier or title (letters, digits, . _ -)."""
    cleaned = _NOT_ID.sub("-", text).strip("-.")[:64].strip("-.")
    return cleaned or fallback


class UniqueIds:
    """Hands out ids, suffixing repeats (`Q-1`, `Q-1-2`)."""

    def __init__(self) -> None:
        self.seen: set[str] = set()

    def __call__(self, wanted: str) -> str:
        candidate, n = wanted, 1
        while candidate in self.seen:
            n += 1
            candidate = f"{wanted[:60]}-{n}"
        self.seen.add(candidate)
        return candidate


def validation_reason(exc: ValidationError) -> str:
    """The first validation problem, in one line."""
    first = exc.errors()[0]
    where = ".".join(str(p) for p in first["loc"])
    return f"{where}: {first['msg']}" if where else first["msg"]


def draft_rubric(question_id: str, marks: int, notes: str | None) -> Rubric:
    """A rubric to complete: one placeholder point worth the marks, the foreign notes kept."""
    point = MarkingPoint(
        id="to-write",
        text="DRAFT: replace with the marking points of the mark scheme",
        marks=marks,
        evidence=["to be written"],
        feedback="To be written with the marking points.",
    )
    kept = f"{DRAFT_NOTE} {notes}" if notes else DRAFT_NOTE
    return Rubric(item=question_id, version=1, marking_points=[point], examiner_notes=kept)
