"""How fast candidate papers print: ms per page through Typst, against the old WeasyPrint path.

The bundled sample paper is frozen under N different form ids (so every document differs, as
a real print run's would) and printed:

- Typst, one at a time in this process: `csassess.render.paper_pdf`, as `csassess paper render`
  does (views included), with the process's memory over the run;
- Typst across worker processes, one per core (`--workers`);
- the WeasyPrint baseline (`weasyprint_baseline.py`, the old path): the same papers' HTML for a
  sample (`--baseline`, default 10) in the same process, and Typst's speed as a ratio of it.

    pip install 'weasyprint>=68'      # the baseline only; csassess itself does not need it
    python benchmarks/render_speed.py [--papers 100] [--workers N] [--large 24] [--baseline 10]
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context

from csassess.assembly.freeze import SectionPlan, build_frozen
from csassess.content.bundled import bundled_paths, bundled_root
from csassess.content.contentset import load_content
from csassess.content.loading import load_file
from csassess.models import FrozenPaper, Specification
from csassess.render import (
    candidate_view,
    find_specification,
    layout_for,
    paper_html,
    template_roots,
    view_pdf,
)
from csassess.render.layout import Layout
from csassess.render.printing import PAPER_PDF_TEMPLATE, layout_view
from report_speed import rss_mb


def frozen_forms(count: int) -> list[FrozenPaper]:
    """The sample paper frozen `count` times, as forms F001, F002..."""
    paper = load_file(bundled_root() / "papers" / "cs201-sample.yaml", expected="paper").model
    content = load_content(bundled_paths())
    plans = [SectionPlan(s.id, s.title, s.instructions, list(s.items)) for s in paper.sections]
    return [build_frozen(paper, plans, content, form=f"F{i:03d}") for i in range(1, count + 1)]


def print_papers(papers: list[FrozenPaper], spec: Specification | None, layout: Layout) -> int:
    """Print each paper through Typst; returns the pages printed."""
    shown = layout_view(layout)
    return sum(view_pdf(PAPER_PDF_TEMPLATE, {**candidate_view(p, spec), "layout": shown})[1] for p in papers)


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print its figures."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--papers", type=int, default=100, help="candidate papers to print")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1, help="'all cores' (0: skip)")
    parser.add_argument("--large", type=int, choices=(18, 24), help="print modified enlarged papers")
    parser.add_argument("--baseline", type=int, default=10, help="papers through WeasyPrint (0: skip)")
    args = parser.parse_args(argv)

    papers = frozen_forms(args.papers)
    spec = find_specification(bundled_paths(), papers[0].specification)
    layout = layout_for(args.large)  # type: ignore[arg-type]
    print(f"{platform.python_implementation()} {platform.python_version()}, {os.cpu_count()} CPUs")
    print(f"{len(papers)} candidate papers ({'standard' if not args.large else f'{args.large} pt'})")

    print_papers(papers[:1], spec, layout)  # warm-up: fonts read, templates parsed
    early = rss_mb()
    start, cpu = time.perf_counter(), time.process_time()
    pages = print_papers(papers, spec, layout)
    took, cpu = time.perf_counter() - start, time.process_time() - cpu
    typst_cpu_ms = 1000 * cpu / pages
    print(
        f"Typst, one at a time: {took * 1000 / pages:.1f} ms/page ({typst_cpu_ms:.1f} ms CPU/page; "
        f"{pages} pages, "
        f"{pages / len(papers):.1f} per paper, {took:.1f} s); memory {early:.0f} -> {rss_mb():.0f} MB"
    )

    if args.workers > 1:
        chunks = [papers[i :: args.workers] for i in range(args.workers)]
        start = time.perf_counter()
        # spawned, not forked: a fork copies Typst's threads' locks mid-use
        with ProcessPoolExecutor(args.workers, mp_context=get_context("spawn")) as pool:
            pages = sum(pool.map(print_papers, chunks, [spec] * len(chunks), [layout] * len(chunks)))
        took = time.perf_counter() - start
        print(f"Typst, {args.workers} worker processes: {took * 1000 / pages:.1f} ms/page ({pages} pages)")

    if args.baseline:
        try:
            from weasyprint_baseline import htmls_to_pdf
        except ImportError:
            print("WeasyPrint baseline skipped: pip install 'weasyprint>=68' to measure it")
            return 0
        roots = template_roots(None)
        htmls = [paper_html(p, spec, layout=layout) for p in papers[: args.baseline]]
        htmls_to_pdf(htmls[:1], roots[0], roots=roots)  # warm-up: Pango, fonts, stylesheets
        start, cpu = time.perf_counter(), time.process_time()
        pages = sum(htmls_to_pdf([h], roots[0], roots=roots)[1] for h in htmls)
        base_ms = (time.perf_counter() - start) * 1000 / pages
        base_cpu_ms = (time.process_time() - cpu) * 1000 / pages
        print(
            f"WeasyPrint baseline, {len(htmls)} papers: {base_ms:.1f} ms/page "
            f"({base_cpu_ms:.1f} ms CPU/page, "
            f"{pages} pages); by CPU time Typst is {base_cpu_ms / typst_cpu_ms:.1f}x as fast"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
