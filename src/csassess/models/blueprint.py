"""Blueprints: what every form of a paper must cover, for the assembler to choose items to.

A blueprint names no items. It says how many marks the paper has, how they spread over
learning outcomes, item kinds and difficulty, how many parallel forms to build, how much two
forms may share, and which recently used items to leave out. Marks count towards an outcome
when the question (or scenario part) that earns them lists it.
"""

from typing import Annotated, Literal

from pydantic import Field

from csassess.models.base import Identifier, NonNegativeInt, PositiveInt, Strict, Text
from csassess.models.items import Difficulty
from csassess.models.paper import GradeBoundary

ItemKind = Literal["multiple_choice", "multiple_response", "short_answer", "extended_response", "scenario"]
Fraction = Annotated[float, Field(ge=0.0, le=1.0)]
MAX_FORMS = 26
"""Forms are lettered A to Z."""


class Range(Strict):
    """At least `min` and, when given, at most `max` (marks or a count, as the field says)."""

    min: NonNegativeInt = 0
    max: NonNegativeInt | None = None


class BlueprintSection(Strict):
    """A titled part of every form, holding the chosen items of the kinds it names."""

    id: Identifier
    title: Text
    instructions: Text | None = None
    kinds: list[ItemKind] = Field(min_length=1)
    """Item kinds printed in this section; each kind belongs to at most one section."""
    marks: Range | None = None


class DifficultyTarget(Strict):
    """How hard each form is: a mean on the easy=1, medium=2, hard=3 scale, or marks per level.

    The mean is weighted by marks: a 6-mark hard question pulls it more than a 1-mark one.
    """

    mean: Annotated[float, Field(ge=1.0, le=3.0)] | None = None
    tolerance: Annotated[float, Field(ge=0.0, le=2.0)] = 0.25
    """How far a form's mean may stray from `mean`; the solver still aims for the mean."""
    marks: dict[Difficulty, Range] | None = None
    """Marks per difficulty level, e.g. ``easy: {min: 15, max: 25}``."""


class Exposure(Strict):
    """Items shown on recent papers, read from (and recorded in) a history file."""

    history: Text
    """Path to the history JSON, relative to the blueprint; keep it outside content folders."""
    exclude_last: PositiveInt | None = None
    """Leave out every item used on any form of the last K papers built."""
    max_uses: PositiveInt | None = None
    """An item may appear on at most N forms in all, counting the ones being built."""


class Blueprint(Strict):
    """What each form of a paper must cover; `csassess paper build` chooses the items."""

    kind: Literal["blueprint"]
    id: Identifier
    """The paper id every form carries."""
    title: Text
    specification: Identifier
    unit: Identifier
    total_marks: PositiveInt
    """Every form has exactly this many marks."""
    duration_minutes: PositiveInt
    series: Text | None = None
    """The exam series every form prints on its cover, e.g. `June 2026`."""
    date: Text | None = None
    """The sitting as the covers print it, e.g. `Monday 8 June 2026 (morning)`."""
    language: Literal["en"] = "en"
    instructions: list[Text] = Field(default_factory=list)
    fail_grade: Text = "Fail"
    grade_boundaries: list[GradeBoundary] = Field(default_factory=list)
    sections: list[BlueprintSection] = Field(min_length=1)
    outcomes: dict[Identifier, Range] = Field(default_factory=dict)
    """Marks per learning outcome, e.g. ``LO3: {min: 4, max: 8}``."""
    kinds: dict[ItemKind, Range] = Field(default_factory=dict)
    """How many items of each kind (a scenario counts once, whatever its parts)."""
    min_scenarios: NonNegativeInt = 0
    difficulty: DifficultyTarget | None = None
    forms: Annotated[int, Field(ge=1, le=MAX_FORMS)] = 1
    max_overlap: Fraction = 0.0
    """The fraction of a form's items that any other form may share (0.2: one item in five)."""
    exposure: Exposure | None = None
    seed: NonNegativeInt = 0
    """Same blueprint, content, history and seed: the same papers, byte for byte."""
