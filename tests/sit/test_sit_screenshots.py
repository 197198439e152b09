"""The reference screenshots: every exam state is reachable, and the committed images stay small."""

from __future__ import annotations

from pathlib import Path

from screenshots import ARRANGEMENTS, take_screenshots

DOCS_IMAGES = Path(__file__).parents[2] / "docs" / "images"
STATES = [
    "exam-start",
    "exam-question",
    "exam-navigation",
    "exam-time-warning",
    "exam-storage-failure",
    "exam-high-contrast",
    "exam-finish-confirm",
    "exam-zoom-200",
    "exam-scenario-split",
    *(f"exam-background-{tint}" for tint in ("cream", "yellow", "blue", "pink", "green")),
    "exam-display-options",
    "exam-reader-font-200",
    "exam-rest-break",
    "exam-invigilator",
    "exam-invigilator-clear",
]
MAX_BYTES = 150 * 1024


def test_every_state_can_be_photographed(browser, exam_factory, sample_frozen, tmp_path):
    """The screenshot tour reaches each state (it breaks if a control it uses disappears)."""
    taken = take_screenshots(browser, exam_factory(sample_frozen, arrangements=ARRANGEMENTS), tmp_path)
    assert [p.stem for p in taken] == STATES
    assert all(p.stat().st_size > 5000 for p in taken)


def test_reference_screenshots_are_committed_and_small():
    """docs/images holds one PNG per state, each under 150 KB."""
    for state in STATES:
        image = DOCS_IMAGES / f"{state}.png"
        assert image.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n", image
        assert image.stat().st_size < MAX_BYTES, image
