"""Results out to gradebooks and QTI: the records read once, provisional ones refused.

A result with answers still waiting for an examiner is provisional: it may change when the
review is done, so it goes to a gradebook only when asked for (`include_provisional`).
The writers (`gradebook_csv`, `qti_results`) take these records and never open the store.
"""

from __future__ import annotations

from dataclasses import dataclass

from csassess.findings import CsassessError
from csassess.marking.plan import paper_questions
from csassess.models import FrozenPaper
from csassess.store import Store, StoredScript


class ProvisionalResultsError(CsassessError):
    """Some results still have answers in review."""


@dataclass(frozen=True)
class PaperInfo:
    """What a gradebook needs to know about one paper: its questions, title and marks."""

    paper_id: str
    title: str
    questions: tuple[tuple[str, int], ...]
    """(question id, max mark) in paper order."""


@dataclass(frozen=True)
class ResultRecords:
    """Every current result, the papers they were marked on, and how many are provisional."""

    scripts: tuple[StoredScript, ...]
    papers: dict[str, PaperInfo]
    provisional: frozenset[int]
    """Script ids with answers the engine flagged that no examiner has decided yet."""


def is_provisional(stored: StoredScript) -> bool:
    """Whether an answer of this result still waits for an examiner."""
    return any(a.needs_review and not a.decisions for a in stored.answers)


def read_results(store: Store, *, include_provisional: bool) -> ResultRecords:
    """The current results in the open store; refuses provisional ones unless they are asked for."""
    scripts = tuple(store.current_scripts())
    papers = {}
    for _, body in store.paper_bodies():
        paper = FrozenPaper.model_validate_json(body)
        questions = tuple((pq.question.id, pq.question.marks) for pq in paper_questions(paper))
        papers.setdefault(paper.id, PaperInfo(paper.id, paper.title, questions))
    provisional = frozenset(s.script_id for s in scripts if is_provisional(s))
    if provisional and not include_provisional:
        raise ProvisionalResultsError(
            f"{store.path}: {len(provisional)} of {len(scripts)} results are provisional"
            " (answers still in review)"
        )
    return ResultRecords(scripts, papers, provisional)
