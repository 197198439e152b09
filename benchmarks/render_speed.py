"""How fast candidate papers render: HTML per second, and PDF milliseconds per page.

The bundled sample paper is frozen under N different form ids (so every document differs, as
a real print run's would) and rendered:

- HTML: the jinja2 templates alone;
- PDF one at a time: `csassess.render.to_pdf` per paper, as `csassess paper render` does;
- PDF batched: `htmls_to_pdf`, several papers laid out one by one and written as one PDF
  (a centre's print run), which saves the per-document PDF writing;
- optionally PDF one at a time across worker processes (--workers).

    python benchmarks/render_speed.py [--papers 100] [--batch 10] [--workers 2] [--large 24]
"""

from __future__ import annotations

import argparse
import io
import os
import platform
import sys
import time
from concurrent.futures import ProcessPoolExecutor

from pypdf import PdfReader

from csassess.assembly.freeze import SectionPlan, build_frozen
from csassess.content.bundled import bundled_paths, bundled_root
from csassess.content.contentset import load_content
from csassess.content.loading import load_file
from csassess.models import FrozenPaper
from csassess.render import find_specification, layout_for, paper_html, template_roots, to_pdf
from csassess.render.pdf import htmls_to_pdf


def frozen_forms(count: int) -> list[FrozenPaper]:
    """The sample paper frozen `count` times, as forms F001, F002..."""
    paper = load_file(bundled_root() / "papers" / "cs201-sample.yaml", expected="paper").model
    content = load_content(bundled_paths())
    plans = [SectionPlan(s.id, s.title, s.instructions, list(s.items)) for s in paper.sections]
    return [build_frozen(paper, plans, content, form=f"F{i:03d}") for i in range(1, count + 1)]


def pages_of(pdf: bytes) -> int:
    """Pages in a PDF."""
    return len(PdfReader(io.BytesIO(pdf)).pages)


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print its figures."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--papers", type=int, default=100, help="candidate papers to render")
    parser.add_argument("--batch", type=int, default=10, help="papers per batched PDF (0: skip batching)")
    parser.add_argument("--workers", type=int, default=0, help="also time N worker processes (0: skip)")
    parser.add_argument("--large", type=int, choices=(18, 24), help="render modified enlarged papers")
    args = parser.parse_args(argv)

    papers = frozen_forms(args.papers)
    spec = find_specification(bundled_paths(), papers[0].specification)
    layout = layout_for(args.large)
    print(f"{platform.python_implementation()} {platform.python_version()}, {os.cpu_count()} CPUs")
    print(f"{len(papers)} candidate papers ({'standard' if not args.large else f'{args.large} pt'})")

    paper_html(papers[0], spec, layout=layout)  # warm-up: compiles the templates once
    start = time.perf_counter()
    htmls = [paper_html(p, spec, layout=layout) for p in papers]
    took = time.perf_counter() - start
    print(f"HTML: {len(htmls) / took:,.0f} papers/s ({took * 1000 / len(htmls):.1f} ms each)")

    to_pdf(htmls[0])  # warm-up: WeasyPrint's import, fonts and user-agent stylesheet
    start = time.perf_counter()
    pdfs = [to_pdf(html) for html in htmls]
    took = time.perf_counter() - start
    pages = sum(pages_of(pdf) for pdf in pdfs)
    print(
        f"PDF one at a time: {took * 1000 / pages:.1f} ms/page "
        f"({pages} pages, {pages / len(pdfs):.1f} per paper, {took:.1f} s, {took / len(pdfs):.2f} s/paper)"
    )

    if args.batch:
        base = template_roots()[0]
        start = time.perf_counter()
        batched_pages = 0
        for i in range(0, len(htmls), args.batch):
            _, count = htmls_to_pdf(htmls[i : i + args.batch], base)
            batched_pages += count
        took = time.perf_counter() - start
        print(
            f"PDF batched ({args.batch} papers per PDF): {took * 1000 / batched_pages:.1f} ms/page "
            f"({batched_pages} pages, {took:.1f} s)"
        )

    if args.workers:
        start = time.perf_counter()
        with ProcessPoolExecutor(args.workers) as pool:
            parallel = list(pool.map(to_pdf, htmls, chunksize=max(1, len(htmls) // (4 * args.workers))))
        took = time.perf_counter() - start
        pages = sum(pages_of(pdf) for pdf in parallel)
        print(
            f"PDF one at a time, {args.workers} processes: {took * 1000 / pages:.1f} ms/page wall clock "
            f"({took:.1f} s, including each worker's start-up)"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
