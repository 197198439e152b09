"""The Python API: two facades over the library, as the CLI commands use it.

`Content` is a loaded set of banks, rubrics and papers: check it, mark one answer, freeze a
paper, assemble a blueprint's forms. `Results` is an open results database: mark answer
scripts into it, re-mark, verify, review and decide, second-mark, measure agreement, export
and write reports. Each method hands on to one library function and adds nothing of its own,
so the facade and the CLI can never disagree.

    content = Content.bundled()
    content.mark("CS-COM-SA-001", "I would escalate it to my team leader").mark

    with Results(Path("results.db")) as results:
        results.mark(content.freeze(Path("papers/cs201-sample.yaml")), [Path("scripts")])
        queue = results.review_queue()
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Self

from csassess.assembly.freeze import freeze_paper
from csassess.batch.run import CHUNK_SIZE, BatchSummary, Progress, mark_batch, remark_batch
from csassess.batch.verify import VerifyReport, verify_results
from csassess.content.bundled import bundled_paths
from csassess.content.checks import check_content
from csassess.content.contentset import ContentSet, load_content
from csassess.content.loading import load_file
from csassess.findings import Finding
from csassess.marking import AnswerMark, Marker
from csassess.models import FrozenPaper
from csassess.models.script import Answer
from csassess.store import AnswerDetail, Change, ChangeResult, QueueEntry, SecondMark, Store

if TYPE_CHECKING:
    from csassess.assembly.assemble import Assembly
    from csassess.assembly.exposure import ExposureHistory
    from csassess.assembly.limits import Limits
    from csassess.moderation.second import AgreementReport, SampleDraw
    from csassess.reports import ReportOptions, ReportSummary

# The solver, moderation (numpy), export and reports (jinja2) are imported by the methods that
# use them, so that importing this module (as every CLI command does) stays quick.

__all__ = ["Content", "Results"]


class Content:
    """Banks, rubrics, specifications and papers, loaded and indexed by id."""

    def __init__(self, content: ContentSet, marker: Marker | None = None) -> None:
        self.content = content
        self.marker = marker or Marker()

    @classmethod
    def load(cls, paths: Iterable[Path], *, strict: bool = True) -> Self:
        """Content files under `paths` (files or folders); with `strict`, any file error raises."""
        return cls(load_content(paths, strict=strict))

    @classmethod
    def bundled(cls) -> Self:
        """The sample banks, rubrics and papers that ship with csassess."""
        return cls.load(bundled_paths())

    def check(self) -> list[Finding]:
        """Every problem across the files (dangling ids, keys, rubric coverage, papers...)."""
        return check_content(self.content)

    def mark(self, question_id: str, answer: Answer | None) -> AnswerMark:
        """Mark one answer to one question, with the evidence for every point."""
        return self.marker.mark(
            self.content.question(question_id),
            answer,
            self.content.rubric(question_id),
            self.content.synonyms_of.get(question_id),
        )

    def freeze(self, paper: Path) -> FrozenPaper:
        """A hand-written paper (YAML) resolved into a frozen paper with exact content and hashes."""
        return freeze_paper(load_file(paper, expected="paper").model, self.content)

    def assemble(
        self,
        blueprint: Path,
        *,
        history: ExposureHistory | None = None,
        forms: int | None = None,
        seed: int | None = None,
        limits: Limits | None = None,
    ) -> Assembly:
        """Choose the items of a blueprint's forms with the solver and freeze each form."""
        from csassess.assembly.assemble import assemble

        loaded = load_file(blueprint, expected="blueprint")
        return assemble(loaded, self.content, history=history, forms=forms, seed=seed, limits=limits)


class Results:
    """An open results database; use as a context manager.

    `create=False` requires the file to exist; `read_only=True` (for dry runs) has SQLite refuse
    every write.
    """

    def __init__(self, path: Path, *, create: bool = True, read_only: bool = False) -> None:
        self.store = Store(path, create=create, read_only=read_only)

    @property
    def path(self) -> Path:
        """The database file."""
        return self.store.path

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def close(self) -> None:
        """Close the database (everything committed stays)."""
        self.store.close()

    # --- marking ------------------------------------------------------------------------

    def mark(
        self,
        paper: FrozenPaper,
        sources: Iterable[Path],
        *,
        workers: int = 1,
        chunk_size: int = CHUNK_SIZE,
        on_progress: Progress | None = None,
        dry_run: bool = False,
    ) -> BatchSummary:
        """Mark answer scripts (files, tables or folders) against a frozen paper; safe to rerun."""
        return mark_batch(
            self.store,
            paper,
            sources,
            workers=workers,
            chunk_size=chunk_size,
            on_progress=on_progress,
            dry_run=dry_run,
        )

    def remark(
        self,
        paper: FrozenPaper,
        *,
        workers: int = 1,
        chunk_size: int = CHUNK_SIZE,
        on_progress: Progress | None = None,
        dry_run: bool = False,
    ) -> BatchSummary:
        """Mark the stored answers again under a new freeze of their paper (a rubric or key fix)."""
        return remark_batch(
            self.store,
            paper,
            workers=workers,
            chunk_size=chunk_size,
            on_progress=on_progress,
            dry_run=dry_run,
        )

    def verify(
        self, *, workers: int = 0, on_progress: Callable[[VerifyReport, int], None] | None = None
    ) -> VerifyReport:
        """The clerical re-check: marks present, totals add up, grades follow, re-marks agree."""
        return verify_results(self.store, workers=workers, on_progress=on_progress)

    # --- review -------------------------------------------------------------------------

    def review_queue(
        self, *, reason: str | None = None, question: str | None = None, centre: str | None = None
    ) -> list[QueueEntry]:
        """Flagged answers waiting for an examiner (optionally of one reason, question or centre)."""
        from csassess.moderation.review import review_queue

        return review_queue(self.store, reason=reason, question=question, centre=centre)

    def answer(self, answer_id: int) -> AnswerDetail:
        """One answer in full: the words, the evidence per point, reasons, decisions, second marks."""
        from csassess.moderation.review import answer_detail

        return answer_detail(self.store, answer_id)

    def decide(self, change: Change) -> ChangeResult:
        """Record an examiner's decision; returns the candidate's new total and grade."""
        from csassess.moderation.review import decide

        return decide(self.store, change)

    # --- second marking -----------------------------------------------------------------

    def sample(self, examiner: str, *, share: float, seed: int, tolerance: int | None = None) -> SampleDraw:
        """Draw (or find again) a second examiner's sample of settled answers."""
        from csassess.moderation.second import draw_sample

        return draw_sample(self.store, examiner, share=share, seed=seed, tolerance=tolerance)

    def second_queue(self, examiner: str | None = None) -> list[QueueEntry]:
        """Sampled answers still waiting for their second mark."""
        from csassess.moderation.second import second_queue

        return second_queue(self.store, examiner)

    def second_mark(self, answer_id: int, mark: int, examiner: str, note: str = "") -> SecondMark:
        """Record a second mark on an answer of the examiner's sample, compared with the first."""
        from csassess.moderation.second import record_second_mark

        return record_second_mark(self.store, answer_id, mark, examiner, note)

    def senior_queue(self) -> list[tuple[QueueEntry, SecondMark]]:
        """Answers whose second mark is beyond tolerance, waiting for a senior examiner."""
        from csassess.moderation.second import senior_queue

        return senior_queue(self.store)

    def agreement(self, sample_id: int | None = None) -> AgreementReport:
        """How first and second marks agreed: exact, within tolerance, quadratic weighted kappa."""
        from csassess.moderation.second import second_marking_agreement

        return second_marking_agreement(self.store, sample_id)

    # --- out ----------------------------------------------------------------------------

    def export(self, out: Path) -> int:
        """Every candidate's current result as CSV, XLSX or JSON (from the suffix); returns the count."""
        from csassess.interop.export import export_results

        return export_results(self.store, out)

    def export_gradebook(self, fmt: str, out: Path, *, include_provisional: bool = False) -> int:
        """Current results for a gradebook (`moodle-grades`, `canvas-grades`) or as QTI Results
        (`qti-results`); provisional results only with `include_provisional`. Returns the count."""
        from csassess.interop.gradebook import export_gradebook

        return export_gradebook(self.store, fmt, out, include_provisional=include_provisional)

    def reports(
        self, options: ReportOptions, on_progress: Callable[[int, int], None] | None = None
    ) -> ReportSummary:
        """Candidate, centre and item reports of the current results, with an index, where
        `options` says (`csassess.reports.ReportOptions`: folder, formats, templates, workers)."""
        from csassess.reports import write_reports

        return write_reports(self.store, options, on_progress)
