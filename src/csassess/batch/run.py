"""Batch marking: answer scripts streamed in, marked in worker processes, results into the store.

The main process reads and checks scripts one at a time, decides which need marking (new,
changed, or marked under another rubric), sends them in chunks to workers, and writes each
chunk's results in one transaction. Killed at any point, the same command run again skips
what was committed and marks the rest: each script is marked exactly once.

`remark_batch` marks the answers already stored again under a new freeze of the same paper (a
rubric or key fix). Both take `dry_run`: everything is marked and compared with the current
results (old -> new), and the database is opened read-only, so nothing at all is written.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path

from csassess.batch.executor import ChunkRunner, run_chunks
from csassess.batch.remark import Affected, carry_decisions, compare
from csassess.batch.worker import init_worker, mark_chunk
from csassess.intake import ReadScript, SetAside, read_scripts
from csassess.intake.access import access_note
from csassess.intake.checks import check_against_paper
from csassess.intake.digest import same_content, script_content_hash
from csassess.intake.model import Unit
from csassess.marking.plan import marking_key, paper_questions
from csassess.models import FrozenPaper
from csassess.models.grades import grade_for
from csassess.models.script import Answer
from csassess.store import MarkedScript, NewScript, NotMarked, RunCounts, Store, StoredScript

CHUNK_SIZE = 200
MAX_LISTED = 1000
"""Set-aside scripts and changed results kept for the closing summary (all are counted)."""


@dataclass
class BatchSummary:
    """What a run did: counts, the scripts set aside, results that changed, and the grades."""

    run_id: int | None
    """None in a dry run, which records nothing."""
    paper_id: str
    form: str
    dry_run: bool = False
    marked: int = 0
    remarked: int = 0
    skipped: int = 0
    set_aside_count: int = 0
    set_aside: list[SetAside] = field(default_factory=list)
    review_scripts: int = 0
    review_answers: int = 0
    affected_count: int = 0
    """Re-marked candidates whose marks, total or grade change (or lose an examiner decision)."""
    affected: list[Affected] = field(default_factory=list)
    grade_changes: int = 0
    lapsed: int = 0
    """Earlier examiner decisions that no longer count after re-marking."""
    grades: dict[str, int] = field(default_factory=dict)
    access_count: int = 0
    """Scripts marked in this run that were sat with access arrangements or rest breaks."""
    access: list[str] = field(default_factory=list)
    """The first of them, "centre/candidate: what was granted and taken", for the summary."""
    expected: int | None = None
    """How many scripts the run will deal with, when known before it starts."""

    @property
    def processed(self) -> int:
        """Scripts dealt with so far, whatever happened to them."""
        return self.marked + self.remarked + self.skipped + self.set_aside_count

    @property
    def counts(self) -> RunCounts:
        """The counts kept on the run's row."""
        return RunCounts(self.marked, self.remarked, self.skipped, self.set_aside_count)

    def add_set_aside(self, item: SetAside) -> None:
        """Count a set-aside script, keeping the first few for the summary."""
        self.set_aside_count += 1
        if len(self.set_aside) < MAX_LISTED:
            self.set_aside.append(item)

    def add_affected(self, item: Affected) -> None:
        """Count a changed result, keeping the first few for the summary."""
        self.affected_count += 1
        self.grade_changes += item.old_grade != item.new_grade
        if len(self.affected) < MAX_LISTED:
            self.affected.append(item)


@dataclass(frozen=True)
class _Pending:
    """A script on its way to a worker, with where to point if it cannot be marked."""

    script: NewScript
    source: str
    line: int
    unit: Unit
    earlier: StoredScript | None = None
    """The candidate's current result, when this marking replaces it."""


Progress = Callable[[BatchSummary], None]
_Decided = tuple[_Pending, Mapping[str, Answer]] | None


class _Batch:
    """The state of one run in the main process (the only writer)."""

    def __init__(
        self, paper: FrozenPaper, store: Store, summary: BatchSummary, on_progress: Progress
    ) -> None:
        questions = paper_questions(paper)
        self.paper = paper
        self.store = store
        self.summary = summary
        self.on_progress = on_progress
        self.key = marking_key(paper)
        self.ids = frozenset(q.question.id for q in questions)
        self.multi = frozenset(q.question.id for q in questions if q.question.kind == "multiple_response")
        self.waiting: list[SetAside] = []

    def grade_of(self, total: int) -> str:
        """The grade of a total on this paper."""
        return grade_for(total, self.paper.grade_boundaries, self.paper.fail_grade)

    def decide(self, item: ReadScript | SetAside) -> _Decided:
        """A script to mark, or None when it is skipped or set aside (and counted)."""
        if isinstance(item, SetAside):
            self.set_aside(item)
            return None
        problem = check_against_paper(item, self.paper, self.ids)
        script = item.script
        who = (script.paper, script.form, script.centre, script.candidate.number)
        location = item.locate(())[0]
        where = item.source if item.unit == "line" else f"{item.source}:row {location}"
        if problem is None:
            first = self.store.claim(*who, where)
            if first is not None:
                problem = item.set_aside(
                    ("candidate", "number"),
                    f"candidate {script.candidate.number} of centre {script.centre} is already in "
                    f"this batch ({first}); only the first is marked",
                )
        if problem is not None:
            self.set_aside(problem)
            return None
        content_hash = script_content_hash(script)
        current = self.store.current(*who)
        if (
            current
            and current.marking_key == self.key
            and same_content(script, current.content_hash, content_hash)
        ):
            self.summary.skipped += 1
            self.on_progress(self.summary)
            return None
        note = access_note(script)
        if note is not None:  # the store keeps no column for it yet: the run's summary shows it
            self.summary.access_count += 1
            if len(self.summary.access) < MAX_LISTED:
                self.summary.access.append(f"{script.centre}/{script.candidate.number}: {note}")
        new = NewScript(
            *who,
            name=script.candidate.name,
            content_hash=content_hash,
            source=where,
            previous=current.script_id if current else None,
            late=script.late,
        )
        earlier = self.store.stored_script(current.script_id) if current else None
        return _Pending(new, item.source, location, item.unit, earlier), script.answers

    def restored(self, stored: StoredScript) -> _Decided:
        """A stored result to mark again from its stored answers, or None when it cannot be."""
        answers = stored.answer_map()
        unknown = sorted(set(answers) - self.ids)
        if unknown:
            reason = f"answers {', '.join(unknown)}, which this freeze of the paper does not have"
            self.set_aside(SetAside(stored.who, 1, "answers", reason + "; its result is unchanged"))
            return None
        new = NewScript(
            stored.paper_id,
            stored.form,
            stored.centre,
            stored.candidate,
            stored.name,
            stored.content_hash,
            stored.source,
            previous=stored.script_id,
            late=stored.late,
        )
        return _Pending(new, stored.source, 1, "line", stored), answers

    def set_aside(self, item: SetAside) -> None:
        """Count and keep a set-aside script; written with the next chunk."""
        self.summary.add_set_aside(item)
        self.waiting.append(item)
        if len(self.waiting) >= CHUNK_SIZE:
            self.write([], [])
        self.on_progress(self.summary)

    def write(self, pending: list[_Pending], results: list[MarkedScript | NotMarked]) -> None:
        """One chunk's results and the set-aside scripts so far, in one transaction."""
        marked: list[tuple[NewScript, MarkedScript]] = []
        for item, result in zip(pending, results, strict=True):
            if isinstance(result, NotMarked):
                failed = SetAside(item.source, item.line, "(script)", result.reason, item.unit)
                self.summary.add_set_aside(failed)
                self.waiting.append(failed)
                continue
            script = item.script
            if item.earlier is not None:
                after = carry_decisions(result, item.earlier, self.grade_of)
                result, script = after.marked, replace(script, carried=after.carried)
                self.summary.lapsed += after.lapsed
                change = compare(item.earlier, after)
                if change is not None:
                    self.summary.add_affected(change)
            marked.append((script, result))
        if not self.summary.dry_run:
            self.store.write_chunk(
                self.summary.run_id or 0, self.paper.content_hash, self.key, marked, self.waiting
            )
        self.waiting = []
        for script, result in marked:
            if script.previous is None:
                self.summary.marked += 1
            else:
                self.summary.remarked += 1
            if result.review_count:
                self.summary.review_scripts += 1
                self.summary.review_answers += result.review_count
        self.on_progress(self.summary)

    def run(self, decided: Iterable[_Decided], workers: int, chunk_size: int) -> None:
        """Mark every decided script in chunks on `workers` processes and write the results."""
        runner = ChunkRunner[list[_Pending], list[MarkedScript | NotMarked]](
            mark_chunk, workers, init_worker, (self.paper.model_dump_json(),)
        )
        with runner:
            for done in run_chunks(runner, (d for d in decided if d is not None), chunk_size):
                self.write(*done)
        if self.waiting:
            self.write([], [])


def _start(store: Store, paper: FrozenPaper, workers: int, sources: list[str], dry_run: bool) -> BatchSummary:
    run_id = None
    if not dry_run:
        store.save_paper(paper, marking_key(paper))
        run_id = store.begin_run(paper.content_hash, workers, sources)
    return BatchSummary(run_id, paper.id, paper.form, dry_run=dry_run)


def _finish(store: Store, summary: BatchSummary) -> None:
    if summary.run_id is not None:
        store.finish_run(summary.run_id, summary.counts)
        summary.grades = store.grade_counts(summary.paper_id, summary.form)


def mark_batch(
    store: Store,
    paper: FrozenPaper,
    sources: Iterable[Path],
    *,
    workers: int = 1,
    chunk_size: int = CHUNK_SIZE,
    on_progress: Progress | None = None,
    dry_run: bool = False,
) -> BatchSummary:
    """Mark every script in `sources` against a frozen paper into an open results database.

    `workers=0` marks in this process. Scripts that cannot be marked are set aside (listed in
    the summary and the database); they never stop the batch. A dry run writes nothing (open
    the store `read_only` to have SQLite refuse any write).
    """
    sources = list(sources)
    store.forget_claims()  # the store may have marked another batch already
    summary = _start(store, paper, workers, [str(s) for s in sources], dry_run)
    batch = _Batch(paper, store, summary, on_progress or (lambda _: None))
    batch.run((batch.decide(item) for item in read_scripts(sources, batch.multi)), workers, chunk_size)
    _finish(store, summary)
    return summary


def remark_batch(
    store: Store,
    paper: FrozenPaper,
    *,
    workers: int = 1,
    chunk_size: int = CHUNK_SIZE,
    on_progress: Progress | None = None,
    dry_run: bool = False,
) -> BatchSummary:
    """Mark the stored answers of every current result of this paper and form that was marked
    under another marking (rubric, key or boundaries) again, against `paper`, keeping history."""
    summary = _start(store, paper, workers, [f"stored answers in {store.path}"], dry_run)
    batch = _Batch(paper, store, summary, on_progress or (lambda _: None))
    summary.expected = store.count_current(paper=(paper.id, paper.form), other_than_key=batch.key)
    batch.on_progress(summary)
    stored = store.current_scripts_by_id(paper.id, paper.form, other_than_key=batch.key, page=chunk_size)
    batch.run((batch.restored(s) for s in stored), workers, chunk_size)
    _finish(store, summary)
    return summary
