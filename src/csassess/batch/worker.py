"""Marking scripts in a worker process: a pure function of (frozen paper, chunk) -> results.

A worker loads the frozen paper once (`init_worker`) and compiles every rubric once; each
chunk is then a list of answer mappings, and each result is flat rows (`csassess.store.marked`)
that the main process writes. One script failing never stops the others.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence

from csassess.findings import CsassessError
from csassess.marking import AnswerMark, Marker
from csassess.marking.plan import PaperQuestion, paper_questions
from csassess.marking.result import Evidence
from csassess.models import FrozenPaper
from csassess.models.grades import grade_for
from csassess.models.script import Answer
from csassess.store import AnswerRow, MarkedScript, NotMarked, ReasonRow

Chunk = Sequence[Mapping[str, Answer]]
"""The answers of each script in a chunk, by question id."""


def _spans(evidence: Sequence[Evidence]) -> list[dict[str, object]]:
    out = []
    for e in evidence:
        span: dict[str, object] = {"start": e.start, "end": e.end, "text": e.text, "phrase": e.phrase}
        if e.fuzzy:
            span["fuzzy"] = True
        if e.hedged:
            span["hedged"] = True
        out.append(span)
    return out


def answer_rows(
    position: int, pq: PaperQuestion, answer: Answer | None, result: AnswerMark
) -> tuple[AnswerRow, list[ReasonRow]]:
    """The engine's result for one answer as rows to store."""
    points = [
        {
            "id": p.id,
            "credited": p.credited,
            "unexplained": p.unexplained,
            "evidence": _spans(p.evidence),
            "negated": _spans(p.negated) if p.negated else None,
        }
        for p in result.points
        if p.credited or p.evidence or p.negated
    ]
    misconceptions = ",".join(f"{m.id}:{m.effect}" for m in result.misconceptions) or None
    row: AnswerRow = (
        pq.question.id,
        position,
        None if answer is None else json.dumps(answer, ensure_ascii=False),
        result.mark,
        result.max_mark,
        int(result.needs_review),  # an int binds without an adapter look-up (see AnswerRow)
        result.confidence,
        result.level,
        misconceptions,
        pq.marked_by,
        json.dumps(points, ensure_ascii=False, separators=(",", ":")),
    )
    reasons: list[ReasonRow] = [(position, r.code, r.message) for r in result.review_reasons]
    return row, reasons


class PaperMarker:
    """Marks whole scripts against one frozen paper; rubrics are compiled once, up front."""

    def __init__(self, paper: FrozenPaper, marker: Marker | None = None) -> None:
        self.paper = paper
        self.questions = paper_questions(paper)
        self.marker = marker or Marker()
        for pq in self.questions:
            if pq.rubric is not None:
                self.marker.compiled(pq.rubric, pq.synonyms)

    def mark_question(self, pq: PaperQuestion, answer: Answer | None) -> AnswerMark:
        """The engine's result for one answer to one question of the paper."""
        return self.marker.mark(pq.question, answer, pq.rubric, pq.synonyms)

    def mark(self, answers: Mapping[str, Answer]) -> MarkedScript:
        """Every question of the paper marked (a question left out earns nothing), with the grade."""
        rows: list[AnswerRow] = []
        reasons: list[ReasonRow] = []
        total = maximum = review = 0
        for position, pq in enumerate(self.questions):
            answer = answers.get(pq.question.id)
            result = self.mark_question(pq, answer)
            row, why = answer_rows(position, pq, answer, result)
            rows.append(row)
            reasons += why
            total += result.mark
            maximum += result.max_mark
            review += result.needs_review
        grade = grade_for(total, self.paper.grade_boundaries, self.paper.fail_grade)
        return MarkedScript(tuple(rows), tuple(reasons), total, maximum, grade, review)

    def mark_chunk(self, chunk: Chunk) -> list[MarkedScript | NotMarked]:
        """Each script's result; a script that cannot be marked gets the reason instead."""
        out: list[MarkedScript | NotMarked] = []
        for answers in chunk:
            try:
                out.append(self.mark(answers))
            except CsassessError as exc:
                out.append(NotMarked(str(exc)))
            except Exception as exc:  # a bug in one script's marking must not stop the batch
                out.append(NotMarked(f"internal error while marking: {type(exc).__name__}: {exc}"))
        return out


_worker: PaperMarker | None = None


def init_worker(paper_json: str) -> None:
    """Process-pool initializer: load the frozen paper and compile its rubrics, once."""
    global _worker  # one marker per worker process is the point
    _worker = PaperMarker(FrozenPaper.model_validate_json(paper_json))


def mark_chunk(chunk: Chunk) -> list[MarkedScript | NotMarked]:
    """Process-pool task: mark one chunk with this worker's paper."""
    if _worker is None:
        raise RuntimeError("init_worker was not called in this process")
    return _worker.mark_chunk(chunk)
