"""Normalising and tokenising an answer, keeping every word's offsets in the original text.

Candidates' words are highlighted later by character offsets into exactly what they wrote,
so normalisation (NFKC, curly quotes, dashes, case) keeps a map back to the original.

Speed matters (a centre marks hundreds of thousands of answers), so the answer is split on
white space and each distinct chunk ("customer's", "escalate,") is analysed once per
process and cached; character offsets are worked out only when evidence is reported.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from collections import defaultdict
from dataclasses import dataclass
from itertools import accumulate
from operator import attrgetter

from csassess.marking.lexicon import (
    AUXILIARIES,
    CLAUSE_BREAKS,
    HEDGES,
    NEGATORS,
    STOPWORDS,
    STRONG_BREAKS,
    british,
    english_words,
    expand_contraction,
    stem,
)

MIN_FUZZY_LENGTH = 5
"""Shorter words are never treated as slips (too many real words are one edit apart)."""

_PARTS = re.compile(r"\d+(?:[.,:]\d+)+|[^\W_]+(?:'[^\W_]+)*|[.!?;:•]|[,()\[\]/]|-{2,}")
_CHUNK = re.compile(r"\S+|\n")
_SENTENCE_END = frozenset(".!?;:•")
_FOLD = str.maketrans(
    {
        "\u2018": "'", "\u2019": "'", "\u02bc": "'", "\u201c": '"', "\u201d": '"',
        "\u2013": " - ", "\u2014": " - ", "\u2212": "-", "`": "'", "\u00b4": "'",
    }
)  # fmt: skip

# Flags of a piece.
NEG, HEDGE, BREAK, AUX, BOUNDARY = 1, 2, 4, 8, 16
_CACHE_LIMIT = 500_000
_SENTENCE_END_OF = attrgetter("sentence_end")
_CLAUSES_OF = attrgetter("clauses")
_PIECE_COUNT = attrgetter("size")
_WORDS_OF = attrgetter("words")


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
    clauses: int
    """Clause breaks in the whole chunk."""
    size: int
    """How many pieces the chunk has."""
    words: int
    """How many of them are words."""
    unknown: tuple[str | None, ...]
    """For each content stem, its word if that word is not known English (a possible
    spelling slip for fuzzy matching to look at), else None."""

    @classmethod
    def of(cls, pieces: tuple[Piece, ...]) -> Chunk:
        """Summarise a chunk's pieces."""
        stems, offsets, where, running = [], [], [], 0
        for k, piece in enumerate(pieces):
            running += piece.clause_end
            if piece.stem is not None:
                stems.append(piece.stem)
                offsets.append(running)
                where.append(k)
        words = sum(1 for p in pieces if p.word is not None)
        unknown = tuple(_unknown(pieces[k].word) for k in where)
        return cls(pieces, tuple(stems), tuple(offsets), tuple(where), running, len(pieces), words, unknown)


_CHUNKS: dict[str, Chunk] = {"\n": Chunk.of((Piece(None, None, BOUNDARY, 1, 1, 0, 1),))}


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
            pieces.append(Piece(None, None, BOUNDARY, ends, ends, start, length))
            continue
        for word in expand_contraction(part):
            flags = (
                (NEG if word in NEGATORS else 0)
                | (HEDGE if word in HEDGES else 0)
                | (BREAK if word in CLAUSE_BREAKS else 0)
                | (AUX if word in AUXILIARIES else 0)
            )
            content = word not in STOPWORDS or word in NEGATORS
            strong = 1 if word in STRONG_BREAKS else 0
            pieces.append(Piece(word, stem(word) if content else None, flags, 0, strong, start, length))
    found = Chunk.of(tuple(pieces))
    if len(_CHUNKS) < _CACHE_LIMIT:
        _CHUNKS[chunk] = found
    return found


def normalise(text: str) -> tuple[str, list[int] | None]:
    """Fold Unicode, quotes, dashes and case; return the text and each char's origin offset.

    For ASCII text the offsets are the identity and None is returned instead of a list.
    """
    if text.isascii():
        return text.lower(), None
    out: list[str] = []
    origin: list[int] = []
    for i, char in enumerate(text):
        folded = unicodedata.normalize("NFKC", char).translate(_FOLD).lower()
        out.append(folded)
        origin.extend([i] * len(folded))
    origin.append(len(text))
    return "".join(out), origin


class Tokens:
    """An answer as content stems indexed by position and clause, with its pieces (words and
    punctuation) and character offsets worked out only when a match needs them.

    *Content* positions are the words phrases match on (function words dropped), so
    "pass it on to my manager" puts "pass" and "manager" two content positions apart.
    """

    __slots__ = (
        "_content",
        "_piece_starts",
        "_pieces",
        "_sentence",
        "_spans",
        "_word_count",
        "chunks",
        "csent",
        "index",
        "infos",
        "norm",
        "origin",
        "stems",
        "text",
    )

    def __init__(
        self, text: str, norm: str, origin: list[int] | None, chunks: list[str], infos: list[Chunk]
    ) -> None:
        self.text, self.norm, self.origin, self.chunks, self.infos = text, norm, origin, chunks, infos
        clause_starts = accumulate(map(_CLAUSES_OF, infos), initial=0)
        self.stems: list[str] = [s for info in infos for s in info.stems]
        """Stem of each content position."""
        self.csent: list[int] = [
            base + offset
            for info, base in zip(infos, clause_starts, strict=False)
            for offset in info.clause_offsets
        ]
        """Clause number of each content position: phrases match within one clause."""
        index: dict[str, list[int]] = defaultdict(list)
        for position, word_stem in enumerate(self.stems):
            index[word_stem].append(position)
        self.index: dict[str, list[int]] = index
        """Stem -> content positions where it occurs, in order."""
        self._pieces: list[Piece] | None = None
        self._content: list[int] | None = None
        self._piece_starts: list[int] | None = None
        self._sentence: list[int] | None = None
        self._spans: list[int] | None = None
        self._word_count = -1

    def unknown_words(self) -> list[tuple[int, str]]:
        """(content position, word) of every word that is not known English."""
        flat = [w for info in self.infos for w in info.unknown]
        return [(i, w) for i, w in enumerate(flat) if w is not None]

    @property
    def pieces(self) -> list[Piece]:
        """Every word and punctuation mark, in order."""
        if self._pieces is None:
            self._pieces = [p for info in self.infos for p in info.pieces]
        return self._pieces

    def _chunk_piece_starts(self) -> list[int]:
        if self._piece_starts is None:
            self._piece_starts = list(accumulate(map(_PIECE_COUNT, self.infos), initial=0))
        return self._piece_starts

    @property
    def content(self) -> list[int]:
        """Piece index of each content position."""
        if self._content is None:
            self._content = [
                base + k
                for info, base in zip(self.infos, self._chunk_piece_starts(), strict=False)
                for k in info.content_pieces
            ]
        return self._content

    @property
    def sentence(self) -> list[int]:
        """Sentence number of each piece."""
        if self._sentence is None:
            self._sentence = list(accumulate(map(_SENTENCE_END_OF, self.pieces)))
        return self._sentence

    def _chunk_offsets(self) -> list[int]:
        if self._spans is None:
            if " ".join(self.chunks) == self.norm:  # the usual case: single spaces
                starts = [a + i for i, a in enumerate(accumulate(map(len, self.chunks), initial=0))]
                starts.pop()
            else:
                starts = [m.start() for m in _CHUNK.finditer(self.norm)]
            self._spans = starts
        return self._spans

    def _piece_span(self, index: int) -> tuple[int, int]:
        piece_starts = self._chunk_piece_starts()
        chunk = bisect_right(piece_starts, index) - 1
        piece = self.infos[chunk].pieces[index - piece_starts[chunk]]
        start = self._chunk_offsets()[chunk] + piece.offset
        end = start + piece.length
        if self.origin is not None:
            return self.origin[start], self.origin[end - 1] + 1
        return start, end

    def span(self, first: int, last: int) -> tuple[int, int]:
        """Character offsets in the original text covering pieces first..last."""
        return self._piece_span(first)[0], self._piece_span(last)[1]

    @property
    def words(self) -> list[str]:
        """Every word, in order."""
        return [p.word for p in self.pieces if p.word is not None]

    @property
    def word_count(self) -> int:
        """How many words the answer has."""
        if self._word_count < 0:
            self._word_count = sum(map(_WORDS_OF, self.infos))
        return self._word_count


def tokenise(text: str) -> Tokens:
    """Split an answer into chunks, look each up once, and index the content stems."""
    norm, origin = normalise(text)
    if "\n" in norm:  # a line break ends a sentence (bullet lists, one point a line)
        chunks = []
        for line in norm.split("\n"):
            chunks.extend(line.split())
            chunks.append("\n")
        chunks.pop()
    else:
        chunks = norm.split()
    get = _CHUNKS.get
    return Tokens(text, norm, origin, chunks, [get(c) or _analyse(c) for c in chunks])
