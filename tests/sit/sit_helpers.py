"""Helpers the offline-exam tests share: re-freezing an edited paper and driving the page."""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from csassess.content.hashing import sha256_text
from csassess.fileio import canonical_json
from csassess.models import FrozenPaper

CHROMIUM = Path(os.environ.get("CSASSESS_CHROMIUM", "/usr/bin/chromium"))  # Debian's, not a download
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def refreeze(paper: FrozenPaper, edit: Callable[[dict[str, Any]], None]) -> FrozenPaper:
    """A frozen paper changed by `edit` and hashed again, as if frozen from edited content."""
    body = paper.model_dump(mode="json", exclude={"content_hash"})
    edit(body)
    return FrozenPaper.model_validate(
        {**body, "content_hash": sha256_text(canonical_json(body))}, strict=False
    )


QID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.\-]*$")


def start(page: Any, number: str = "0042", name: str = "Ada Lovelace", centre: str | None = "12345") -> None:
    """Fill the start screen and begin the exam."""
    if centre is not None and page.is_visible("#centre"):
        page.fill("#centre", centre)
    page.fill("#candidate-number", number)
    page.fill("#candidate-name", name)
    page.click("#start")
    page.wait_for_selector("#question-heading")


def go_to(page: Any, question_id: str) -> None:
    """Open one question from the navigation."""
    assert QID.match(question_id)
    page.click(f'.nav-q[data-question="{question_id}"]')
    page.wait_for_selector("#question-heading")
