"""One pass over a paper's candidates, keeping only what the centre and item reports count.

Memory grows with candidates x questions (one small integer each) and nothing else: option
choices, credited points and review reasons are counted as they stream past.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

import numpy as np

from csassess.reports.data import CandidateRecord
from csassess.reports.paperinfo import PaperInfo


@dataclass
class PaperTally:
    """Counts over every current candidate of one paper."""

    info: PaperInfo
    marks: list[list[int]] = field(default_factory=list)
    """One row per candidate, one column per question in paper order."""
    centres: list[str] = field(default_factory=list)
    grades: list[str] = field(default_factory=list)
    provisional: int = 0
    """Candidates with an answer still waiting for an examiner."""
    options: dict[str, Counter[str]] = field(default_factory=dict)
    """Per choice question: how many candidates chose each option ('' counts blanks)."""
    credited: dict[str, Counter[str]] = field(default_factory=dict)
    """Per free-text question: how many candidates were credited each marking point."""
    flagged: Counter[tuple[str, str]] = field(default_factory=Counter)
    """(centre, question id) -> answers the engine sent to review."""
    reasons: Counter[str] = field(default_factory=Counter)
    """Review reason code -> answers sent to review for it."""
    answers_by: Counter[tuple[str, str]] = field(default_factory=Counter)
    """(centre, question id) -> answers: the denominators of the review shares."""

    def __post_init__(self) -> None:
        self.columns = {q.id: n for n, q in enumerate(self.info.questions)}

    def add(self, record: CandidateRecord) -> None:
        """Count one candidate."""
        row = [0] * len(self.columns)
        for answer in record.answers:
            column = self.columns.get(answer.question_id)
            if column is None:
                continue  # not on this paper: `csassess verify` reports it
            row[column] = answer.mark
            qid = answer.question_id
            self.answers_by[record.centre, qid] += 1
            if answer.needs_review:
                self.flagged[record.centre, qid] += 1
                self.reasons.update(answer.reasons or ("unspecified",))
            if self.info.question(qid).rubric is None:
                counter = self.options.setdefault(qid, Counter())
                counter.update(set(answer.chosen) or {""})
            else:
                counter = self.credited.setdefault(qid, Counter())
                counter.update({str(p["id"]) for p in answer.points if p.get("credited")})
        self.marks.append(row)
        self.centres.append(record.centre)
        self.grades.append(record.grade)
        self.provisional += any(a.needs_review and not a.decisions for a in record.answers)

    @property
    def candidates(self) -> int:
        """How many candidates were counted."""
        return len(self.marks)

    def matrix(self) -> np.ndarray:
        """The marks as a candidates x questions array."""
        return np.asarray(self.marks, dtype=np.float64).reshape(len(self.marks), len(self.columns))

    def totals(self) -> np.ndarray:
        """Each candidate's total."""
        return self.matrix().sum(axis=1)
