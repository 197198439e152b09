"""Answer scripts: one candidate's answers to one form of a paper."""

from typing import Literal

from pydantic import Field

from csassess.models.base import Identifier, NonNegativeInt, Strict, Text

Answer = str | list[str]
"""Free text or a chosen option id; a list of option ids for multiple response."""


class Candidate(Strict):
    """Who sat the paper, as the centre registered them."""

    number: str = Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9\-]{0,31}$")
    name: Text | None = None


Background = Literal["white", "cream", "yellow", "blue", "pink", "green", "high-contrast"]
Font = Literal["standard", "reader"]
TextSize = Literal[100, 125, 150, 175, 200]


class Arrangements(Strict):
    """Access arrangements granted to one candidate (JCQ): by the centre's list when the exam
    was built, or by the invigilator during it. Every field is written, none defaulted, so the
    digest over them is the same in the page and in Python."""

    extra_time: int = Field(ge=0, le=200)
    """Extra time, as a percentage of the paper's duration (25 is the common award)."""
    rest_breaks: bool
    """Supervised rest breaks allowed: they stop the clock."""
    background: Background | None
    font: Font | None
    text_size: TextSize | None
    """Percent of the standard text size."""
    granted_by: Literal["centre", "invigilator"]


class RestBreak(Strict):
    """One supervised rest break: the clock stopped from `started_at` to `ended_at`."""

    started_at: Text
    ended_at: Text
    seconds: NonNegativeInt


class AnswerScript(Strict):
    """What a candidate handed in, by question id."""

    kind: Literal["answer_script"]
    paper: Identifier
    form: Identifier
    paper_hash: str | None = Field(default=None, pattern=r"^sha256:[0-9a-f]{64}$")
    centre: str = Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9\-]{0,31}$")
    candidate: Candidate
    answers: dict[Identifier, Answer]
    started_at: Text | None = None
    finished_at: Text | None = None
    digest: str | None = Field(default=None, pattern=r"^sha256:[0-9a-f]{64}$")
    """SHA-256 over the answers (and the arrangements and breaks, when there are any), written by
    the offline exam to catch tampering: `csassess.intake.digest.script_digest`."""
    late: bool = False
    """Handed in after the time: the offline exam sets it when the centre lets candidates carry on
    ("mark as late"). Not covered by `digest`."""
    arrangements: Arrangements | None = None
    """Access arrangements the candidate sat with; covered by `digest` when present."""
    breaks: list[RestBreak] = Field(default_factory=list)
    """Rest breaks taken, in order; covered by `digest` when present."""
