"""An answer that says exactly an evidence phrase earns it, for every phrase of every bundled
rubric and of the fixture rubrics (tests/data/marking/escalation.yaml), checked with hypothesis.

The only phrases excluded are those the engine has nothing to match in (all function words):
the rubric warnings report exactly those, so the exclusion list is checked against them.
"""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_marking_properties import QUESTIONS, SYNONYMS

from csassess.content.bundled import bundled_paths
from csassess.content.contentset import load_content
from csassess.content.probe import PhraseProbe, compiled_slots
from csassess.content.rubric_lint import check_rubric_warnings, phrase_weakness
from csassess.marking.lexicon import function_word_forms
from csassess.marking.text import tokenise
from csassess.models.rubric import RubricFile

NOTHING_TO_MATCH = "only function words"


def _cases() -> list[tuple[Any, str, dict[str, list[str]], int]]:
    """(question, phrase, synonyms, max gap) of every evidence phrase, bundled and fixture."""
    content = load_content(bundled_paths())
    cases = []
    for loaded in content.of_kind(RubricFile):
        for rubric in loaded.model.rubrics:
            question = content.question(rubric.item)
            for point in rubric.marking_points:
                cases += [(question, e, loaded.model.synonyms, rubric.max_gap) for e in point.evidence]
    for question, rubric in QUESTIONS.values():
        for point in rubric.marking_points:
            cases += [(question, e, SYNONYMS, rubric.max_gap) for e in point.evidence]
    return cases


CASES = _cases()
EXCLUDED = sorted(
    {phrase for _, phrase, _, _ in CASES if (phrase_weakness(phrase) or "").startswith(NOTHING_TO_MATCH)}
)
CHECKED = [case for case in CASES if case[1] not in EXCLUDED]
_PROBES: dict[tuple[str, str], PhraseProbe] = {}


def _finds(question: Any, phrase: str, synonyms: dict[str, list[str]], max_gap: int, answer: str) -> bool:
    """Whether the engine credits a one-point rubric of just this phrase in the answer."""
    key = (question.id, phrase)
    if key not in _PROBES:
        _PROBES[key] = PhraseProbe(question, [phrase], synonyms, max_gap=max_gap)
    return bool(_PROBES[key].found(answer))


def test_every_phrase_said_verbatim_is_found():
    """Each evidence phrase (exclusions aside), as the whole answer, earns its point."""
    missed = [
        phrase
        for question, phrase, synonyms, gap in CHECKED
        if not _finds(question, phrase, synonyms, gap, phrase)
    ]
    assert len(CHECKED) > 3000
    assert missed == []


def test_exclusions_are_exactly_what_the_rubric_warnings_report():
    """The bundled phrases left out are, one for one, those the rubric warnings call all function words."""
    content = load_content(bundled_paths())
    warned = [f for f in check_rubric_warnings(content) if NOTHING_TO_MATCH in f.message]
    left_out = [
        e
        for loaded in content.of_kind(RubricFile)
        for rubric in loaded.model.rubrics
        for point in rubric.marking_points
        for e in point.evidence
        if e in EXCLUDED
    ]
    assert len(warned) == len(left_out)
    assert all(compiled_slots(p) == 0 for p in EXCLUDED)
    # and the rule that excludes is the warnings' own: it spares phrases with a content word
    assert [p for p in ("to the", "what the", "yes or no") if phrase_weakness(p)] == ["to the", "what the"]


def _variant(draw: st.DrawFn, phrase: str) -> str:
    """The phrase in any letter case per word, each auxiliary perhaps in another form."""
    words = []
    for word in phrase.split():
        forms = sorted(function_word_forms(word.lower()))
        if len(forms) > 1 and not tokenise(word).stems:  # an auxiliary, not a verb ("done")
            word = draw(st.sampled_from(forms))
        case = draw(st.sampled_from([str.lower, str.upper, str.title, str]))
        words.append(case(word))
    return " ".join(words)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_phrase_in_any_case_and_tense_is_found(data):
    """A phrase said with its words in any case, or its auxiliaries in another form, still earns it."""
    question, phrase, synonyms, gap = data.draw(st.sampled_from(CHECKED))
    answer = _variant(data.draw, phrase)
    assert _finds(question, phrase, synonyms, gap, answer), answer


@pytest.mark.parametrize(
    ("phrase", "answer"),
    [
        ("what was already tried", "I checked what was already tried."),
        ("what was already tried", "I checked what has been already tried."),
        ("yes or no", "Ask a question they answer with yes or no."),
        ("not a yes or no", "It is not a yes or no question."),
        ("buy or use", "How will they buy or use it?"),
    ],
)
def test_named_phrases_found_in_a_sentence(phrase, answer):
    """The phrases the new gap rule used to miss are found inside an ordinary sentence."""
    question = next(iter(QUESTIONS.values()))[0]
    assert _finds(question, phrase, SYNONYMS, 3, answer)


@pytest.mark.parametrize(
    ("phrase", "answer"),
    [
        ("what was already tried", "what the engineer phoned already tried"),
        ("yes or no", "yes, but no"),
        ("buy or use", "buy it. Use it"),
    ],
)
def test_foreign_words_in_the_phrase_still_break_it(phrase, answer):
    """A verb, a clause break or a sentence end the phrase does not have still stops a match."""
    question = next(iter(QUESTIONS.values()))[0]
    assert not _finds(question, phrase, SYNONYMS, 3, answer)
