"""Properties of free-text marking that hold for any answer, checked with hypothesis.

The rubrics are the fixtures of tests/data/marking/escalation.yaml. Answers are either arbitrary
Unicode text or text assembled from rubric phrases, negators, hedges, contractions, odd
punctuation and Unicode look-alikes, so that evidence is actually found and offsets exercised.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from csassess.marking import AnswerMark, Marker
from csassess.models import ExtendedResponse, Rubric, ShortAnswer

FIXTURES = Path(__file__).parents[1] / "data" / "marking" / "escalation.yaml"


def _load() -> tuple[dict[str, tuple[Any, Rubric]], dict[str, list[str]]]:
    data = yaml.safe_load(FIXTURES.read_text(encoding="utf-8"))
    built = {}
    for name, entry in data["fixtures"].items():
        model = ExtendedResponse if entry["question"]["kind"] == "extended_response" else ShortAnswer
        built[name] = (model.model_validate(entry["question"]), Rubric.model_validate(entry["rubric"]))
    return built, data["synonyms"]


QUESTIONS, SYNONYMS = _load()
NAMES = sorted(QUESTIONS)
MARKER = Marker()

# Rubrics where more words can only add evidence: no point needs explaining (padding) and
# no misconception can take marks away. Misconceptions are stripped from copies.
MONOTONE = {
    name: (question, rubric.model_copy(update={"misconceptions": []}))
    for name, (question, rubric) in QUESTIONS.items()
    if not any(mp.needs_explanation for mp in rubric.marking_points)
}
NEUTRAL = ["weather", "table", "Tuesday", "garden", "blue", "window", "pencil", "river", "seven", "lamp"]

FULLWIDTH = {chr(c): chr(c + 0xFEE0) for c in range(ord("a"), ord("z") + 1)}


def _phrases() -> list[str]:
    found: list[str] = []
    for _, rubric in QUESTIONS.values():
        for mp in rubric.marking_points:
            found += mp.evidence
        for term in rubric.terminology:
            found += term.evidence + term.misuse
        for m in rubric.misconceptions:
            found += m.patterns
    for key, alternatives in SYNONYMS.items():
        found += [key, *alternatives]
    return sorted(set(found))


PHRASES = _phrases()
_WORDS = (
    "I would not never without maybe might but and so because is don't can't I'd the my to escalated "
    "escelate apologize behavior organization's customers intrenal external"
)
FUNCTION = [*_WORDS.split(), "wouldn\u2019t"]
# Odd punctuation and Unicode: em/en dashes, curly quotes, NBSP, a ligature, a dotted capital I.
PUNCT = [".", ",", ";", ":", "!", "?", "\u2014", "\u2013", "\u201c", "\u201d", "\u2019", "\n", "\u2022"]
PUNCT += ["(", ")", "\u00a0", "\ufb00", "\u0130"]


def _variant(phrase: str, how: int) -> str:
    if how == 1:
        return phrase.upper()
    if how == 2:
        return "".join(FULLWIDTH.get(c, c) for c in phrase)
    if how == 3:
        return phrase.capitalize()
    return phrase


fragment = st.one_of(
    st.builds(_variant, st.sampled_from(PHRASES), st.integers(0, 3)),
    st.sampled_from(FUNCTION),
    st.sampled_from(PUNCT),
    st.text(max_size=6),
)
separator = st.sampled_from([" ", " ", " ", "", ", ", ". ", "\n", "  "])


@st.composite
def assembled(draw: st.DrawFn) -> str:
    """Text built from rubric phrases and tricky pieces, joined by assorted separators."""
    parts = draw(st.lists(fragment, max_size=25))
    out = ""
    for part in parts:
        out += draw(separator) + part
    return out


answers = st.one_of(st.text(max_size=300), assembled())


def mark(name: str, answer: str, marker: Marker = MARKER, table: dict[str, Any] = QUESTIONS) -> AnswerMark:
    """Mark an answer to one fixture question."""
    question, rubric = table[name]
    return marker.mark(question, answer, rubric, SYNONYMS)


def _all_evidence(result: AnswerMark) -> list[Any]:
    found = []
    for p in result.points:
        found += [*p.evidence, *p.negated]
    for hit in result.misconceptions:
        found += hit.evidence
    for term in result.terminology:
        found += term.evidence
    return found


@settings(max_examples=300, deadline=None)
@given(name=st.sampled_from(NAMES), answer=answers)
def test_mark_is_within_zero_and_max(name, answer):
    """Whatever the text, the mark is a whole number from 0 to the question's marks."""
    result = mark(name, answer)
    assert isinstance(result.mark, int)
    assert 0 <= result.mark <= result.max_mark == QUESTIONS[name][0].marks
    assert 0.0 <= result.confidence <= 1.0


@settings(max_examples=200, deadline=None)
@given(name=st.sampled_from(NAMES), answer=answers)
def test_marking_is_deterministic(name, answer):
    """The same answer marked twice, by the same or a fresh Marker, gives an identical result."""
    first = mark(name, answer).as_dict()
    again = mark(name, answer).as_dict()
    fresh = mark(name, answer, Marker()).as_dict()
    assert first == again == fresh


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    name=st.sampled_from(sorted(MONOTONE)),
    answer=answers,
    extra=st.lists(st.sampled_from(NEUTRAL), min_size=1, max_size=8),
)
def test_appending_neutral_words_never_lowers_the_mark(name, answer, extra):
    """Adding unrelated words after an answer never lowers its mark (no padding or misconception rules)."""
    marker = Marker()
    before = mark(name, answer, marker, MONOTONE).mark
    after = mark(name, answer + " " + " ".join(extra), marker, MONOTONE).mark
    assert after >= before


@settings(max_examples=300, deadline=None)
@given(name=st.sampled_from(NAMES), answer=answers)
def test_evidence_offsets_point_at_the_candidates_words(name, answer):
    """Every evidence span lies inside the answer and answer[start:end] is its text."""
    result = mark(name, answer)
    for evidence in _all_evidence(result):
        assert 0 <= evidence.start < evidence.end <= len(answer)
        assert answer[evidence.start : evidence.end] == evidence.text


@settings(max_examples=100, deadline=None)
@given(name=st.sampled_from(NAMES), answer=answers)
def test_credited_points_have_evidence(name, answer):
    """A credited point always has evidence, and an answer with no doubts is confident and not for review."""
    result = mark(name, answer)
    for point in result.points:
        if point.credited:
            assert point.evidence
    if not result.review_reasons:
        assert result.needs_review is False
        assert result.confidence == 1.0


ascii_fragment = st.one_of(
    st.sampled_from(PHRASES),
    st.sampled_from([w for w in FUNCTION if w.isascii()]),
    st.sampled_from([".", ",", ";", "\n", "(", ")"]),
    st.text(alphabet=st.characters(max_codepoint=127), max_size=6),
)


@st.composite
def ascii_answers(draw: st.DrawFn) -> str:
    """ASCII text built from rubric phrases and function words."""
    out = ""
    for part in draw(st.lists(ascii_fragment, max_size=25)):
        out += draw(st.sampled_from([" ", "", ", ", ". "])) + part
    return out


def _judgement(result: AnswerMark) -> tuple[Any, ...]:
    """Everything about a mark except the evidence's own characters."""
    return (
        result.mark,
        [(p.id, p.credited, p.unexplained) for p in result.points],
        sorted(r.code for r in result.review_reasons),
        result.level,
        [h.id for h in result.misconceptions],
        [(t.term, t.status) for t in result.terminology],
    )


def _fullwidth(text: str) -> str:
    return "".join(FULLWIDTH.get(c, c) for c in text)


@settings(max_examples=150, deadline=None)
@given(
    name=st.sampled_from(NAMES),
    answer=ascii_answers(),
    disguise=st.sampled_from(
        [str.upper, str.title, lambda s: s.replace("'", "\u2019"), lambda s: _fullwidth(s.lower())]
    ),
)
def test_case_quotes_and_fullwidth_do_not_change_the_judgement(name, answer, disguise):
    """Changing case, apostrophe style or letter width leaves mark, points and reasons unchanged
    (for answers with no camelCase join: "mouthIactive" is split as typed, "MOUTHIACTIVE" cannot be)."""
    assume(not re.search(r"[a-z][A-Z]", answer))
    assert _judgement(mark(name, answer)) == _judgement(mark(name, disguise(answer)))
