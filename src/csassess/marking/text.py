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
from dataclasses import dataclass, field
from itertools import accumulate

from csassess.marking.lexicon import (
    AUXILIARIES,
    CLAUSE_BREAKS,
    HEDGES,
    NEGATORS,
    STOPWORDS,
    STRONG_BREAKS,
    expand_contraction,
    stem,
)

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


_CHUNKS: dict[str, tuple[Piece, ...]] = {"\n": (Piece(None, None, BOUNDARY, 1, 1, 0, 1),)}


def _analyse(chunk: str) -> tuple[Piece, ...]:
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
    found = tuple(pieces)
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


@dataclass(slots=True)
class Tokens:
    """An answer as pieces (words and boundaries), with the content stems indexed.

    *Content* positions are the words phrases match on (function words dropped), so
    "pass it on to my manager" puts "pass" and "manager" two content positions apart.
    """

    text: str
    norm: str
    origin: list[int] | None
    chunks: list[str]
    per_chunk: list[tuple[Piece, ...]]
    pieces: list[Piece]
    content: list[int]
    """Piece index of each content position."""
    stems: list[str]
    """Stem of each content position."""
    csent: list[int]
    """Clause number of each content position: phrases match within one clause."""
    index: dict[str, list[int]]
    """Stem -> content positions where it occurs, in order."""
    sentence: list[int]
    """Sentence number of each piece."""
    _first_piece: list[int] = field(default_factory=list)
    _chunk_starts: list[int] = field(default_factory=list)
    _word_count: int = -1

    def _locate_chunks(self) -> None:
        if " ".join(self.chunks) == self.norm:  # the usual case: words split by single spaces
            starts = [a + i for i, a in enumerate(accumulate(map(len, self.chunks), initial=0))]
            starts.pop()
        else:
            starts = [m.start() for m in _CHUNK.finditer(self.norm)]
        if len(starts) != len(self.chunks):  # cannot happen; fall back to searching
            starts, position = [], 0
            for chunk in self.chunks:
                starts.append(self.norm.find(chunk, position))
                position = starts[-1] + len(chunk)
        self._chunk_starts = starts
        self._first_piece = [0, *accumulate(map(len, self.per_chunk))]

    def _piece_span(self, index: int) -> tuple[int, int]:
        if not self._chunk_starts:
            self._locate_chunks()
        chunk = bisect_right(self._first_piece, index) - 1
        piece = self.pieces[index]
        start = self._chunk_starts[chunk] + piece.offset
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
            self._word_count = len([1 for p in self.pieces if p.word is not None])
        return self._word_count


def tokenise(text: str) -> Tokens:
    """Split an answer into pieces and sentences, and index the content stems."""
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
    per_chunk = [get(c) or _analyse(c) for c in chunks]
    pieces = [p for group in per_chunk for p in group]
    sentence = list(accumulate(p.sentence_end for p in pieces))
    content = [i for i, p in enumerate(pieces) if p.stem is not None]
    stems: list[str] = [pieces[i].stem for i in content]  # type: ignore[misc]
    clause = list(accumulate(p.clause_end for p in pieces))
    csent = [clause[i] for i in content]
    index: dict[str, list[int]] = {}
    for position, word_stem in enumerate(stems):
        found = index.get(word_stem)
        if found is None:
            index[word_stem] = [position]
        else:
            found.append(position)
    return Tokens(text, norm, origin, chunks, per_chunk, pieces, content, stems, csent, index, sentence)
