"""Access arrangements in a real browser: extra time, rest breaks, display settings and the
invigilator's code, sat to the end and read back as the centre reads the script."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import pytest
from sit_helpers import INVIGILATOR_CODE, go_to, set_display, start, unlock_invigilator

from csassess.content.loading import load_file
from csassess.intake.digest import script_digest

MINUTE = 60_000
ESCALATION = "CS-COM-SC-001.b"
CENTRE_LIST = {
    "0042": {
        "extra_time": 25,
        "rest_breaks": True,
        "background": "cream",
        "font": "reader",
        "text_size": 125,
        "granted_by": "centre",
    }
}


def _script(download: Any, target: Any) -> Any:
    download.save_as(target)
    return load_file(target, expected="answer_script").model


def _timer_seconds(page: Any) -> int:
    h, m, s = (int(x) for x in page.text_content("#timer").split(":"))
    return h * 3600 + m * 60 + s


def test_extra_time_and_a_rest_break_sat_to_the_end_are_in_the_script(
    offline, exam_factory, sample_frozen, frozen_file, invoke, tmp_path
):
    """25% extra time stretches 90 minutes to 112:30, a 10-minute break stops the clock and hides the
    questions, warnings follow the longer time, and the script records both under its digest."""
    exam = exam_factory(sample_frozen, arrangements=CENTRE_LIST)
    browser = offline(exam)
    page = browser.page()
    page.clock.install()
    page.goto(exam.as_uri())
    start(page)
    assert page.text_content("#who") == "Candidate 0042 · Ada Lovelace · 25% extra time"
    assert 112 * 60 + 28 <= _timer_seconds(page) <= 112 * 60 + 30
    root = (
        "() => [document.documentElement.dataset.background, document.documentElement.dataset.font, "
        "document.documentElement.dataset.size]"
    )
    assert page.evaluate(root) == ["cream", "reader", "125"]  # the centre's display settings, applied
    go_to(page, "CS-FND-SA-001")
    page.fill("#answer-text", "Meeting the needs and expectations of customers.")

    page.clock.fast_forward(30 * MINUTE)
    page.click("#rest-break")
    assert page.is_visible("#break-screen") and page.is_hidden("#exam-screen")
    assert page.is_hidden("#question-heading") and page.is_hidden("#finish")
    assert page.text_content("#timer-label") == "Clock stopped"
    left_at_break = _timer_seconds(page)
    page.clock.fast_forward(10 * MINUTE)
    assert abs(_timer_seconds(page) - left_at_break) <= 1  # stopped
    page.reload()  # a reload during the break keeps the questions hidden
    page.wait_for_selector("#break-screen:not([hidden])")
    unlock_invigilator(page)
    page.click("#invigilator-resume")
    page.wait_for_selector("#question-heading")
    assert page.input_value("#answer-text") == "Meeting the needs and expectations of customers."

    # 90 min of paper time gone (30 before the break, 60 after): with extra time, 22:30 still left
    page.clock.fast_forward(60 * MINUTE)
    assert page.is_hidden("#time-banner")
    assert 22 * 60 + 28 <= _timer_seconds(page) <= 22 * 60 + 30
    page.clock.fast_forward(13 * MINUTE)
    assert page.text_content("#time-banner-text").startswith("10 minutes left.")
    page.clock.fast_forward(8 * MINUTE + 40_000)
    assert page.text_content("#time-banner-text").startswith("1 minute left.")
    page.wait_for_function("() => document.getElementById('announcer').textContent === '1 minute left.'")
    with page.expect_download() as download:
        page.clock.fast_forward(51_000)  # just past the end of the extended time
    script = _script(download.value, tmp_path / "script.json")
    page.wait_for_selector("#finished-screen:not([hidden])")
    assert page.is_hidden("#time-banner")  # no "1 minute left" on the finished screen
    assert page.text_content("#finished-lead").startswith("Time is up.")

    assert script.arrangements is not None
    assert script.arrangements.model_dump() == CENTRE_LIST["0042"]
    [rest] = script.breaks
    assert 600 <= rest.seconds <= 615  # 10 minutes on the page's clock, and the real seconds it took
    took = datetime.fromisoformat(script.finished_at) - datetime.fromisoformat(script.started_at)
    assert timedelta(minutes=122, seconds=30) <= took <= timedelta(minutes=122, seconds=50)  # 112:30 + 10:00
    assert script.late is False
    assert script.digest == script_digest(script)
    marked = invoke(
        "mark", frozen_file, tmp_path / "script.json", "--db", tmp_path / "r.db", "--workers", "0"
    )
    assert marked.exit_code == 0, marked.output
    assert "12345/0042: 25% extra time, rest breaks allowed, cream background, reader-friendly font" in (
        marked.output
    )
    assert page.errors == []
    assert browser.strays() == []  # the bundled font and everything else came from the file itself


def test_the_invigilator_grants_arrangements_during_the_exam(offline, exam_factory, sample_frozen, tmp_path):
    """A candidate not on the centre's list gets 50% extra time and a yellow background from the
    invigilator's screen; the script says the invigilator granted them."""
    exam = exam_factory(sample_frozen)
    page = offline(exam).page()
    page.clock.install()
    page.goto(exam.as_uri())
    start(page, number="0043", name="Ben Ng")
    assert page.is_hidden("#rest-break")
    before = _timer_seconds(page)
    unlock_invigilator(page)
    page.select_option("#grant-extra", "50")
    page.check("#grant-breaks")
    page.select_option("#grant-background", "yellow")
    page.click("#grant-save")
    assert page.text_content("#invigilator-status") == "Arrangements granted and saved."
    page.click("#invigilator-close")
    assert 45 * 60 - 20 <= _timer_seconds(page) - before <= 45 * 60  # less the real seconds it took
    assert page.is_visible("#rest-break")
    assert page.evaluate("() => document.documentElement.dataset.background") == "yellow"
    page.click("#finish")
    with page.expect_download() as download:
        page.click("#finish-confirm")
    script = _script(download.value, tmp_path / "script.json")
    assert script.arrangements is not None
    assert (script.arrangements.extra_time, script.arrangements.rest_breaks) == (50, True)
    assert (script.arrangements.background, script.arrangements.granted_by) == ("yellow", "invigilator")
    assert script.breaks == []
    assert script.digest == script_digest(script)
    assert page.errors == []


def test_invigilator_actions_refuse_without_the_code(offline, exam_factory, sample_frozen):
    """A wrong or empty code opens nothing; resuming a break and clearing a script need the code."""
    exam = exam_factory(sample_frozen, arrangements=CENTRE_LIST)
    page = offline(exam).page()
    page.goto(exam.as_uri())
    start(page)
    page.click("#invigilator-open")
    page.click("#invigilator-unlock-button")
    assert page.text_content("#invigilator-code-error") == "Enter the invigilator code."
    unlock_invigilator(page, "ROOM-4C")
    assert page.text_content("#invigilator-code-error") == "That is not the invigilator code."
    assert page.get_attribute("#invigilator-code", "aria-invalid") == "true"
    assert page.is_hidden("#invigilator-panel") and page.is_hidden("#grant-save")
    page.click("#invigilator-cancel")

    page.click("#rest-break")
    unlock_invigilator(page, "1234")
    assert page.is_hidden("#invigilator-resume")
    page.click("#invigilator-cancel")
    assert page.is_visible("#break-screen")  # still on the break: the questions stay hidden
    unlock_invigilator(page, INVIGILATOR_CODE.lower().replace("-", " "))  # case and spacing do not matter
    page.click("#invigilator-resume")
    page.wait_for_selector("#question-heading")

    page.click("#finish")
    with page.expect_download():
        page.click("#finish-confirm")
    page.wait_for_selector("#finished-screen:not([hidden])")
    assert page.locator("#finished-screen button").all_inner_texts() == ["Download my answers again"]
    unlock_invigilator(page, "WRONG-1")
    assert page.is_hidden("#invigilator-clear")
    page.click("#invigilator-cancel")
    unlock_invigilator(page)
    page.click("#invigilator-clear")  # not confirmed yet
    assert page.text_content("#clear-confirm-error").startswith("Tick the box")
    assert page.is_visible("#finished-screen")
    assert page.errors == []


def test_the_finished_script_stays_until_the_invigilator_clears_it(
    offline, exam_factory, sample_frozen, tmp_path
):
    """Reloading the finished screen keeps it (and the name); once cleared, the next candidate starts
    with the standard display, and the invigilator can still download the earlier script."""
    exam = exam_factory(sample_frozen, arrangements=CENTRE_LIST)
    page = offline(exam).page()
    page.goto(exam.as_uri())
    start(page)
    go_to(page, "CS-FND-SA-001")
    page.fill("#answer-text", "Helping customers.")
    page.click("#finish")
    with page.expect_download() as first:
        page.click("#finish-confirm")
    original = _script(first.value, tmp_path / "first.json")
    page.reload()
    page.wait_for_selector("#finished-screen:not([hidden])")
    assert page.text_content("#who") == "Candidate 0042 · Ada Lovelace · 25% extra time"
    with page.expect_download() as again:
        page.click("#download-again")
    assert _script(again.value, tmp_path / "again.json") == original

    unlock_invigilator(page)
    assert (
        page.text_content("#clear-confirm-label")
        == "I have the answer script of candidate 0042 (Ada Lovelace)"
    )
    page.check("#clear-confirm")
    page.click("#invigilator-clear")
    page.wait_for_selector("#start-screen:not([hidden])")
    assert page.text_content("#who") == ""
    assert page.evaluate("() => document.documentElement.dataset.background") == "white"
    assert page.is_hidden("#finished-screen")
    unlock_invigilator(page)
    assert page.is_hidden("#clear-section") and page.is_visible("#grant-none")
    with page.expect_download() as earlier:
        page.click("#earlier-list button")
    assert _script(earlier.value, tmp_path / "earlier.json") == original
    page.click("#invigilator-close")
    start(page, number="0050", name="Cara Diaz")
    assert page.text_content("#progress") == "0 of 30 answered · 0 flagged"
    assert page.errors == []


@pytest.mark.parametrize("background", ["cream", "yellow", "blue", "pink", "green", "high-contrast"])
def test_backgrounds_and_fonts_survive_a_reload(offline, exam_factory, sample_frozen, background):
    """A background, the reader-friendly font (from inside the page) and 175% text stay after a reload."""
    exam = exam_factory(sample_frozen)
    page = offline(exam).page()
    page.goto(exam.as_uri())
    set_display(page, background=background, font="reader", size=175)
    start(page)
    page.reload()
    page.wait_for_selector("#question-heading")
    assert page.evaluate("() => document.documentElement.dataset.background") == background
    assert page.input_value("#pref-background") == background
    assert page.input_value("#pref-font") == "reader" and page.input_value("#pref-size") == "175"
    assert page.evaluate("() => getComputedStyle(document.documentElement).fontSize") == "28px"
    assert page.evaluate("() => getComputedStyle(document.body).fontFamily").startswith('"csassess Reader"')
    page.evaluate("() => document.fonts.ready")
    assert page.evaluate("() => document.fonts.check('16px \"csassess Reader\"')")
    assert page.evaluate(
        "() => [...document.fonts].some(f => f.family.includes('csassess Reader') && f.status === 'loaded')"
    )
    bg = page.evaluate("() => getComputedStyle(document.body).backgroundColor")
    assert bg != "rgb(255, 255, 255)"
    assert page.errors == []


def test_scenario_parts_split_on_wide_screens_and_fold_on_narrow(offline, exam_factory, sample_frozen):
    """At 1280x900 the case sits beside the answer box, both in view; on a narrow screen the case folds
    away (remembered across parts) so the answer box comes up."""
    exam = exam_factory(sample_frozen)
    wide = offline(exam, viewport={"width": 1280, "height": 900}).page()
    wide.goto(exam.as_uri())
    start(wide)
    go_to(wide, ESCALATION)
    case = wide.locator(".case-pane").bounding_box()
    box = wide.locator("#answer-text").bounding_box()
    assert case and box
    assert box["x"] >= case["x"] + case["width"]  # side by side
    assert box["y"] < 900  # the answer box is in view without scrolling
    narrow = offline(exam, viewport={"width": 700, "height": 900}).page()
    narrow.goto(exam.as_uri())
    start(narrow, number="0051")
    go_to(narrow, ESCALATION)
    case = narrow.locator(".case-pane").bounding_box()
    box = narrow.locator("#answer-text").bounding_box()
    assert case and box and box["y"] > case["y"] + case["height"]  # stacked
    narrow.click("#scenario-summary")
    assert narrow.is_hidden(".situation")
    go_to(narrow, "CS-COM-SC-001.c")
    assert narrow.get_attribute("#scenario", "open") is None and narrow.is_hidden(".situation")
    narrow.click("#scenario-summary")
    assert narrow.is_visible(".situation")
