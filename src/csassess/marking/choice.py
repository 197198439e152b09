"""Marking keyed questions: multiple choice and multiple response."""

from __future__ import annotations

import re

from csassess.marking.result import AnswerMark, ReviewReason
from csassess.models.items import (
    MultipleChoice,
    MultipleResponse,
    PartMultipleChoice,
    PartMultipleResponse,
)
from csassess.models.script import Answer

ChoiceQuestion = MultipleChoice | MultipleResponse | PartMultipleChoice | PartMultipleResponse
_SPLIT = re.compile(r"[\s,;/]+")


def selections(answer: Answer | None) -> tuple[str, ...]:
    """Option letters chosen, upper-cased, in order, without repeats ("a, c" -> A, C)."""
    if answer is None:
        return ()
    parts = answer if isinstance(answer, list) else _SPLIT.split(answer.strip())
    return tuple(dict.fromkeys(p.strip().upper() for p in parts if p.strip()))


def mark_choice(question: ChoiceQuestion, answer: Answer | None) -> AnswerMark:
    """Mark a choice question by its key(s) and scoring rule."""
    chosen = selections(answer)
    options = {o.id for o in question.options}
    invalid = [c for c in chosen if c not in options]
    reasons = []
    if invalid:
        reasons.append(
            ReviewReason(
                "invalid_option",
                f"chose {', '.join(invalid)}, which is not an option ({', '.join(sorted(options))})",
            )
        )
    if isinstance(question, MultipleChoice | PartMultipleChoice):
        if len(chosen) > 1:
            reasons.append(
                ReviewReason(
                    "several_choices", "more than one option chosen for a single-answer question: no mark"
                )
            )
        mark = question.marks if chosen == (question.key,) else 0
    else:
        keys = set(question.keys)
        right = sum(1 for c in chosen if c in keys)
        wrong = sum(1 for c in chosen if c not in keys)
        if question.scoring == "all_or_nothing":
            mark = question.marks if set(chosen) == keys else 0
        else:
            earned = (right * question.marks) // len(keys) - wrong * question.wrong_penalty
            mark = max(0, min(question.marks, earned))
    return AnswerMark(
        question_id=question.id,
        kind=question.kind,
        mark=mark,
        max_mark=question.marks,
        selected=chosen,
        review_reasons=tuple(reasons),
        needs_review=bool(invalid),
        confidence=0.5 if invalid else 1.0,
    )
