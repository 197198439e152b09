"""The syllabus tree: qualification, units, learning outcomes, assessment criteria."""

from typing import Literal

from pydantic import Field

from csassess.models.base import Identifier, PositiveInt, Strict, Text


class Criterion(Strict):
    """An assessment criterion: one thing a candidate must show, under an outcome."""

    id: Identifier
    text: Text


class LearningOutcome(Strict):
    """What a candidate will know or be able to do; items map to outcomes."""

    id: Identifier
    text: Text
    criteria: list[Criterion] = Field(min_length=1)


class Unit(Strict):
    """A unit of the qualification, with its learning outcomes."""

    id: Identifier
    title: Text
    level: PositiveInt
    guided_learning_hours: PositiveInt | None = None
    outcomes: list[LearningOutcome] = Field(min_length=1)


class Specification(Strict):
    """A qualification specification: the syllabus every bank and paper refers to."""

    kind: Literal["specification"]
    id: Identifier
    qualification: Text
    awarding_body: Text
    version: PositiveInt
    units: list[Unit] = Field(min_length=1)

    def outcome_ids(self) -> set[str]:
        """Every learning outcome id in the specification."""
        return {lo.id for unit in self.units for lo in unit.outcomes}

    def criterion_ids(self) -> set[str]:
        """Every assessment criterion id in the specification."""
        return {ac.id for unit in self.units for lo in unit.outcomes for ac in lo.criteria}
