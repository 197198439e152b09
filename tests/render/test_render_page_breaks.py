"""Page breaks checked on the rendered PDFs: no page ends with a question's stem whose options
or answer lines start on the next page, at every print size."""

from __future__ import annotations

import html
import io
import re
import subprocess
from collections.abc import Iterator
from typing import Any

import numpy as np
import pytest
from PIL import Image
from render_helpers import pdf_pages, refreeze

from csassess.models import FrozenPaper, Specification
from csassess.render import candidate_view, layout_for, paper_pdf

DPI = 50
LETTER = re.compile(r"[A-E]")
WORD = re.compile(r'<word xMin="[\d.]+" yMin="[\d.]+" xMax="[\d.]+" yMax="([\d.]+)">([^<]*)</word>')


def _words(pdf: bytes) -> list[list[tuple[str, float]]]:
    """Each page's words with the y (points from the top) of their baseline box."""
    out = subprocess.run(["pdftotext", "-bbox", "-", "-"], input=pdf, capture_output=True, check=True)
    pages = out.stdout.decode().split("<page ")[1:]
    return [[(html.unescape(w).replace("\u2019", "'"), float(y)) for y, w in WORD.findall(p)] for p in pages]


def _find(pages: list[list[tuple[str, float]]], text: str) -> tuple[int, float]:
    """The page and y of the last word of `text` (its last five words, matched in order)."""
    wanted = [w for w in text.split() if not LETTER.fullmatch(w)][-5:]
    for number, page in enumerate(pages):
        words = [(w, y) for w, y in page if not LETTER.fullmatch(w)]  # option letters sit beside lines
        plain = [w for w, _ in words]
        for i in range(len(plain) - len(wanted) + 1):
            if plain[i : i + len(wanted)] == wanted:
                return number, words[i + len(wanted) - 1][1]
    raise AssertionError(f"not printed: {text!r}")


def _rules_below(pdf: bytes, page: int, y: float) -> int:
    """How many ruled answer lines the page has below `y` (points): rows of pixels dark most of
    the way across the text column."""
    png = subprocess.run(
        ["pdftoppm", "-r", str(DPI), "-png", "-f", str(page + 1), "-l", str(page + 1), "-"],
        input=pdf,
        capture_output=True,
        check=True,
    ).stdout
    grey = np.asarray(Image.open(io.BytesIO(png)).convert("L"))
    top = int(y * DPI / 72) + 2
    column = grey[top : grey.shape[0] - int(22 * DPI / 25.4), int(45 * DPI / 25.4) : int(190 * DPI / 25.4)]
    dark = (column < 128).mean(axis=1) > 0.8
    return int(np.sum(dark[1:] & ~dark[:-1]) + (dark[0] if len(dark) else 0))


def _questions(view: dict[str, Any]) -> Iterator[dict[str, Any]]:
    for section in view["sections"]:
        for item in section["questions"]:
            yield from item.get("parts", [item])


@pytest.mark.parametrize("large", [None, 18, 24])
def test_no_stem_is_parted_from_its_options_or_lines(
    sample_frozen: FrozenPaper, sample_spec: Specification | None, large: int | None
):
    """Every stem shares its page with its options (all of them, or at 24 pt at least the
    first) or with answer lines below it."""
    pdf = paper_pdf(sample_frozen, sample_spec, layout=layout_for(large))  # type: ignore[arg-type]
    pages = _words(pdf)
    for q in _questions(candidate_view(sample_frozen, sample_spec)):
        page, y = _find(pages, q["stem"])
        if q["free_text"]:
            assert _rules_below(pdf, page, y) >= 1, f"question {q['number']}: no answer line after the stem"
            continue
        options = q["options"][:1] if large == 24 else q["options"]
        for option in options:
            assert _find(pages, option["text"])[0] == page, f"question {q['number']} option {option['id']}"


def test_a_case_longer_than_a_page_is_marked_continued(valid_frozen: FrozenPaper):
    """A scenario whose case is longer than a page runs on with its heading repeated as
    "Scenario (continued)"; a case that fits is printed once, not continued."""
    assert "(continued)" not in " ".join(pdf_pages(paper_pdf(valid_frozen)))

    def edit(body: dict[str, Any]) -> None:
        for section in body["sections"]:
            for frozen in section["items"]:
                setting = frozen["item"].get("setting")
                if setting:
                    setting["situation"] = " ".join([setting["situation"]] * 30)

    pages = pdf_pages(paper_pdf(refreeze(valid_frozen, edit), layout=layout_for(24)))
    first = next(i for i, text in enumerate(pages) if "Scenario Organisation" in text)
    assert "Scenario (continued)" in pages[first + 1]
    assert "Scenario (continued)" not in pages[first]
