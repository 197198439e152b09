"""What reports need to know about a frozen paper's questions: printed number, wording, marking."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from csassess.marking.plan import paper_questions
from csassess.models import FrozenPaper
from csassess.models.items import Question, Scenario
from csassess.models.rubric import Rubric
from csassess.render.papers import numbered


@dataclass(frozen=True)
class QuestionInfo:
    """One question of the paper as reports show it."""

    question: Question
    number: str
    """As printed on the paper: `3`, or `14(b)` for a scenario part."""
    section: str
    scenario: str | None
    """The title of the scenario a part belongs to."""
    rubric: Rubric | None
    synonyms: dict[str, list[str]]

    @property
    def id(self) -> str:
        """The question id."""
        return self.question.id

    @property
    def kind(self) -> str:
        """multiple_choice, multiple_response, short_answer or extended_response."""
        return self.question.kind

    @property
    def options(self) -> dict[str, str]:
        """Option letter to text, for choice questions."""
        return {o.id: o.text for o in getattr(self.question, "options", [])}

    @property
    def keys(self) -> tuple[str, ...]:
        """The correct options of a choice question (never shown to candidates)."""
        if self.kind == "multiple_choice":
            return (self.question.key,)  # type: ignore[union-attr]
        if self.kind == "multiple_response":
            return tuple(self.question.keys)  # type: ignore[union-attr]
        return ()


@dataclass(frozen=True)
class PaperInfo:
    """A frozen paper's questions in paper order, by id."""

    paper: FrozenPaper
    questions: tuple[QuestionInfo, ...]

    def question(self, question_id: str) -> QuestionInfo:
        """The question with this id."""
        return self.by_id[question_id]

    @cached_property
    def by_id(self) -> dict[str, QuestionInfo]:
        """Questions by id."""
        return {q.id: q for q in self.questions}

    @property
    def label(self) -> str:
        """`CS201-SAMPLE form A`."""
        return f"{self.paper.id} form {self.paper.form}"


def paper_info(paper: FrozenPaper) -> PaperInfo:
    """Number every question as the printed paper does and keep its rubric beside it."""
    marking = {pq.question.id: pq for pq in paper_questions(paper)}
    sections = {fi.item_hash: s.title for s in paper.sections for fi in s.items}
    out = []
    for _, frozen, questions in numbered(paper):
        scenario = frozen.item.title if isinstance(frozen.item, Scenario) else None
        for q in questions:
            pq = marking[q.question.id]
            out.append(
                QuestionInfo(
                    q.question, q.number, sections[frozen.item_hash], scenario, pq.rubric, pq.synonyms
                )
            )
    return PaperInfo(paper, tuple(out))
