"""Rubric warnings: evidence the engine will read other than the author meant.

Not errors (the rubric loads and marks), but each is a way a rubric credits answers its
author never meant to credit, or credits nothing: evidence that is only function words or
one very common word, a phrase that reduces to one word, one phrase under two points, a
point every answer that quotes the question earns, and negative evidence on a point that
negation cancels. `validate` prints them; `validate --strict` fails on them.
"""

from __future__ import annotations

import gzip
import json
import re
from collections.abc import Iterator
from dataclasses import replace
from functools import cache
from importlib import resources

from csassess.content.contentset import ContentSet, Located
from csassess.content.probe import PhraseProbe, compiled_slots, says_no
from csassess.findings import Finding
from csassess.marking.lexicon import NEGATORS, STOPWORDS, stem
from csassess.models import RubricFile, Scenario
from csassess.models.rubric import Rubric

COMMON_WORDS = 80
"""A one-word phrase among this many most frequent English words matches almost any answer."""
_WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")


def warning(where: Located, sub: tuple[str | int, ...], message: str) -> Finding:
    """A warning finding at `sub` below `where`."""
    return replace(where.finding(sub, message), severity="warning")


@cache
def common_words() -> frozenset[str]:
    """The most frequent English words that are not function words (pyspellchecker's list)."""
    data = resources.files("spellchecker") / "resources" / "en.json.gz"
    with data.open("rb") as raw, gzip.open(raw, "rt", encoding="utf-8") as handle:
        frequency: dict[str, int] = json.load(handle)
    ranked = (w for w in sorted(frequency, key=frequency.__getitem__, reverse=True) if w.isalpha())
    content = (w for w in ranked if w not in STOPWORDS and w not in NEGATORS)
    return frozenset(w for _, w in zip(range(COMMON_WORDS), content, strict=False))


def words_of(phrase: str) -> list[str]:
    """The phrase's words, lower case."""
    return _WORD.findall(phrase.lower())


def phrase_weakness(phrase: str) -> str | None:
    """Why the engine will read this phrase as weaker evidence than it looks, if it will."""
    words = words_of(phrase)
    slots = compiled_slots(phrase)
    if slots == 0 or all(w in STOPWORDS for w in words):
        return "only function words: the engine has nothing to match"
    if len(words) == 1 and words[0] in common_words():
        return f"{words[0]!r} is one very common word: almost any answer contains it"
    if len(words) > 1 and slots == 1:
        kept = [w for w in words if w not in STOPWORDS] or words
        return (
            f"the engine reads this as the single word {kept[0]!r}: "
            "any answer using that word earns it, whatever the other words say"
        )
    return None


def check_rubric_warnings(content: ContentSet) -> Iterator[Finding]:
    """Warnings about evidence phrases, for every rubric of every rubric file."""
    for loaded in content.of_kind(RubricFile):
        for i, rubric in enumerate(loaded.model.rubrics):
            where = Located(rubric, loaded.doc, ("rubrics", i))
            yield from _phrase_warnings(where, rubric)
            question_text = _question_text(content, rubric.item)
            if question_text:
                yield from _quoted_warnings(where, rubric, content, question_text, loaded.model.synonyms)


def _phrase_warnings(where: Located, rubric: Rubric) -> Iterator[Finding]:
    seen: dict[tuple[str, ...], str] = {}
    for pi, point in enumerate(rubric.marking_points):
        for ei, phrase in enumerate(point.evidence):
            path = ("marking_points", pi, "evidence", ei)
            weakness = phrase_weakness(phrase)
            if weakness:
                yield warning(where, path, weakness)
            key = tuple(stem(w) for w in words_of(phrase))
            first = seen.setdefault(key, point.id)
            if first != point.id:
                yield warning(
                    where, path, f"{phrase!r} is also evidence of {first!r}: one answer earns both points"
                )
        negative = [p for p in point.evidence if says_no(p)]
        if point.negation_cancels and negative:
            shown = ", ".join(repr(p) for p in negative)
            yield warning(
                where,
                ("marking_points", pi, "negation_cancels"),
                f"{point.id!r} is cancelled by negation but its evidence {shown} is itself negative, "
                "which negation cannot cancel (a denial of it still earns the point): "
                "word it positively, or set negation_cancels: false",
            )


def _question_text(content: ContentSet, question_id: str) -> str:
    """The stem a candidate reads for this question, with its scenario's setting if any."""
    found = content.questions.get(question_id)
    if found is None:
        return ""
    parts = [found.model.stem]
    parent = content.items.get(content.parent_of.get(question_id, ""))
    if parent is not None and isinstance(parent.model, Scenario):
        setting = parent.model.setting
        parts = [setting.situation, setting.customer, setting.organisation, *parts]
    return "\n".join(parts)


def _quoted_warnings(
    where: Located, rubric: Rubric, content: ContentSet, text: str, synonyms: dict[str, list[str]]
) -> Iterator[Finding]:
    question = content.question(rubric.item)
    phrases = [p for mp in rubric.marking_points for p in mp.evidence]
    probe = PhraseProbe(question, phrases, synonyms, max_gap=rubric.max_gap)
    quoted = probe.found(text)
    for pi, point in enumerate(rubric.marking_points):
        for ei, phrase in enumerate(point.evidence):
            if phrase_weakness(phrase) is None and not probe.found(phrase, [phrase]):
                yield warning(
                    where,
                    ("marking_points", pi, "evidence", ei),
                    f"the engine does not find {phrase!r} even in an answer that says just that: "
                    "as written it never earns the point",
                )
    for pi, point in enumerate(rubric.marking_points):
        if quoted.issuperset(point.evidence):
            shown = ", ".join(repr(p) for p in point.evidence)
            yield warning(
                where,
                ("marking_points", pi, "evidence"),
                f"every phrase of {point.id!r} is in the question ({shown}): "
                "an answer that only quotes the question earns it",
            )
