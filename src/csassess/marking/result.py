"""What marking one answer returns: marks, the evidence behind each, and how sure it is.

These are plain (not frozen) slotted dataclasses on purpose: a frozen dataclass's __init__
costs about five times as much, and a batch creates a dozen of them for every answer.
Treat them as values all the same."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Literal


@dataclass(slots=True, init=False)
class Evidence:
    """Candidate words that matched a phrase: offsets into the original answer text."""

    phrase: str
    start: int
    end: int
    text: str
    fuzzy: bool
    """Matched only by tolerating a spelling slip."""
    hedged: bool

    # written out, not generated: the compiled engine then builds these natively (the
    # dataclass-made __init__ would run as Python on every match)
    def __init__(
        self, phrase: str, start: int, end: int, text: str, fuzzy: bool = False, hedged: bool = False
    ) -> None:
        self.phrase, self.start, self.end, self.text = phrase, start, end, text
        self.fuzzy, self.hedged = fuzzy, hedged


@dataclass(slots=True, init=False)
class PointResult:
    """One marking point: credited or not, why, and the words that earned it."""

    id: str
    text: str
    marks: int
    credited: bool
    evidence: tuple[Evidence, ...]
    negated: tuple[Evidence, ...]
    """Evidence found but cancelled by a negation in its clause."""
    unexplained: bool
    """Found, but the point needs explaining and the answer only named it."""
    cancelled_by: str | None
    """A misconception that took this point's credit away."""

    def __init__(  # written out for the compiled engine, as Evidence's
        self,
        id: str,
        text: str,
        marks: int,
        credited: bool,
        evidence: tuple[Evidence, ...] = (),
        negated: tuple[Evidence, ...] = (),
        unexplained: bool = False,
        cancelled_by: str | None = None,
    ) -> None:
        self.id, self.text, self.marks, self.credited = id, text, marks, credited
        self.evidence, self.negated, self.unexplained, self.cancelled_by = (
            evidence, negated, unexplained, cancelled_by,
        )  # fmt: skip


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


@dataclass(slots=True, init=False)
class AnswerMark:
    """The engine's judgement of one answer; `needs_review` is a result, not an error."""

    question_id: str
    kind: str
    mark: int
    max_mark: int
    points: tuple[PointResult, ...]
    rules: tuple[RuleResult, ...]
    level: int | None
    level_descriptor: str | None
    terminology: tuple[TermResult, ...]
    misconceptions: tuple[MisconceptionHit, ...]
    feedback: tuple[str, ...]
    confidence: float
    review_reasons: tuple[ReviewReason, ...]
    needs_review: bool
    selected: tuple[str, ...]
    """For choice questions: the options chosen."""
    notes: tuple[str, ...]

    def __init__(  # written out for the compiled engine, as Evidence's
        self,
        question_id: str,
        kind: str,
        mark: int,
        max_mark: int,
        points: tuple[PointResult, ...] = (),
        rules: tuple[RuleResult, ...] = (),
        level: int | None = None,
        level_descriptor: str | None = None,
        terminology: tuple[TermResult, ...] = (),
        misconceptions: tuple[MisconceptionHit, ...] = (),
        feedback: tuple[str, ...] = (),
        confidence: float = 1.0,
        review_reasons: tuple[ReviewReason, ...] = (),
        needs_review: bool = False,
        selected: tuple[str, ...] = (),
        notes: tuple[str, ...] = (),
    ) -> None:
        self.question_id, self.kind, self.mark, self.max_mark = question_id, kind, mark, max_mark
        self.points, self.rules, self.level, self.level_descriptor = points, rules, level, level_descriptor
        self.terminology, self.misconceptions, self.feedback = terminology, misconceptions, feedback
        self.confidence, self.review_reasons, self.needs_review = confidence, review_reasons, needs_review
        self.selected, self.notes = selected, notes

    def as_dict(self) -> dict[str, object]:
        """A plain mapping for JSON output and storage."""
        return asdict(self)
