"""What one white-space-separated chunk of an answer holds, worked out once per process.

Candidates write the same chunks again and again ("customer", "escalate,", "don't"), so
each distinct chunk is split into pieces (words after contraction expansion, and
punctuation), stemmed and flagged once, and its analysis keeps what the marker's hot paths
read in the shapes they read it: its stems as one string for the tokeniser, its word count,
whether it ends a clause or a sentence, holds a possible spelling slip, and so on.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from csassess.marking.lexicon import (
    AUXILIARIES,
    CLAUSE_BREAKS,
    COMPLEMENTISERS,
    COORDINATORS,
    EXPLAIN_MARKERS,
    HEDGES,
    MODIFIER,
    NEGATORS,
    NOUN,
    SKIPPABLE,
    STOPWORDS,
    STRONG_BREAKS,
    VERB,
    british,
    english_words,
    expand_contraction,
    run_together,
    stem,
    word_class,
)

MIN_FUZZY_LENGTH = 5
"""Shorter words are never treated as slips (too many real words are one edit apart)."""

# digits and letters are separate words ("20minutes"), save ordinals ("3rd")
_PARTS = re.compile(
    r"\d+(?:[.,:]\d+)+|\d+(?:st|nd|rd|th)\b|\d+|[^\W\d_]+(?:'[^\W\d_]+)*|[.!?;:•]|[,()\[\]/]|-{2,}"
)
_SENTENCE_END = frozenset(".!?;:•")

SEPARATOR = "\x1f"
"""Joins the stems of a chunk that has several ("customer-focused"); split() never leaves it
in a chunk (it is white space to Python)."""

# Flags of a piece.
NEG, HEDGE, BREAK, AUX, BOUNDARY, END = 1, 2, 4, 8, 16, 32
"""END marks a boundary that ends a sentence."""
MOD, NOUNISH, VERBAL, COORD, COMPL, SKIP = 64, 128, 256, 512, 1024, 2048
"""A content word that can modify, one that is a noun and no modifier, one that is only a
verb (lemminflect's lexicon); a coordinator ("and"); a complementiser or question word
("how", "whether"); a function word that may be skipped ("the", "my")."""
_CLASS_FLAGS = {MODIFIER: MOD, NOUN: NOUNISH, VERB: VERBAL}


@dataclass(frozen=True, slots=True)
class Piece:
    """A word (after contraction expansion) or a punctuation boundary inside a chunk."""

    word: str | None
    """None for punctuation."""
    stem: str | None
    """None for function words and punctuation, which phrases skip."""
    flags: int
    sentence_end: int
    """1 where a sentence ends here (for running sentence numbers), else 0."""
    clause_end: int
    """1 where a phrase may not match across: sentence ends and conjunctions like "so"."""
    offset: int
    length: int


@dataclass(frozen=True, slots=True)
class Chunk:
    """Everything about one white-space-separated chunk that does not depend on the answer."""

    pieces: tuple[Piece, ...]
    stems: tuple[str, ...]
    """Content stems, in order."""
    clause_offsets: tuple[int, ...]
    """For each content stem, the clause breaks inside the chunk up to and including it."""
    content_pieces: tuple[int, ...]
    """For each content stem, the index of its piece within the chunk."""
    content_spans: tuple[tuple[int, int], ...]
    """For each content stem, where its word starts and ends within the chunk."""
    clauses: int
    """Clause breaks in the whole chunk."""
    mask: int
    """Every flag of its pieces together."""
    word_texts: tuple[str, ...]
    """Its words."""
    explains: bool
    """One of its words shows explanation ("because", "so that")."""
    foreign: bool
    """One of its words is letters only and not in the English lexicon."""
    unknown: tuple[str | None, ...]
    """For each content stem, its word if that word is not known English (a possible
    spelling slip for fuzzy matching to look at), else None."""
    joined: str
    """Its content stems joined by SEPARATOR ("" for none): the tokeniser keeps it as the
    stem of a chunk of one, and a chunk of several has its `stems` read instead."""
    several: bool
    """It has more than one content stem ("customer-focused")."""
    words: int
    """How many words it holds."""
    slip: bool
    """One of its words may be a spelling slip."""

    @classmethod
    def of(cls, pieces: tuple[Piece, ...]) -> Chunk:
        """Summarise a chunk's pieces."""
        stems, offsets, where, running, mask = [], [], [], 0, 0
        for k, piece in enumerate(pieces):
            running += piece.clause_end
            mask |= piece.flags
            if piece.stem is not None:
                stems.append(piece.stem)
                offsets.append(running)
                where.append(k)
        words = tuple(p.word for p in pieces if p.word is not None)
        explains = not EXPLAIN_MARKERS.isdisjoint(words)
        foreign = any(w.isalpha() and w not in english_words() for w in words)
        unknown = tuple(_unknown(pieces[k].word) for k in where)
        spans = tuple((pieces[k].offset, pieces[k].offset + pieces[k].length) for k in where)
        return cls(
            pieces, tuple(stems), tuple(offsets), tuple(where), spans, running, mask,
            words, explains, foreign, unknown, SEPARATOR.join(stems), len(stems) > 1, len(words),
            any(w is not None for w in unknown),
        )  # fmt: skip


@dataclass(slots=True)
class ChunkCache:
    """The analysis of every chunk seen."""

    chunks: dict[str, Chunk] = field(default_factory=dict)

    def learn(self, chunk: str) -> Chunk:
        """Analyse and remember a chunk."""
        found = _analyse(chunk) if chunk != "\n" else _NEWLINE
        self.chunks[chunk] = found
        return found


def _unknown(word: str | None) -> str | None:
    """The word if it could be a spelling slip: long enough, letters only, not known English."""
    if word is None or len(word) < MIN_FUZZY_LENGTH or not word.isalpha():
        return None
    known = english_words()
    return None if word in known or british(word) in known else word


def _analyse(chunk: str) -> Chunk:
    pieces: list[Piece] = []
    for match in _PARTS.finditer(chunk):
        part = match.group()
        start, length = match.start(), len(part)
        if not part[0].isalnum():
            ends = 1 if part in _SENTENCE_END else 0
            flags = BOUNDARY | (END if ends else 0)
            pieces.append(Piece(None, None, flags, ends, ends, start, length))
            continue
        words = expand_contraction(part)
        pair = run_together(part) if len(words) == 1 else None
        if pair is not None:  # "escalatedto": two words typed without a space
            first = len(pair[0])
            pieces.append(_word_piece(pair[0], start, first))
            pieces.append(_word_piece(pair[1], start + first, length - first))
            continue
        for word in words:
            pieces.append(_word_piece(word, start, length))
    return Chunk.of(tuple(pieces))


def _word_piece(word: str, start: int, length: int) -> Piece:
    content = word not in STOPWORDS or word in NEGATORS
    flags = (
        (NEG if word in NEGATORS else 0)
        | (HEDGE if word in HEDGES else 0)
        | (BREAK if word in CLAUSE_BREAKS else 0)
        | (AUX if word in AUXILIARIES else 0)
        | (COORD if word in COORDINATORS else 0)
        | (COMPL if word in COMPLEMENTISERS else 0)
        | (SKIP if word in SKIPPABLE else 0)
    )
    if content and word not in AUXILIARIES:
        flags |= _CLASS_FLAGS.get(word_class(word), 0)
    strong = 1 if word in STRONG_BREAKS else 0
    return Piece(word, stem(word) if content else None, flags, 0, strong, start, length)


_NEWLINE = Chunk.of((Piece(None, None, BOUNDARY | END, 1, 1, 0, 1),))
# Negators and hedges are content words: where an answer's stems include none of theirs near
# a match, that match needs no negation or hedge check.
NEGATOR_STEMS = frozenset(stem(w) for w in NEGATORS)
HEDGE_STEMS = frozenset(stem(w) for w in HEDGES)
NEAR_BEFORE, NEAR_AFTER = 13, 5
"""Content words a negation may stand before / after a match and still govern it: 5 pieces
before, or 12 through a parenthesis ("not, in any case, apologise"); 4 after."""
