"""From an examiner-marked sample to agreement figures and suggested rubric changes.

Each suggestion is tried on the sample before it is made: a phrase is suggested for adding
only if adding it brings the machine's marks closer to the examiners' by at least `min_gain`
marks over the sample, and for removing only if taking it away does. Added phrases are word
runs found in at least `min_support` answers the machine under-marked, never in the question
and never ones the rubric checks would warn about; removed phrases are those that credited
answers the examiners gave nothing (or, where the sample names the points examiners credited,
answers whose examiner did not credit that point).
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from csassess.calibration.patch import with_evidence
from csassess.calibration.sample import SampleRow
from csassess.content.contentset import ContentSet
from csassess.content.probe import PhraseProbe
from csassess.content.rubric_lint import common_words, phrase_weakness, words_of
from csassess.marking import AnswerMark, Marker
from csassess.marking.lexicon import NEGATORS, STOPWORDS, stem
from csassess.models.items import Question
from csassess.models.rubric import MarkingPoint, PointChange, Rubric, RubricPatch
from csassess.moderation.agreement import Agreement, agreement

_WORD = re.compile(r"[a-z][a-z0-9]*(?:-[a-z0-9]+)*")


@dataclass(frozen=True)
class Settings:
    """How cautious suggestions are."""

    min_support: int = 2
    """Answers a phrase must occur in before it is suggested."""
    min_gain: int = 2
    """Marks closer to the examiners, over the sample, a change must bring."""
    candidates: int = 30
    """Phrases tried for adding, per item (the most frequent in under-marked answers)."""
    fuzzy: bool = True


@dataclass(frozen=True)
class ItemCalibration:
    """One item's sample: agreement before and after the suggestions, and how often each
    point fired."""

    item: str
    before: Agreement
    after: Agreement
    fired: dict[str, int]
    changes: tuple[PointChange, ...]
    human: tuple[int, ...] = ()
    machine_before: tuple[int, ...] = ()
    machine_after: tuple[int, ...] = ()

    def as_dict(self) -> dict[str, object]:
        """A plain mapping for JSON output."""
        return {
            "item": self.item,
            "before": self.before.as_dict(),
            "after": self.after.as_dict(),
            "fired": self.fired,
            "changes": [c.model_dump(mode="json", exclude_none=True) for c in self.changes],
        }


@dataclass
class Calibration:
    """Agreement per item and overall, and the patch of suggested changes."""

    items: list[ItemCalibration] = field(default_factory=list)
    overall: Agreement | None = None
    overall_after: Agreement | None = None
    patch: RubricPatch | None = None

    def as_dict(self) -> dict[str, object]:
        """A plain mapping for JSON output."""
        return {
            "overall": self.overall.as_dict() if self.overall else None,
            "overall_after": self.overall_after.as_dict() if self.overall_after else None,
            "items": [i.as_dict() for i in self.items],
        }


class _ItemSample:
    """One item's answers and examiner marks, marked against a rubric (re-marked on demand)."""

    def __init__(
        self,
        question: Question,
        rows: Sequence[SampleRow],
        synonyms: Mapping[str, list[str]] | None,
        marker: Marker,
    ) -> None:
        self.question, self.rows, self.synonyms, self.marker = question, rows, synonyms, marker
        self.human = [r.mark for r in rows]

    def mark(self, rubric: Rubric) -> list[AnswerMark]:
        return [self.marker.mark(self.question, r.answer, rubric, self.synonyms) for r in self.rows]

    def error(self, results: Sequence[AnswerMark]) -> int:
        return sum(abs(h - r.mark) for h, r in zip(self.human, results, strict=True))

    def point_wrong(self, row: SampleRow, point: str, result: AnswerMark) -> bool:
        """The machine credited `point` where the examiner did not mean it to."""
        if row.points is not None:
            return point not in row.points
        return row.mark == 0 or result.mark > row.mark


def calibrate(
    content: ContentSet, rows: Sequence[SampleRow], settings: Settings | None = None, *, source: str = ""
) -> Calibration:
    """Agreement per item on the sample, and the changes that bring each rubric closer to it."""
    settings = settings or Settings()
    marker = Marker(fuzzy=settings.fuzzy, language_check=False)
    by_item: dict[str, list[SampleRow]] = defaultdict(list)
    for row in rows:
        by_item[row.item].append(row)
    out = Calibration()
    changes: list[PointChange] = []
    for item in sorted(by_item):
        rubric = content.rubric(item)
        if rubric is None:
            continue
        sample = _ItemSample(content.question(item), by_item[item], content.synonyms_of.get(item), marker)
        calibrated = _calibrate_item(sample, rubric, settings)
        out.items.append(calibrated)
        changes.extend(calibrated.changes)
    human = [m for i in out.items for m in i.human]
    out.overall = agreement(human, [m for i in out.items for m in i.machine_before])
    out.overall_after = agreement(human, [m for i in out.items for m in i.machine_after])
    out.patch = RubricPatch(kind="rubric_patch", id="calibration", sample=source or None, changes=changes)
    return out


def _calibrate_item(sample: _ItemSample, rubric: Rubric, settings: Settings) -> ItemCalibration:
    results = sample.mark(rubric)
    before = [r.mark for r in results]
    fired = {mp.id: 0 for mp in rubric.marking_points}
    for result in results:
        for point in result.points:
            fired[point.id] += point.credited
    changes: list[PointChange] = []
    current = rubric
    current, results = _removals(sample, current, results, settings, changes)
    current, results = _additions(sample, current, results, settings, changes)
    changes.extend(_reviews(sample, rubric, fired))
    after = [r.mark for r in results]
    return ItemCalibration(
        rubric.item,
        agreement(sample.human, before),
        agreement(sample.human, after),
        fired,
        tuple(changes),
        tuple(sample.human),
        tuple(before),
        tuple(after),
    )


def _removals(
    sample: _ItemSample,
    rubric: Rubric,
    results: list[AnswerMark],
    settings: Settings,
    changes: list[PointChange],
) -> tuple[Rubric, list[AnswerMark]]:
    wrong: Counter[tuple[str, str]] = Counter()
    right: Counter[tuple[str, str]] = Counter()
    for row, result in zip(sample.rows, results, strict=True):
        for point in result.points:
            if not point.credited:
                continue
            for phrase in {e.phrase for e in point.evidence}:
                bucket = wrong if sample.point_wrong(row, point.id, result) else right
                bucket[(point.id, phrase)] += 1
    for (point_id, phrase), count in wrong.most_common():
        if count < settings.min_support or count <= right[(point_id, phrase)]:
            continue
        if rubric.point(point_id).evidence == [phrase]:
            continue  # its only phrase: the point needs rewording, which a review note says
        trial = with_evidence(rubric, point_id, remove=[phrase])
        trial_results = sample.mark(trial)
        gain = sample.error(results) - sample.error(trial_results)
        if gain >= settings.min_gain:
            changes.append(
                PointChange(
                    item=rubric.item,
                    point=point_id,
                    remove_evidence=[phrase],
                    reason=f"credited {count} answers examiners did not credit for it "
                    f"(and {right[(point_id, phrase)]} they did); without it the sample's marks "
                    f"come {gain} marks closer to the examiners'",
                )
            )
            rubric, results = trial, trial_results
    return rubric, results


def _additions(
    sample: _ItemSample,
    rubric: Rubric,
    results: list[AnswerMark],
    settings: Settings,
    changes: list[PointChange],
) -> tuple[Rubric, list[AnswerMark]]:
    under = [
        i for i, (row, result) in enumerate(zip(sample.rows, results, strict=True)) if row.mark > result.mark
    ]
    if len(under) < settings.min_support:
        return rubric, results
    phrases = _candidate_phrases(sample, rubric, under, settings)
    for phrase, support in phrases:
        # the point the phrase shares words with comes first, then the one it helps most:
        # "confirmed" belongs to "confirmed connectionless", not to whatever it happens to fix
        best: tuple[tuple[bool, int], str, Rubric, list[AnswerMark]] | None = None
        stems = {stem(w) for w in words_of(phrase)}
        for mp in rubric.marking_points:
            if phrase in mp.evidence:
                break
            targets = _wanted(sample, mp.id, under, results)
            if not targets:
                continue
            trial = with_evidence(rubric, mp.id, add=[phrase])
            trial_results = sample.mark(trial)
            gain = sample.error(results) - sample.error(trial_results)
            rank = (bool(stems & _point_stems(mp)), gain)
            if gain >= settings.min_gain and (best is None or rank > best[0]):
                best = (rank, mp.id, trial, trial_results)
        if best is None:
            continue
        (_, gain), point_id, rubric, results = best
        changes.append(
            PointChange(
                item=rubric.item,
                point=point_id,
                add_evidence=[phrase],
                reason=f"in {support} answers examiners marked higher than csassess; with it the "
                f"sample's marks come {gain} marks closer to the examiners'",
            )
        )
        under = [i for i, (row, r) in enumerate(zip(sample.rows, results, strict=True)) if row.mark > r.mark]
    return rubric, results


def _point_stems(point: MarkingPoint) -> set[str]:
    return {stem(w) for text in (point.text, *point.evidence) for w in words_of(text)}


def _wanted(sample: _ItemSample, point_id: str, under: list[int], results: list[AnswerMark]) -> bool:
    """Whether some under-marked answer lacks this point and the examiner wanted it (or, with
    no points in the sample, might have)."""
    for i in under:
        row = sample.rows[i]
        credited = {p.id for p in results[i].points if p.credited}
        if point_id not in credited and (row.points is None or point_id in row.points):
            return True
    return False


def _candidate_phrases(
    sample: _ItemSample, rubric: Rubric, under: list[int], settings: Settings
) -> list[tuple[str, int]]:
    """Word runs common in under-marked answers and rare in answers examiners gave nothing."""
    zero = [i for i, row in enumerate(sample.rows) if row.mark == 0]
    in_under = Counter(g for i in under for g in _grams(sample.rows[i].answer))
    in_zero = Counter(g for i in zero for g in _grams(sample.rows[i].answer))
    existing = {e.lower() for mp in rubric.marking_points for e in mp.evidence}
    ranked = sorted(
        (g for g, n in in_under.items() if n >= settings.min_support and g not in existing),
        key=lambda g: (-(in_under[g] / len(under) - in_zero[g] / max(1, len(zero))), -len(g.split()), g),
    )
    probe = PhraseProbe(
        sample.question, ranked[: settings.candidates * 2], sample.synonyms, max_gap=rubric.max_gap
    )
    quoted = probe.found(sample.question.stem)
    out = []
    for gram in ranked[: settings.candidates * 2]:
        if gram in quoted or phrase_weakness(gram):
            continue
        out.append((gram, in_under[gram]))
        if len(out) == settings.candidates:
            break
    return out


def _grams(text: str) -> set[str]:
    """Runs of one to three words that start and end on a content word and deny nothing."""
    words = _WORD.findall(text.lower())
    common = common_words()
    grams = set()
    for n in (1, 2, 3):
        for k in range(len(words) - n + 1):
            run = words[k : k + n]
            if run[0] in STOPWORDS or run[-1] in STOPWORDS or any(w in NEGATORS for w in run):
                continue
            if n == 1 and (len(run[0]) < 4 or run[0] in common):
                continue
            grams.add(" ".join(run))
    return grams


def _reviews(sample: _ItemSample, rubric: Rubric, fired: dict[str, int]) -> list[PointChange]:
    n = len(sample.rows)
    notes = []
    for mp in rubric.marking_points:
        examiner = sum(1 for r in sample.rows if r.points is not None and mp.id in r.points)
        said = (
            f"; examiners credited it {examiner} times"
            if any(r.points is not None for r in sample.rows)
            else ""
        )
        if n < 5 or 0 < fired[mp.id] < n:
            continue
        if fired[mp.id] == 0:
            review = f"never credited in {n} answers"
            reason = f"no answer of the sample earned it{said}: check its evidence is what candidates write"
        else:
            zero = sum(1 for r in sample.rows if r.mark == 0)
            review = f"credited in every one of {n} answers"
            reason = (
                f"every answer earned it, {zero} of them given 0 by examiners{said}: "
                "its evidence may be words any answer uses (or the question's own)"
            )
        notes.append(PointChange(item=rubric.item, point=mp.id, review=review, reason=reason))
    return notes
