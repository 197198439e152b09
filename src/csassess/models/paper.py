"""Papers: which items a candidate sits, in what order, and the frozen form marked later."""

from typing import Literal

from pydantic import Field

from csassess.models.base import Identifier, NonNegativeInt, PositiveInt, Strict, Text
from csassess.models.items import Item
from csassess.models.rubric import Rubric


class GradeBoundary(Strict):
    """The lowest total that earns a grade; below every boundary is the fail grade."""

    grade: Text
    min_mark: NonNegativeInt


class Section(Strict):
    """A titled run of items on a paper."""

    id: Identifier
    title: Text
    instructions: Text | None = None
    items: list[Identifier] = Field(min_length=1)


class _PaperHead(Strict):
    id: Identifier
    title: Text
    specification: Identifier
    unit: Identifier
    duration_minutes: PositiveInt
    series: Text | None = None
    """The exam series printed on the cover, e.g. `June 2026`."""
    date: Text | None = None
    """The sitting as the cover prints it, e.g. `Monday 8 June 2026 (morning)`."""
    language: Literal["en"] = "en"
    instructions: list[Text] = Field(default_factory=list)
    fail_grade: Text = "Fail"
    grade_boundaries: list[GradeBoundary] = Field(default_factory=list)


class Paper(_PaperHead):
    """A paper as an assessor writes it: item ids in sections."""

    kind: Literal["paper"]
    form: Identifier = "A"
    sections: list[Section] = Field(min_length=1)


class FrozenItem(Strict):
    """An item exactly as candidates saw it, with the rubrics that mark its questions."""

    item: Item
    item_hash: str = Field(pattern=r"^sha256:[0-9a-f]{64}$")
    rubrics: dict[Identifier, Rubric] = Field(default_factory=dict)
    rubric_hashes: dict[Identifier, str] = Field(default_factory=dict)
    synonyms: dict[Identifier, list[str]] = Field(default_factory=dict)
    """The rubric file's word groups, so marking needs nothing but this file."""


class FrozenSection(Strict):
    """A section of a frozen paper, holding full item content."""

    id: Identifier
    title: Text
    instructions: Text | None = None
    items: list[FrozenItem] = Field(min_length=1)


class FrozenPaper(_PaperHead):
    """The contract between assembly and marking: exact content and hashes, never edited."""

    kind: Literal["frozen_paper"]
    form: Identifier
    sections: list[FrozenSection] = Field(min_length=1)
    total_marks: PositiveInt
    content_hash: str = Field(pattern=r"^sha256:[0-9a-f]{64}$")
    frozen_by: Text
    """The csassess version that froze it."""
