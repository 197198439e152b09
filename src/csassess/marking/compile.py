"""Compiling a rubric once into stem-level phrases, so marking an answer is only look-ups.

Every phrase of the rubric (marking points, terminology, misconceptions) gets a number in one
table, and each stem that can start a phrase lists the phrases it starts. Marking an answer
then touches only the phrases whose first word it contains and whose every other word it
could supply; the rest of the rubric costs nothing.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from csassess.marking.chunks import HEDGE_STEMS, NEG, NEGATOR_STEMS
from csassess.marking.lexicon import (
    KEPT_IN_PHRASES,
    LETTER_NAMES,
    derivation_family,
    function_word_forms,
    stem,
)
from csassess.marking.rules import RulePlan
from csassess.marking.text import Tokens, tokenise
from csassess.models.rubric import MarkingPoint, Misconception, Rubric, Term

Alternative = tuple[str, ...]
"""Consecutive content stems that fill one slot of a phrase (one word, or 'team leader')."""


@dataclass(frozen=True, slots=True)
class Phrase:
    """An evidence phrase as slots of alternatives, matched in order within a clause."""

    source: str
    slots: tuple[tuple[Alternative, ...], ...]
    has_negator: bool
    """The phrase itself says 'no'/'not' ("no sequence number"): negation is its meaning."""
    own: frozenset[str]
    """Every stem of the phrase: words between its slots may not restart it."""
    words: tuple[str, ...] | None = None
    """For a phrase of one slot whose alternatives are single words and no kept function
    words, those words' stems: finding it is only looking them up."""
    kept: tuple[tuple[str, ...], ...] = ()
    """The function words the phrase keeps (KEPT_IN_PHRASES, letter names), as written:
    entry k holds those before slot k, the last entry those after the last slot; empty when
    it keeps none. The answer must have them there."""
    written: tuple[frozenset[str], ...] = ()
    """Every function word the phrase has, by place like `kept` (with the other forms of an
    auxiliary: "was" also allows "is"); () when it has none. Where the phrase itself has a
    word, the answer may have it too, whatever the gap rules say of it ("yes or no", "what
    was already tried")."""

    @property
    def stems(self) -> set[str]:
        """Every stem this phrase can match on."""
        return set(self.own)


@dataclass(frozen=True, slots=True)
class CompiledPoint:
    """A marking point with its phrases compiled, and its fields as plain values."""

    point: MarkingPoint
    phrases: tuple[Phrase, ...]
    max_gap: int
    id: str = ""
    text: str = ""
    marks: int = 1
    needs_explanation: bool = False
    negation_cancels: bool = True
    shares_evidence: bool = False

    @classmethod
    def of(cls, point: MarkingPoint, phrases: tuple[Phrase, ...], max_gap: int) -> CompiledPoint:
        """A point with its compiled phrases."""
        return cls(
            point, phrases, max_gap, point.id, point.text, point.marks, point.needs_explanation,
            point.negation_cancels, point.shares_evidence,
        )  # fmt: skip


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


Group = tuple[Phrase, ...]


@dataclass(slots=True)
class CompiledRubric:
    """Everything needed to mark answers against one rubric, built once."""

    rubric: Rubric
    points: tuple[CompiledPoint, ...]
    terms: tuple[CompiledTerm, ...]
    misconceptions: tuple[CompiledMisconception, ...]
    vocabulary: frozenset[str]
    """Every stem a point's or term's phrase can match: the targets of fuzzy matching."""
    surface: dict[str, str]
    """Rubric words as written (lower case) -> their stems: fuzzy targets before stemming."""
    groups: tuple[Group, ...] = ()
    """Every group of phrases in marking order: each point's evidence, then each term's
    misuse and evidence, then each misconception's patterns."""
    starts: dict[str, tuple[tuple[int, int, tuple[tuple[str, ...], ...]], ...]] = field(default_factory=dict)
    """Stem -> (group, phrase, needs) of the phrases looked up by it: it starts one of the
    phrase's slots (its rarest), and each of `needs` holds the stems that can start one of
    the phrase's other slots."""
    indexed: frozenset[str] = frozenset()
    """Every stem any phrase can match, and those of negators and hedges: the only stems
    worth indexing in an answer."""
    rule_plan: RulePlan | None = None
    """The rules with their words, worked out once."""
    feedback: tuple[tuple[str, str], ...] = ()
    """(point id, feedback) of every point, in order."""
    fuzzy_cache: dict[str, str | None] = field(default_factory=dict)

    def index(self, stems: list[str]) -> dict[str, list[int]]:
        """Stem -> content positions, for the answer's stems that some phrase can match, and
        its negators and hedges (which say where negation and hedge checks are needed)."""
        index: dict[str, list[int]] = {}
        indexed = self.indexed
        for position, word_stem in enumerate(stems):
            if word_stem in indexed:
                positions = index.get(word_stem)
                if positions is None:
                    index[word_stem] = [position]
                else:
                    positions.append(position)
        return index

    def candidates(self, index: dict[str, list[int]]) -> dict[int, list[int]]:
        """Group number -> numbers of its phrases that could match an answer with this index.

        A phrase is a candidate when the answer has a stem that starts each of its slots;
        each phrase is looked up by its rarest slot, so most look-ups find nothing to check.
        """
        found: dict[int, list[int]] = {}
        starts = self.starts
        for word_stem in index:
            entries = starts.get(word_stem)
            if entries is None:
                continue
            for group, number, needs in entries:
                for need in needs:
                    # a need is a few stems: look each up (isdisjoint would walk the index)
                    if not any(s in index for s in need):
                        break
                else:
                    numbers = found.get(group)
                    if numbers is None:
                        found[group] = [number]
                    elif number not in numbers:  # a first slot with synonyms can start it twice
                        numbers.append(number)
        for numbers in found.values():
            if len(numbers) > 1:
                numbers.sort()
        return found


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
    return tuple(tokenise(text).stems)


def _kept_words(tokens: Tokens) -> tuple[tuple[str, ...], ...]:
    """The kept function words of a phrase before each of its content words, and after the
    last (see Phrase.kept); () when it keeps none."""
    kept: list[list[str]] = [[]]
    words = [p for p in tokens.pieces if p.word is not None]
    for n, piece in enumerate(words):
        word = piece.word or ""
        if piece.stem is not None:
            kept.append([])
        elif word in KEPT_IN_PHRASES or word in LETTER_NAMES or (word == "a" and n + 1 == len(words)):
            kept[-1].append(word)  # "a" ending a phrase names something ("plastic A")
    if not any(kept):
        return ()
    return tuple(tuple(k) for k in kept)


def _written_words(tokens: Tokens) -> tuple[frozenset[str], ...]:
    """Every function word of a phrase before each of its content words, and after the last,
    with its other forms (see Phrase.written); () when it has none."""
    written: list[set[str]] = [set()]
    for piece in tokens.pieces:
        if piece.word is None:
            continue
        if piece.stem is not None:
            written.append(set())
        else:
            written[-1] |= function_word_forms(piece.word)
    if not any(written):
        return ()
    return tuple(frozenset(w) for w in written)


def compile_phrase(text: str, synonyms: Mapping[str, tuple[Alternative, ...]]) -> Phrase:
    """Compile one phrase: content words in order, each widened by its synonym group and its
    word family (see lexicon.derivation_family), and the function words it keeps around them."""
    tokens = tokenise(text)
    written = [p.word or "" for p in tokens.pieces if p.stem is not None]
    slots: list[tuple[Alternative, ...]] = []
    for word_stem, word in zip(tokens.stems, written, strict=True):
        family = [(stem(member),) for member in derivation_family(word)]
        alternatives = [(word_stem,), *synonyms.get(word_stem, ()), *family]
        slots.append(tuple(dict.fromkeys(alternatives)))
    has_negator = any(p.flags & NEG for p in tokens.pieces)
    own = frozenset(s for slot in slots for alt in slot for s in alt)
    kept = _kept_words(tokens) if slots else ()
    simple = len(slots) == 1 and all(len(alt) == 1 for alt in slots[0]) and not kept
    words = tuple(alt[0] for alt in slots[0]) if simple else None
    written_words = _written_words(tokens) if slots else ()
    return Phrase(text, tuple(slots), has_negator, own, words, kept, written_words)


def compile_rubric(rubric: Rubric, synonyms: Mapping[str, Iterable[str]] | None = None) -> CompiledRubric:
    """Compile every phrase of a rubric once."""
    table = _synonym_table(synonyms or {})

    def phrases(texts: Iterable[str]) -> tuple[Phrase, ...]:
        compiled = (compile_phrase(t, table) for t in texts)
        return tuple(p for p in compiled if p.slots)

    points = tuple(
        CompiledPoint.of(mp, phrases(mp.evidence), rubric.max_gap if mp.max_gap is None else mp.max_gap)
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
    groups = (
        *(cp.phrases for cp in points),
        *(g for ct in terms for g in (ct.misuse, ct.evidence)),
        *(cm.patterns for cm in misconceptions),
    )
    indexed = {s for group_phrases in groups for phrase in group_phrases for s in phrase.own}
    indexed |= NEGATOR_STEMS | HEDGE_STEMS
    uses = Counter(s for group_phrases in groups for phrase in group_phrases for s in phrase.own)
    starts: dict[str, list[tuple[int, int, tuple[tuple[str, ...], ...]]]] = {}
    for group, group_phrases in enumerate(groups):
        for number, phrase in enumerate(group_phrases):
            # an answer must offer a start to every slot: look the phrase up by the slot whose
            # starts the fewest phrases share, and check the others
            firsts = [frozenset(alt[0] for alt in slot) for slot in phrase.slots]
            rarest = min(range(len(firsts)), key=lambda k: sum(uses[s] for s in firsts[k]))
            needs = tuple(tuple(sorted(f)) for k, f in enumerate(firsts) if k != rarest)
            for word_stem in sorted(firsts[rarest]):
                starts.setdefault(word_stem, []).append((group, number, needs))
    return CompiledRubric(
        rubric,
        points,
        terms,
        misconceptions,
        frozenset(vocabulary),
        surface,
        groups,
        {k: tuple(v) for k, v in starts.items()},
        frozenset(indexed),
        RulePlan.of(rubric),
        tuple((mp.id, mp.feedback) for mp in rubric.marking_points),
    )


def _phrase_texts(rubric: Rubric) -> Iterable[str]:
    for mp in rubric.marking_points:
        yield from mp.evidence
    for term in rubric.terminology:
        yield from term.evidence
        yield from term.misuse
