"""Normalising and tokenising an answer, keeping every word's offsets in the original text.

Candidates' words are highlighted later by character offsets into exactly what they wrote,
so normalisation (NFKC, curly quotes, dashes, case) keeps a map back to the original.

Speed matters (a centre marks hundreds of thousands of answers), so the answer is split on
white space and each distinct chunk ("customer's", "escalate,") is analysed once per process
and cached. Tokenising an answer is then three passes that run in C (split, one dictionary
look-up per chunk, a filter) giving its content stems; everything else about the answer
(punctuation, clauses, sentences, character offsets) is read only around the matches found.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left
from dataclasses import dataclass, field
from itertools import accumulate, chain, compress, islice
from operator import attrgetter

from csassess.marking.lexicon import (
    AUXILIARIES,
    CLAUSE_BREAKS,
    EXPLAIN_MARKERS,
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

SEPARATOR = "\x1f"
"""Joins the stems of a chunk that has several ("customer-focused"); split() never leaves it
in a chunk (it is white space to Python)."""

Place = tuple[int, int]
"""A piece of an answer: (chunk number, index within the chunk)."""

# Flags of a piece.
NEG, HEDGE, BREAK, AUX, BOUNDARY, END = 1, 2, 4, 8, 16, 32
"""END marks a boundary that ends a sentence."""
CACHE_LIMIT = 500_000
"""Distinct chunks remembered before the cache starts afresh."""
_PIECES_OF = attrgetter("pieces")
_WORD_TEXTS_OF = attrgetter("word_texts")


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
        known = english_words()
        foreign = any(w.isalpha() and w not in known for w in words)
        unknown = tuple(_unknown(pieces[k].word) for k in where)
        return cls(
            pieces, tuple(stems), tuple(offsets), tuple(where), running, mask,
            words, explains, foreign, unknown,
        )  # fmt: skip

    @property
    def words(self) -> int:
        """How many words it holds."""
        return len(self.word_texts)


@dataclass(slots=True)
class _Cache:
    """What is known about every chunk seen, kept in the shapes the hot paths read."""

    chunks: dict[str, Chunk] = field(default_factory=dict)
    stems: dict[str, str] = field(default_factory=dict)
    """Chunk -> its stems joined by SEPARATOR ("" for none): one look-up per chunk, and
    one C-level filter, turn an answer's chunks into its content stems."""
    word_counts: dict[str, int] = field(default_factory=dict)
    slips: set[str] = field(default_factory=set)
    """Chunks with a word that might be a spelling slip (for fuzzy matching)."""
    breaking: set[str] = field(default_factory=set)
    """Chunks where a clause ends."""
    ending: set[str] = field(default_factory=set)
    """Chunks where a sentence ends."""
    explaining: set[str] = field(default_factory=set)
    """Chunks with a word that shows explanation."""
    several_words: set[str] = field(default_factory=set)
    """Chunks of more than one word ("don't", "a/b")."""
    foreign: set[str] = field(default_factory=set)
    """Chunks with a word not in the English lexicon."""

    def learn(self, chunk: str) -> str:
        """Analyse and remember a chunk; its stems as `stems` keeps them."""
        found = _analyse(chunk) if chunk != "\n" else _NEWLINE
        self.chunks[chunk] = found
        self.stems[chunk] = value = SEPARATOR.join(found.stems)
        self.word_counts[chunk] = found.words
        if any(found.unknown):
            self.slips.add(chunk)
        if found.clauses:
            self.breaking.add(chunk)
        if found.mask & END:
            self.ending.add(chunk)
        if found.explains:
            self.explaining.add(chunk)
        if found.words > 1:
            self.several_words.add(chunk)
        if found.foreign:
            self.foreign.add(chunk)
        return value


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
    return Chunk.of(tuple(pieces))


_NEWLINE = Chunk.of((Piece(None, None, BOUNDARY | END, 1, 1, 0, 1),))
_cache = _Cache()
# Negators and hedges are content words, so an answer whose stems include none of theirs has
# neither, and needs no negation or hedge checks.
_NEGATOR_STEMS = frozenset(stem(w) for w in NEGATORS)
_HEDGE_STEMS = frozenset(stem(w) for w in HEDGES)


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
        "_chunk_of",
        "_hedge",
        "_negation",
        "_starts",
        "_word_count",
        "chunks",
        "info",
        "norm",
        "origin",
        "several",
        "stems",
        "text",
        "values",
    )

    def __init__(
        self,
        text: str,
        norm: str,
        origin: list[int] | None,
        chunks: list[str],
        values: list[str],
        cache: _Cache,
    ) -> None:
        self.text, self.norm, self.origin, self.chunks, self.values = text, norm, origin, chunks, values
        self._cache = cache
        stems = list(filter(None, values))
        self.several = SEPARATOR in "".join(stems)
        """Some chunk has more than one content stem ("customer-focused")."""
        self.stems: list[str] = SEPARATOR.join(stems).split(SEPARATOR) if self.several else stems
        """Stem of each content position."""
        self.info = cache.chunks.__getitem__
        """Chunk text -> its analysis."""
        self._chunk_of: list[int] | None = None
        self._starts: list[int] | None = None
        self._negation: bool | None = None
        self._hedge: bool | None = None
        self._word_count = -1

    @property
    def chunk_of(self) -> list[int]:
        """The chunk of each content position (ascending)."""
        if self._chunk_of is None:
            values = self.values
            if not self.several:
                self._chunk_of = list(compress(range(len(values)), values))
            else:
                self._chunk_of = [c for c, v in enumerate(values) if v for _ in range(v.count(SEPARATOR) + 1)]
        return self._chunk_of

    def _locate(self, position: int) -> tuple[Chunk, int, int]:
        """(chunk analysis, chunk number, index among its content stems) of a content position."""
        chunk_of = self.chunk_of
        chunk = chunk_of[position]
        k = position - bisect_left(chunk_of, chunk) if self.several else 0
        return self.info(self.chunks[chunk]), chunk, k

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

    @property
    def has_negation(self) -> bool:
        """Whether the answer may hold a negation (if not, no match needs checking)."""
        if self._negation is None:
            self._negation = not _NEGATOR_STEMS.isdisjoint(self.stems)
        return self._negation

    @property
    def has_hedge(self) -> bool:
        """Whether the answer may hold a hedge."""
        if self._hedge is None:
            self._hedge = not _HEDGE_STEMS.isdisjoint(self.stems)
        return self._hedge

    def pieces_of(self, chunk: int) -> tuple[Piece, ...]:
        """The pieces of one chunk."""
        return self.info(self.chunks[chunk]).pieces

    def before(self, place: Place, count: int) -> list[Piece]:
        """At least `count` pieces before a place (fewer at the start), nearest first."""
        chunk, index = place
        chunks, get = self.chunks, self.info
        out = list(get(chunks[chunk]).pieces[:index][::-1])
        while len(out) < count and chunk > 0:
            chunk -= 1
            out += get(chunks[chunk]).pieces[::-1]
        return out

    def after(self, place: Place, count: int) -> list[Piece]:
        """At least `count` pieces after a place (fewer at the end), nearest first."""
        chunk, index = place
        chunks, get = self.chunks, self.info
        out = list(get(chunks[chunk]).pieces[index + 1 :])
        while len(out) < count and chunk + 1 < len(chunks):
            chunk += 1
            out += get(chunks[chunk]).pieces
        return out

    def through(self, first: Place, last: Place) -> list[Piece]:
        """The pieces from `first` to `last`, both included."""
        chunks, get = self.chunks, self.info
        if first[0] == last[0]:
            return list(get(chunks[first[0]]).pieces[first[1] : last[1] + 1])
        out = list(get(chunks[first[0]]).pieces[first[1] :])
        for c in range(first[0] + 1, last[0]):
            out.extend(get(chunks[c]).pieces)
        out.extend(get(chunks[last[0]]).pieces[: last[1] + 1])
        return out

    def sentence_start(self, chunk: int) -> int:
        """The last chunk before `chunk` where a sentence ends; -1 if none."""
        ending, chunks = self._cache.ending, self.chunks
        for c in range(chunk - 1, -1, -1):
            if chunks[c] in ending:
                return c
        return -1

    def sentence_stop(self, chunk: int) -> int:
        """The first chunk after `chunk` where a sentence ends; the chunk count if none."""
        ending, chunks = self._cache.ending, self.chunks
        for c in range(chunk + 1, len(chunks)):
            if chunks[c] in ending:
                return c
        return len(chunks)

    def words_in(self, first: int, stop: int) -> tuple[int, bool]:
        """How many words chunks first..stop-1 hold, and whether one explains ("because")."""
        if first >= stop:
            return 0, False
        part = self.chunks[first:stop]
        cache = self._cache
        return sum(map(cache.word_counts.__getitem__, part)), not cache.explaining.isdisjoint(part)

    @property
    def pieces(self) -> list[Piece]:
        """Every word and punctuation mark, in order."""
        return list(chain.from_iterable(map(_PIECES_OF, map(self.info, self.chunks))))

    def _chunk_starts(self) -> list[int]:
        """Where each chunk starts in `norm`, less its number (add the chunk's number)."""
        if self._starts is None:
            chunks, norm = self.chunks, self.norm
            ends = list(accumulate(map(len, chunks), initial=0))
            if ends[-1] + len(chunks) - 1 != len(norm) or "\n" in norm:
                # not one white-space character between chunks: find them
                ends = [m.start() - i for i, m in enumerate(_CHUNK.finditer(norm))]
            self._starts = ends
        return self._starts

    def span(self, first: Place, last: Place) -> tuple[int, int]:
        """Character offsets in the original text covering pieces first..last."""
        starts = self._chunk_starts()
        head = self.info(self.chunks[first[0]]).pieces[first[1]]
        tail = self.info(self.chunks[last[0]]).pieces[last[1]]
        start = starts[first[0]] + first[0] + head.offset
        end = starts[last[0]] + last[0] + tail.offset + tail.length
        if self.origin is not None:
            return self.origin[start], self.origin[end - 1] + 1
        return start, end

    def first_words(self, count: int) -> list[str]:
        """The answer's first `count` words."""
        return list(islice(chain.from_iterable(map(_WORD_TEXTS_OF, map(self.info, self.chunks))), count))

    @property
    def word_count(self) -> int:
        """How many words the answer has."""
        if self._word_count < 0:
            self._word_count = sum(map(self._cache.word_counts.__getitem__, self.chunks))
        return self._word_count

    def most_words(self) -> int:
        """A bound on `word_count` that needs little or no counting."""
        # a word takes a character, two words from one contraction at least three, and words
        # apart a separator; else one word a chunk, unless a chunk holds several
        bound = (len(self.norm) + 1) // 2
        if bound > len(self.chunks) and self._cache.several_words.isdisjoint(self.chunks):
            return len(self.chunks)
        return bound

    def all_english(self) -> bool:
        """Whether every word made of letters is in the English lexicon."""
        return self._cache.foreign.isdisjoint(self.chunks)

    def unknown_words(self) -> list[tuple[int, str]]:
        """(content position, word) of every word that is not known English."""
        chunks = self.chunks
        out = []
        for chunk in compress(range(len(chunks)), map(self._cache.slips.__contains__, chunks)):
            first = bisect_left(self.chunk_of, chunk)
            unknown = self.info(chunks[chunk]).unknown
            out.extend((first + k, word) for k, word in enumerate(unknown) if word is not None)
        return out


def tokenise(text: str) -> Tokens:
    """Split an answer into chunks, look each up once, and keep the content stems."""
    global _cache
    norm, origin = normalise(text)
    if "\n" in norm:  # a line break ends a sentence (bullet lists, one point a line)
        chunks = []
        for line in norm.split("\n"):
            chunks.extend(line.split())
            chunks.append("\n")
        chunks.pop()
    else:
        chunks = norm.split()
    cache = _cache
    try:
        values = list(map(cache.stems.__getitem__, chunks))
    except KeyError:  # a chunk not seen before
        if len(cache.chunks) >= CACHE_LIMIT:
            # start afresh; answers tokenised before keep the cache they were read with
            cache = _cache = _Cache()
        get, learn = cache.stems.get, cache.learn
        values = [get(chunk) if chunk in cache.stems else learn(chunk) for chunk in chunks]
    return Tokens(text, norm, origin, chunks, values, cache)
