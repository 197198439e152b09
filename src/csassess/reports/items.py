"""Item statistics of one paper: per question facility, discrimination, distractors and marking
points, with flags; for the paper alpha and its standard error of measurement."""

from __future__ import annotations

import math
from dataclasses import dataclass

from csassess.reports import stats
from csassess.reports.paperinfo import QuestionInfo
from csassess.reports.tally import PaperTally


@dataclass(frozen=True)
class OptionUse:
    """One option of a choice question and the share of candidates who chose it."""

    option: str
    text: str
    share: float
    key: bool


@dataclass(frozen=True)
class PointUse:
    """One marking point and the share of candidates credited it (examiner-facing)."""

    point_id: str
    text: str
    share: float


@dataclass(frozen=True)
class ItemStatistics:
    """Classical statistics of one question."""

    question: QuestionInfo
    mean: float
    facility: float
    discrimination: float
    options: tuple[OptionUse, ...]
    blank_share: float | None
    """Choice questions: the share who chose nothing."""
    points: tuple[PointUse, ...]
    flags: tuple[stats.Flag, ...]


@dataclass(frozen=True)
class PaperStatistics:
    """The paper as a whole and each of its questions."""

    candidates: int
    max_total: int
    mean: float
    sd: float
    alpha: float
    sem: float
    items: tuple[ItemStatistics, ...]

    @property
    def flagged(self) -> tuple[ItemStatistics, ...]:
        """Items with at least one flag."""
        return tuple(i for i in self.items if i.flags)


def paper_statistics(tally: PaperTally) -> PaperStatistics:
    """Every statistic the item report prints, from one tally."""
    matrix = tally.matrix()
    questions = tally.info.questions
    max_marks = [q.question.marks for q in questions]
    n = tally.candidates
    facilities = stats.facility(matrix, max_marks)
    discriminations = stats.discrimination(matrix)
    alpha = stats.cronbach_alpha(matrix)
    totals = matrix.sum(axis=1)
    items = []
    for column, q in enumerate(questions):
        options: tuple[OptionUse, ...] = ()
        blank: float | None = None
        shares: dict[str, float] = {}
        if q.rubric is None:
            counts = tally.options.get(q.id, {})
            shares = {o: counts.get(o, 0) / n if n else 0.0 for o in q.options}
            options = tuple(OptionUse(o, text, shares[o], o in q.keys) for o, text in q.options.items())
            blank = counts.get("", 0) / n if n else 0.0
        credited = tally.credited.get(q.id, {})
        points = tuple(
            PointUse(p.id, p.text, credited.get(p.id, 0) / n if n else 0.0)
            for p in (q.rubric.marking_points if q.rubric else ())
        )
        facility, discrimination = float(facilities[column]), float(discriminations[column])
        items.append(
            ItemStatistics(
                question=q,
                mean=float(matrix[:, column].mean()) if n else math.nan,
                facility=facility,
                discrimination=discrimination,
                options=options,
                blank_share=blank,
                points=points,
                flags=stats.item_flags(facility, discrimination, shares, q.keys),
            )
        )
    return PaperStatistics(
        candidates=n,
        max_total=sum(max_marks),
        mean=float(totals.mean()) if n else math.nan,
        sd=float(totals.std(ddof=1)) if n > 1 else math.nan,
        alpha=alpha,
        sem=stats.standard_error_of_measurement(totals, alpha),
        items=tuple(items),
    )
