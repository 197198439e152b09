"""Helpers the rendering tests share: PDF text, re-freezing an edited paper, volatile parts."""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from typing import Any

from pypdf import PdfReader

from csassess.content.hashing import sha256_text
from csassess.fileio import canonical_json
from csassess.models import FrozenPaper

HASH = re.compile(r"sha256:[0-9a-f]{64}")
DIGEST = re.compile(r"/[0-9a-f]{12}\b")
VERSION = re.compile(r"csassess \d+\.\d+\.\d+[\w.+-]*")


def pdf_pages(pdf: bytes) -> list[str]:
    """The text of each page of a PDF, white space folded to single spaces so that assertions
    never depend on where a line happened to break; typographic apostrophes read as `'`."""
    pages = PdfReader(io.BytesIO(pdf)).pages
    return [" ".join((page.extract_text() or "").replace("\u2019", "'").split()) for page in pages]


def pdf_fonts(pdf: bytes) -> set[str]:
    """The base names of the fonts a PDF's pages use, without the subset prefix (`ABCDEF+`)."""
    names = set()
    for page in PdfReader(io.BytesIO(pdf)).pages:
        fonts = page.get("/Resources", {}).get("/Font", {})
        for font in fonts.values():
            names.add(str(font.get_object()["/BaseFont"]).lstrip("/").partition("+")[2])
    return names


def refreeze(paper: FrozenPaper, edit: Callable[[dict[str, Any]], None]) -> FrozenPaper:
    """A frozen paper changed by `edit` and hashed again, as if frozen from edited content."""
    body = paper.model_dump(mode="json", exclude={"content_hash"})
    edit(body)
    return FrozenPaper.model_validate(
        {**body, "content_hash": sha256_text(canonical_json(body))}, strict=False
    )


def stable(html: str) -> str:
    """HTML with the content hash, its short digest and the csassess version blanked out."""
    html = HASH.sub("sha256:<hash>", html)
    html = DIGEST.sub("/<digest>", html)
    return VERSION.sub("csassess <version>", html)


def words(text: str) -> str:
    """Text lower-cased with runs of whitespace as one space (PDF lines break anywhere)."""
    return " ".join(text.lower().split())
