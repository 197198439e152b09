"""Answer scripts: one candidate's answers to one form of a paper."""

from typing import Literal

from pydantic import Field

from csassess.models.base import Identifier, Strict, Text

Answer = str | list[str]
"""Free text or a chosen option id; a list of option ids for multiple response."""


class Candidate(Strict):
    """Who sat the paper, as the centre registered them."""

    number: str = Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9\-]{0,31}$")
    name: Text | None = None


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
    """SHA-256 over the answers, written by the offline exam to catch tampering."""
    late: bool = False
    """Handed in after the time: the offline exam sets it when the centre lets candidates carry on
    ("mark as late"). Not covered by `digest`, which is over the answers alone."""
