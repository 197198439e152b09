"""What marking one answer returns: marks, the evidence behind each, and how sure it is.

These are plain (not frozen) slotted dataclasses on purpose: a frozen dataclass's __init__
costs about five times as much, and a batch creates a dozen of them for every answer.
Treat them as values all the same."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Literal


@dataclass(slots=True)
class Evidence:
    """Candidate words that matched a phrase: offsets into the original answer text."""

    phrase: str
    start: int
    end: int
    text: str
    fuzzy: bool = False
    """Matched only by tolerating a spelling slip."""
    hedged: bool = False


@dataclass(slots=True)
class PointResult:
    """One marking point: credited or not, why, and the words that earned it."""

    id: str
    text: str
    marks: int
    credited: bool
    evidence: tuple[Evidence, ...] = ()
    negated: tuple[Evidence, ...] = ()
    """Evidence found but cancelled by a negation in its clause."""
    unexplained: bool = False
    """Found, but the point needs explaining and the answer only named it."""
    cancelled_by: str | None = None
    """A misconception that took this point's credit away."""


@dataclass(slots=True)
class RuleResult:
    """What one rule of the rubric gave."""

    description: str
    points: tuple[str, ...]
    marks: int


@dataclass(slots=True)
class TermResult:
    """Required terminology: used, missing, or misused."""

    term: str
    status: Literal["used", "missing", "misused"]
    evidence: tuple[Evidence, ...] = ()


@dataclass(slots=True)
class MisconceptionHit:
    """A misconception named in the rubric, found in the answer."""

    id: str
    text: str
    effect: str
    evidence: tuple[Evidence, ...]
    feedback: str
    cap: int | None = None


@dataclass(slots=True)
class ReviewReason:
    """Why a human should look at this answer."""

    code: str
    message: str


@dataclass(slots=True)
class AnswerMark:
    """The engine's judgement of one answer; `needs_review` is a result, not an error."""

    question_id: str
    kind: str
    mark: int
    max_mark: int
    points: tuple[PointResult, ...] = ()
    rules: tuple[RuleResult, ...] = ()
    level: int | None = None
    level_descriptor: str | None = None
    terminology: tuple[TermResult, ...] = ()
    misconceptions: tuple[MisconceptionHit, ...] = ()
    feedback: tuple[str, ...] = ()
    confidence: float = 1.0
    review_reasons: tuple[ReviewReason, ...] = ()
    needs_review: bool = False
    selected: tuple[str, ...] = ()
    """For choice questions: the options chosen."""
    notes: tuple[str, ...] = field(default=())

    def as_dict(self) -> dict[str, object]:
        """A plain mapping for JSON output and storage."""
        return asdict(self)
