"""Rubrics: how an examiner credits a free-text answer.

A rubric names *marking points* (one creditable idea each, evidenced by phrases), then either
*rules* that turn credited points into marks, or *levels of response* for extended answers.

Evidence phrases are plain words in order, e.g. ``refer to supervisor``. The marker matches
them after normalising spelling, case and inflection, lets a few other words stand between
(``refer the matter to my supervisor``), and expands any word named in the file's
``synonyms`` (``supervisor`` -> ``manager``, ``team leader``...).
"""

from typing import Annotated, Literal

from pydantic import Field
from pydantic import Strict as StrictFlag

from csassess.models.base import Identifier, NonNegativeInt, PositiveInt, Strict, Text

Phrase = Annotated[str, Field(min_length=1, max_length=200, pattern=r"\S")]


class MarkingPoint(Strict):
    """One creditable idea, with the candidate words that evidence it."""

    id: Identifier
    text: Text
    """What earns the point, as the mark scheme prints it."""
    marks: PositiveInt = 1
    evidence: list[Phrase] = Field(min_length=1)
    """Phrases (any one suffices) that show the idea: terms, paraphrases, synonyms."""
    negation_cancels: bool = True
    """A negated or hedged mention ("I would not apologise") earns nothing."""
    needs_explanation: bool = False
    """The point asks to *explain*: a bare keyword in a list earns nothing."""
    max_gap: NonNegativeInt | None = None
    """Words allowed between a phrase's words; the rubric's default when absent."""
    shares_evidence: bool = False
    """The point may be earned by words that also earn another point; otherwise one stretch
    of the answer earns one point (the one with the more specific phrase)."""
    feedback: Text
    """Told to a candidate who missed the point: what to add, in plain words."""


class Rule(Strict):
    """Turns credited points into marks.

    - ``each``: every credited point earns its marks, up to ``cap``.
    - ``at_least``: ``marks`` when at least ``n`` of ``points`` are credited.
    - ``all_of``: ``marks`` only when every one of ``points`` is credited.
    - ``table``: the number of credited ``points`` looks up the mark in ``table``.
    """

    kind: Literal["each", "at_least", "all_of", "table"]
    points: list[Identifier] = Field(min_length=1)
    cap: PositiveInt | None = None
    n: PositiveInt | None = None
    marks: PositiveInt | None = None
    table: dict[Annotated[int, StrictFlag(strict=False)], int] | None = None
    """Keys may arrive as text from JSON (a frozen paper); they are still whole numbers."""
    description: Text | None = None


class Level(Strict):
    """A band of a levels-of-response mark scheme."""

    level: PositiveInt
    min_mark: NonNegativeInt
    max_mark: NonNegativeInt
    min_points: PositiveInt
    """Marking points (indicative content) an answer must show to reach this band."""
    min_explained: NonNegativeInt = 0
    """Of those, how many must be explained rather than listed."""
    descriptor: Text


class Term(Strict):
    """Required terminology: a term the examiner expects, and how it is misused."""

    term: Text
    evidence: list[Phrase] = Field(min_length=1)
    misuse: list[Phrase] = Field(default_factory=list)
    """Phrases that show the term confused with another (a colleague called an external customer)."""


class Misconception(Strict):
    """An answer pattern that earns nothing, caps the mark, or needs a human look."""

    id: Identifier
    text: Text
    patterns: list[Phrase] = Field(min_length=1)
    effect: Literal["no_credit", "cap", "flag"]
    cap: NonNegativeInt | None = None
    feedback: Text


class RubricTest(Strict):
    """A test answer with the mark it must get, as Moodle's pmatch "test this question" keeps.

    ``csassess rubric test`` and ``validate`` mark it; a different mark, a point in `credits`
    left uncredited or a point in `not_credits` credited fails the test.
    """

    answer: Text
    mark: NonNegativeInt
    credits: list[Identifier] = Field(default_factory=list)
    """Points this answer must be credited."""
    not_credits: list[Identifier] = Field(default_factory=list)
    """Points this answer must not be credited (a near miss the rubric must refuse)."""
    note: Text | None = None
    """Why the answer is here, for the author who reads a failure."""


class Rubric(Strict):
    """The mark scheme of one free-text question."""

    item: Identifier
    """The question marked: a short/extended item or a scenario part."""
    version: PositiveInt
    max_gap: NonNegativeInt = 3
    marking_points: list[MarkingPoint] = Field(min_length=1)
    rules: list[Rule] = Field(default_factory=list)
    levels: list[Level] = Field(default_factory=list)
    indicative_content: list[Text] = Field(default_factory=list)
    terminology: list[Term] = Field(default_factory=list)
    misconceptions: list[Misconception] = Field(default_factory=list)
    examiner_notes: Text | None = None
    tests: list[RubricTest] = Field(default_factory=list)
    """Test answers the rubric must mark as stated (never shown to candidates)."""

    def point(self, point_id: str) -> MarkingPoint:
        """The marking point with this id."""
        for mp in self.marking_points:
            if mp.id == point_id:
                return mp
        raise KeyError(point_id)


class RubricFile(Strict):
    """A file of rubrics, with word groups shared by all of them."""

    kind: Literal["rubrics"]
    id: Identifier
    language: Literal["en"] = "en"
    synonyms: dict[Identifier, list[Phrase]] = Field(default_factory=dict)
    """A phrase word named here also matches each listed alternative."""
    rubrics: list[Rubric] = Field(min_length=1)


def rule_max(rule: Rule, rubric: Rubric) -> int:
    """The most one rule can award."""
    if rule.kind == "each":
        total = sum(rubric.point(p).marks for p in rule.points if _has(rubric, p))
        return min(total, rule.cap) if rule.cap is not None else total
    if rule.kind == "table":
        return max(rule.table.values(), default=0) if rule.table else 0
    return rule.marks or 0


def rubric_max(rubric: Rubric) -> int:
    """The most a rubric can award: its top level, or what its rules and loose points add to."""
    if rubric.levels:
        return max(level.max_mark for level in rubric.levels)
    ruled = {p for rule in rubric.rules for p in rule.points}
    loose = sum(mp.marks for mp in rubric.marking_points if mp.id not in ruled)
    return loose + sum(rule_max(rule, rubric) for rule in rubric.rules)


def _has(rubric: Rubric, point_id: str) -> bool:
    return any(mp.id == point_id for mp in rubric.marking_points)


class PointChange(Strict):
    """One suggested change to one marking point, and what in the sample suggested it.

    `add_evidence` and `remove_evidence` change the point's phrases when the patch is applied;
    `review` is a note for the author only (a point that never or always fires), which
    applying leaves alone.
    """

    item: Identifier
    point: Identifier
    add_evidence: list[Phrase] = Field(default_factory=list)
    remove_evidence: list[Phrase] = Field(default_factory=list)
    review: Text | None = None
    reason: Text


class RubricPatch(Strict):
    """Suggested rubric changes from a standardisation sample, for the author to review."""

    kind: Literal["rubric_patch"]
    id: Identifier
    sample: Text | None = None
    """The examiner-marked sample the suggestions came from."""
    changes: list[PointChange] = Field(default_factory=list)
