"""Marking quality: how much went to review, what examiners changed and why, how far second
markers agreed, and which centres and items account for most of it."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from csassess.reports.tally import PaperTally
from csassess.store import ChangeFact, SecondFact

TOP = 5
"""Centres and items listed as driving review and changes."""


@dataclass(frozen=True)
class Share:
    """A count out of a total."""

    label: str
    count: int
    out_of: int

    @property
    def share(self) -> float:
        """count / out_of (0 when there is nothing to count)."""
        return self.count / self.out_of if self.out_of else 0.0


@dataclass(frozen=True)
class Agreement:
    """Second marking: how far second examiners' marks agree with the marks they checked."""

    answers: int
    exact: float
    within_tolerance: float
    """The share the item's tolerance accepts (the rest went to a senior examiner)."""
    within_one: float
    mean_difference: float
    """Second mark minus first, on average: positive when second markers are more generous."""
    mean_absolute: float


@dataclass(frozen=True)
class Driver:
    """A centre or item and how much review, change and disagreement its answers brought."""

    review: Share
    """Answers sent to review out of the answers."""
    changed: int
    beyond: int
    """Second marks beyond the item's tolerance."""


@dataclass(frozen=True)
class MarkingQuality:
    """Everything the marking-quality section prints."""

    answers: int
    flagged: int
    reasons: tuple[Share, ...]
    decisions: int
    changed: int
    """Decisions that moved a mark away from the one they reviewed."""
    by_reason: tuple[Share, ...]
    """Decisions per reason (out of all decisions)."""
    by_role: tuple[Share, ...]
    agreement: Agreement | None
    centres: tuple[Driver, ...]
    """The centres with the most review, changed marks and second-marking disagreement per answer."""
    items: tuple[Driver, ...]
    """The same for items (by printed number)."""

    @property
    def flagged_share(self) -> float:
        """The share of all answers sent to review."""
        return self.flagged / self.answers if self.answers else 0.0


def second_marking(seconds: Sequence[SecondFact]) -> Agreement | None:
    """Agreement of the latest second mark of each sampled answer with the first mark."""
    if not seconds:
        return None
    n = len(seconds)
    differences = [f.second_mark - f.first_mark for f in seconds]
    return Agreement(
        answers=n,
        exact=sum(d == 0 for d in differences) / n,
        within_tolerance=sum(f.outcome != "beyond" for f in seconds) / n,
        within_one=sum(abs(d) <= 1 for d in differences) / n,
        mean_difference=sum(differences) / n,
        mean_absolute=sum(abs(d) for d in differences) / n,
    )


def marking_quality(
    tally: PaperTally, changes: Sequence[ChangeFact], seconds: Sequence[SecondFact] = ()
) -> MarkingQuality:
    """Review and moderation figures of one paper."""
    answers = sum(tally.answers_by.values())
    flagged = sum(tally.flagged.values())
    changed_where: Counter[tuple[str, str]] = Counter(
        (c.centre, c.question_id) for c in changes if c.new_mark != c.old_mark
    )
    beyond_where: Counter[tuple[str, str]] = Counter(
        (f.centre, f.question_id) for f in seconds if f.outcome == "beyond"
    )
    # per centre and per item: [sent to review, answers, marks changed, second marks beyond tolerance]
    by_centre: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0])
    by_item: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0])
    for (centre, qid), count in tally.answers_by.items():
        for key, table in ((centre, by_centre), (qid, by_item)):
            table[key][0] += tally.flagged[centre, qid]
            table[key][1] += count
            table[key][2] += changed_where[centre, qid]
            table[key][3] += beyond_where[centre, qid]
    number = {q.id: q.number for q in tally.info.questions}

    def top(table: dict[str, list[int]], label: dict[str, str] | None = None) -> tuple[Driver, ...]:
        ranked = sorted(
            table.items(), key=lambda kv: (-(kv[1][0] + kv[1][2] + kv[1][3]) / max(1, kv[1][1]), kv[0])
        )
        return tuple(
            Driver(Share(label.get(k, k) if label else k, f, n), c, b)
            for k, (f, n, c, b) in ranked
            if f or c or b
        )[:TOP]

    decisions = len(changes)
    return MarkingQuality(
        answers=answers,
        flagged=flagged,
        reasons=tuple(Share(code, n, flagged) for code, n in tally.reasons.most_common()),
        decisions=decisions,
        changed=sum(1 for c in changes if c.new_mark != c.old_mark),
        by_reason=tuple(Share(r, n, decisions) for r, n in Counter(c.reason for c in changes).most_common()),
        by_role=tuple(Share(r, n, decisions) for r, n in Counter(c.role for c in changes).most_common()),
        agreement=second_marking(seconds),
        centres=top(by_centre),
        items=top(by_item, number),
    )
