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


def _unique_best(query: str, choices: dict[str, str], allowed: int) -> str | None:
    """The stem of the one closest choice within `allowed` edits; None if none or a tie."""
    hits = process.extract(query, list(choices), scorer=OSA.distance, score_cutoff=allowed, limit=4)
    if not hits:
        return None
    best = hits[0][1]
    targets = {choices[word] for word, distance, _ in hits if distance == best}
    return targets.pop() if len(targets) == 1 else None  # a tie between words: never guess


def closest(word: str, word_stem: str, compiled: CompiledRubric) -> str | None:
    """The one rubric stem this unknown word is a slip of, if there is exactly one.

    The word is compared with the rubric's words as written ("custmer" ~ "customer"), then
    stem with stem ("escelating" ~ "escalate"), since a slip can change how a word stems.
    """
    allowed = tolerance(word)
    if not allowed or not word.isalpha():
        return None
    known = english_words()
    if word in known or british(word) in known:
        return None
    target = _unique_best(word, compiled.surface, allowed)
    if target is None and len(word_stem) >= MIN_LENGTH - 1:
        target = _unique_best(word_stem, {s: s for s in compiled.vocabulary}, allowed)
    return target


def corrections(tokens: Tokens, compiled: CompiledRubric) -> dict[int, str]:
    """Content positions whose word is a slip of a rubric word, and the stem to read there."""
    vocabulary, cache, stems = compiled.vocabulary, compiled.fuzzy_cache, tokens.stems
    out: dict[int, str] = {}
    for position, word in tokens.unknown_words():  # known English words are never slips
        if stems[position] in vocabulary:
            continue
        if word in cache:
            target = cache[word]
        else:
            target = cache[word] = closest(word, stems[position], compiled)
        if target is not None:
            out[position] = target
    return out
