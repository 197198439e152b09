"""What a form covers, read back from its frozen paper (not from the solver's own numbers)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from csassess.models.items import DIFFICULTY_VALUE, questions_of
from csassess.models.paper import FrozenPaper


@dataclass(frozen=True)
class FormStats:
    """One form's marks, items and coverage."""

    form: str
    marks: int
    items: tuple[str, ...]
    kinds: dict[str, int]
    outcome_marks: dict[str, int]
    """Marks of the questions that list each outcome (a question may list two)."""
    level_marks: dict[str, int]
    """Marks at easy, medium and hard."""

    @property
    def mean_difficulty(self) -> float:
        """Marks-weighted mean on the easy=1, medium=2, hard=3 scale."""
        points = sum(DIFFICULTY_VALUE[level] * marks for level, marks in self.level_marks.items())
        return points / self.marks if self.marks else 0.0

    def shared_with(self, other: FormStats) -> int:
        """How many items this form and `other` both hold."""
        return len(set(self.items) & set(other.items))

    def overlap_with(self, other: FormStats) -> float:
        """Shared items as a fraction of the smaller form's items."""
        fewest = min(len(self.items), len(other.items))
        return self.shared_with(other) / fewest if fewest else 0.0


def form_stats(paper: FrozenPaper) -> FormStats:
    """The coverage of one frozen paper."""
    items = [fi.item for section in paper.sections for fi in section.items]
    outcomes: Counter[str] = Counter()
    levels: Counter[str] = Counter({"easy": 0, "medium": 0, "hard": 0})
    for item in items:
        for question in questions_of(item):
            for outcome in question.outcomes:
                outcomes[outcome] += question.marks
            levels[getattr(question, "difficulty", None) or item.difficulty] += question.marks
    return FormStats(
        form=paper.form,
        marks=sum(item.marks for item in items),
        items=tuple(item.id for item in items),
        kinds=dict(Counter(item.kind for item in items)),
        outcome_marks=dict(outcomes),
        level_marks=dict(levels),
    )
