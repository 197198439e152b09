"""What marking one script produces, as plain rows: sent from workers to the store.

Rows are plain tuples (no engine objects, no classes), because the main process unpickles
and writes every one of them: tuples of numbers and strings are the cheapest thing to move
between processes, which keeps the single writer from becoming the bottleneck. The order of
each tuple's fields is fixed here; `csassess.store.scripts` maps them onto its columns.
"""

from __future__ import annotations

from dataclasses import dataclass

AnswerRow = tuple[str, int, str | None, int, int, int, float, int | None, str | None, str, str]
"""(question_id, position, answer, mark, max_mark, needs_review, confidence, level,
misconceptions, marked_by, points).

`needs_review` is 1 or 0, not a bool: the sqlite3 module binds exact ints directly but
looks for an adapter for every bool, which cost the single writer more than the insert.
`position` is the question's index on the paper (every question has a row, so positions run
0..n-1); `answer` is the candidate's answer as JSON, None when left out; `misconceptions` is
comma-separated `id:effect`, None when there were none; `marked_by` is the hash of what marked
the question (see `csassess.marking.plan.PaperQuestion`).

`points` is a JSON list with one object for each marking point that was credited or had
evidence that did not earn it: {id, credited, unexplained, evidence, negated}, where
`evidence` and `negated` are lists of {start, end, text, phrase[, fuzzy, hedged]} (offsets
into the answer text) and `negated` is null when nothing was negated."""

ReasonRow = tuple[int, str, str]
"""(position, code, message): why a human should look at the answer at `position`."""

QUESTION_ID, POSITION, ANSWER, MARK, MAX_MARK, NEEDS_REVIEW = range(6)
MARKED_BY = 9
"""Indexes into an AnswerRow, for readers of the rows."""


@dataclass(frozen=True, slots=True)
class MarkedScript:
    """Every answer of one script, its total and grade, as rows to store."""

    answers: tuple[AnswerRow, ...]
    reasons: tuple[ReasonRow, ...]
    total: int
    max_total: int
    grade: str
    review_count: int
    """How many answers the engine wants a human to look at."""

    def __reduce__(self) -> tuple[type[MarkedScript], tuple[object, ...]]:
        # pickle as a plain argument tuple: much faster than the default for slotted dataclasses
        return (
            MarkedScript,
            (
                self.answers,
                self.reasons,
                self.total,
                self.max_total,
                self.grade,
                self.review_count,
            ),
        )


@dataclass(frozen=True, slots=True)
class NotMarked:
    """A script the engine could not mark, and why (one line)."""

    reason: str
