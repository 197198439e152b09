"""Synthetic candidate answers for the benchmarks: a rubric's evidence phrases among ordinary prose.

Each answer names one or more of a rubric's marking points in words taken from its evidence
phrases (a fifth of them misspelt, a tenth negated), with filler between, so the marker has
real work to do: stemming, fuzzy matching, negation scope. Every answer is different.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from csassess.models.rubric import Rubric

FILLER = (
    "the customer was waiting at the counter for a while and the store was busy that afternoon "
    "so I would stay calm listen carefully and make sure I understood what she needed before "
    "doing anything else in my role it is important to be polite and professional because "
    "first impressions count and people remember how they were treated by staff on the day"
).split()
SLIPS = {"a": "e", "e": "a", "i": "e", "o": "u"}


@dataclass(frozen=True)
class AnswerShape:
    """How long an answer is and how much of the rubric it touches."""

    words: int
    max_points: int | None = None
    """At most this many marking points named (None: any number, up to all of them)."""
    lead: int = 8
    """Filler words before each evidence phrase."""
    pad: int = 10
    """Filler words per sentence added to reach `words`."""


def misspell(word: str, rng: random.Random) -> str:
    """One vowel swapped, as a hurried candidate might."""
    spots = [i for i, c in enumerate(word) if c in SLIPS and 1 < i < len(word) - 1]
    if len(word) < 6 or not spots:
        return word
    i = rng.choice(spots)
    return word[:i] + SLIPS[word[i]] + word[i + 1 :]


def synthetic_answer(rubric: Rubric, rng: random.Random, shape: AnswerShape) -> str:
    """About `shape.words` words: some evidence phrases, some slips and negations, filler between."""
    out: list[str] = []
    most = len(rubric.marking_points) if shape.max_points is None else shape.max_points
    points = rng.sample(rubric.marking_points, k=rng.randint(1, min(most, len(rubric.marking_points))))
    for mp in points:
        phrase = rng.choice(mp.evidence).split()
        if rng.random() < 0.2:
            phrase = [misspell(w, rng) for w in phrase]
        if rng.random() < 0.1:
            phrase = ["I", "would", "not", *phrase]
        out += [*rng.sample(FILLER, shape.lead), *phrase, "because", *rng.sample(FILLER, 4)]
        out[-1] += "."
    while len(out) < shape.words:
        out += rng.sample(FILLER, shape.pad)
        out[-1] += "."
    return " ".join(out[: shape.words])
