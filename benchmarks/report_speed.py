"""How fast reports render: candidate reports per second as HTML, PDF milliseconds per page.

A synthetic results database is written first: N candidates (default 1,000) in 8 centres sit
the bundled sample paper; choice answers are drawn at random with the key most likely, free
text comes from `synthetic.synthetic_answer` (rubric phrases among filler, some misspelt or
negated); every script is marked by the engine and written through the store, as
`csassess mark` does. Then, in this process:

- baseline: a bare jinja2 template over the same stored answers and marks (no statistics, no
  highlighting, no feedback), the least any report must do;
- candidate views + templates: what `csassess report` does per candidate, without files;
- end to end: `write_reports` as HTML with 1 worker process and with one per core (reading,
  statistics and charts, every candidate's file, the index);
- PDF through Typst: every candidate's report (views included) one at a time in this process,
  ms per page, and the process's resident memory as it goes (RSS after the first 10% and at
  the end; `--memory-reports 10000` renders the candidates over and over to that many);
- the WeasyPrint baseline (the old path, `weasyprint_baseline.py`): the same reports' HTML for a
  sample (default 40) in the same process, ms per page, and Typst's speed as a ratio of it;
- PDF end to end: `write_reports --format pdf` over all candidates, 1 process and one worker
  per core, ms per page over every page written.

    pip install 'weasyprint>=68'      # the baseline only; csassess itself does not need it
    python benchmarks/report_speed.py [--candidates 1000] [--pdf-sample 40] [--workers N]
        [--memory-reports 10000]
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import resource
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from jinja2 import Environment

from csassess.assembly.freeze import freeze_paper
from csassess.batch.worker import PaperMarker
from csassess.content.bundled import bundled_paths, bundled_root
from csassess.content.contentset import load_content
from csassess.content.hashing import sha256_text
from csassess.content.loading import load_file
from csassess.marking.plan import marking_key, paper_questions
from csassess.models import FrozenPaper
from csassess.render import template_roots, view_pdf
from csassess.reports import ReportOptions, ReportSummary, write_reports
from csassess.reports.data import CandidateRecord, candidate_records, stored_papers
from csassess.reports.run import CANDIDATE_TEMPLATE, REPORT_PRINT, CandidateRenderer
from csassess.store import NewScript, RunCounts, Store
from synthetic import AnswerShape, synthetic_answer

CENTRES = [f"C{n:05d}" for n in range(10001, 10009)]
BARE = """<!DOCTYPE html><html lang="en-GB"><head><meta charset="utf-8">
<title>{{ r.candidate }}</title></head><body>
<h1>{{ r.name or r.candidate }}: {{ r.grade }}, {{ r.total }}/{{ r.max_total }}</h1>
{% for a in r.answers %}<section><h2>{{ a.question_id }}: {{ a.mark }}/{{ a.max_mark }}</h2>
<p>{{ a.text }}</p></section>{% endfor %}</body></html>"""


def sample_paper() -> FrozenPaper:
    """The bundled sample paper, frozen."""
    paper = load_file(bundled_root() / "papers" / "cs201-sample.yaml", expected="paper").model
    return freeze_paper(paper, load_content(bundled_paths()))


def synthetic_db(db: Path, paper: FrozenPaper, count: int, seed: int = 7) -> None:
    """`count` marked candidates written through the store, in chunks of 200."""
    rng = random.Random(seed)
    marker = PaperMarker(paper)
    questions = paper_questions(paper)
    key = marking_key(paper)
    with Store(db) as store:
        store.save_paper(paper, key)
        run = store.begin_run(paper.content_hash, 0, ["synthetic"])
        chunk = []
        for n in range(count):
            ability = rng.random()
            answers: dict[str, str | list[str]] = {}
            for pq in questions:
                q = pq.question
                if pq.rubric is not None:
                    if rng.random() < 0.05:
                        continue  # left blank
                    shape = AnswerShape(
                        words=rng.randint(15, 25 * q.marks), max_points=1 + round(ability * q.marks)
                    )
                    answers[q.id] = synthetic_answer(pq.rubric, rng, shape)
                elif q.kind == "multiple_choice":
                    wrong = [o.id for o in q.options if o.id != q.key]
                    answers[q.id] = q.key if rng.random() < 0.35 + 0.6 * ability else rng.choice(wrong)
                else:
                    ids = [o.id for o in q.options]
                    answers[q.id] = sorted(rng.sample(ids, k=len(q.keys)))
            meta = NewScript(
                paper.id,
                paper.form,
                CENTRES[n % len(CENTRES)],
                f"{n:05d}",
                f"Candidate {n}",
                sha256_text(repr(sorted(answers.items()))),
                "synthetic",
                None,
            )
            chunk.append((meta, marker.mark(answers)))
            if len(chunk) == 200:
                store.write_chunk(run, paper.content_hash, key, chunk)
                chunk = []
        if chunk:
            store.write_chunk(run, paper.content_hash, key, chunk)
        store.finish_run(run, RunCounts(count, 0, 0, 0))


def records_of(db: Path) -> tuple[dict[str, str], list[CandidateRecord]]:
    """The stored papers (hash -> JSON) and every candidate record."""
    with Store(db, create=False) as store:
        papers = stored_papers(store)
        return (
            {h: p.model_dump_json() for h, p in papers},
            [r for h, _ in papers for r in candidate_records(store, h)],
        )


def cpu_seconds() -> float:
    """CPU time (user + system) of this process and its finished worker processes so far."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def timed(work: Callable[[], object]) -> tuple[float, object]:
    """Seconds taken by `work` and what it returned."""
    start = time.perf_counter()
    result = work()
    return time.perf_counter() - start, result


def reports_of(db: Path, options: ReportOptions) -> ReportSummary:
    """Every report of the results database at `db`, opened for this one run (as the CLI does)."""
    with Store(db, create=False) as store:
        return write_reports(store, options)


def rss_mb() -> float:
    """This process's resident memory now, in MB (Linux)."""
    pages = int(Path("/proc/self/statm").read_text().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE") / 1e6


def typst_reports(renderer: CandidateRenderer, records: list[CandidateRecord], total: int) -> float:
    """Every candidate's report as PDF through Typst in this process; prints ms per page and
    memory over the run, returns ms per page."""
    total = max(total, len(records))
    view_pdf(
        f"{CANDIDATE_TEMPLATE}.typ",
        {**renderer.views_for(records[0].paper_hash).view(records[0]), "layout": REPORT_PRINT},
    )
    pages = 0
    early = 0.0
    start = time.perf_counter()
    cpu = time.process_time()
    for n in range(total):
        record = records[n % len(records)]
        view = renderer.views_for(record.paper_hash).view(record)
        pages += view_pdf(f"{CANDIDATE_TEMPLATE}.typ", {**view, "layout": REPORT_PRINT})[1]
        if n + 1 == max(1, total // 10):
            early = rss_mb()
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    per_page = 1000 * seconds / pages
    print(f"\nPDF through Typst, {total} candidate reports one at a time in this process (views included):")
    print(
        f"  {per_page:7.1f} ms/page   ({pages} pages, {pages / total:.1f} per candidate, "
        f"{seconds:.1f} s wall, "
        f"{1000 * cpu / pages:.1f} ms CPU/page)"
    )
    print(f"  memory: {early:.0f} MB after {max(1, total // 10)} reports, {rss_mb():.0f} MB after {total}")
    return 1000 * cpu / pages


def weasyprint_reports(
    renderer: CandidateRenderer, sample: list[CandidateRecord], typst_cpu_ms: float
) -> None:
    """The same reports' HTML through the old WeasyPrint path, and Typst's speed against it."""
    try:
        from weasyprint_baseline import htmls_to_pdf
    except ImportError:
        print("\nWeasyPrint baseline skipped: pip install 'weasyprint>=68' to measure it")
        return
    roots = template_roots(None)
    htmls_to_pdf([renderer.html(sample[0])], roots[0], roots=roots)  # fonts loaded before timing
    cpu = time.process_time()
    seconds, pages = timed(
        lambda: sum(htmls_to_pdf([renderer.html(r)], roots[0], roots=roots)[1] for r in sample)
    )
    cpu_ms = 1000 * (time.process_time() - cpu) / pages  # type: ignore[operator]
    per_page = 1000 * seconds / pages  # type: ignore[operator]
    print(f"\nWeasyPrint baseline, {len(sample)} of the same reports as HTML -> PDF in this process:")
    print(
        f"  {per_page:7.1f} ms/page   ({cpu_ms:.1f} ms CPU/page, {pages} pages); by CPU time Typst is "
        f"{cpu_ms / typst_cpu_ms:.1f}x as fast"
    )


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print its figures."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--candidates", type=int, default=1000)
    parser.add_argument("--pdf-sample", type=int, default=40, help="candidates for the WeasyPrint baseline")
    parser.add_argument(
        "--memory-reports", type=int, default=0, help="render this many Typst reports (default: one each)"
    )
    parser.add_argument(
        "--workers", type=int, default=os.cpu_count() or 1, help="'all cores' (default: CPUs)"
    )
    args = parser.parse_args(argv)
    print(
        f"csassess report speed: {args.candidates} candidates, {args.workers} cores for 'all cores', "
        f"Python {platform.python_version()} on {platform.machine()}"
    )
    paper = sample_paper()
    with tempfile.TemporaryDirectory(prefix="report-speed-") as scratch:
        root = Path(scratch)
        db = root / "results.db"
        seconds, _ = timed(lambda: synthetic_db(db, paper, args.candidates))
        print(
            f"synthetic results database: {args.candidates} candidates marked and stored in {seconds:.1f} s"
        )
        bodies, records = records_of(db)

        bare = Environment(autoescape=True).from_string(BARE)
        base_s, _ = timed(lambda: [bare.render(r=r) for r in records])
        renderer = CandidateRenderer(bodies, ReportOptions(root / "unused", ("html",)))
        renderer.html(records[0])  # compile the rubrics and templates before timing
        view_s, _ = timed(lambda: [renderer.html(r) for r in records])
        n = len(records)
        print("\nHTML, candidate reports in this process (no files):")
        print(f"  baseline bare jinja2 render:       {n / base_s:9.0f} /s")
        print(
            f"  candidate views + templates:       {n / view_s:9.0f} /s   "
            f"({view_s / base_s:.0f}x the baseline's time)"
        )

        print("\nHTML end to end (write_reports: statistics, charts, every file, index):")
        for workers in sorted({0, args.workers}):
            out = root / f"html-{workers}"
            cpu = cpu_seconds()
            seconds, summary = timed(
                lambda w=workers, o=out: reports_of(db, ReportOptions(o, ("html",), workers=w))
            )
            cpu = cpu_seconds() - cpu
            label = "1 process" if workers == 0 else f"{workers} worker processes"
            print(
                f"  {label:<22} {summary.candidates / seconds:9.0f} candidates/s   ({seconds:.1f} s wall, "
                f"{cpu:.1f} s CPU)"
            )

        typst_cpu_ms = typst_reports(renderer, records, args.memory_reports)
        weasyprint_reports(renderer, records[: args.pdf_sample], typst_cpu_ms)

        print("\nPDF end to end (write_reports --format pdf: candidate, centre and assessor reports):")
        for workers in sorted({0, args.workers}):
            out = root / f"pdf-{workers}"
            cpu = cpu_seconds()
            seconds, summary = timed(
                lambda w=workers, o=out: reports_of(db, ReportOptions(o, ("pdf",), workers=w))
            )
            cpu = cpu_seconds() - cpu
            label = "1 process" if workers == 0 else f"{workers} worker processes"
            print(
                f"  {label:<22} {1000 * seconds / summary.pdf_pages:7.1f} ms/page   "
                f"({summary.pdf_pages} pages in {seconds:.1f} s wall, {cpu:.1f} s CPU)"
            )
    print(
        "\n(The machine may be shared: wall times are noisy, and worker processes only help when cores "
        "are free; CPU seconds show the work done, whoever else is running.)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
