"""Tolerating spelling slips: unknown words close to exactly one rubric word take its stem.

Only words that are neither rubric words nor known English words are candidates, so a
correctly spelt "external" is never read as the rubric's "internal". Tolerance grows with
word length and is zero for short words; a slip equally close to two rubric words is left
alone rather than guessed.
"""

from __future__ import annotations

from rapidfuzz import process
from rapidfuzz.distance import OSA

from csassess.marking.compile import CompiledRubric
from csassess.marking.lexicon import british, english_words
from csassess.marking.text import Tokens

MIN_LENGTH = 5
LONG_WORD = 8


def tolerance(word: str) -> int:
    """Edits allowed for a word of this length: none under 5 letters, 1, then 2 from 8."""
    if len(word) < MIN_LENGTH:
        return 0
    return 1 if len(word) < LONG_WORD else 2


def closest(word: str, word_stem: str, vocabulary: frozenset[str]) -> str | None:
    """The one rubric stem this unknown word is a slip of, if there is exactly one."""
    allowed = tolerance(word)
    if not allowed or len(word_stem) < MIN_LENGTH - 1:
        return None
    known = english_words()
    if word in known or british(word) in known or not word.isalpha():
        return None
    hits = process.extract(word_stem, vocabulary, scorer=OSA.distance, score_cutoff=allowed, limit=2)
    if not hits:
        return None
    best = hits[0]
    if len(hits) > 1 and hits[1][1] == best[1]:
        return None  # ambiguous between two rubric words: never guess
    return str(best[0])


def corrections(tokens: Tokens, compiled: CompiledRubric) -> dict[int, str]:
    """Content positions whose word is a slip of a rubric word, and the stem to read there."""
    vocabulary, cache = compiled.vocabulary, compiled.fuzzy_cache
    out: dict[int, str] = {}
    for position, word_stem in enumerate(tokens.stems):
        if word_stem in vocabulary:
            continue
        word = tokens.pieces[tokens.content[position]].word or ""
        if word in cache:
            target = cache[word]
        else:
            target = cache[word] = closest(word, word_stem, vocabulary)
        if target is not None:
            out[position] = target
    return out
