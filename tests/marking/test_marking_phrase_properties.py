"""Properties of phrase matching and bare lists that hold for any answer, checked with hypothesis.

A phrase keeps its function words: inserting one into an answer can complete a phrase that
keeps that very word ("to the team leader"), never credit anything else. A bare list names
items with no sentence around them: it never earns a point that asks for an explanation.
The rubrics are the fixtures of tests/data/marking/escalation.yaml.
"""

from __future__ import annotations

from typing import Any

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from test_marking_properties import QUESTIONS, SYNONYMS  # the same fixture rubrics

from csassess.marking import Marker
from csassess.marking.compile import compile_phrase
from csassess.marking.lexicon import COMPLEMENTISERS, KEPT_IN_PHRASES, SKIPPABLE
from csassess.marking.text import is_bare_list, tokenise
from csassess.models import Rubric

MARKER = Marker()
# Where more words can only add evidence: no point needs explaining (a longer sentence could
# explain it) and no misconception takes credit away (stripped from copies).
PLAIN = {
    name: (question, rubric.model_copy(update={"misconceptions": []}))
    for name, (question, rubric) in QUESTIONS.items()
    if not rubric.levels and not any(mp.needs_explanation for mp in rubric.marking_points)
}
EXPLAINING = sorted(
    name
    for name, (_, rubric) in QUESTIONS.items()
    if any(mp.needs_explanation for mp in rubric.marking_points)
)
PHRASES = sorted({e for _, rubric in QUESTIONS.values() for mp in rubric.marking_points for e in mp.evidence})
# function words that neither open a clause of their own (which ends a negation's reach)
# nor negate: what fault 1 is about
INSERTED = sorted((SKIPPABLE | KEPT_IN_PHRASES) - COMPLEMENTISERS)
NEUTRAL = ["weather", "table", "Tuesday", "garden", "blue", "window", "the", "my", "customer", "team"]


def _kept(rubric: Rubric, point_id: str) -> set[str]:
    """Every function word one of the point's phrases keeps."""
    point = next(mp for mp in rubric.marking_points if mp.id == point_id)
    return {word for text in point.evidence for group in compile_phrase(text, {}).kept for word in group}


def _credited(name: str, answer: str, table: dict[str, tuple[Any, Rubric]]) -> set[str]:
    question, rubric = table[name]
    return {p.id for p in MARKER.mark(question, answer, rubric, SYNONYMS).points if p.credited}


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    name=st.sampled_from(sorted(PLAIN)),
    parts=st.lists(st.one_of(st.sampled_from(PHRASES), st.sampled_from(NEUTRAL)), min_size=1, max_size=10),
    word=st.sampled_from(INSERTED),
    where=st.integers(min_value=0),
)
def test_a_function_word_only_credits_a_phrase_that_keeps_it(name, parts, word, where):
    """Inserting a function word credits no point unless one of its phrases keeps that word."""
    words = " ".join(parts).split()
    at = where % (len(words) + 1)
    before = _credited(name, " ".join(words), PLAIN)
    after = _credited(name, " ".join([*words[:at], word, *words[at:]]), PLAIN)
    rubric = PLAIN[name][1]
    for point_id in after - before:
        assert word in _kept(rubric, point_id), (point_id, word)


ITEMS = [*PHRASES, "voucher", "manager", "refund", "replacement", "follow up", "sorry", "policy"]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    name=st.sampled_from(EXPLAINING),
    items=st.lists(st.sampled_from(ITEMS), min_size=3, max_size=8),
    separator=st.sampled_from([", ", ",", "\n", "; ", " / ", "\n- "]),
)
def test_a_bare_list_never_earns_an_explain_mark(name, items, separator):
    """A bare list credits no point that needs explaining, and whatever it earns goes to review."""
    answer = separator.join(items)
    assume(is_bare_list(tokenise(answer)))
    question, rubric = QUESTIONS[name]
    result = MARKER.mark(question, answer, rubric, SYNONYMS)
    explaining = {mp.id for mp in rubric.marking_points if mp.needs_explanation}
    assert not [p.id for p in result.points if p.credited and p.id in explaining]
    if any(p.evidence for p in result.points):
        assert "bare_list" in [r.code for r in result.review_reasons]
        assert result.needs_review
        assert result.confidence < 1.0
