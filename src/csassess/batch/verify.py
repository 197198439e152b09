"""The clerical re-check of a results database, as an examiner's office would do it by hand.

For every candidate's current result: every question has a mark, the total is the sum of the
item marks (after examiner decisions), the grade follows the paper's boundaries, and the
engine's stored marks equal a fresh re-mark of the stored answers against the stored paper.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from csassess.assembly.freeze import verify_frozen
from csassess.batch.executor import ChunkRunner, run_chunks
from csassess.batch.worker import init_worker, mark_chunk
from csassess.marking.plan import paper_questions
from csassess.models import FrozenPaper
from csassess.models.grades import grade_for
from csassess.store import MARK, MAX_MARK, QUESTION_ID, MarkedScript, NotMarked, Store, StoredScript

MAX_LISTED = 1000


@dataclass(frozen=True)
class Difference:
    """One thing the re-check found wrong, for one candidate."""

    paper: str
    centre: str
    candidate: str
    what: str

    def __str__(self) -> str:
        return f"{self.paper} centre {self.centre} candidate {self.candidate}: {self.what}"


@dataclass
class VerifyReport:
    """How much was checked and every difference found (the first MAX_LISTED kept)."""

    scripts: int = 0
    answers: int = 0
    difference_count: int = 0
    differences: list[Difference] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """Whether nothing at all differed."""
        return self.difference_count == 0

    def add(self, difference: Difference) -> None:
        """Count a difference, keeping the first few."""
        self.difference_count += 1
        if len(self.differences) < MAX_LISTED:
            self.differences.append(difference)


def clerical_differences(paper: FrozenPaper, expected: list[str], stored: StoredScript) -> Iterator[str]:
    """What is wrong with one stored result (`expected`: the paper's question ids), without
    marking anything again."""
    have = {a.question_id for a in stored.answers}
    for qid in expected:
        if qid not in have:
            yield f"{qid}: no mark stored"
    for qid in sorted(have - set(expected)):
        yield f"{qid}: a mark for a question that is not on the paper"
    items = sum(a.mark for a in stored.answers)
    if stored.total != items:
        yield f"total is {stored.total} but the item marks add up to {items}"
    maximum = sum(a.max_mark for a in stored.answers)
    if stored.max_total != maximum:
        yield f"maximum is {stored.max_total} but the items are worth {maximum}"
    grade = grade_for(items, paper.grade_boundaries, paper.fail_grade)
    if stored.grade != grade:
        yield f"grade is {stored.grade} but a total of {items} earns {grade}"


def remark_differences(stored: StoredScript, fresh: MarkedScript | NotMarked) -> Iterator[str]:
    """Where the engine's stored marks differ from marking the same answers again."""
    if isinstance(fresh, NotMarked):
        yield f"cannot be re-marked: {fresh.reason}"
        return
    again = {row[QUESTION_ID]: (row[MARK], row[MAX_MARK]) for row in fresh.answers}
    for answer in stored.answers:
        new = again.get(answer.question_id)
        if new is not None and new != (answer.engine_mark, answer.max_mark):
            yield (
                f"{answer.question_id}: stored engine mark {answer.engine_mark}/{answer.max_mark}, "
                f"a fresh re-mark gives {new[0]}/{new[1]}"
            )


def _verify_paper(
    store: Store,
    paper: FrozenPaper,
    body: str,
    report: VerifyReport,
    workers: int,
    chunk_size: int,
    on_checked: Callable[[], None],
) -> None:
    label = f"{paper.id}/{paper.form}"
    expected = [q.question.id for q in paper_questions(paper)]

    def check(done: tuple[list[StoredScript], list[MarkedScript | NotMarked]]) -> None:
        for stored, fresh in zip(*done, strict=True):
            report.scripts += 1
            report.answers += len(stored.answers)
            for what in [*clerical_differences(paper, expected, stored), *remark_differences(stored, fresh)]:
                report.add(Difference(label, stored.centre, stored.candidate, what))
        on_checked()

    runner = ChunkRunner[list[StoredScript], list[MarkedScript | NotMarked]](
        mark_chunk, workers, init_worker, (body,)
    )
    with runner:
        stored = store.current_scripts(paper.content_hash)
        for done in run_chunks(runner, ((s, s.answer_map()) for s in stored), chunk_size):
            check(done)


def verify_results(
    store: Store,
    *,
    workers: int = 0,
    chunk_size: int = 200,
    on_progress: Callable[[VerifyReport, int], None] | None = None,
) -> VerifyReport:
    """Re-check every current result in the database; `on_progress(report, total)` as it goes."""
    report = VerifyReport()
    progress = on_progress or (lambda _r, _t: None)
    total = store.count_current()
    for paper_hash, body in store.paper_bodies():
        paper = FrozenPaper.model_validate_json(body)
        if not verify_frozen(paper) or paper.content_hash != paper_hash:
            what = "the stored frozen paper does not match its hash"
            report.add(Difference(f"{paper.id}/{paper.form}", "-", "-", what))
            continue
        _verify_paper(store, paper, body, report, workers, chunk_size, lambda: progress(report, total))
    return report
