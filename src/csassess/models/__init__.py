"""Pydantic models for every file kind csassess reads and writes.

Models are pure data: no I/O here. Loading YAML into them lives in `csassess.content.loading`,
checks that span several files live in `csassess.content.checks`.
"""

from csassess.models.bank import Bank
from csassess.models.blueprint import Blueprint
from csassess.models.items import (
    ExtendedResponse,
    Item,
    MultipleChoice,
    MultipleResponse,
    Option,
    Part,
    Scenario,
    ScenarioSetting,
    ShortAnswer,
)
from csassess.models.paper import FrozenItem, FrozenPaper, GradeBoundary, Paper, Section
from csassess.models.rubric import (
    Level,
    MarkingPoint,
    Misconception,
    Rubric,
    RubricFile,
    Rule,
    Term,
)
from csassess.models.script import AnswerScript
from csassess.models.spec import Criterion, LearningOutcome, Specification, Unit

__all__ = [
    "AnswerScript",
    "Bank",
    "Blueprint",
    "Criterion",
    "ExtendedResponse",
    "FrozenItem",
    "FrozenPaper",
    "GradeBoundary",
    "Item",
    "LearningOutcome",
    "Level",
    "MarkingPoint",
    "Misconception",
    "MultipleChoice",
    "MultipleResponse",
    "Option",
    "Paper",
    "Part",
    "Rubric",
    "RubricFile",
    "Rule",
    "Scenario",
    "ScenarioSetting",
    "Section",
    "ShortAnswer",
    "Specification",
    "Term",
    "Unit",
]
