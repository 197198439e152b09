"""Screenshots of the offline exam at its main states, for docs/images/exam-*.png.

Refresh the reference images (after looking at every one of them) with:

    .venv/bin/python tests/sit/screenshots.py docs/images

The test suite runs the same code into a temporary folder, so the states stay reachable.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sit_helpers import (
    CHROMIUM,
    CHROMIUM_ARGS,
    INVIGILATOR_CODE,
    go_to,
    set_display,
    start,
    unlock_invigilator,
)

MINUTE = 60_000
VIEWPORT = {"width": 1200, "height": 760}
WIDE = {"width": 1280, "height": 900}
TINTS = ("cream", "yellow", "blue", "pink", "green")
ARRANGEMENTS = {  # candidate 0043 as the centre's list grants: 25% extra time and rest breaks
    "0043": {
        "extra_time": 25,
        "rest_breaks": True,
        "background": None,
        "font": None,
        "text_size": None,
        "granted_by": "centre",
    }
}
PALETTE = 96  # colours kept when Pillow is there to shrink the PNGs (flat UI: no visible loss)
ESCALATION = "CS-COM-SC-001.b"
FAIL_STORAGE = """
const realSetItem = Storage.prototype.setItem;
Storage.prototype.setItem = function (key, value) {
  if (window.failStorage) throw new DOMException("The quota has been exceeded.", "QuotaExceededError");
  return realSetItem.call(this, key, value);
};
"""


def _answer_some(page: Any) -> None:
    """A candidate part way through: choices made, text written, two questions flagged."""
    for qid, option in (("CS-FND-MC-002", "B"), ("CS-FND-MC-003", "D"), ("CS-FND-MC-006", "A")):
        go_to(page, qid)
        page.check(f"#opt-{option}")
    go_to(page, "CS-FND-MC-006")
    page.click("#flag")
    go_to(page, "CS-FND-SA-001")
    page.fill("#answer-text", "Customer service is meeting the needs and expectations of customers.")
    go_to(page, "CS-COM-SC-001.a")
    page.click("#flag")


def _states(page: Any, shoot: Callable[[str], None]) -> None:
    page.fill("#centre", "12345")
    page.fill("#candidate-number", "0042")
    shoot("exam-start")
    page.fill("#candidate-name", "Ada Lovelace")
    page.click("#start")
    page.wait_for_selector("#question-heading")
    _answer_some(page)
    go_to(page, ESCALATION)
    page.fill(
        "#answer-text",
        "Jamie can refund the £15 delivery charge and rebook the delivery himself. He should pass the "
        "compensation request to the customer relations team leader, with the order number and what "
        "has happened so far, and tell Mrs Okafor when she will hear back.",
    )
    go_to(page, ESCALATION)  # as when coming back to it: the question opens at its top
    shoot("exam-question")
    go_to(page, "CS-FND-MC-006")
    shoot("exam-navigation")
    page.clock.fast_forward(80 * MINUTE)
    page.wait_for_selector("#time-banner:not([hidden])")
    shoot("exam-time-warning")
    page.evaluate("() => { window.failStorage = true; }")
    go_to(page, "CS-FND-SA-007")
    page.fill("#answer-text", "What friends say, adverts, and what happened last time.")
    page.wait_for_selector("#storage-banner:not([hidden])")
    shoot("exam-storage-failure")
    page.evaluate("() => { window.failStorage = false; }")
    set_display(page, background="high-contrast")
    page.click("#display-options summary")  # closed again
    go_to(page, "CS-FND-MC-002")
    page.keyboard.press("Tab")  # show the focus ring in high contrast too
    shoot("exam-high-contrast")
    set_display(page, background="white")
    page.click("#display-options summary")
    page.click("#finish")
    shoot("exam-finish-confirm")


def _arrangement_states(page: Any, shoot: Callable[[str], None]) -> None:
    """The access arrangements: split scenario, each tint, reader font at 200%, a break, the invigilator."""
    start(page, number="0043", name="Ben Ng")
    go_to(page, ESCALATION)
    page.fill("#answer-text", "Jamie can refund the £15 delivery charge and rebook the delivery himself.")
    shoot("exam-scenario-split")
    go_to(page, "CS-FND-MC-003")
    page.check("#opt-D")
    for tint in TINTS:
        set_display(page, background=tint)
        page.click("#display-options summary")
        shoot(f"exam-background-{tint}")
    set_display(page, background="cream", font="reader", size=200)
    shoot("exam-display-options")
    page.click("#display-options summary")
    go_to(page, "CS-FND-SA-001")
    page.fill("#answer-text", "Customer service is meeting the needs and expectations of customers.")
    page.evaluate("() => window.scrollTo(0, 0)")
    shoot("exam-reader-font-200")
    set_display(page, background="white", font="standard", size=100)
    page.click("#display-options summary")
    page.clock.fast_forward(30 * MINUTE)
    page.click("#rest-break")
    shoot("exam-rest-break")
    unlock_invigilator(page, INVIGILATOR_CODE)
    shoot("exam-invigilator")
    page.click("#invigilator-resume")
    page.click("#finish")
    page.click("#finish-confirm")
    page.wait_for_selector("#finished-screen:not([hidden])")
    unlock_invigilator(page, INVIGILATOR_CODE)
    page.locator("#clear-section").scroll_into_view_if_needed()
    shoot("exam-invigilator-clear")


def shrink(path: Path) -> Path:
    """Re-save a screenshot with a small palette when Pillow is installed; else leave it."""
    try:
        from PIL import Image
    except ImportError:
        return path
    with Image.open(path) as image:
        small = image.convert("RGB").quantize(colors=PALETTE, dither=Image.Dither.NONE)
    small.save(path, optimize=True)
    return path


def take_screenshots(browser: Any, exam: Path, out_dir: Path) -> list[Path]:
    """Drive one candidate through the exam, saving a PNG at each state; returns the files."""
    out_dir.mkdir(parents=True, exist_ok=True)
    saved: list[Path] = []
    context = browser.new_context(viewport=VIEWPORT, accept_downloads=True)
    context.add_init_script(FAIL_STORAGE)
    context.route(
        "**/*", lambda route: route.continue_() if route.request.url == exam.as_uri() else route.abort()
    )
    try:
        page = context.new_page()
        page.clock.install()

        def shoot(name: str) -> None:
            path = out_dir / f"{name}.png"
            page.screenshot(path=path)
            saved.append(shrink(path))

        page.goto(exam.as_uri())
        _states(page, shoot)
        zoomed = browser.new_page(viewport={"width": 600, "height": 900}, device_scale_factor=1)
        zoomed.route(
            "**/*", lambda route: route.abort() if route.request.url != exam.as_uri() else route.continue_()
        )
        zoomed.goto(exam.as_uri())
        start(zoomed)
        go_to(zoomed, "CS-FND-MC-003")
        zoomed.check("#opt-D")
        zoomed.evaluate("() => window.scrollTo(0, 0)")  # the page top: bar and navigation stacked
        path = out_dir / "exam-zoom-200.png"
        zoomed.screenshot(path=path)
        saved.append(shrink(path))
        zoomed.close()
        wide = browser.new_context(viewport=WIDE, accept_downloads=True)
        wide.route(
            "**/*", lambda route: route.continue_() if route.request.url == exam.as_uri() else route.abort()
        )
        try:
            page = wide.new_page()
            page.clock.install()
            page.goto(exam.as_uri())

            def shoot_wide(name: str) -> None:
                path = out_dir / f"{name}.png"
                page.screenshot(path=path)
                saved.append(shrink(path))

            _arrangement_states(page, shoot_wide)
        finally:
            wide.close()
    finally:
        context.close()
    return saved


def main(out_dir: Path) -> None:
    """Freeze and build the sample paper, then take every screenshot into `out_dir`."""
    import tempfile

    from playwright.sync_api import sync_playwright

    from csassess.assembly.freeze import freeze_paper
    from csassess.content.bundled import bundled_paths, bundled_root
    from csassess.content.contentset import load_content
    from csassess.content.loading import load_file
    from csassess.sit import ExamOptions, build_exam

    paper = load_file(bundled_root() / "papers" / "cs201-sample.yaml", expected="paper").model
    frozen = freeze_paper(paper, load_content(bundled_paths()))
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as playwright:
        exam = Path(tmp) / "exam.html"
        options = ExamOptions(arrangements=ARRANGEMENTS, invigilator_code=INVIGILATOR_CODE)
        exam.write_text(build_exam(frozen, options), encoding="utf-8")
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        for path in take_screenshots(browser, exam, out_dir):
            print(f"{path} ({path.stat().st_size // 1024} KB)")
        browser.close()


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "docs/images"))
