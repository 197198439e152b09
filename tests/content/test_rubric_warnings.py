"""Rubric warnings: one scenario rubric per warning, each validated with a one-item bank."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from csassess.content.checks import check_content
from csassess.content.contentset import load_content
from csassess.content.probe import compiled_slots

CASES = Path(__file__).parents[1] / "data" / "rubric-checks"
BASE = [CASES / "specification.yaml", CASES / "bank.yaml"]


def _findings(name: str):
    return check_content(load_content([*BASE, CASES / "rubrics" / f"{name}.yaml"], strict=False))


def test_clean_rubric_has_no_findings():
    """A rubric whose phrases all say what they mean gives no warning and no error."""
    assert _findings("clean") == []


@pytest.mark.parametrize(
    ("name", "field", "message"),
    [
        (
            "warn-function-words-only",
            "rubrics[0].marking_points[1].evidence[1]",
            "only function words: the engine has nothing to match",
        ),
        (
            "warn-one-common-word",
            "rubrics[0].marking_points[1].evidence[1]",
            "'good' is one very common word: almost any answer contains it",
        ),
        (
            "warn-phrase-under-two-points",
            "rubrics[0].marking_points[1].evidence[1]",
            "'say sorry' is also evidence of 'apologise': one answer earns both points",
        ),
        (
            "warn-point-quoted-from-question",
            "rubrics[0].marking_points[1].evidence",
            "every phrase of 'timescale' is in the question ('late refund', 'customer phones'): "
            "an answer that only quotes the question earns it",
        ),
        (
            "warn-negative-evidence-negation-cancels",
            "rubrics[0].marking_points[1].negation_cancels",
            "'timescale' is cancelled by negation but its evidence 'no delay' is itself negative, "
            "which negation cannot cancel (a denial of it still earns the point): "
            "word it positively, or set negation_cancels: false",
        ),
    ],
)
def test_each_scenario_gives_exactly_its_warning(name, field, message):
    """Each scenario rubric gives one warning, at the offending node, and no error."""
    [finding] = _findings(name)
    assert (finding.severity, finding.field, finding.message) == ("warning", field, message)
    assert finding.path.endswith(f"{name}.yaml")


def test_phrase_read_as_one_word_is_warned_exactly_when_the_engine_reduces_it():
    """'to the manager' is warned about while the engine matches it on one word, and only then."""
    findings = _findings("warn-phrase-read-as-one-word")
    reduced = compiled_slots("to the manager") == 1
    assert [f.message for f in findings] == (
        [
            "the engine reads this as the single word 'manager': "
            "any answer using that word earns it, whatever the other words say"
        ]
        if reduced
        else []
    )
    assert all(f.severity == "warning" for f in findings)


def test_warnings_print_with_severity_and_exit_0(invoke):
    """`validate` prints a warning as file:line:col: field: warning: message and still exits 0."""
    result = invoke("validate", *BASE, CASES / "rubrics" / "warn-one-common-word.yaml")
    assert result.exit_code == 0, result.output
    [line, summary] = result.stdout.splitlines()
    assert line.endswith(
        "warn-one-common-word.yaml:14:40: rubrics[0].marking_points[1].evidence[1]: "
        "warning: 'good' is one very common word: almost any answer contains it"
    )
    assert summary == "OK: 3 files, 1 items, 1 questions, 1 rubrics, 1 warning"


def test_strict_fails_on_warnings(invoke):
    """`validate --strict` counts warnings as problems and exits 1."""
    result = invoke("validate", "--strict", *BASE, CASES / "rubrics" / "warn-one-common-word.yaml")
    assert result.exit_code == 1
    assert result.stdout.splitlines()[-1] == "1 problem in 1 of 3 files"


def test_strict_passes_a_clean_rubric(invoke):
    """`validate --strict` on a rubric without warnings exits 0."""
    result = invoke("validate", "--strict", *BASE, CASES / "rubrics" / "clean.yaml")
    assert result.exit_code == 0, result.output


def test_json_lists_warnings_with_severity(invoke):
    """`validate --format json` keeps ok true with warnings only and marks each one's severity."""
    result = invoke(
        "validate", "--format", "json", *BASE, CASES / "rubrics" / "warn-function-words-only.yaml"
    )
    data = json.loads(result.stdout)
    assert data["ok"] is True
    assert [f["severity"] for f in data["findings"]] == ["warning"]


def test_bundled_content_has_no_errors_with_its_warnings(invoke):
    """The bundled content validates (exit 0) with its warnings, its test answers all passing."""
    result = invoke("validate")
    assert result.exit_code == 0, result.output
    assert "error" not in result.stdout.lower().replace("errors", "")
    assert result.stdout.splitlines()[-1].startswith("OK: 9 files")
