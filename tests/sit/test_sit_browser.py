"""The offline exam in a real browser (Debian's Chromium), with every network request blocked.

Each test opens the built exam file as a candidate would, in a fresh browser context (its own
localStorage), and fails on any script error, alert or request beyond the file itself.
"""

from __future__ import annotations

import hashlib
import json
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sit_helpers import go_to, set_display, start

from csassess.content.loading import load_file
from csassess.fileio import canonical_json
from csassess.intake.digest import answers_digest
from csassess.models import FrozenPaper
from csassess.models.items import Question, questions_of
from csassess.models.script import AnswerScript

ESCALATION = "CS-COM-SC-001.b"
MINUTE = 60_000  # ms, for the page's fake clock
GOOD_ESCALATION = (
    "Jamie should refund the delivery charge and rebook the delivery himself. He should pass the "
    "compensation request to the customer relations team leader with her order number and the "
    "history of the missed deliveries, and tell Mrs Okafor when she will hear back."
)
TRICKY = [
    "quotes \" and ' and a back\\slash",
    "new\nline\r\nand\ttab and  double  spaces",
    "café naïve Ünïcödé — “smart quotes” £€ ½",
    "emoji 😀👍🏽 and non-BMP \U0001d518\U0001d52b\U0001d526 \U00020731 🇬🇧",
    "controls \x01\x1f, DEL \x7f, NEL \x85, C1 \x9f",
    "line sep \u2028 para sep \u2029 bom \ufeff nbsp \xa0",
    "</script><script>alert(1)</script> <!-- & -->",
]


def questions(paper: FrozenPaper) -> list[Question]:
    """Every markable question of a paper in order."""
    return [q for s in paper.sections for fi in s.items for q in questions_of(fi.item)]


def answer_sheet(paper: FrozenPaper) -> dict[str, Any]:
    """An answer to every question: keys for the choice questions except the first (wrong on purpose)."""
    answers: dict[str, Any] = {}
    wrong_done = False
    for q in questions(paper):
        if q.kind == "multiple_choice":
            if not wrong_done:
                answers[q.id] = next(o.id for o in q.options if o.id != q.key)
                wrong_done = True
            else:
                answers[q.id] = q.key
        elif q.kind == "multiple_response":
            answers[q.id] = sorted(q.keys)
        elif q.id == ESCALATION:
            answers[q.id] = GOOD_ESCALATION
        else:
            answers[q.id] = f"My answer to {q.id}: I would listen, apologise and keep the customer informed."
    return answers


def answer(page: Any, question_id: str, value: Any) -> None:
    """Answer one question through the page, as a candidate would."""
    go_to(page, question_id)
    if isinstance(value, list):
        for option in value:
            page.check(f"#opt-{option}")
    elif page.is_visible("#answer-text"):
        page.fill("#answer-text", value)
    else:
        page.check(f"#opt-{value}")


def shown_answer(page: Any, question_id: str) -> Any:
    """What the page shows as the answer to one question."""
    go_to(page, question_id)
    if page.is_visible("#answer-text"):
        return page.input_value("#answer-text")
    chosen = page.eval_on_selector_all("input[name=answer]:checked", "els => els.map(e => e.value)")
    return chosen if page.is_visible("input[type=checkbox]") else (chosen[0] if chosen else None)


def finish(page: Any, target: Path) -> AnswerScript:
    """Finish through the confirm dialog, save the download and load it as the centre would."""
    page.click("#finish")
    assert page.is_visible("#finish-dialog")
    with page.expect_download() as download:
        page.click("#finish-confirm")
    download.value.save_as(target)
    page.wait_for_selector("#finished-screen:not([hidden])")
    return load_file(target, expected="answer_script").model  # type: ignore[no-any-return]


def test_candidate_sits_reloads_finishes_and_the_script_is_marked(
    offline, exam_factory, sample_frozen, frozen_file, invoke, tmp_path
):
    """Every kind answered, all restored after a reload and a closed tab, then finished, loaded,
    digest-checked and marked by `csassess mark` (which refuses the script once tampered with);
    no request ever leaves the page."""
    exam = exam_factory(sample_frozen)
    browser = offline(exam)
    page = browser.page()
    page.goto(exam.as_uri())
    start(page)
    sheet = answer_sheet(sample_frozen)
    kinds = {q.kind for q in questions(sample_frozen)}
    assert kinds == {"multiple_choice", "multiple_response", "short_answer", "extended_response"}
    for qid, value in sheet.items():
        answer(page, qid, value)
    assert page.text_content("#progress") == f"{len(sheet)} of {len(sheet)} answered · 0 flagged"

    page.reload()
    page.wait_for_selector("#question-heading")
    assert {qid: shown_answer(page, qid) for qid in sheet} == sheet
    page.close()
    page = browser.page()  # a closed tab (or a crashed browser) restores the same way
    page.goto(exam.as_uri())
    page.wait_for_selector("#question-heading")
    assert page.text_content("#who") == "Candidate 0042 · Ada Lovelace"
    assert shown_answer(page, ESCALATION) == GOOD_ESCALATION

    script = finish(page, tmp_path / "script.json")
    assert (script.paper, script.form, script.centre) == ("CS201-SAMPLE", "A", "12345")
    assert (script.candidate.number, script.candidate.name) == ("0042", "Ada Lovelace")
    assert script.paper_hash == sample_frozen.content_hash
    assert script.answers == sheet
    assert script.digest == answers_digest(script.answers)
    started = datetime.fromisoformat(script.started_at or "")
    assert timedelta(0) <= datetime.fromisoformat(script.finished_at or "") - started < timedelta(minutes=5)
    assert page.errors == []
    assert browser.strays() == []

    db, results = tmp_path / "results.db", tmp_path / "results.json"
    marked = invoke("mark", frozen_file, tmp_path / "script.json", "--db", db, "--workers", "0")
    assert marked.exit_code == 0, marked.output
    exported = invoke("export", "--out", results, "--db", db)
    assert exported.exit_code == 0, exported.output
    [row] = json.loads(results.read_text(encoding="utf-8"))["candidates"]
    assert (row["candidate"], row["centre"]) == ("0042", "12345")
    by_id = {q.id: q for q in questions(sample_frozen)}
    for qid, value in sheet.items():
        q = by_id[qid]
        if q.kind in ("multiple_choice", "multiple_response"):
            right = value == (q.key if q.kind == "multiple_choice" else sorted(q.keys))
            assert row["marks"][qid] == (q.marks if right else 0), qid
        else:
            assert isinstance(row["marks"][qid], int), qid
    assert row["marks"][ESCALATION] >= 2

    tampered = tmp_path / "tampered" / "script.json"
    tampered.parent.mkdir()
    body = json.loads((tmp_path / "script.json").read_text(encoding="utf-8"))
    body["answers"][ESCALATION] += " And I would give her the £80 myself."
    tampered.write_text(json.dumps(body), encoding="utf-8")
    refused = invoke("mark", frozen_file, tampered, "--db", tmp_path / "other.db", "--workers", "0")
    assert refused.exit_code == 3, refused.output
    assert "answers do not match their digest" in refused.output


def test_answers_are_restored_after_a_reload_with_flags_and_position(offline, exam_factory, sample_frozen):
    """Reloading mid-exam returns to the same question with every answer and flag in place."""
    exam = exam_factory(sample_frozen)
    page = offline(exam).page()
    page.goto(exam.as_uri())
    start(page)
    answer(page, ESCALATION, "Refer it to the team leader.")
    page.click("#flag")
    page.reload()
    page.wait_for_selector("#question-heading")
    assert page.text_content("#question-heading") == "Question 20(b)"
    assert page.input_value("#answer-text") == "Refer it to the team leader."
    assert page.get_attribute("#flag", "aria-pressed") == "true"
    assert page.text_content("#progress") == "1 of 30 answered · 1 flagged"


def test_keyboard_only_answers_flags_and_navigates(offline, exam_factory, sample_frozen):
    """Tab, arrows, Enter and Space reach and work every control, with a visible focus ring."""
    exam = exam_factory(sample_frozen)
    page = offline(exam).page()
    page.goto(exam.as_uri())
    start(page)
    focused = "() => document.activeElement.id || document.activeElement.className"
    assert page.evaluate(focused) == "question-heading"
    page.keyboard.press("Tab")
    assert page.evaluate(focused) == "opt-A"
    assert page.evaluate("() => getComputedStyle(document.activeElement).outlineStyle") == "solid"
    page.keyboard.press("Enter")  # Enter chooses, as well as Space
    assert page.is_checked("#opt-A")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Space")
    assert page.is_checked("#opt-B") and not page.is_checked("#opt-A")
    page.keyboard.press("Tab")
    assert page.evaluate(focused) == "flag"
    page.keyboard.press("Enter")
    nav_first = page.locator(".nav-q").first
    assert "flagged" in (nav_first.get_attribute("class") or "")
    assert nav_first.inner_text().endswith("✓⚑") or "⚑" in nav_first.inner_text()
    assert "Question 1, answered, flagged for review" in nav_first.text_content()
    page.keyboard.press("Tab")  # Previous is disabled on question 1: Tab skips it
    assert page.evaluate(focused) == "next"
    page.keyboard.press("Enter")
    assert page.evaluate(focused) == "question-heading"
    assert page.text_content("#question-heading") == "Question 2"
    page.keyboard.press("Shift+Tab")  # back into the navigation: its last question
    assert page.evaluate("() => document.activeElement.dataset.question") == "CS-FND-ER-003"
    page.keyboard.press("Enter")
    assert page.text_content("#question-heading") == "Question 23"
    page.keyboard.press("Tab")
    assert page.evaluate(focused) == "answer-text"
    page.keyboard.type("Empathy matters most because locked-out customers are worried.")
    assert page.text_content("#word-count") == "8 words"


def test_storage_failing_mid_exam_warns_and_offers_the_answers(
    offline, exam_factory, sample_frozen, tmp_path
):
    """When localStorage throws (quota), a warning stays on screen and downloads the answers so far."""
    exam = exam_factory(sample_frozen)
    browser = offline(exam)
    browser.context.add_init_script(
        """
        const realSetItem = Storage.prototype.setItem;
        Storage.prototype.setItem = function (key, value) {
          if (window.failStorage) throw new DOMException("The quota is exceeded.", "QuotaExceededError");
          return realSetItem.call(this, key, value);
        };
        """
    )
    page = browser.page()
    page.goto(exam.as_uri())
    start(page)
    answer(page, "CS-FND-SA-001", "Meeting customer needs and expectations.")
    assert page.is_hidden("#storage-banner")
    page.evaluate("() => { window.failStorage = true; }")
    answer(page, "CS-FND-SA-007", "Advertising, reviews and past experience.")
    assert page.is_visible("#storage-banner")
    assert page.get_attribute("#storage-banner", "role") == "alert"
    assert page.text_content("#saved") == "NOT saved in this browser"
    answer(page, ESCALATION, "Refer it.")
    assert page.is_visible("#storage-banner")  # persistent: still there on another question
    with page.expect_download() as download:
        page.click("#storage-download")
    download.value.save_as(tmp_path / "so-far.json")
    assert "_so-far-" in download.value.suggested_filename
    script = load_file(tmp_path / "so-far.json", expected="answer_script").model
    assert set(script.answers) == {"CS-FND-SA-001", "CS-FND-SA-007", ESCALATION}
    assert script.finished_at is None
    assert script.digest == answers_digest(script.answers)
    assert page.errors == []


def test_storage_turned_off_warns_before_the_first_answer(offline, exam_factory, sample_frozen):
    """With storage disabled (the getter throws), the warning shows at once and the exam still runs."""
    exam = exam_factory(sample_frozen)
    browser = offline(exam)
    browser.context.add_init_script(
        """
        Object.defineProperty(window, "localStorage", {
          get() { throw new DOMException("Access is denied for this document.", "SecurityError"); },
        });
        """
    )
    page = browser.page()
    page.goto(exam.as_uri())
    assert page.is_visible("#storage-banner")
    assert page.is_hidden("#storage-download")  # nothing to download before the candidate starts
    start(page)
    assert page.is_visible("#storage-download")
    answer(page, "CS-FND-SA-001", "Meeting needs.")
    assert page.text_content("#progress") == "1 of 30 answered · 0 flagged"
    assert page.errors == []


def test_candidate_details_are_checked_before_starting(offline, exam_factory, sample_frozen):
    """A candidate number the centre's loader would reject is caught on the start screen."""
    exam = exam_factory(sample_frozen, centre="C-9")
    page = offline(exam).page()
    page.goto(exam.as_uri())
    assert page.is_hidden("#centre-field")
    assert page.text_content("#centre-fixed") == "Centre C-9"
    page.fill("#candidate-number", "12 34")
    page.click("#start")
    assert page.get_attribute("#candidate-number", "aria-invalid") == "true"
    assert page.text_content("#candidate-number-error").startswith("Enter your candidate number")
    assert page.text_content("#candidate-name-error") == "Enter your name."
    assert page.evaluate("() => document.activeElement.id") == "candidate-number"
    assert page.is_hidden("#exam-screen")


def test_time_warnings_then_time_out_submits(offline, exam_factory, sample_frozen, tmp_path):
    """Warnings at 10 and 5 minutes (announced), then at time-out the script is finished and downloaded."""
    exam = exam_factory(sample_frozen)
    page = offline(exam).page()
    page.clock.install()
    page.goto(exam.as_uri())
    start(page)
    answer(page, "CS-FND-SA-001", "Meeting needs.")
    assert page.is_hidden("#time-banner")
    page.clock.fast_forward(80 * MINUTE)
    assert page.is_visible("#time-banner")
    assert page.text_content("#time-banner-text").startswith("10 minutes left.")
    page.wait_for_function("() => document.getElementById('announcer').textContent === '10 minutes left.'")
    page.clock.fast_forward(5 * MINUTE)
    assert page.text_content("#time-banner-text").startswith("5 minutes left.")
    with page.expect_download() as download:
        page.clock.fast_forward(5 * MINUTE + 1000)
    download.value.save_as(tmp_path / "timed-out.json")
    page.wait_for_selector("#finished-screen:not([hidden])")
    assert page.text_content("#finished-lead").startswith("Time is up.")
    script = load_file(tmp_path / "timed-out.json", expected="answer_script").model
    assert script.answers == {"CS-FND-SA-001": "Meeting needs."}
    assert script.finished_at is not None
    assert script.late is False  # time-out submitted it on time: only "mark as late" sets it


def test_late_mode_lets_the_candidate_carry_on_and_marks_the_script_late(
    offline, exam_factory, sample_frozen, tmp_path
):
    """With --on-timeout late, answering goes on after time-out and the script is named and shown as late."""
    exam = exam_factory(sample_frozen, on_timeout="late")
    page = offline(exam).page()
    page.clock.install()
    page.goto(exam.as_uri())
    start(page)
    page.clock.fast_forward(91 * MINUTE)
    assert page.text_content("#timer-label") == "Over time by"
    assert (
        page.text_content("#time-banner-text")
        == "Time is up. You may carry on, but your script will be marked late."
    )
    answer(page, "CS-FND-SA-001", "Written after the time.")
    script = finish(page, tmp_path / "late.json")
    assert page.is_visible("#finished-late")
    assert page.text_content("#finished-file").endswith("_LATE.json")
    started = datetime.fromisoformat(script.started_at or "")
    assert datetime.fromisoformat(script.finished_at or "") - started > timedelta(minutes=90)
    assert script.answers == {"CS-FND-SA-001": "Written after the time."}
    assert script.late is True


def test_js_and_python_digests_agree_on_tricky_text(offline, exam_factory, sample_frozen):
    """Canonical JSON and SHA-256 in the page (crypto.subtle and the fallback) match Python's exactly."""
    exam = exam_factory(sample_frozen)
    page = offline(exam).page()
    page.goto(exam.as_uri())
    answers: dict[str, Any] = {f"Q{i}": text for i, text in enumerate(TRICKY)}
    answers |= {
        "Q10": ["A", "C"],
        "q1": "",
        "\ufb01": "ligature key",
        "\U0001d518": "non-BMP key sorts after U+FB01",
    }
    js_canonical, js_digest = page.evaluate(
        "async (a) => [csassessExam.canonicalJson(a), await csassessExam.answersDigest(a)]", answers
    )
    assert js_canonical == canonical_json(answers)
    assert js_digest == answers_digest(answers)
    for text in [*TRICKY, "", "a" * 55, "b" * 56, "c" * 64, "d" * 119, "é" * 300]:
        expected = hashlib.sha256(text.encode("utf-8")).hexdigest()
        assert page.evaluate("(t) => csassessExam.sha256Fallback(t)", text) == expected, text
    assert page.errors == []


def test_tricky_answers_survive_the_file_and_the_centres_loader(
    offline, exam_factory, sample_frozen, tmp_path
):
    """Typed unicode, quotes, controls and line separators reach the centre unchanged, digest intact."""
    exam = exam_factory(sample_frozen)
    page = offline(exam).page()
    page.goto(exam.as_uri())
    start(page)
    free = [q.id for q in questions(sample_frozen) if q.is_free_text][: len(TRICKY)]
    for qid, text in zip(free, TRICKY, strict=True):
        answer(page, qid, text)
    script = finish(page, tmp_path / "tricky.json")
    # a textarea keeps line breaks as \n, as every browser does
    assert script.answers == {q: t.replace("\r\n", "\n") for q, t in zip(free, TRICKY, strict=True)}
    assert script.digest == answers_digest(script.answers)
    assert page.errors == []


def test_breakout_text_is_shown_as_text(offline, exam_factory, sample_frozen):
    """A stem holding </script><script>alert(1)</script> is displayed literally and runs nothing."""
    from sit_helpers import refreeze

    attack = "</script><script>alert(1)</script>"

    def edit(body: dict[str, Any]) -> None:
        body["sections"][0]["items"][0]["item"]["stem"] = attack

    exam = exam_factory(refreeze(sample_frozen, edit))
    page = offline(exam).page()
    page.goto(exam.as_uri())
    start(page)
    assert page.text_content("#stem") == attack
    assert page.errors == []


@pytest.mark.parametrize("size", [100, 150, 200])
def test_zoom_to_200_percent_loses_nothing(offline, exam_factory, sample_frozen, size):
    """At 200% zoom (half the CSS width), at any text size, nothing scrolls sideways."""
    exam = exam_factory(sample_frozen)
    page = offline(exam, viewport={"width": 640, "height": 450}, device_scale_factor=2).page()
    page.goto(exam.as_uri())
    set_display(page, size=size)
    overflow = "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
    assert page.evaluate(overflow) <= 0
    start(page)
    for qid in ("CS-FND-MC-002", ESCALATION, "CS-FND-ER-003"):
        go_to(page, qid)
        assert page.evaluate(overflow) <= 0, qid
    assert page.is_visible("#finish") and page.is_visible("#timer")
