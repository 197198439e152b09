"""`csassess report`: every report of a results database, candidates rendered in worker processes.

The main process reads the database (the only reader), counts each paper once for the centre
and item reports, then streams candidates in chunks to workers. A worker loads the frozen
papers once, renders each candidate's HTML (and PDF) and writes the files itself, atomically;
it returns the names it wrote, so the main process can write the index last. Output layout:

    DIR/index.html
    DIR/<paper>-<form>-centres.html|pdf      centre report
    DIR/<paper>-<form>-items.html|pdf        assessor report: item statistics, marking quality
    DIR/candidates/<paper>-<form>/<centre>/<candidate>.html|pdf
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from csassess.batch.executor import ChunkRunner
from csassess.fileio import remove_stale_temporaries, write_atomic
from csassess.findings import CsassessError
from csassess.models import FrozenPaper
from csassess.render.environment import template_roots
from csassess.render.layout import Layout
from csassess.render.printing import FORMATS, Format, RenderError, layout_view, render_template, view_pdf
from csassess.reports.candidate import CandidateViews
from csassess.reports.data import CandidateRecord, candidate_records, stored_papers
from csassess.reports.names import UnsafePathError, inside, safe_component
from csassess.reports.paperinfo import paper_info
from csassess.reports.tally import PaperTally
from csassess.store import Store

CANDIDATE_TEMPLATE = "reports/candidate"
CENTRE_TEMPLATE = "reports/centres"
ITEM_TEMPLATE = "reports/items"
INDEX_TEMPLATE = "reports/index.html.j2"
REPORT_LAYOUT = Layout(font_pt=10, line_height=1.35)
"""Reports are read, not written on: 10 pt keeps a 30-question feedback report to a few pages."""
REPORT_PRINT = layout_view(REPORT_LAYOUT)


class NoResultsError(CsassessError):
    """The results database holds no current results to report on."""


@dataclass(frozen=True)
class ReportOptions:
    """Where to write, in which formats, with whose templates, on how many processes."""

    out_dir: Path
    formats: tuple[Format, ...] = FORMATS
    template_dir: Path | None = None
    workers: int = 0
    """Worker processes for candidate reports; 0 renders in the calling process."""
    chunk_size: int | None = None
    """Candidates per task; default: small with PDF (slow, uneven), larger for HTML only."""


@dataclass
class ReportSummary:
    """What a run wrote."""

    papers: int = 0
    candidates: int = 0
    html: int = 0
    pdf: int = 0
    pdf_pages: int = 0
    index: Path | None = None
    summaries: list[Path] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    """One line per candidate whose report could not be made (the others were written)."""


@dataclass(frozen=True)
class Written:
    """The files one candidate's report went to, relative to the output folder."""

    paper_hash: str
    centre: str
    candidate: str
    name: str | None
    total: int
    max_total: int
    grade: str
    provisional: bool
    files: tuple[str, ...]
    pdf_pages: int


def render(template: str, template_dir: Path | None, **context: Any) -> str:
    """One report's HTML; any error a (user) template raises becomes one RenderError line."""
    try:
        return render_template(template, template_dir, **context, layout=REPORT_LAYOUT)
    except RenderError:
        raise
    except (TypeError, ValueError, AttributeError, LookupError, ArithmeticError) as exc:
        raise RenderError(f"template {template}: {type(exc).__name__}: {exc}") from exc


def _write(stem: Path, template: str, view: dict[str, Any], options: ReportOptions) -> tuple[list[Path], int]:
    """Write `stem`.html and/or `stem`.pdf from `template` (`reports/NAME`, without its
    `.html.j2` or `.typ`); returns the paths and the PDF's page count."""
    written, pages = [], 0
    if "html" in options.formats:
        path = stem.with_name(stem.name + ".html")
        write_atomic(path, render(f"{template}.html.j2", options.template_dir, **view))
        written.append(path)
    if "pdf" in options.formats:
        data, pages = view_pdf(f"{template}.typ", {**view, "layout": REPORT_PRINT}, options.template_dir)
        path = stem.with_name(stem.name + ".pdf")
        write_atomic(path, data)
        written.append(path)
    return written, pages


def paper_stem(paper: FrozenPaper) -> str:
    """`CS201-SAMPLE-A`, safe as a file name."""
    return safe_component(f"{paper.id}-{paper.form}", fold_case=True)


@dataclass(frozen=True)
class Failed:
    """A candidate whose report could not be made, and why (one line)."""

    who: str
    reason: str

    def __str__(self) -> str:
        return f"{self.who}: {self.reason}"


# --- candidate reports: the part that runs in worker processes ---------------------------


class CandidateRenderer:
    """Renders and writes candidate reports for the papers it was given."""

    def __init__(self, papers: Mapping[str, str], options: ReportOptions) -> None:
        self.bodies = dict(papers)
        self.options = options
        self.views: dict[str, CandidateViews] = {}

    def views_for(self, paper_hash: str) -> CandidateViews:
        """The view builder of one paper, made on first use (rubrics compiled once per worker)."""
        views = self.views.get(paper_hash)
        if views is None:
            views = CandidateViews(paper_info(FrozenPaper.model_validate_json(self.bodies[paper_hash])))
            self.views[paper_hash] = views
        return views

    def html(self, record: CandidateRecord) -> str:
        """One candidate's report as HTML."""
        view = self.views_for(record.paper_hash).view(record)
        return render(f"{CANDIDATE_TEMPLATE}.html.j2", self.options.template_dir, **view)

    def render(self, record: CandidateRecord) -> Written:
        """Render and write one candidate's report."""
        views = self.views_for(record.paper_hash)
        out = self.options.out_dir
        stem = inside(
            out,
            "candidates",
            paper_stem(views.info.paper),
            safe_component(record.centre, fold_case=True),
            safe_component(record.candidate, fold_case=True),
        )
        paths, pages = _write(stem, CANDIDATE_TEMPLATE, views.view(record), self.options)
        return Written(
            record.paper_hash,
            record.centre,
            record.candidate,
            record.name,
            record.total,
            record.max_total,
            record.grade,
            any(a.needs_review and not a.decisions for a in record.answers),
            tuple(p.relative_to(out).as_posix() for p in paths),
            pages,
        )


_renderer: CandidateRenderer | None = None


def init_renderer(papers: Mapping[str, str], options: ReportOptions) -> None:
    """Process-pool initializer: keep the papers and options for every task of this worker."""
    global _renderer  # one renderer per worker process is the point
    _renderer = CandidateRenderer(papers, options)


def render_chunk(records: Sequence[CandidateRecord]) -> list[Written | Failed]:
    """Process-pool task: render and write a chunk of candidate reports.

    A template error stops the run (every report would fail the same way); anything else
    fails only that candidate's report, which is recorded and skipped.
    """
    if _renderer is None:
        raise RuntimeError("init_renderer was not called in this process")
    out: list[Written | Failed] = []
    for record in records:
        try:
            out.append(_renderer.render(record))
        except (RenderError, UnsafePathError, OSError):
            raise
        except Exception as exc:  # one candidate's bad data must not stop the others
            who = f"{record.paper_id}/{record.form} centre {record.centre} candidate {record.candidate}"
            out.append(Failed(who, f"{type(exc).__name__}: {exc}"))
    return out


# --- the whole run ------------------------------------------------------------------------


def _chunks(records: Iterable[CandidateRecord], size: int) -> Iterator[list[CandidateRecord]]:
    iterator = iter(records)
    while chunk := list(itertools.islice(iterator, size)):
        yield chunk


def _summaries(
    store: Store, paper_hash: str, tally: PaperTally, options: ReportOptions, summary: ReportSummary
) -> dict[str, Any]:
    """Write one paper's centre and item reports from its tally; returns its entry in the index."""
    # numpy and matplotlib load here, in the main process only: workers never pay for them
    from csassess.reports.items import paper_statistics
    from csassess.reports.quality import marking_quality
    from csassess.reports.summary import centre_view, item_view

    info = tally.info
    statistics = paper_statistics(tally)
    quality = marking_quality(
        tally, store.current_mark_changes(paper_hash), store.current_second_marks(paper_hash)
    )
    stem = paper_stem(info.paper)
    entry: dict[str, Any] = {
        "paper": {"id": info.paper.id, "title": info.paper.title, "form": info.paper.form}
    }
    entry["candidates_count"] = tally.candidates
    entry["flagged_items"] = len(statistics.flagged)
    entry["alpha"] = "\u2013" if statistics.alpha != statistics.alpha else f"{statistics.alpha:.2f}"
    for key, template, view in (
        ("centres", CENTRE_TEMPLATE, centre_view(tally, statistics)),
        ("items", ITEM_TEMPLATE, item_view(tally, statistics, quality)),
    ):
        paths, pages = _write(inside(options.out_dir, f"{stem}-{key}"), template, view, options)
        summary.summaries += paths
        summary.html += sum(p.suffix == ".html" for p in paths)
        summary.pdf += sum(p.suffix == ".pdf" for p in paths)
        summary.pdf_pages += pages
        entry[key] = [p.relative_to(options.out_dir).as_posix() for p in paths]
    return entry


def write_reports(
    store: Store,
    options: ReportOptions,
    on_progress: Callable[[int, int], None] | None = None,
) -> ReportSummary:
    """Write every report of the current results in an open results database into `options.out_dir`."""
    summary = ReportSummary()
    out = options.out_dir
    if out.exists() and not out.is_dir():
        raise CsassessError(f"{out} exists and is not a folder")
    template_roots(options.template_dir)  # a missing template folder fails before any work
    if out.is_dir():
        remove_stale_temporaries(out)  # what a killed run left behind
    papers = stored_papers(store)
    total = store.count_current()
    if not papers or not total:
        raise NoResultsError(f"{store.path}: no current results to report on")
    tallies = {h: PaperTally(paper_info(p)) for h, p in papers}
    summary.papers = len(papers)
    bodies = {h: p.model_dump_json() for h, p in papers}
    size = options.chunk_size or (4 if "pdf" in options.formats else 25)
    written_by: dict[str, list[Written]] = {h: [] for h, _ in papers}
    done = 0
    if on_progress:
        on_progress(0, total)

    def collect(written: list[Written | Failed]) -> None:
        nonlocal done
        for w in written:
            if isinstance(w, Failed):
                summary.failed.append(str(w))
                continue
            written_by[w.paper_hash].append(w)
            summary.html += sum(f.endswith(".html") for f in w.files)
            summary.pdf += sum(f.endswith(".pdf") for f in w.files)
            summary.pdf_pages += w.pdf_pages
        done += len(written)
        if on_progress:
            on_progress(done, total)

    def counted(paper_hash: str) -> Iterator[CandidateRecord]:
        for record in candidate_records(store, paper_hash):
            tallies[paper_hash].add(record)
            yield record

    # One pass over the database: each candidate is counted for the statistics as it goes
    # to a worker; the centre and item reports are written while the workers finish.
    with ChunkRunner[None, list[Written | Failed]](
        render_chunk, options.workers, init_renderer, (bodies, options)
    ) as runner:
        records = (r for h, _ in papers for r in counted(h))
        for chunk in _chunks(records, size):
            for _, written in runner.submit(None, chunk):
                collect(written)
        entries = {h: _summaries(store, h, tallies[h], options, summary) for h, _ in papers}
        for _, written in runner.drain():
            collect(written)
    for paper_hash, entry in entries.items():
        entry["candidates"] = written_by[paper_hash]
    summary.candidates = done
    index = render(INDEX_TEMPLATE, options.template_dir, papers=list(entries.values()))
    summary.index = inside(out, "index.html")
    write_atomic(summary.index, index)
    return summary
