"""Golden files: the rendered HTML of the tiny valid paper, compared byte for byte.

Run `UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/render` to rewrite them after a deliberate
change, then read the diff. Content hashes and the csassess version are blanked, so refreezing
or a release does not churn them.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from render_helpers import stable

from csassess.models import FrozenPaper, Specification
from csassess.render import layout_for, markscheme_html, paper_html

GOLDEN = Path(__file__).resolve().parents[1] / "data" / "golden"


def check_golden(name: str, text: str) -> None:
    """Compare with the golden file, or write it when UPDATE_GOLDEN=1."""
    path = GOLDEN / name
    if os.environ.get("UPDATE_GOLDEN") == "1":
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        return
    if not path.exists():
        pytest.fail(f"{path} is missing: run with UPDATE_GOLDEN=1 to create it")
    assert text == path.read_text(encoding="utf-8"), (
        f"{name} differs: UPDATE_GOLDEN=1 rewrites it; read the diff"
    )


def test_candidate_paper_matches_golden(valid_frozen: FrozenPaper, valid_spec: Specification):
    """The candidate paper of the valid fixture renders exactly as the golden file."""
    check_golden("valid-paper.html", stable(paper_html(valid_frozen, valid_spec)))


def test_markscheme_matches_golden(valid_frozen: FrozenPaper, valid_spec: Specification):
    """The mark scheme of the valid fixture renders exactly as the golden file."""
    check_golden("valid-markscheme.html", stable(markscheme_html(valid_frozen, valid_spec)))


def test_large_print_paper_matches_golden(valid_frozen: FrozenPaper, valid_spec: Specification):
    """The 24 pt modified enlarged paper of the valid fixture renders exactly as the golden file."""
    check_golden(
        "valid-paper-large24.html", stable(paper_html(valid_frozen, valid_spec, layout=layout_for(24)))
    )


def test_rendering_is_deterministic(valid_frozen: FrozenPaper, valid_spec: Specification):
    """The same frozen paper renders to the same HTML every time."""
    assert paper_html(valid_frozen, valid_spec) == paper_html(valid_frozen, valid_spec)
    assert markscheme_html(valid_frozen, valid_spec) == markscheme_html(valid_frozen, valid_spec)
