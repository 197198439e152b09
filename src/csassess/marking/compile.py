"""Compiling a rubric once into stem-level phrases, so marking an answer is only look-ups."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from csassess.marking.lexicon import stem
from csassess.marking.text import NEG, tokenise
from csassess.models.rubric import MarkingPoint, Misconception, Rubric, Term

Alternative = tuple[str, ...]
"""Consecutive content stems that fill one slot of a phrase (one word, or 'team leader')."""


@dataclass(frozen=True, slots=True)
class Phrase:
    """An evidence phrase as slots of alternatives, matched in order within a sentence."""

    source: str
    slots: tuple[tuple[Alternative, ...], ...]
    has_negator: bool
    """The phrase itself says 'no'/'not' ("no sequence number"): negation is its meaning."""
    own: frozenset[str]
    """Every stem of the phrase: words between its slots may not restart it."""

    @property
    def stems(self) -> set[str]:
        """Every stem this phrase can match on."""
        return set(self.own)


@dataclass(frozen=True, slots=True)
class CompiledPoint:
    """A marking point with its phrases compiled."""

    point: MarkingPoint
    phrases: tuple[Phrase, ...]
    max_gap: int


@dataclass(frozen=True, slots=True)
class CompiledTerm:
    """A required term with its evidence and misuse phrases compiled."""

    term: Term
    evidence: tuple[Phrase, ...]
    misuse: tuple[Phrase, ...]


@dataclass(frozen=True, slots=True)
class CompiledMisconception:
    """A misconception with its patterns compiled."""

    misconception: Misconception
    patterns: tuple[Phrase, ...]


@dataclass(slots=True)
class CompiledRubric:
    """Everything needed to mark answers against one rubric, built once."""

    rubric: Rubric
    points: tuple[CompiledPoint, ...]
    terms: tuple[CompiledTerm, ...]
    misconceptions: tuple[CompiledMisconception, ...]
    vocabulary: frozenset[str]
    """Every stem any phrase can match: the targets of fuzzy matching."""
    surface: dict[str, str]
    """Rubric words as written (lower case) -> their stems: fuzzy targets before stemming."""
    triggers: dict[str, tuple[tuple[int, int], ...]]
    """Stem -> (point, phrase) numbers of the phrases that can start with it."""
    rule_words: list[str] = field(default_factory=list)
    """Each rule in words, worked out once for every explanation."""
    fuzzy_cache: dict[str, str | None] = field(default_factory=dict)

    def candidates(self, stems: Iterable[str]) -> dict[int, list[int]]:
        """Point number -> numbers of its phrases that could match an answer with these stems.

        Most phrases cannot start anywhere in a given answer; this skips them in one step.
        """
        out: dict[int, list[int]] = {}
        for word_stem in stems & self.triggers.keys():  # type: ignore[operator]
            for point, phrase in self.triggers[word_stem]:
                out.setdefault(point, []).append(phrase)
        for phrases in out.values():
            phrases.sort()
        return out


def _synonym_table(synonyms: Mapping[str, Iterable[str]]) -> dict[str, tuple[Alternative, ...]]:
    """Each one-word member of a group (its name too) -> every member: groups work both ways."""
    table: dict[str, list[Alternative]] = {}
    for key, alternatives in synonyms.items():
        members = [a for a in (_content_stems(key), *(_content_stems(x) for x in alternatives)) if a]
        for member in members:
            if len(member) == 1:
                merged = table.setdefault(member[0], [])
                merged.extend(m for m in members if m not in merged)
    return {k: tuple(v) for k, v in table.items()}


def _content_stems(text: str) -> Alternative:
    tokens = tokenise(text)
    return tuple(tokens.stems)


def compile_phrase(text: str, synonyms: Mapping[str, tuple[Alternative, ...]]) -> Phrase:
    """Compile one phrase: content words in order, each widened by its synonym group."""
    tokens = tokenise(text)
    slots = []
    for position in range(len(tokens.content)):
        own = tokens.stems[position]
        alternatives = [(own,), *synonyms.get(own, ())]
        slots.append(tuple(dict.fromkeys(alternatives)))
    has_negator = any(p.flags & NEG for p in tokens.pieces)
    own = frozenset(s for slot in slots for alt in slot for s in alt)
    return Phrase(text, tuple(slots), has_negator, own)


def compile_rubric(rubric: Rubric, synonyms: Mapping[str, Iterable[str]] | None = None) -> CompiledRubric:
    """Compile every phrase of a rubric once."""
    table = _synonym_table(synonyms or {})

    def phrases(texts: Iterable[str]) -> tuple[Phrase, ...]:
        compiled = (compile_phrase(t, table) for t in texts)
        return tuple(p for p in compiled if p.slots)

    points = tuple(
        CompiledPoint(mp, phrases(mp.evidence), rubric.max_gap if mp.max_gap is None else mp.max_gap)
        for mp in rubric.marking_points
    )
    terms = tuple(CompiledTerm(t, phrases(t.evidence), phrases(t.misuse)) for t in rubric.terminology)
    misconceptions = tuple(CompiledMisconception(m, phrases(m.patterns)) for m in rubric.misconceptions)
    vocabulary: set[str] = set()
    for cp in points:
        for phrase in cp.phrases:
            vocabulary |= phrase.stems
    for ct in terms:
        for phrase in (*ct.evidence, *ct.misuse):
            vocabulary |= phrase.stems
    surface: dict[str, str] = {}
    for text in _phrase_texts(rubric):
        for word in text.lower().split():
            word = word.strip(".,;:!?()'\"")
            if word.isalpha() and len(word) >= 4:
                surface.setdefault(word, stem(word))
    surface = {w: s for w, s in surface.items() if s in vocabulary}
    triggers: dict[str, set[tuple[int, int]]] = {}
    for number, cp in enumerate(points):
        for phrase_number, phrase in enumerate(cp.phrases):
            for alt in phrase.slots[0]:
                triggers.setdefault(alt[0], set()).add((number, phrase_number))
    frozen = {k: tuple(sorted(v)) for k, v in triggers.items()}
    return CompiledRubric(rubric, points, terms, misconceptions, frozenset(vocabulary), surface, frozen)


def _phrase_texts(rubric: Rubric) -> Iterable[str]:
    for mp in rubric.marking_points:
        yield from mp.evidence
    for term in rubric.terminology:
        yield from term.evidence
        yield from term.misuse
