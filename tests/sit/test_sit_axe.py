"""axe-core (vendored in tests/sit/vendor, MPL-2.0) on every screen of the exam, in every
background and at the largest text: no serious or critical accessibility violation anywhere."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from sit_helpers import go_to, set_display, start, unlock_invigilator

AXE = (Path(__file__).parent / "vendor" / "axe.min.js").read_text(encoding="utf-8")
SERIOUS = ("serious", "critical")
CENTRE_LIST = {
    "0042": {
        "extra_time": 25,
        "rest_breaks": True,
        "background": None,
        "font": None,
        "text_size": None,
        "granted_by": "centre",
    }
}


def violations(page: Any, screen: str) -> list[str]:
    """axe's serious and critical violations on the page as it is now, one line each."""
    if not page.evaluate("() => Boolean(window.axe)"):
        # evaluated through the DevTools protocol: the page's CSP (inline scripts by hash only) still holds
        page.evaluate(AXE)
    found = page.evaluate(
        """async () => {
          const result = await axe.run(document, { resultTypes: ["violations"] });
          return result.violations.map(v => ({ id: v.id, impact: v.impact,
            targets: v.nodes.map(n => n.target.join(" ")).slice(0, 3) }));
        }"""
    )
    return [f"{screen}: {v['id']} ({v['impact']}) at {v['targets']}" for v in found if v["impact"] in SERIOUS]


def _tour(page: Any) -> list[str]:
    """Every screen, dialog and banner a candidate or invigilator meets, checked as it appears."""
    problems = violations(page, "start")
    page.click("#start")  # empty: field errors
    problems += violations(page, "start with errors")
    start(page)
    problems += violations(page, "multiple choice")
    go_to(page, "CS-FND-MR-002")
    page.check("#opt-B")
    problems += violations(page, "multiple response")
    go_to(page, "CS-FND-SA-001")
    page.fill("#answer-text", "Helping customers.")
    page.click("#flag")
    problems += violations(page, "short answer, flagged")
    go_to(page, "CS-COM-SC-001.b")
    problems += violations(page, "scenario part")
    page.click("#scenario-summary")
    problems += violations(page, "scenario folded")
    page.click("#show-instructions")
    problems += violations(page, "instructions")
    page.click("#back-to-question")
    set_display(page)
    problems += violations(page, "display options open")
    page.click("#display-options summary")
    page.clock.fast_forward(105 * 60_000)  # 25% extra time: 112:30, so 7:30 left
    page.wait_for_selector("#time-banner:not([hidden])")
    problems += violations(page, "time warning")
    page.click("#rest-break")
    problems += violations(page, "rest break")
    page.click("#break-resume")
    problems += violations(page, "invigilator code")
    unlock_invigilator(page, "WRONG-99")
    problems += violations(page, "invigilator wrong code")
    unlock_invigilator(page)
    problems += violations(page, "invigilator panel")
    page.click("#invigilator-resume")
    page.wait_for_selector("#question-heading")
    page.click("#finish")
    problems += violations(page, "finish dialog")
    with page.expect_download():
        page.click("#finish-confirm")
    page.wait_for_selector("#finished-screen:not([hidden])")
    problems += violations(page, "finished")
    unlock_invigilator(page)
    problems += violations(page, "invigilator on the finished screen")
    return problems


def test_no_serious_violation_on_any_screen(offline, exam_factory, sample_frozen):
    """The whole tour, on the standard display, has no serious or critical axe violation."""
    exam = exam_factory(sample_frozen, arrangements=CENTRE_LIST)
    page = offline(exam, viewport={"width": 1280, "height": 900}).page()
    page.clock.install()
    page.goto(exam.as_uri())
    assert _tour(page) == []
    assert page.errors == []


@pytest.mark.parametrize("background", ["cream", "yellow", "blue", "pink", "green", "high-contrast"])
def test_every_background_keeps_its_contrast(offline, exam_factory, sample_frozen, background):
    """Each background, with the reader font and 200% text, passes axe (colour contrast included)
    on the start screen, a scenario part, the time warning and the finish dialog."""
    exam = exam_factory(sample_frozen)
    page = offline(exam, viewport={"width": 1280, "height": 900}).page()
    page.clock.install()
    page.goto(exam.as_uri())
    set_display(page, background=background, font="reader", size=200)
    problems = violations(page, f"{background} start")
    page.click("#display-options summary")
    start(page)
    go_to(page, "CS-COM-SC-001.b")
    page.fill("#answer-text", "Refer it to the team leader.")
    page.clock.fast_forward(85 * 60_000)
    page.wait_for_selector("#time-banner:not([hidden])")
    problems += violations(page, f"{background} scenario with a time warning")
    page.click("#finish")
    problems += violations(page, f"{background} finish dialog")
    assert problems == []


def test_the_check_sees_a_planted_violation(offline, exam_factory, sample_frozen):
    """The check is live: a field with no label and grey-on-white text are reported."""
    exam = exam_factory(sample_frozen)
    page = offline(exam).page()
    page.goto(exam.as_uri())
    page.evaluate(
        """() => {
          const input = document.createElement("input");
          document.getElementById("start-form").append(input);
          document.getElementById("paper-facts").style.color = "#bbbbbb";
        }"""
    )
    found = " ".join(violations(page, "planted"))
    assert "label (critical)" in found
    assert "color-contrast (serious)" in found
