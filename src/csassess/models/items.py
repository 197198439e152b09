"""Items: the questions of a bank, in five kinds.

Multiple choice, multiple response, short answer and extended response are *questions*; a
scenario is a workplace case whose ordered parts are questions of those four kinds. The
scenario is the unit that papers select, so it alone carries version, status and enemies.
"""

from typing import Annotated, Literal

from pydantic import Field

from csassess.models.base import Identifier, NonNegativeInt, PositiveInt, Strict, Text

Difficulty = Literal["easy", "medium", "hard"]
DIFFICULTY_VALUE: dict[str, int] = {"easy": 1, "medium": 2, "hard": 3}
"""Numeric difficulty for blueprints that target a mean."""

Status = Literal["draft", "live", "retired"]
Channel = Literal["face_to_face", "telephone", "email", "letter", "live_chat", "social_media", "video_call"]
FREE_TEXT_KINDS = frozenset({"short_answer", "extended_response"})


class Option(Strict):
    """One option of a choice question."""

    id: Annotated[str, Field(pattern=r"^[A-H]$")]
    text: Text


class _Question(Strict):
    """Fields every question has, whether it stands alone or is a scenario part."""

    id: Identifier
    stem: Text
    marks: PositiveInt
    outcomes: list[Identifier] = Field(min_length=1)
    criteria: list[Identifier] = Field(default_factory=list)

    @property
    def max_marks(self) -> int:
        """The most this question can earn."""
        return self.marks

    @property
    def is_free_text(self) -> bool:
        """Whether a rubric marks this question (rather than a key)."""
        return self.kind in FREE_TEXT_KINDS  # type: ignore[attr-defined]


class _MultipleChoice(_Question):
    kind: Literal["multiple_choice"]
    options: list[Option] = Field(min_length=3, max_length=8)
    key: Annotated[str, Field(pattern=r"^[A-H]$")]


class _MultipleResponse(_Question):
    kind: Literal["multiple_response"]
    options: list[Option] = Field(min_length=4, max_length=8)
    keys: list[Annotated[str, Field(pattern=r"^[A-H]$")]] = Field(min_length=2)
    scoring: Literal["per_key", "all_or_nothing"] = "per_key"
    """per_key: each key chosen earns marks/len(keys), each wrong choice loses `wrong_penalty`."""
    wrong_penalty: NonNegativeInt = 1


class _ShortAnswer(_Question):
    kind: Literal["short_answer"]
    answer_lines: PositiveInt | None = None
    """Lines printed for the answer; by default scaled to the marks."""


class _ExtendedResponse(_Question):
    kind: Literal["extended_response"]
    answer_lines: PositiveInt | None = None


class _ItemMeta(Strict):
    """What a bank tracks about a selectable item: its life cycle and constraints."""

    version: PositiveInt
    status: Status
    difficulty: Difficulty
    tags: list[Identifier] = Field(default_factory=list)
    enemies: list[Identifier] = Field(default_factory=list)
    """Items that must never appear on the same paper as this one."""


class MultipleChoice(_MultipleChoice, _ItemMeta):
    """A question with one key among its options."""


class MultipleResponse(_MultipleResponse, _ItemMeta):
    """A question with several keys; partial credit follows `scoring`."""


class ShortAnswer(_ShortAnswer, _ItemMeta):
    """A free-text question marked against a rubric's marking points."""


class ExtendedResponse(_ExtendedResponse, _ItemMeta):
    """A free-text question marked by levels of response."""


class PartMultipleChoice(_MultipleChoice):
    """A scenario part with one key."""

    difficulty: Difficulty | None = None


class PartMultipleResponse(_MultipleResponse):
    """A scenario part with several keys."""

    difficulty: Difficulty | None = None


class PartShortAnswer(_ShortAnswer):
    """A scenario part answered in a few sentences."""

    difficulty: Difficulty | None = None


class PartExtendedResponse(_ExtendedResponse):
    """A scenario part marked by levels of response."""

    difficulty: Difficulty | None = None


Part = Annotated[
    PartMultipleChoice | PartMultipleResponse | PartShortAnswer | PartExtendedResponse,
    Field(discriminator="kind"),
]
Question = (
    MultipleChoice
    | MultipleResponse
    | ShortAnswer
    | ExtendedResponse
    | PartMultipleChoice
    | PartMultipleResponse
    | PartShortAnswer
    | PartExtendedResponse
)


class ScenarioSetting(Strict):
    """The workplace case a scenario's parts refer to."""

    organisation: Text
    customer: Text
    channel: Channel
    situation: Text


class Scenario(_ItemMeta):
    """A workplace case with ordered sub-questions, selected and printed as one unit."""

    kind: Literal["scenario"]
    id: Identifier
    title: Text
    setting: ScenarioSetting
    parts: list[Part] = Field(min_length=2, max_length=6)

    @property
    def marks(self) -> int:
        """A scenario is worth the sum of its parts."""
        return sum(part.marks for part in self.parts)

    @property
    def max_marks(self) -> int:
        """The most this scenario can earn."""
        return self.marks

    @property
    def outcomes(self) -> list[str]:
        """Every outcome the parts cover, in first-seen order."""
        return list(dict.fromkeys(o for part in self.parts for o in part.outcomes))

    @property
    def is_free_text(self) -> bool:
        """A scenario is never marked as a whole; its parts are."""
        return False


Item = Annotated[
    MultipleChoice | MultipleResponse | ShortAnswer | ExtendedResponse | Scenario,
    Field(discriminator="kind"),
]
AnyItem = MultipleChoice | MultipleResponse | ShortAnswer | ExtendedResponse | Scenario


def questions_of(item: AnyItem) -> list[Question]:
    """The markable questions of an item: itself, or a scenario's parts in order."""
    if isinstance(item, Scenario):
        return list(item.parts)
    return [item]
