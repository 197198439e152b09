"""Review and moderation: the queue of answers the engine flagged, and examiners' decisions.

Every decision is appended to the audit table (who, when, old mark, new mark, a reason from a
fixed list, a note); nothing is overwritten, and the candidate's total and grade follow the
latest decision.
"""

from __future__ import annotations

from collections.abc import Callable

from csassess.models import FrozenPaper
from csassess.models.grades import grade_for
from csassess.store import AnswerDetail, Change, ChangeResult, QueueEntry, Store


def _grades_of(store: Store, paper_hash: str) -> Callable[[int], str]:
    paper = FrozenPaper.model_validate_json(store.paper_body(paper_hash))
    return lambda total: grade_for(total, paper.grade_boundaries, paper.fail_grade)


def review_queue(
    store: Store, *, reason: str | None = None, question: str | None = None, centre: str | None = None
) -> list[QueueEntry]:
    """Flagged answers still waiting for an examiner, optionally of one reason, question or centre."""
    return list(store.review_queue(reason=reason, question=question, centre=centre))


def answer_detail(store: Store, answer_id: int) -> AnswerDetail:
    """One answer: the candidate's words, the evidence for each point, reasons and decisions."""
    return store.answer_detail(answer_id)


def decide(store: Store, change: Change) -> ChangeResult:
    """Record an examiner's decision on an answer; returns the candidate's new total and grade."""
    detail = store.answer_detail(change.answer_id)
    return store.record_change(change, _grades_of(store, detail.paper_hash))
