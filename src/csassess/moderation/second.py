"""Second marking, as awarding bodies moderate: a sample for a second examiner, marks compared
with a tolerance, disagreements to a senior examiner, and how well the marks agreed.

The sample is drawn from settled answers to rubric-marked questions (keyed questions have one
right answer; answers still in the review queue have no settled first mark). It is
reproducible: the same seed on the same results draws the same answers. `share` of them are
taken in the seed's pseudo-random order, then more as needed so that every item, every centre
and every mark band of every item (the bottom, middle and top third of its marks) is in it.
The examiner's own marking is never in their sample, and the database refuses a second mark
or decision from anyone who already marked that answer.

A second mark within the item's tolerance of the first confirms it (the first mark stands); a
wider gap sends the answer to a senior examiner, whose `review decide --role senior_examiner`
settles the mark. Every sample, second mark and decision is an append-only row.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass

from csassess.findings import CsassessError
from csassess.marking.plan import PaperQuestion, paper_questions
from csassess.models import FrozenPaper
from csassess.moderation.agreement import quadratic_weighted_kappa
from csassess.store import Pair, QueueEntry, Sample, SecondMark, Store


class ModerationError(CsassessError):
    """A second-marking request cannot be carried out (one line saying why)."""


class NotInSampleError(ModerationError):
    """A second mark was given for an answer outside the examiner's samples."""


def item_tolerance(pq: PaperQuestion) -> int:
    """How far two examiners' marks on this question may differ and still agree.

    Levels of response: anywhere within one band (the widest band's width); marking points:
    a quarter of the marks, rounded down (so none on questions worth up to 3 marks).
    """
    if pq.rubric is not None and pq.rubric.levels:
        return max(level.max_mark - level.min_mark for level in pq.rubric.levels)
    return pq.question.marks // 4


def mark_band(mark: int, maximum: int) -> str:
    """The third of the question's marks a mark falls in: of 6, 0-1 low, 2-4 middle, 5-6 high."""
    if 3 * mark < maximum:
        return "low"
    return "high" if 3 * mark > 2 * maximum else "middle"


def judged_items(store: Store, tolerance: int | None = None) -> dict[tuple[str, str], int]:
    """(paper hash, question id) -> tolerance, for every rubric-marked question with results."""
    out = {}
    for paper_hash, body in store.paper_bodies():
        for pq in paper_questions(FrozenPaper.model_validate_json(body)):
            if pq.rubric is not None:
                out[paper_hash, pq.question.id] = item_tolerance(pq) if tolerance is None else tolerance
    return out


@dataclass(frozen=True)
class Coverage:
    """What a new sample covers, against what the population holds."""

    items: tuple[int, int]
    centres: tuple[int, int]
    bands: tuple[int, int]


@dataclass(frozen=True)
class SampleDraw:
    """A sample, and whether this call drew it (False: the same sample was drawn before)."""

    sample: Sample
    new: bool
    coverage: Coverage | None = None


def _labels(item: tuple[str, str], centre: str, band: str) -> frozenset[tuple[str, ...]]:
    return frozenset({("item", *item), ("centre", centre), ("band", *item, band)})


def _count(labels: set[tuple[str, ...]], kind: str) -> int:
    return sum(1 for label in labels if label[0] == kind)


def draw_sample(
    store: Store, examiner: str, *, share: float, seed: int, tolerance: int | None = None
) -> SampleDraw:
    """Draw (or find again) the second-marking sample of this examiner, share, seed and tolerance."""
    if not examiner.strip():
        raise ModerationError("say who the second examiner is")
    if not 0 < share <= 1:
        raise ModerationError(f"share {share:g} must be more than 0 and at most 1 (0.1 is 10%)")
    if tolerance is not None and tolerance < 0:
        raise ModerationError(f"tolerance {tolerance} must be 0 or more marks")
    found = store.find_sample(examiner, seed, share, tolerance)
    if found is not None:
        return SampleDraw(found, new=False)
    tolerances = judged_items(store, tolerance)
    population = store.prepare_population(tolerances, examiner)
    if population == 0:
        raise ModerationError(
            f"no settled answers to rubric-marked questions that {examiner} has not marked in {store.path}"
        )
    target = math.ceil(share * population)
    chosen: list[tuple[int, int, str]] = []
    covered: set[tuple[str, ...]] = set()
    seen: set[tuple[str, ...]] = set()
    for index, answer in enumerate(store.sample_population(seed)):
        labels = _labels(answer.question_key, answer.centre, mark_band(answer.mark, answer.max_mark))
        seen |= labels
        if index < target or not labels <= covered:
            why = "random" if index < target else "coverage"
            chosen.append((answer.answer_id, tolerances[answer.question_key], why))
            covered |= labels
    sample = store.save_sample(examiner, seed, share, tolerance, population, chosen)
    coverage = Coverage(*((_count(covered, kind), _count(seen, kind)) for kind in ("item", "centre", "band")))
    return SampleDraw(sample, new=True, coverage=coverage)


def record_second_mark(store: Store, answer_id: int, mark: int, examiner: str, note: str = "") -> SecondMark:
    """Record an examiner's second mark on an answer of their sample, compared with the first."""
    held = store.sample_holding(answer_id, examiner)
    if held is None:
        raise NotInSampleError(f"answer {answer_id} is in no second-marking sample for {examiner}")
    sample_id, tolerance = held
    return store.record_second_mark(sample_id, tolerance, answer_id, mark, examiner, note)


def second_queue(store: Store, examiner: str | None = None) -> list[QueueEntry]:
    """Sampled answers still waiting for their second mark (of one examiner, or all)."""
    return store.second_queue(examiner)


def senior_queue(store: Store) -> list[tuple[QueueEntry, SecondMark]]:
    """Answers whose second mark is beyond tolerance, waiting for a senior examiner."""
    return store.senior_queue()


@dataclass(frozen=True)
class ItemAgreement:
    """How first and second marks agreed on one question (or all of them)."""

    label: str
    n: int
    exact: float
    within: float
    """Share within tolerance, exact included."""
    beyond: int
    qwk: float


@dataclass(frozen=True)
class AgreementReport:
    """Second-marking agreement per question and overall, and what is still to do."""

    samples: list[Sample]
    waiting_second: int
    waiting_senior: int
    items: list[ItemAgreement]
    overall: ItemAgreement | None


def _agreement(label: str, pairs: list[Pair]) -> ItemAgreement:
    first = [p.first_mark for p in pairs]
    second = [p.second_mark for p in pairs]
    n = len(pairs)
    return ItemAgreement(
        label,
        n,
        exact=sum(p.outcome == "exact" for p in pairs) / n,
        within=sum(p.outcome != "beyond" for p in pairs) / n,
        beyond=sum(p.outcome == "beyond" for p in pairs),
        qwk=quadratic_weighted_kappa(first, second),
    )


def second_marking_agreement(store: Store, sample_id: int | None = None) -> AgreementReport:
    """Exact agreement, agreement within tolerance and QWK of first and second marks."""
    samples = [s for s in store.samples() if sample_id is None or s.sample_id == sample_id]
    if sample_id is not None and not samples:
        raise ModerationError(f"no sample {sample_id} in {store.path}")
    by_item: dict[str, list[Pair]] = defaultdict(list)
    every: list[Pair] = []
    for pair in store.second_pairs(sample_id):
        by_item[pair.question_id].append(pair)
        every.append(pair)
    wanted = {s.sample_id for s in samples}
    waiting = sum(1 for e in store.second_queue() if e.sample_id in wanted)
    senior = (
        len(store.senior_queue())
        if sample_id is None
        else sum(1 for _, s in store.senior_queue() if s.sample_id == sample_id)
    )
    return AgreementReport(
        samples,
        waiting,
        senior,
        [_agreement(q, pairs) for q, pairs in sorted(by_item.items())],
        _agreement("(all)", every) if every else None,
    )
