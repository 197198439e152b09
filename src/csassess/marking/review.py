"""How sure the engine is, and why a human should look: reasons with weights.

Confidence starts at 1 and each reason takes its weight off; an answer goes to the review
queue when confidence falls below the threshold or a reason is one that always needs a
person (a misconception the rubric says to flag, an answer that may not be in English).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from csassess.marking.result import ReviewReason

REVIEW_THRESHOLD = 0.7


@dataclass(frozen=True)
class ReasonKind:
    """A kind of doubt and how much it lowers confidence."""

    code: str
    weight: float
    always_review: bool = False


FUZZY_ONLY = ReasonKind("fuzzy_only", 0.35)
NEGATION_CONFLICT = ReasonKind("negation_near_credit", 0.35)
HEDGED = ReasonKind("hedged", 0.15)
BORDERLINE = ReasonKind("level_borderline", 0.15)
EMPTY = ReasonKind("empty", 0.0)
SHORT = ReasonKind("very_short", 0.35)
LONG = ReasonKind("very_long", 0.35)
LANGUAGE = ReasonKind("not_in_paper_language", 0.5, always_review=True)
FLAGGED = ReasonKind("misconception_flagged", 0.5, always_review=True)
PADDING = ReasonKind("possible_padding", 0.35)
BARE_LIST = ReasonKind("bare_list", 0.35, always_review=True)
"""Items named one after another (commas, line breaks, few verbs): what earned the marks
is a list, not an answer, and a person should judge it."""


@dataclass
class Doubts:
    """Collects review reasons while an answer is marked."""

    reasons: list[tuple[ReasonKind, str | Callable[[], str]]]

    def __init__(self) -> None:
        self.reasons = []

    def add(self, kind: ReasonKind, message: str | Callable[[], str]) -> None:
        """Note one doubt; a message that quotes evidence not yet placed may be a function
        that writes it when the verdict is given."""
        self.reasons.append((kind, message))

    def verdict(self) -> tuple[float, tuple[ReviewReason, ...], bool]:
        """Confidence, the reasons, and whether a human must look."""
        if not self.reasons:
            return 1.0, (), False
        confidence = max(0.0, 1.0 - sum(kind.weight for kind, _ in self.reasons))
        reasons = tuple(
            ReviewReason(kind.code, message if isinstance(message, str) else message())
            for kind, message in self.reasons
        )
        needs = confidence < REVIEW_THRESHOLD or any(k.always_review for k, _ in self.reasons)
        return round(confidence, 2), reasons, needs
