"""Batch marking: answer scripts streamed in, marked in worker processes, results into the store.

The main process reads and checks scripts one at a time, decides which need marking (new,
changed, or marked under another rubric), sends them in chunks to workers, and writes each
chunk's results in one transaction. Killed at any point, the same command run again skips
what was committed and marks the rest: each script is marked exactly once.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from csassess.chunkpool import ChunkRunner
from csassess.hashing import model_hash
from csassess.markplan import marking_key, paper_questions
from csassess.models import FrozenPaper
from csassess.models.script import Answer
from csassess.results import MarkedScript, NotMarked
from csassess.scripts_in import ReadScript, SetAside, read_scripts
from csassess.scripts_in.checks import check_against_paper
from csassess.scripts_in.model import Unit
from csassess.store import NewScript, RunCounts, Store
from csassess.workers import init_worker, mark_chunk

CHUNK_SIZE = 200
MAX_LISTED = 1000
"""Set-aside scripts kept for the closing summary; all of them are in the database."""


@dataclass
class BatchSummary:
    """What a run did: counts, the scripts set aside, and the grades of the paper's candidates."""

    run_id: int
    paper_id: str
    form: str
    marked: int = 0
    remarked: int = 0
    skipped: int = 0
    set_aside_count: int = 0
    set_aside: list[SetAside] = field(default_factory=list)
    review_scripts: int = 0
    review_answers: int = 0
    grades: dict[str, int] = field(default_factory=dict)

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


@dataclass(frozen=True)
class _Pending:
    """A script on its way to a worker, with where to point if it cannot be marked."""

    script: NewScript
    source: str
    line: int
    unit: Unit


Progress = Callable[[BatchSummary], None]


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

    def decide(self, item: ReadScript | SetAside) -> tuple[_Pending, Mapping[str, Answer]] | None:
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
        content_hash = model_hash(script)
        current = self.store.current(*who)
        if current and current.content_hash == content_hash and current.marking_key == self.key:
            self.summary.skipped += 1
            self.on_progress(self.summary)
            return None
        new = NewScript(
            *who,
            name=script.candidate.name,
            content_hash=content_hash,
            source=where,
            previous=current.script_id if current else None,
        )
        return _Pending(new, item.source, location, item.unit), script.answers

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
            else:
                marked.append((item.script, result))
        self.store.write_chunk(self.summary.run_id, self.paper.content_hash, self.key, marked, self.waiting)
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


def mark_batch(
    paper: FrozenPaper,
    sources: Iterable[Path],
    db: Path,
    *,
    workers: int = 1,
    chunk_size: int = CHUNK_SIZE,
    on_progress: Progress | None = None,
) -> BatchSummary:
    """Mark every script in `sources` against a frozen paper into the database at `db`.

    `workers=0` marks in this process. Scripts that cannot be marked are set aside (listed in
    the summary and the database); they never stop the batch.
    """
    sources = list(sources)
    with Store(db) as store:
        key = marking_key(paper)
        store.save_paper(paper, key)
        run_id = store.begin_run(paper.content_hash, workers, [str(s) for s in sources])
        summary = BatchSummary(run_id, paper.id, paper.form)
        batch = _Batch(paper, store, summary, on_progress or (lambda _: None))
        runner: ChunkRunner[list[_Pending], list[MarkedScript | NotMarked]]
        with ChunkRunner(mark_chunk, workers, init_worker, (paper.model_dump_json(),)) as runner:
            pending: list[_Pending] = []
            chunk: list[Mapping[str, Answer]] = []
            for item in read_scripts(sources, batch.multi):
                decided = batch.decide(item)
                if decided is None:
                    continue
                pending.append(decided[0])
                chunk.append(decided[1])
                if len(chunk) >= chunk_size:
                    for done in runner.submit(pending, chunk):
                        batch.write(*done)
                    pending, chunk = [], []
            if chunk:
                for done in runner.submit(pending, chunk):
                    batch.write(*done)
            for done in runner.drain():
                batch.write(*done)
        if batch.waiting:
            batch.write([], [])
        store.finish_run(run_id, summary.counts)
        summary.grades = store.grade_counts(paper.id, paper.form)
    return summary
