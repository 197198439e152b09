"""Fixtures for the offline exam: the sample paper frozen and built, and a real Chromium.

Browser tests drive Debian's Chromium through Playwright (never Playwright's own download).
When Chromium or Playwright is missing they fail, loudly, with the set-up to run: a skipped
browser test would let a broken exam page pass CI.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from sit_helpers import CHROMIUM, CHROMIUM_ARGS, INVIGILATOR_CODE

from csassess.assembly.freeze import freeze_paper
from csassess.content.bundled import bundled_paths, bundled_root
from csassess.content.contentset import load_content
from csassess.content.loading import load_file
from csassess.models import FrozenPaper
from csassess.sit import ExamOptions, build_exam

SETUP_HINT = (
    "run the CI set-up first (`bash scripts/setup`: `apt-get install -y chromium` and "
    "`pip install -e '.[test]'` for Playwright for Python; never `playwright install`, which "
    "downloads a browser), or point CSASSESS_CHROMIUM at a Chromium binary"
)


@pytest.fixture(scope="session")
def sample_frozen() -> FrozenPaper:
    """The bundled sample paper, frozen against the bundled banks and rubrics."""
    paper = load_file(bundled_root() / "papers" / "cs201-sample.yaml", expected="paper").model
    return freeze_paper(paper, load_content(bundled_paths()))


@pytest.fixture(scope="session")
def frozen_file(sample_frozen: FrozenPaper, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The frozen sample paper as a file, as `csassess paper freeze` writes it."""
    path = tmp_path_factory.mktemp("frozen") / "cs201-sample.frozen.json"
    path.write_text(json.dumps(sample_frozen.model_dump(mode="json"), indent=2), encoding="utf-8")
    return path


@pytest.fixture(scope="session")
def exam_factory(tmp_path_factory: pytest.TempPathFactory) -> Callable[..., Path]:
    """Build an exam file for a paper and options into a fresh folder; returns its path.

    The invigilator's code is INVIGILATOR_CODE unless the options give another."""

    def build(paper: FrozenPaper, **options: Any) -> Path:
        path = tmp_path_factory.mktemp("exam") / "exam.html"
        options.setdefault("invigilator_code", INVIGILATOR_CODE)
        path.write_text(build_exam(paper, ExamOptions(**options)), encoding="utf-8")
        return path

    return build


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """Debian's Chromium, headless, launched once for the whole session."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.fail(f"Playwright for Python is not installed: {SETUP_HINT}")
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: {SETUP_HINT}")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@dataclass
class Offline:
    """A browser context where nothing but the exam file itself can load."""

    context: Any
    allowed: str
    requests: list[str] = field(default_factory=list)

    def page(self) -> Any:
        """A new page that fails its test on any script error or alert()."""
        page = self.context.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.on("dialog", lambda dialog: errors.append(f"dialog: {dialog.message}"))
        page.errors = errors
        return page

    def strays(self) -> list[str]:
        """Every request other than the exam page (and blob: downloads the page itself made)."""
        return [u for u in self.requests if u != self.allowed and not u.startswith("blob:")]


@pytest.fixture
def offline(browser: Any) -> Iterator[Callable[..., Offline]]:
    """Open contexts with every request but the exam file aborted and recorded."""
    contexts: list[Any] = []

    def open_context(exam: Path, **options: Any) -> Offline:
        context = browser.new_context(accept_downloads=True, **options)
        contexts.append(context)
        state = Offline(context, exam.resolve().as_uri())
        context.on("request", lambda request: state.requests.append(request.url))

        def gate(route: Any) -> None:
            if route.request.url == state.allowed:
                route.continue_()
            else:
                route.abort()

        context.route("**/*", gate)
        return state

    yield open_context
    for context in contexts:
        context.close()
