"""Marking keyed questions: multiple choice and multiple response."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from csassess.marking import Marker, mark_answer
from csassess.models import MultipleChoice, MultipleResponse
from csassess.models.items import PartMultipleChoice, PartMultipleResponse

OPTIONS = [
    {"id": "A", "text": "Typing notes while the customer talks"},
    {"id": "B", "text": "Summarising what the customer has said"},
    {"id": "C", "text": "Offering a solution before the customer finishes"},
    {"id": "D", "text": "Looking at the clock"},
]
META = {"version": 1, "status": "live", "difficulty": "easy"}


def mcq(**extra: Any) -> MultipleChoice:
    """A 1-mark multiple choice question keyed B, options A-D."""
    fields = {
        "kind": "multiple_choice",
        "id": "T-MC-001",
        "stem": "Which of these is a sign of active listening?",
        "marks": 1,
        "outcomes": ["LO4"],
        "options": OPTIONS,
        "key": "B",
        **META,
        **extra,
    }
    return MultipleChoice.model_validate(fields)


def mrq(**extra: Any) -> MultipleResponse:
    """A 2-mark multiple response question keyed A and C, options A-E."""
    fields = {
        "kind": "multiple_response",
        "id": "T-MR-001",
        "stem": "Which two of these are internal customers?",
        "marks": 2,
        "outcomes": ["LO1"],
        "options": [
            {"id": "A", "text": "A colleague in the finance team"},
            {"id": "B", "text": "A delivery customer"},
            {"id": "C", "text": "Your team leader"},
            {"id": "D", "text": "A supplier"},
            {"id": "E", "text": "A member of the public"},
        ],
        "keys": ["A", "C"],
        **META,
        **extra,
    }
    return MultipleResponse.model_validate(fields)


MARKER = Marker()


def codes(result: Any) -> list[str]:
    """The review reason codes of a result."""
    return [r.code for r in result.review_reasons]


# ---------------------------------------------------------------- multiple choice


def test_mc_key_earns_the_mark():
    """Choosing the key earns the question's mark with full confidence and no review."""
    result = MARKER.mark(mcq(), "B")
    assert (result.mark, result.max_mark, result.selected) == (1, 1, ("B",))
    assert result.needs_review is False
    assert result.review_reasons == ()
    assert result.confidence == 1.0
    assert result.kind == "multiple_choice"


def test_mc_wrong_option_earns_nothing_without_review():
    """A valid wrong option earns 0 and is a confident mark, not a review case."""
    result = MARKER.mark(mcq(), "C")
    assert result.mark == 0
    assert result.selected == ("C",)
    assert result.needs_review is False
    assert result.review_reasons == ()


@pytest.mark.parametrize("answer", ["b", " B ", "B\n", "\tb", ["b"], ["B"]])
def test_mc_case_and_whitespace_do_not_matter(answer):
    """A lower-case or padded option letter, as text or a one-item list, is the same choice."""
    result = MARKER.mark(mcq(), answer)
    assert result.mark == 1
    assert result.selected == ("B",)
    assert result.needs_review is False


@pytest.mark.parametrize("answer", ["Z", "F", "1", "BB", "yes"])
def test_mc_invalid_option_needs_review(answer):
    """A choice that is not one of the options earns 0 and goes to review with 'invalid_option'."""
    result = MARKER.mark(mcq(), answer)
    assert result.mark == 0
    assert result.needs_review is True
    assert "invalid_option" in codes(result)
    assert result.confidence < 1.0


@pytest.mark.parametrize("answer", ["A, B", "B C", "B;D", ["B", "A"], "b/c"])
def test_mc_two_choices_earn_nothing(answer):
    """Two different options for a single-answer question earn 0, even if one is the key."""
    result = MARKER.mark(mcq(), answer)
    assert result.mark == 0
    assert len(result.selected) == 2
    assert "several_choices" in codes(result)


def test_mc_the_same_option_twice_is_one_choice():
    """Repeating the key ("B, b") is one choice and earns the mark."""
    result = MARKER.mark(mcq(), "B, b")
    assert result.selected == ("B",)
    assert result.mark == 1
    assert "several_choices" not in codes(result)


@pytest.mark.parametrize("answer", [None, "", "   ", []])
def test_mc_no_answer_earns_nothing(answer):
    """An unanswered choice question earns 0, selects nothing and needs no review."""
    result = MARKER.mark(mcq(), answer)
    assert result.mark == 0
    assert result.selected == ()
    assert result.needs_review is False


def test_mc_marks_above_one_are_awarded_whole():
    """A 2-mark multiple choice question awards both marks for the key."""
    assert MARKER.mark(mcq(marks=2), "B").mark == 2


def test_scenario_part_choice_is_marked_like_an_item():
    """A multiple-choice scenario part is marked by its key like a standalone item."""
    part = PartMultipleChoice.model_validate(
        {
            "kind": "multiple_choice",
            "id": "T-SC-001.c",
            "stem": "Internal or external?",
            "marks": 1,
            "outcomes": ["LO1"],
            "options": OPTIONS,
            "key": "D",
        }
    )
    assert MARKER.mark(part, "d").mark == 1
    assert MARKER.mark(part, "A").mark == 0


def test_choice_questions_need_no_rubric():
    """mark_answer marks a keyed question without any rubric or synonyms."""
    assert mark_answer(mcq(), "B").mark == 1
    assert mark_answer(mrq(), ["A", "C"]).mark == 2


# ---------------------------------------------------------------- multiple response, per key


@pytest.mark.parametrize(
    ("answer", "expected"),
    [
        (["A", "C"], 2),
        (["C", "A"], 2),
        (["A"], 1),
        (["C"], 1),
        (["A", "C", "D"], 1),  # two keys (2) minus one wrong (1)
        (["A", "D"], 0),  # one key (1) minus one wrong (1)
        (["A", "D", "E"], 0),  # 1 - 2 would be -1: floored at 0
        (["B", "D", "E"], 0),  # 0 - 3: floored at 0
        (["A", "B", "C", "D", "E"], 0),  # 2 - 3: floored at 0
        (["D"], 0),
        ([], 0),
    ],
)
def test_mr_per_key_scores_keys_minus_penalties(answer, expected):
    """per_key: each key earns marks/len(keys), each wrong choice loses wrong_penalty, never below 0."""
    result = MARKER.mark(mrq(), answer)
    assert result.mark == expected
    assert 0 <= result.mark <= result.max_mark
    assert result.needs_review is False


@pytest.mark.parametrize("answer", ["a, c", "A C", "a;c", "C/A", ["a", "c"], "A,C,A"])
def test_mr_accepts_text_and_lower_case(answer):
    """Selections written as text with commas, spaces, slashes or semicolons, in any case, are read."""
    result = MARKER.mark(mrq(), answer)
    assert result.mark == 2
    assert set(result.selected) == {"A", "C"}


def test_mr_zero_penalty_keeps_key_marks():
    """With wrong_penalty 0, wrong choices cost nothing under per_key."""
    question = mrq(wrong_penalty=0)
    assert MARKER.mark(question, ["A", "C", "D", "E"]).mark == 2
    assert MARKER.mark(question, ["A", "B", "D", "E"]).mark == 1


def test_mr_larger_penalty_still_floored():
    """A penalty of 2 per wrong choice cannot take the mark below zero."""
    question = mrq(wrong_penalty=2)
    assert MARKER.mark(question, ["A", "C", "D"]).mark == 0
    assert MARKER.mark(question, ["A", "B"]).mark == 0


def test_mr_invalid_option_needs_review():
    """A multiple-response selection with a letter that is not an option goes to review."""
    result = MARKER.mark(mrq(), ["A", "C", "G"])
    assert result.needs_review is True
    assert "invalid_option" in codes(result)
    assert 0 <= result.mark <= 2


# ---------------------------------------------------------------- multiple response, all or nothing


@pytest.mark.parametrize(
    ("answer", "expected"),
    [
        (["A", "C"], 2),
        ("c, a", 2),
        (["A"], 0),
        (["A", "C", "D"], 0),
        (["B", "D"], 0),
        ([], 0),
    ],
)
def test_mr_all_or_nothing(answer, expected):
    """all_or_nothing: full marks only for exactly the keys, otherwise 0."""
    assert MARKER.mark(mrq(scoring="all_or_nothing"), answer).mark == expected


def test_scenario_part_multiple_response_is_marked():
    """A multiple-response scenario part is marked per key like a standalone item."""
    part = PartMultipleResponse.model_validate(
        {
            "kind": "multiple_response",
            "id": "T-SC-001.d",
            "stem": "Which two?",
            "marks": 2,
            "outcomes": ["LO1"],
            "options": [{"id": x, "text": f"Option {x}"} for x in "ABCD"],
            "keys": ["B", "D"],
        }
    )
    assert MARKER.mark(part, ["B", "D"]).mark == 2
    assert MARKER.mark(part, ["B"]).mark == 1


@settings(max_examples=200, deadline=None)
@given(
    chosen=st.lists(st.sampled_from(list("ABCDEabcde")), max_size=6),
    penalty=st.integers(0, 3),
    scoring=st.sampled_from(["per_key", "all_or_nothing"]),
)
def test_mr_mark_always_within_zero_and_max(chosen, penalty, scoring):
    """Any selection of options scores between 0 and the question's marks, under either scoring."""
    result = MARKER.mark(mrq(wrong_penalty=penalty, scoring=scoring), chosen)
    assert 0 <= result.mark <= result.max_mark
    assert result.needs_review is False
