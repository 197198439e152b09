"""Normalising and tokenising an answer, keeping every word's offsets in the original text.

Candidates' words are highlighted later by character offsets into exactly what they wrote,
so normalisation (NFKC, curly quotes, dashes, case) keeps a map back to the original.

Speed matters (a centre marks hundreds of thousands of answers): tokenising is three passes
that run in C (split on white space, one dictionary look-up per chunk in the chunk cache, a
filter) giving the answer's content stems; everything else about it (punctuation, clauses,
sentences, character offsets) is read only around the matches found.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left
from itertools import chain, islice
from operator import attrgetter

from csassess.marking.chunks import SEPARATOR, Chunk, ChunkCache, Piece

_CHUNK = re.compile(r"\S+|\n")
_FOLD = str.maketrans(
    {
        "\u2018": "'", "\u2019": "'", "\u02bc": "'", "\u201c": '"', "\u201d": '"',
        "\u2013": " - ", "\u2014": " - ", "\u2212": "-", "`": "'", "\u00b4": "'",
    }
)  # fmt: skip

Place = tuple[int, int]
"""A piece of an answer: (chunk number, index within the chunk)."""

CACHE_LIMIT = 500_000
"""Distinct chunks remembered before the cache starts afresh."""
_PIECES_OF = attrgetter("pieces")
_WORD_TEXTS_OF = attrgetter("word_texts")
_cache = ChunkCache()


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
    """An answer as content stems (the words phrases match on, function words dropped), with
    its chunks' pieces (words and punctuation) read only around the matches found.

    *Content* positions index `stems`, so "pass it on to my manager" puts "pass" and "manager"
    two content positions apart. A piece is addressed as a Place, (chunk, index within the
    chunk); `piece_at` maps a content position to its piece, and `before` / `after` read the
    pieces around it, so judging a match costs what its neighbourhood costs, not the answer.
    """

    __slots__ = (
        "_cache",
        "_starts",
        "_word_count",
        "chunk_of",
        "chunks",
        "info",
        "norm",
        "origin",
        "several",
        "stems",
        "text",
    )

    def __init__(
        self,
        text: str,
        norm: str,
        origin: list[int] | None,
        chunks: list[str],
        stems: list[str],
        chunk_of: list[int],
        several: bool,
        spaced: bool,
        cache: ChunkCache,
    ) -> None:
        self.text, self.norm, self.origin, self.chunks = text, norm, origin, chunks
        self._cache = cache
        self.stems = stems
        """Stem of each content position."""
        self.chunk_of = chunk_of
        """The chunk of each content position (ascending)."""
        self.several = several
        """Some chunk has more than one content stem ("customer-focused")."""
        self.info = cache.chunks
        """Chunk text -> its analysis."""
        self._starts: list[int] | None = [] if spaced else None
        """Where each chunk starts in `norm`, found when first asked for; empty when one
        space separates chunks and none stands around them, so that lengths locate them."""
        self._word_count = -1

    def _locate(self, position: int) -> tuple[Chunk, int, int]:
        """(chunk analysis, chunk number, index among its content stems) of a content position."""
        chunk_of = self.chunk_of
        chunk = chunk_of[position]
        k = position - bisect_left(chunk_of, chunk) if self.several else 0
        return self.info[self.chunks[chunk]], chunk, k

    def piece_at(self, position: int) -> Place:
        """The piece of a content position."""
        info, chunk, k = self._locate(position)
        return chunk, info.content_pieces[k]

    def same_clause(self, first: int, later: int) -> bool:
        """Whether no clause ends between two content positions (first <= later)."""
        chunk_of = self.chunk_of
        c1, c2 = chunk_of[first], chunk_of[later]
        if self._cache.breaking.isdisjoint(self.chunks[c1 : c2 + 1]):  # the usual case
            return True
        info, c1, k1 = self._locate(first)
        end, c2, k2 = self._locate(later)
        if c1 == c2:
            return info.clause_offsets[k1] == info.clause_offsets[k2]
        if info.clauses != info.clause_offsets[k1] or end.clause_offsets[k2]:
            return False
        return self._cache.breaking.isdisjoint(self.chunks[c1 + 1 : c2])

    def pieces_of(self, chunk: int) -> tuple[Piece, ...]:
        """The pieces of one chunk."""
        return self.info[self.chunks[chunk]].pieces

    def before(self, place: Place, count: int) -> list[Piece]:
        """At least `count` pieces before a place (fewer at the start), nearest first."""
        chunk, index = place
        chunks, of = self.chunks, self.info
        out = list(of[chunks[chunk]].pieces[:index][::-1])
        while len(out) < count and chunk > 0:
            chunk -= 1
            out += of[chunks[chunk]].pieces[::-1]
        return out

    def after(self, place: Place, count: int) -> list[Piece]:
        """At least `count` pieces after a place (fewer at the end), nearest first."""
        chunk, index = place
        chunks, of = self.chunks, self.info
        out = list(of[chunks[chunk]].pieces[index + 1 :])
        while len(out) < count and chunk + 1 < len(chunks):
            chunk += 1
            out += of[chunks[chunk]].pieces
        return out

    def through(self, first: Place, last: Place) -> list[Piece]:
        """The pieces from `first` to `last`, both included."""
        chunks, of = self.chunks, self.info
        if first[0] == last[0]:
            return list(of[chunks[first[0]]].pieces[first[1] : last[1] + 1])
        out = list(of[chunks[first[0]]].pieces[first[1] :])
        for c in range(first[0] + 1, last[0]):
            out.extend(of[chunks[c]].pieces)
        out.extend(of[chunks[last[0]]].pieces[: last[1] + 1])
        return out

    def sentence_marks(self) -> tuple[set[str], set[str], dict[str, int]]:
        """The chunks that end a sentence, those that show explanation, and word counts."""
        cache = self._cache
        return cache.ending, cache.explaining, cache.word_counts

    @property
    def pieces(self) -> list[Piece]:
        """Every word and punctuation mark, in order."""
        return list(chain.from_iterable(map(_PIECES_OF, map(self.info.__getitem__, self.chunks))))

    def chunk_starts(self) -> list[int] | None:
        """Where each chunk starts in `norm`; None when one space separates chunks and none
        stands around them, so that counting lengths finds them."""
        if self._starts is None:
            self._starts = [m.start() for m in _CHUNK.finditer(self.norm)]
        return self._starts or None

    def span_of(self, first: int, last: int, at: int) -> tuple[int, int]:
        """Offsets in `norm` of content positions first..last, the first's chunk starting at `at`."""
        chunk_of, chunks, of, starts = self.chunk_of, self.chunks, self.info, self.chunk_starts()
        head, tail = chunk_of[first], chunk_of[last]
        k1 = first - bisect_left(chunk_of, head) if self.several else 0
        k2 = last - bisect_left(chunk_of, tail) if self.several else 0
        start = at + of[chunks[head]].content_spans[k1][0]
        if tail == head:
            base = at
        elif starts is not None:
            base = starts[tail]
        else:
            base = at + joined_length(chunks, head, tail) + 1
        return start, base + of[chunks[tail]].content_spans[k2][1]

    def first_words(self, count: int) -> list[str]:
        """The answer's first `count` words."""
        analyses = map(self.info.__getitem__, self.chunks)
        return list(islice(chain.from_iterable(map(_WORD_TEXTS_OF, analyses)), count))

    @property
    def word_count(self) -> int:
        """How many words the answer has."""
        if self._word_count < 0:
            self._word_count = sum(map(self._cache.word_counts.__getitem__, self.chunks))
        return self._word_count

    def may_exceed(self, words: int) -> bool:
        """Whether the answer may have more than `words` words: False is certain, True needs
        `word_count` to tell, so that most answers are never counted."""
        # a word takes a character, two words from one contraction at least three, and words
        # apart a separator; else one word a chunk, unless a chunk holds several
        if (len(self.norm) + 1) // 2 <= words:
            return False
        return len(self.chunks) > words or not self._cache.several_words.isdisjoint(self.chunks)

    def all_english(self, words: int) -> bool:
        """Whether every word made of letters among the first `words` is in the English
        lexicon (or a few more: those of the chunks that hold them)."""
        return self._cache.foreign.isdisjoint(self.chunks[:words])

    def unknown_words(self) -> list[tuple[int, str]]:
        """(content position, word) of every word that is not known English."""
        chunks, chunk_of, slips, info = self.chunks, self.chunk_of, self._cache.slips, self.info
        out: list[tuple[int, str]] = []
        previous = -1
        # by content position, not chunk: chunks of function words alone need no look-up
        for position in range(len(chunk_of)):
            chunk = chunk_of[position]
            if chunk == previous:  # a later stem of a chunk read at its first
                continue
            previous = chunk
            if chunks[chunk] in slips:
                for k, word in enumerate(info[chunks[chunk]].unknown):
                    if word is not None:
                        out.append((position + k, word))
        return out


def joined_length(chunks: list[str], start: int, stop: int) -> int:
    """len(" ".join(chunks[start:stop])), without building the string."""
    if stop <= start:
        return 0
    total = stop - start - 1
    for k in range(start, stop):
        total += len(chunks[k])
    return total


def tokenise(text: str) -> Tokens:
    """Split an answer into chunks, look each up once, and keep the content stems."""
    global _cache
    norm, origin = normalise(text)
    lines = "\n" in norm
    if lines:  # a line break ends a sentence (bullet lists, one point a line)
        chunks = []
        for line in norm.split("\n"):
            chunks.extend(line.split())
            chunks.append("\n")
        chunks.pop()
    else:
        chunks = norm.split()
    cache = _cache
    if len(cache.chunks) >= CACHE_LIMIT:
        # start afresh; answers tokenised before keep the cache they were read with
        cache = _cache = ChunkCache()
    stems, chunk_of, characters = _content(chunks, cache)
    spaced = not lines and characters + len(chunks) - 1 == len(norm)
    several = not cache.combined.isdisjoint(stems)
    if several:  # a chunk with several stems gives each its own content position
        counts = [value.count(SEPARATOR) + 1 for value in stems]
        chunk_of = [c for c, count in zip(chunk_of, counts, strict=True) for _ in range(count)]
        stems = SEPARATOR.join(stems).split(SEPARATOR)
    return Tokens(text, norm, origin, chunks, stems, chunk_of, several, spaced, cache)


def _content(chunks: list[str], cache: ChunkCache) -> tuple[list[str], list[int], int]:
    """The chunks' stems values that are not empty, the chunk of each, and the chunks'
    length together; one look-up a chunk, and chunks not seen before are analysed and
    remembered."""
    known = cache.stems
    values: list[str] = []
    chunk_of: list[int] = []
    characters = 0
    for c in range(len(chunks)):
        chunk = chunks[c]
        characters += len(chunk)
        value = known.get(chunk)
        if value is None:
            value = cache.learn(chunk)
        if value:
            values.append(value)
            chunk_of.append(c)
    return values, chunk_of, characters
