"""Named answer scenarios for the marking engine, one YAML file each under tests/data/answers/.

Each scenario names a question from tests/data/marking/escalation.yaml, gives the candidate's
answer and states what a careful examiner expects: the mark, the points credited, the exact
candidate words behind key points (checked through the evidence offsets), and the review reasons.
A scenario the engine gets wrong carries ``xfail: <why>``: the expectation stays as it should be.
One that needs an optional package names it in ``requires`` and is skipped without it.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

import pytest
import yaml

from csassess.marking import AnswerMark, Marker
from csassess.models import ExtendedResponse, Rubric, ShortAnswer

DATA = Path(__file__).parents[1] / "data"
FIXTURES = DATA / "marking" / "escalation.yaml"
ANSWERS = DATA / "answers"

REQUIRED = {"story", "question", "answer", "mark", "credited"}
OPTIONAL = {
    "evidence",
    "negated",
    "unexplained",
    "review",
    "review_includes",
    "review_excludes",
    "needs_review",
    "level",
    "misconceptions",
    "terminology",
    "term_evidence",
    "xfail",
    "requires",
}


def load_fixtures() -> tuple[dict[str, tuple[Any, Rubric]], dict[str, list[str]]]:
    """The fixture questions and rubrics, built into models, and the shared synonyms."""
    data = yaml.safe_load(FIXTURES.read_text(encoding="utf-8"))
    built = {}
    for name, entry in data["fixtures"].items():
        kind = entry["question"]["kind"]
        model = ExtendedResponse if kind == "extended_response" else ShortAnswer
        built[name] = (model.model_validate(entry["question"]), Rubric.model_validate(entry["rubric"]))
    return built, data["synonyms"]


FIXTURE_QUESTIONS, SYNONYMS = load_fixtures()
SCENARIO_FILES = sorted(ANSWERS.rglob("*.yaml"))
MARKER = Marker()


def load(path: Path) -> dict[str, Any]:
    """One scenario file as a mapping."""
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def _params() -> list[Any]:
    params = []
    for path in SCENARIO_FILES:
        scenario = load(path)
        marks = []
        if scenario.get("xfail"):
            marks.append(pytest.mark.xfail(strict=True, reason=scenario["xfail"]))
        params.append(pytest.param(path, id=path.stem, marks=marks))
    return params


def mark_scenario(scenario: dict[str, Any]) -> AnswerMark:
    """Mark a scenario's answer against its fixture question."""
    question, rubric = FIXTURE_QUESTIONS[scenario["question"]]
    return MARKER.mark(question, scenario["answer"], rubric, SYNONYMS)


def _expected_evidence(items: list[Any]) -> list[dict[str, Any]]:
    return [item if isinstance(item, dict) else {"text": item} for item in items]


def _check_evidence(answer: str, found: tuple[Any, ...], expected: list[Any], what: str) -> None:
    for e in found:
        assert 0 <= e.start < e.end <= len(answer), f"{what}: offsets {e.start}..{e.end} outside the answer"
        assert answer[e.start : e.end] == e.text, f"{what}: evidence text is not the answer at its offsets"
    sliced = [(answer[e.start : e.end], e) for e in found]
    for want in _expected_evidence(expected):
        matching = [e for text, e in sliced if text == want["text"]]
        assert matching, f"{what}: expected evidence {want['text']!r}, found {[t for t, _ in sliced]}"
        for flag in ("fuzzy", "hedged"):
            if flag in want:
                assert any(getattr(e, flag) == want[flag] for e in matching), (
                    f"{what}: evidence {want['text']!r} should have {flag}={want[flag]}"
                )


def test_scenario_files_are_well_formed():
    """Every scenario file has the required keys, no unknown ones, and a known question."""
    assert len(SCENARIO_FILES) >= 40
    stems = Counter(path.stem for path in SCENARIO_FILES)
    assert [s for s, n in stems.items() if n > 1] == []
    for path in SCENARIO_FILES:
        scenario = load(path)
        assert scenario.keys() >= REQUIRED, path
        assert scenario.keys() <= REQUIRED | OPTIONAL, (path, scenario.keys() - REQUIRED - OPTIONAL)
        assert scenario["question"] in FIXTURE_QUESTIONS, path
        question, rubric = FIXTURE_QUESTIONS[scenario["question"]]
        assert 0 <= scenario["mark"] <= question.marks, path
        ids = {mp.id for mp in rubric.marking_points}
        assert set(scenario["credited"]) <= ids, path


def test_every_semantics_has_scenarios():
    """Each marking semantics the engine promises has its own folder of scenarios."""
    folders = {path.parent.name for path in SCENARIO_FILES}
    assert {
        "normalisation",
        "spelling",
        "inflection",
        "multiword",
        "paraphrase",
        "fuzzy",
        "negation",
        "hedge",
        "rules",
        "levels",
        "padding",
        "misconceptions",
        "terminology",
        "length",
        "function-words",
        "gaps",
        "negation-scope",
        "morphology",
        "artefacts",
        "one-stretch",
        "bare-list",
    } <= folders


@pytest.mark.parametrize("path", _params())
def test_scenario(path: Path):
    """The engine gives the scenario's expected mark, credited points, evidence and review reasons."""
    scenario = load(path)
    if "requires" in scenario:
        pytest.importorskip(scenario["requires"])
    answer = scenario["answer"]
    result = mark_scenario(scenario)

    assert isinstance(result, AnswerMark)
    assert 0 <= result.mark <= result.max_mark
    points = {p.id: p for p in result.points}
    credited = sorted(p.id for p in result.points if p.credited)
    assert credited == sorted(scenario["credited"]), "credited points"
    assert result.mark == scenario["mark"], "mark"

    for point_id, expected in (scenario.get("evidence") or {}).items():
        assert points[point_id].credited, f"{point_id} has expected evidence but is not credited"
        _check_evidence(answer, points[point_id].evidence, expected, f"evidence of {point_id}")
    if "negated" in scenario:
        negated = {p.id for p in result.points if p.negated}
        assert negated == set(scenario["negated"]), "points with negated evidence"
        for point_id, expected in scenario["negated"].items():
            _check_evidence(answer, points[point_id].negated, expected, f"negated evidence of {point_id}")
    if "unexplained" in scenario:
        unexplained = sorted(p.id for p in result.points if p.unexplained)
        assert unexplained == sorted(scenario["unexplained"]), "points found but not explained"

    codes = [r.code for r in result.review_reasons]
    if "review" in scenario:
        assert sorted(codes) == sorted(scenario["review"]), "review reasons"
    for code in scenario.get("review_includes", []):
        assert code in codes, f"review reason {code} missing from {codes}"
    for code in scenario.get("review_excludes", []):
        assert code not in codes, f"review reason {code} should not be in {codes}"
    if "needs_review" in scenario:
        assert result.needs_review is scenario["needs_review"], "needs_review"

    if "level" in scenario:
        assert result.level == scenario["level"], "level"
    if "misconceptions" in scenario:
        assert sorted(h.id for h in result.misconceptions) == sorted(scenario["misconceptions"])
        for hit in result.misconceptions:
            for e in hit.evidence:
                assert answer[e.start : e.end] == e.text
    if "terminology" in scenario:
        assert {t.term: t.status for t in result.terminology} == scenario["terminology"], "terminology"
    for term, expected in (scenario.get("term_evidence") or {}).items():
        found = next(t for t in result.terminology if t.term == term)
        _check_evidence(answer, found.evidence, expected, f"terminology evidence of {term}")


def test_review_is_a_result_not_an_exception():
    """Answers that need a human come back as an AnswerMark with needs_review set, never raised."""
    question, rubric = FIXTURE_QUESTIONS["complaint"]
    for answer in [
        "Ich würde mich beim Kunden entschuldigen und ihm zuhören, bevor ich handle.",
        "I would apologise and promise a full refund.",
    ]:
        result = MARKER.mark(question, answer, rubric, SYNONYMS)
        assert isinstance(result, AnswerMark)
        assert result.needs_review is True
        assert result.review_reasons
        assert result.confidence < 1.0


def test_missed_points_get_their_feedback():
    """A point that is not credited contributes its feedback; a credited one does not."""
    question, rubric = FIXTURE_QUESTIONS["escalation"]
    result = MARKER.mark(question, "I would escalate it to my team leader.", rubric, SYNONYMS)
    assert "Say who you would pass the request to, such as your team leader." not in result.feedback
    assert "Say what information you would pass on." in result.feedback
    assert "Say how you would keep the customer informed." in result.feedback


def test_list_answer_is_marked_as_joined_text():
    """A free-text answer given as a list of lines is marked like the lines joined."""
    question, rubric = FIXTURE_QUESTIONS["escalation"]
    lines = ["I would escalate it.", "I would call back tomorrow."]
    as_list = MARKER.mark(question, lines, rubric, SYNONYMS)
    assert as_list.mark == 2
    assert as_list.mark == MARKER.mark(question, " ".join(lines), rubric, SYNONYMS).mark


def test_free_text_without_rubric_is_an_error():
    """Marking a free-text question with no rubric raises MarkingError rather than guessing a mark."""
    from csassess.marking.marker import MarkingError

    question, _ = FIXTURE_QUESTIONS["escalation"]
    with pytest.raises(MarkingError):
        MARKER.mark(question, "I would escalate it.", None, SYNONYMS)
