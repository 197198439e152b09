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


INVIGILATOR_CODE = "ROOM-4B"
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


def set_display(
    page: Any, background: str | None = None, font: str | None = None, size: int | None = None
) -> None:
    """Choose display settings as a candidate does: open Display, pick from its lists."""
    if not page.is_visible("#pref-background"):
        page.click("#display-options summary")
    for select, value in (("#pref-background", background), ("#pref-font", font), ("#pref-size", size)):
        if value is not None:
            page.select_option(select, str(value))


def unlock_invigilator(page: Any, code: str = INVIGILATOR_CODE) -> None:
    """Open the invigilator panel (from the top bar, or the break screen's button) with the code."""
    if not page.is_visible("#invigilator-dialog"):
        page.click("#break-resume" if page.is_visible("#break-resume") else "#invigilator-open")
    page.fill("#invigilator-code", code)
    page.click("#invigilator-unlock-button")
