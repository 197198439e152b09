"""Rubric test answers: `rubric test` and `validate` mark them and report what failed."""

from __future__ import annotations

import json
from pathlib import Path

from csassess.content.contentset import load_content
from csassess.content.rubric_tests import run_rubric_tests

CASES = Path(__file__).parents[1] / "data" / "rubric-checks"
BASE = [CASES / "specification.yaml", CASES / "bank.yaml"]
PASSING = CASES / "rubrics" / "tests-all-pass.yaml"
FAILING = CASES / "rubrics" / "tests-one-fails.yaml"


def test_passing_tests_report_matched_points():
    """Two test answers that get their marks pass, and each stated point counts as matched."""
    [report] = run_rubric_tests(load_content([*BASE, PASSING]))
    assert [o.passed for o in report.outcomes] == [True, True]
    assert [(t.point, t.matched, t.missed, t.false_positives) for t in report.points] == [
        ("apologise", 1, 0, 0),
        ("timescale", 1, 0, 0),
    ]


def test_failing_test_names_its_missed_and_false_positive_points():
    """'say sorry' earns the apology its author refused and misses the timescale it expected."""
    [report] = run_rubric_tests(load_content([*BASE, FAILING], strict=False))
    second = report.outcomes[1]
    assert not second.passed
    assert (second.mark, second.missed, second.false_positives) == (1, ("timescale",), ("apologise",))
    assert second.problem() == "earns 1, expected 0; missed timescale; wrongly credited apologise"
    tallies = {t.point: (t.matched, t.missed, t.false_positives) for t in report.points}
    assert tallies == {"apologise": (2, 0, 1), "timescale": (1, 1, 0)}


def test_rubric_test_command_exits_0_when_all_pass(invoke):
    """`rubric test` exits 0 and ends with the pass count when every test answer passes."""
    result = invoke("rubric", "test", *BASE, PASSING)
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[-1] == "2 of 2 test answers pass in 1 rubrics"


def test_rubric_test_command_exits_1_and_shows_failures(invoke):
    """`rubric test` exits 1, prints each failure with its line and the per-point counts."""
    result = invoke("rubric", "test", *BASE, FAILING)
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert (
        "  FAIL tests[1] (line 22): mark 1, expected 0: earns 1, expected 0; missed timescale; "
        "wrongly credited apologise"
    ) in lines
    assert "  point apologise: matched 2, missed 0, false positives 1" in lines
    assert "  FAIL tests[2] (line 26): mark 1, expected 1: names unknown point refunded" in lines
    assert lines[-1] == "1 of 3 test answers pass in 1 rubrics"


def test_rubric_test_json(invoke):
    """`rubric test --format json` gives the counts and each test's verdict."""
    result = invoke("rubric", "test", "--format", "json", *BASE, FAILING)
    data = json.loads(result.stdout)
    assert (data["tests"], data["failed"]) == (3, 2)
    assert [t["passed"] for t in data["rubrics"][0]["tests"]] == [True, False, False]


def test_validate_reports_a_failing_test_answer_as_an_error_at_its_line(invoke):
    """`validate` lists a failing test answer, and an unknown point it names, as errors (exit 1)."""
    result = invoke("validate", *BASE, FAILING)
    assert result.exit_code == 1
    found = [line.split("rubric-checks/rubrics/")[-1] for line in result.stdout.splitlines()[:-1]]
    assert found == [
        "tests-one-fails.yaml:22:17: rubrics[0].tests[1].answer: test answer fails: "
        "earns 1, expected 0; missed timescale; wrongly credited apologise",
        "tests-one-fails.yaml:28:30: rubrics[0].tests[2].credits[1]: unknown marking point 'refunded'",
    ]


def test_bundled_rubric_tests_pass(invoke):
    """The test answers shipped in the bundled rubrics all pass."""
    result = invoke("rubric", "test")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[-1] == "6 of 6 test answers pass in 3 rubrics"
