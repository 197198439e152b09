"""What marking a candidate again does to their result: decisions carried or lapsed, old -> new.

A script is marked again when its content or its marking (rubric, key, boundaries) changed.
An examiner's decision on one of its answers keeps counting when the candidate's words and
what marks that question are both unchanged: a rubric fix on one question must not undo a
human judgement on another. When the words are the same but the question's marking changed,
the decision cannot simply stand: the answer goes to the review queue saying what the examiner
gave before. When the words changed, the decision was about other words, and lapses.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from csassess.store import AnswerRow, MarkedScript, ReasonRow, StoredScript

EARLIER_DECISION = "earlier_decision"
"""The review reason of an answer whose examiner decision was made under the earlier marking."""


@dataclass(frozen=True)
class Carried:
    """A fresh marking with the earlier decisions that still count applied."""

    marked: MarkedScript
    """Total, grade, review count and reasons as they will be stored."""
    carried: dict[int, int]
    """Answer position -> the decision whose mark it keeps."""
    lapsed: int
    """Earlier decisions that no longer count."""
    counted: dict[str, int]
    """Question id -> the mark that will count."""


def carry_decisions(marked: MarkedScript, earlier: StoredScript, grade_of: Callable[[int], str]) -> Carried:
    """Apply the candidate's earlier examiner decisions to a fresh marking of their script."""
    decided = {a.question_id: a for a in earlier.answers if a.last_change is not None}
    if not decided:
        return Carried(marked, {}, 0, {qid: mark for qid, _, _, mark, *_ in marked.answers})
    rows: list[AnswerRow] = []
    reasons: list[ReasonRow] = list(marked.reasons)
    carried: dict[int, int] = {}
    counts: dict[str, int] = {}
    lapsed = total = pending = 0
    for row in marked.answers:
        question_id, position, answer, counted, maximum, needs_review, *_, marked_by, _ = row
        before = decided.get(question_id)
        if before is not None and before.last_change is not None:
            if before.answer == answer and before.marked_by == marked_by:
                carried[position], counted = before.last_change, before.mark
            else:
                lapsed += 1
                if before.answer == answer:
                    needs_review = True
                    row = (question_id, position, answer, row[3], maximum, True, *row[6:])
                    reasons.append(
                        (
                            position,
                            EARLIER_DECISION,
                            f"an examiner gave {before.mark}/{before.max_mark} under the earlier marking "
                            f"(decision {before.last_change}); confirm or change it",
                        )
                    )
        total += counted
        counts[question_id] = counted
        pending += needs_review and position not in carried
        rows.append(row)
    fresh = MarkedScript(tuple(rows), tuple(reasons), total, marked.max_total, grade_of(total), pending)
    return Carried(fresh, carried, lapsed, counts)


@dataclass(frozen=True)
class Affected:
    """A candidate whose result a re-marking changes: old -> new."""

    centre: str
    candidate: str
    old_total: int
    new_total: int
    max_total: int
    old_grade: str
    new_grade: str
    questions: tuple[str, ...]
    """The questions whose mark that counts changes."""
    lapsed: int

    def __str__(self) -> str:
        line = (
            f"centre {self.centre} candidate {self.candidate}: total {self.old_total} -> {self.new_total}"
            f"/{self.max_total}, grade {self.old_grade} -> {self.new_grade}"
        )
        if self.questions:
            line += f"; {', '.join(self.questions)}"
        if self.lapsed:
            plural = "s no longer count" if self.lapsed > 1 else " no longer counts"
            line += f"; {self.lapsed} earlier examiner decision{plural}"
        return line


def compare(earlier: StoredScript, after: Carried) -> Affected | None:
    """How the candidate's result changes, or None when it stays the same."""
    before = {a.question_id: a.mark for a in earlier.answers}
    changed = tuple(qid for qid, mark in after.counted.items() if before.get(qid) != mark)
    marked = after.marked
    if not changed and marked.total == earlier.total and marked.grade == earlier.grade and not after.lapsed:
        return None
    return Affected(
        earlier.centre,
        earlier.candidate,
        earlier.total,
        marked.total,
        marked.max_total,
        earlier.grade,
        marked.grade,
        changed,
        after.lapsed,
    )
