"""Results as reports read them: one plain record per candidate, streamed from the results database.

Records are frozen dataclasses of plain values, so the main process can read them once and
send them to worker processes that render; nothing here knows SQL (the store does).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from csassess.models import FrozenPaper
from csassess.store import Store, StoreError

Answer = str | list[str] | None


@dataclass(frozen=True)
class AnswerRecord:
    """One answer of a candidate: the words, the mark that counts, and what the engine found."""

    question_id: str
    answer: Answer
    engine_mark: int
    mark: int
    max_mark: int
    needs_review: bool
    decisions: int
    """How many examiner decisions this answer has had (0: the engine's mark stands)."""
    points: tuple[dict[str, Any], ...]
    """Stored point results: {id, credited, unexplained, evidence, negated} (see csassess.store.marked)."""
    misconceptions: tuple[str, ...]
    """Ids of the rubric misconceptions found in the answer."""
    reasons: tuple[str, ...]
    """Codes of the reasons the engine asked for a human."""

    @property
    def text(self) -> str:
        """The answer as one string (a multiple-response answer joined with commas)."""
        if self.answer is None:
            return ""
        return self.answer if isinstance(self.answer, str) else ", ".join(self.answer)

    @property
    def chosen(self) -> tuple[str, ...]:
        """Options chosen, for choice questions (upper-cased as the marker reads them)."""
        if self.answer is None:
            return ()
        values = [self.answer] if isinstance(self.answer, str) else self.answer
        return tuple(v.strip().upper() for v in values if v.strip())


@dataclass(frozen=True)
class CandidateRecord:
    """A candidate's current result on one paper."""

    paper_hash: str
    paper_id: str
    form: str
    centre: str
    candidate: str
    name: str | None
    total: int
    max_total: int
    grade: str
    status: str
    answers: tuple[AnswerRecord, ...]


def _answer(raw: str | None) -> Answer:
    if raw is None:
        return None
    value = json.loads(raw)
    if isinstance(value, list):
        return [str(v) for v in value]
    return None if value is None else str(value)


def _misconception_ids(stored: str | None) -> tuple[str, ...]:
    """`id:effect,id:effect` as stored, to the ids."""
    if not stored:
        return ()
    return tuple(part.split(":", 1)[0] for part in stored.split(",") if part)


def candidate_records(store: Store, paper_hash: str) -> Iterator[CandidateRecord]:
    """Every current result of one paper, in centre and candidate order, with its evidence."""
    evidence = store.current_answer_evidence(paper_hash)
    for script in store.current_scripts(paper_hash):
        answers = []
        for stored in script.answers:
            found = next(evidence, None)
            if found is None or found.answer_id != stored.answer_id:
                raise StoreError(f"{store.path}: answers changed while reports were read; run again")
            answers.append(
                AnswerRecord(
                    question_id=stored.question_id,
                    answer=_answer(stored.answer),
                    engine_mark=stored.engine_mark,
                    mark=stored.mark,
                    max_mark=stored.max_mark,
                    needs_review=stored.needs_review,
                    decisions=stored.decisions,
                    points=tuple(json.loads(found.points)),
                    misconceptions=_misconception_ids(found.misconceptions),
                    reasons=found.reasons,
                )
            )
        yield CandidateRecord(
            paper_hash=script.paper_hash,
            paper_id=script.paper_id,
            form=script.form,
            centre=script.centre,
            candidate=script.candidate,
            name=script.name,
            total=script.total,
            max_total=script.max_total,
            grade=script.grade,
            status=script.status,
            answers=tuple(answers),
        )


def stored_papers(store: Store) -> list[tuple[str, FrozenPaper]]:
    """(hash, frozen paper) of every paper that has current results, in paper and form order."""
    return [(h, FrozenPaper.model_validate_json(body)) for h, body in store.paper_bodies()]
