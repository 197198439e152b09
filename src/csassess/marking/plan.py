"""What marking a frozen paper needs: its questions in order, each with its rubric and hash."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from csassess.assembly.freeze import verify_frozen
from csassess.content.hashing import sha256_text
from csassess.content.loading import load_file
from csassess.fileio import canonical_json
from csassess.findings import CsassessError
from csassess.models import FrozenPaper
from csassess.models.items import Question, questions_of
from csassess.models.rubric import Rubric


class PaperEditedError(CsassessError):
    """The frozen paper no longer matches its content hash."""


@dataclass(frozen=True)
class PaperQuestion:
    """One markable question of a frozen paper and what marks it."""

    question: Question
    rubric: Rubric | None
    synonyms: dict[str, list[str]]
    marked_by: str
    """A hash of all that marks this question: the question (marks, key, options), its rubric
    and the rubric file's word groups. Computed here, not copied from the frozen file's hashes,
    so that even a hand-edited paper cannot keep an old hash for new content."""


def paper_questions(paper: FrozenPaper) -> list[PaperQuestion]:
    """Every question on the paper in the order candidates see them."""
    out = []
    for section in paper.sections:
        for frozen in section.items:
            for question in questions_of(frozen.item):
                rubric = frozen.rubrics.get(question.id)
                out.append(
                    PaperQuestion(
                        question, rubric, frozen.synonyms, _marking_hash(question, rubric, frozen.synonyms)
                    )
                )
    return out


def _marking_hash(question: Question, rubric: Rubric | None, synonyms: dict[str, list[str]]) -> str:
    body = {
        "question": question.model_dump(mode="json"),
        "rubric": rubric.model_dump(mode="json") if rubric else None,
        "synonyms": synonyms if rubric else None,
    }
    return sha256_text(canonical_json(body))


def marking_key(paper: FrozenPaper) -> str:
    """A hash of everything that decides a script's marks and grade, and nothing else.

    Re-freezing a paper with a new title or csassess version keeps the key, so unchanged
    scripts are not re-marked; a changed item, rubric, key or boundary changes it.
    """
    body = {
        "paper": [paper.id, paper.form],
        "questions": [[q.question.id, q.marked_by] for q in paper_questions(paper)],
        "boundaries": [[b.grade, b.min_mark] for b in paper.grade_boundaries],
        "fail_grade": paper.fail_grade,
    }
    return sha256_text(canonical_json(body))


def load_frozen(path: Path) -> FrozenPaper:
    """Load a frozen paper and check nobody edited it after freezing."""
    paper: FrozenPaper = load_file(path, expected="frozen_paper").model
    if not verify_frozen(paper):
        raise PaperEditedError(
            f"{path}: the frozen paper does not match its content_hash (edited after freezing?)"
        )
    return paper
