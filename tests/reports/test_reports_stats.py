"""Item statistics against values worked out by hand on tiny datasets."""

from __future__ import annotations

import math

import pytest

from csassess.reports import charts, stats

# 4 candidates x 3 questions worth 1, 2 and 1 marks; totals 4, 2, 2, 0.
MARKS = [[1, 2, 1], [1, 1, 0], [0, 1, 1], [0, 0, 0]]
MAXIMA = [1, 2, 1]


def test_facility_is_mean_mark_over_maximum():
    """Facility: question 2 averages 1.0 of 2 marks, so 0.5 like the one-mark questions."""
    assert list(stats.facility(MARKS, MAXIMA)) == pytest.approx([0.5, 0.5, 0.5])
    assert list(stats.facility([[1, 0], [1, 1], [1, 0], [1, 0]], [1, 1])) == pytest.approx([1.0, 0.25])


def test_discrimination_correlates_each_item_with_the_rest_of_the_test():
    """Question 1 = (1,1,0,0) against rest-of-test (3,1,2,0): r = 1 / sqrt(5)."""
    values = stats.discrimination(MARKS)
    assert values[0] == pytest.approx(1 / math.sqrt(5))
    # question 2 = (2,1,1,0), rest = (2,1,1,0): perfectly in step with the rest
    assert values[1] == pytest.approx(1.0)
    # question 3 = (1,0,1,0), rest = (3,2,1,0): dx.dr = 1, |dx|^2 = 1, |dr|^2 = 5
    assert values[2] == pytest.approx(1 / math.sqrt(5))


def test_an_item_against_the_grain_discriminates_negatively():
    """The weakest candidates get it right and the strongest wrong: a negative correlation."""
    marks = [[0, 1, 1], [0, 1, 1], [1, 0, 0], [1, 0, 0]]
    assert stats.discrimination(marks)[0] == pytest.approx(-1.0)


def test_discrimination_is_undefined_when_nobody_differs():
    """Everyone scored the same on question 1: no correlation can be computed (NaN), and no flag."""
    values = stats.discrimination([[1, 0], [1, 1], [1, 0]])
    assert math.isnan(values[0])
    assert stats.item_flags(1.0, values[0]) == (stats.Flag("too_easy", "facility 1.00 is above 0.9"),)


def test_cronbach_alpha_and_standard_error_of_measurement():
    """Item variances 1/3, 2/3, 1/3 (sum 4/3), total variance 8/3: alpha = 3/2 (1 - 1/2) = 0.75;
    SEM = sqrt(8/3) * sqrt(0.25)."""
    alpha = stats.cronbach_alpha(MARKS)
    assert alpha == pytest.approx(0.75)
    totals = [sum(row) for row in MARKS]
    assert stats.standard_error_of_measurement(totals, alpha) == pytest.approx(math.sqrt(8 / 3) * 0.5)


def test_alpha_is_undefined_without_spread_or_enough_data():
    """Equal totals, one candidate or one question: alpha cannot be computed."""
    assert math.isnan(stats.cronbach_alpha([[1, 0], [0, 1]]))
    assert math.isnan(stats.cronbach_alpha([[1, 0]]))
    assert math.isnan(stats.cronbach_alpha([[1], [0]]))
    assert math.isnan(stats.standard_error_of_measurement([3], math.nan))


def test_option_shares_count_every_option_a_candidate_chose():
    """Shares of candidates per option; a multiple-response answer counts once for each option,
    a blank answer for none."""
    shares = stats.option_shares([["A"], ["B"], ["B", "C"], []], "ABCD")
    assert shares == {"A": 0.25, "B": 0.5, "C": 0.25, "D": 0.0}


@pytest.mark.parametrize(
    ("facility", "discrimination", "codes"),
    [
        (0.5, 0.5, []),
        (0.19, 0.5, ["too_hard"]),
        (0.2, 0.2, []),
        (0.91, 0.5, ["too_easy"]),
        (0.9, 0.5, []),
        (0.5, 0.19, ["low_discrimination"]),
        (0.1, -0.3, ["too_hard", "low_discrimination"]),
    ],
)
def test_flags_follow_the_thresholds(facility, discrimination, codes):
    """Facility below 0.2 or above 0.9, discrimination below 0.2: the boundaries themselves pass."""
    assert [f.code for f in stats.item_flags(facility, discrimination)] == codes


def test_a_distractor_chosen_more_than_the_key_is_flagged():
    """Option C drew 40% against the key's 30%: flagged, naming the option; D (10%) is not."""
    flags = stats.item_flags(0.3, 0.4, {"A": 0.2, "B": 0.3, "C": 0.4, "D": 0.1}, ("B",))
    assert [f.code for f in flags] == ["distractor_beats_key"]
    assert "option C (40%)" in flags[0].message
    assert stats.item_flags(0.5, 0.4, {"A": 0.1, "B": 0.5, "C": 0.4}, ("B",)) == ()


def test_multiple_response_distractors_are_compared_with_the_least_chosen_key():
    """Keys B and D; distractor A beats key D (the weaker key) so it is flagged."""
    flags = stats.item_flags(0.5, 0.4, {"A": 0.35, "B": 0.9, "C": 0.1, "D": 0.3}, ("B", "D"))
    assert [f.code for f in flags] == ["distractor_beats_key"]
    assert "least-chosen key" in flags[0].message


@pytest.mark.parametrize("grade", [r"$\frac{a}$", "$x^$", r"$\undefined$"])
def test_grade_names_in_charts_are_text_not_mathtext(grade):
    """A grade named like TeX ("$x^$") is drawn as its characters; matplotlib's mathtext
    would raise on it and stop the whole report."""
    svg = charts.centre_grade_shares({"C1": {grade: 3, "Pass": 1}}, [grade, "Pass"])
    assert svg.startswith("<svg")
