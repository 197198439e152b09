"""Printed papers through Typst: page numbers and "Turn over", the exam-board cover, enlarged
and tinted papers, bundled fonts, identical bytes everywhere, and text printed as text."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from PIL import Image
from pypdf import PdfReader
from render_helpers import pdf_fonts, pdf_pages, refreeze

from csassess.models import FrozenPaper, Specification
from csassess.render import candidate_view, layout_for, markscheme_pdf, paper_pdf, view_pdf
from csassess.render.printing import PAPER_PDF_TEMPLATE, RenderError, layout_view


def test_every_page_is_numbered_page_n_of_m(sample_pdf: bytes):
    """Each page's footer reads "Page N of M" with the right N and M."""
    pages = pdf_pages(sample_pdf)
    assert len(pages) > 5
    for number, text in enumerate(pages, 1):
        assert f"Page {number} of {len(pages)}" in text


def test_turn_over_only_where_a_question_page_follows(sample_pdf: bytes):
    """ "Turn over" is on every page before the last page of questions, which says "End of
    questions"; a page after it is blank on purpose and says so; the booklet has even pages."""
    pages = pdf_pages(sample_pdf)
    end = next(i for i, text in enumerate(pages) if "End of questions" in text)
    assert all("Turn over" in text for text in pages[:end])
    assert all("Turn over" not in text for text in pages[end:])
    assert len(pages) % 2 == 0
    for text in pages[end + 1 :]:
        assert "This page is intentionally left blank" in text


def test_cover_page_is_laid_out_as_exam_boards_print_it(sample_pdf: bytes):
    """The cover names the qualification, unit, time, materials, instructions, information, the
    candidate and centre boxes, a declaration and the examiner's grid, all on page 1."""
    cover = pdf_pages(sample_pdf)[0]
    for text in (
        "Level 2 Certificate",
        "Unit CS201",
        "Form A",
        "Time allowed 1 hour 30 minutes",
        "You must have",
        "Candidate name",
        "Candidate number",
        "Centre number",
        "I declare that this is my own work",
        "Candidate signature",
        "Answer all questions",
        "The total mark for this paper is 60.",
        "The marks for each question are shown in brackets [ ].",
        "For examiner's use",
        "Total (out of 60)",
        "Do not turn over",
    ):
        assert text in cover, text
    assert "Question 1 2 3" in cover  # the grid numbers the questions


def test_series_and_date_print_on_the_cover(sample_frozen: FrozenPaper, sample_spec: Specification | None):
    """A paper's optional series and date are printed on its cover and its mark scheme."""

    def edit(body: dict[str, Any]) -> None:
        body.update(series="June 2026", date="Monday 8 June 2026 (morning)")

    paper = refreeze(sample_frozen, edit)
    for pdf in (paper_pdf(paper, sample_spec), markscheme_pdf(paper, sample_spec)):
        first = pdf_pages(pdf)[0]
        assert "Series June 2026" in first
        assert "Date Monday 8 June 2026 (morning)" in first


def test_text_is_set_in_the_bundled_fonts_only(sample_pdf: bytes):
    """Every font in the paper is one of the bundled files, never a host font or Typst's own."""
    fonts = pdf_fonts(sample_pdf)
    assert {"LiberationSans", "LiberationSans-Bold"} <= fonts
    assert all(name.startswith(("LiberationSans", "DejaVuSans")) for name in fonts), fonts


def _body_size(pdf: bytes) -> float:
    """The font size most text on the PDF's question pages is set in (points)."""
    sizes: Counter[float] = Counter()

    def visit(text: str, cm: list[float], tm: list[float], font: object, size: float) -> None:
        if text.strip():
            sizes[round(size * (tm[3] or 1) * (cm[3] or 1), 1)] += len(text.strip())

    for page in PdfReader(io.BytesIO(pdf)).pages[2:6]:
        page.extract_text(visitor_text=visit)
    return sizes.most_common(1)[0][0]


def test_large_24_sets_24_point_text(sample_pdf: bytes, sample_pdf_large: bytes):
    """--large 24 prints the body at 24 pt (11 pt as standard), on more pages, with a cover of
    two pages by design rather than one that spills."""
    assert _body_size(sample_pdf) == 11.0
    assert _body_size(sample_pdf_large) == 24.0
    pages = pdf_pages(sample_pdf_large)
    assert len(pages) > 2 * len(pdf_pages(sample_pdf))
    assert "Modified enlarged paper: 24 point" in pages[0]
    assert "Candidate number" in pages[0] and "Candidate signature" in pages[0]
    assert "For examiner's use" in pages[1] and "Do not turn over" in pages[1]
    assert "Section A" in pages[2]


def _page_colour(pdf: bytes, page: int) -> tuple[int, int, int]:
    """The colour of a page's top-left corner, rendered at 20 dpi."""
    png = subprocess.run(
        ["pdftoppm", "-r", "20", "-png", "-f", str(page), "-l", str(page), "-"],
        input=pdf,
        capture_output=True,
        check=True,
    ).stdout
    return tuple(np.asarray(Image.open(io.BytesIO(png)).convert("RGB"))[2, 2])  # type: ignore[return-value]


def test_cream_and_yellow_papers_are_tinted(valid_frozen: FrozenPaper):
    """A cream or yellow modified paper has every page tinted, and says so on the cover."""
    white = _page_colour(paper_pdf(valid_frozen), 1)
    assert white == (255, 255, 255)
    for colour in ("cream", "yellow"):
        pdf = paper_pdf(valid_frozen, layout=layout_for(18, colour))
        r, g, b = _page_colour(pdf, 1)
        assert r > 240 and b < 235, (colour, (r, g, b))
        assert _page_colour(pdf, len(pdf_pages(pdf))) == (r, g, b)
        assert f"Printed on {colour} paper." in pdf_pages(pdf)[0]


def test_the_same_paper_gives_the_same_bytes(valid_frozen: FrozenPaper):
    """Rendering a paper twice gives byte-identical PDFs (fixed creation date, no randomness)."""
    assert paper_pdf(valid_frozen) == paper_pdf(valid_frozen)


def test_same_bytes_in_a_clean_environment(
    valid_frozen_file: Path, valid_frozen: FrozenPaper, tmp_path: Path
):
    """Another process with another HOME, XDG folders and working folder (no fonts, no caches
    of its own) writes the very same bytes."""
    out = tmp_path / "paper.pdf"
    script = (
        "import sys; from pathlib import Path; from csassess.models import FrozenPaper;"
        "from csassess.render import paper_pdf;"
        "p = FrozenPaper.model_validate_json(Path(sys.argv[1]).read_text());"
        "Path(sys.argv[2]).write_bytes(paper_pdf(p))"
    )
    home = tmp_path / "home"
    home.mkdir()
    env = {
        "PATH": os.environ.get("PATH", ""),
        "HOME": str(home),
        "XDG_DATA_HOME": str(home / "data"),
        "XDG_CACHE_HOME": str(home / "cache"),
        "XDG_CONFIG_HOME": str(home / "config"),
        "LANG": "C",
    }
    subprocess.run(
        [sys.executable, "-c", script, str(valid_frozen_file), str(out)], cwd=home, env=env, check=True
    )
    assert out.read_bytes() == paper_pdf(valid_frozen)


HOSTILE = '#import "secret.typ": * $x^2$ *bold* _it_ [link] <label> @ref #set page(fill: red) \\'
TEXT_KEYS = {"title", "stem", "text", "organisation", "customer", "situation", "descriptor", "examiner_notes"}


def _poison(value: Any) -> int:
    """Prefix every text field (and instruction line) with Typst markup; returns how many."""
    count = 0
    if isinstance(value, dict):
        for key, inner in value.items():
            if key in TEXT_KEYS and isinstance(inner, str):
                value[key] = f"{HOSTILE} {inner}"
                count += 1
            elif key == "instructions" and isinstance(inner, list):
                value[key] = [f"{HOSTILE} {line}" for line in inner]
                count += len(inner)
            elif key == "instructions" and isinstance(inner, str):
                value[key] = f"{HOSTILE} {inner}"
                count += 1
            else:
                count += _poison(inner)
    elif isinstance(value, list):
        count += sum(_poison(inner) for inner in value)
    return count


def test_typst_markup_in_every_text_field_prints_as_itself(valid_frozen: FrozenPaper):
    """Markup (`#`, `$`, `*`, `[`, `]`, `<`, `@`, `#import`) put into every text field of a paper
    prints literally in the paper and the mark scheme, and none of it runs (no red pages)."""
    fields = 0

    def edit(body: dict[str, Any]) -> None:
        nonlocal fields
        fields = _poison(body)

    paper = refreeze(valid_frozen, edit)
    candidate, scheme = paper_pdf(paper), markscheme_pdf(paper)
    literal = " ".join(HOSTILE.split())
    printed = " ".join(pdf_pages(candidate) + pdf_pages(scheme)).count(literal)
    assert fields > 10 and printed >= fields
    assert _page_colour(candidate, 2) == (255, 255, 255)


def test_a_broken_user_template_is_one_line_error(tmp_path: Path, valid_frozen: FrozenPaper):
    """A user's Typst template with an error fails with one line naming the file."""
    (tmp_path / "paper.typ").write_text("#let x = (\n", encoding="utf-8")
    with pytest.raises(RenderError, match=r"paper\.typ: ") as caught:
        paper_pdf(valid_frozen, template_dir=tmp_path)
    assert "\n" not in str(caught.value)


def test_a_user_template_cannot_read_files_outside_its_folder(tmp_path: Path, valid_frozen: FrozenPaper):
    """Typst's root is the template's own folder: a file outside it cannot be read."""
    secret = tmp_path / "secret.txt"
    secret.write_text("secret", encoding="utf-8")
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "paper.typ").write_text('#read("../secret.txt")\n', encoding="utf-8")
    with pytest.raises(RenderError, match="escape the project root"):
        paper_pdf(valid_frozen, template_dir=folder)


def test_papers_are_tagged_with_their_language(sample_pdf: bytes):
    """The PDF is tagged (a structure tree, marked content) and says its language is en-GB, so
    screen readers read it in order and in the right voice."""
    catalog = PdfReader(io.BytesIO(sample_pdf)).trailer["/Root"]
    assert "/StructTreeRoot" in catalog
    assert catalog["/MarkInfo"]["/Marked"]
    assert catalog["/Lang"] == "en-GB"


def test_the_seam_counts_the_pages_it_printed(valid_frozen: FrozenPaper):
    """`view_pdf` returns the PDF and its true page count (as a PDF reader counts them)."""
    view = {**candidate_view(valid_frozen), "layout": layout_view(layout_for(24))}
    pdf, pages = view_pdf(PAPER_PDF_TEMPLATE, view)
    assert pages == len(PdfReader(io.BytesIO(pdf)).pages) > 2
