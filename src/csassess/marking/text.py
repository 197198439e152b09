"""Normalising and tokenising an answer, keeping every word's offsets in the original text.

Candidates' words are highlighted later by character offsets into exactly what they wrote,
so normalisation (NFKC, curly quotes, dashes, case) keeps a map back to the original.

Speed matters (a centre marks hundreds of thousands of answers): tokenising splits on white
space and looks each chunk up once in the chunk cache, keeping the chunks' analyses in a list
beside them; one pass over that list gives the content stems and the word count. Everything
else about the answer (punctuation, clauses, sentences, character offsets) is read from the
analyses by chunk number, and only around the matches found.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left
from itertools import chain, islice
from operator import attrgetter

from csassess.marking.chunks import AUX, BOUNDARY, Chunk, ChunkCache, Piece

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


_CAMEL = re.compile(r"(?<=[a-z]{2})(?=[A-Z][a-z])")
"""Inside "customerService", "managerTeam": words typed without a space (two lower-case
letters first, so "iPhone" and "McDonald" stay whole)."""
_LOWER, _UPPER = b"abcdefghijklmnopqrstuvwxyz", b"ABCDEFGHIJKLMNOPQRSTUVWXYZ"
_SHAPE = bytes(108 if b in _LOWER else 85 if b in _UPPER else 32 for b in range(256))
"""Each ASCII byte as its shape, "l" (lower case), "U" (upper case) or " ": camel case is
"llUl", which bytes.find finds far faster than a regular expression."""


def _camel_parts(text: str) -> frozenset[int]:
    """Where camel-cased words meet (the offset of each inner capital)."""
    if not text.isascii():
        return frozenset(m.start() for m in _CAMEL.finditer(text))
    shape = text.encode("ascii").translate(_SHAPE)
    at = shape.find(b"llUl")
    found: set[int] = set()
    while at >= 0:
        found.add(at + 2)
        at = shape.find(b"llUl", at + 1)
    return frozenset(found)


def normalise(text: str) -> tuple[str, list[int] | None]:
    """Fold Unicode, quotes, dashes and case, and part camel-cased words; return the text and
    each char's origin offset.

    For ASCII text with no camel case the offsets are the identity and None is returned
    instead of a list.
    """
    parts = _camel_parts(text)
    if not parts and text.isascii():
        return text.lower(), None
    out: list[str] = []
    origin: list[int] = []
    for i, char in enumerate(text):
        if i in parts:  # a space where the typist left none
            out.append(" ")
            origin.append(i)
        folded = unicodedata.normalize("NFKC", char).translate(_FOLD).lower()
        out.append(folded)
        origin.extend([i] * len(folded))
    origin.append(len(text))
    return "".join(out), origin


class Tokens:
    """An answer as content stems (the words phrases match on, function words dropped), with
    its chunks' analyses (words, punctuation, flags) read only around the matches found.

    *Content* positions index `stems`, so "pass it on to my manager" puts "pass" and "manager"
    two content positions apart. A piece is addressed as a Place, (chunk, index within the
    chunk); `piece_at` maps a content position to its piece, and `before` / `after` read the
    pieces around it, so judging a match costs what its neighbourhood costs, not the answer.
    """

    __slots__ = (
        "_starts",
        "analyses",
        "chunk_of",
        "chunks",
        "norm",
        "origin",
        "several",
        "stems",
        "text",
        "word_count",
    )

    def __init__(
        self,
        text: str,
        norm: str,
        origin: list[int] | None,
        chunks: list[str],
        analyses: list[Chunk],
        stems: list[str],
        chunk_of: list[int],
        *,
        several: bool,
        spaced: bool,
        word_count: int,
    ) -> None:
        self.text, self.norm, self.origin, self.chunks = text, norm, origin, chunks
        self.analyses = analyses
        """Each chunk's analysis, in the order of `chunks`: read by number, never looked up."""
        self.stems = stems
        """Stem of each content position."""
        self.chunk_of = chunk_of
        """The chunk of each content position (ascending)."""
        self.several = several
        """Some chunk has more than one content stem ("customer-focused")."""
        self.word_count = word_count
        """How many words the answer has."""
        self._starts: list[int] | None = [] if spaced else None
        """Where each chunk starts in `norm`, found when first asked for; empty when one
        space separates chunks and none stands around them, so that lengths locate them."""

    def _locate(self, position: int) -> tuple[Chunk, int, int]:
        """(chunk analysis, chunk number, index among its content stems) of a content position."""
        chunk_of = self.chunk_of
        chunk = chunk_of[position]
        k = position - bisect_left(chunk_of, chunk) if self.several else 0
        return self.analyses[chunk], chunk, k

    def piece_at(self, position: int) -> Place:
        """The piece of a content position."""
        info, chunk, k = self._locate(position)
        return chunk, info.content_pieces[k]

    def _no_clause_break(self, start: int, stop: int) -> bool:
        """Whether no clause ends inside chunks start..stop-1."""
        analyses = self.analyses
        return all(not analyses[c].clauses for c in range(start, stop))

    def same_clause(self, first: int, later: int) -> bool:
        """Whether no clause ends between two content positions (first <= later)."""
        chunk_of = self.chunk_of
        if self._no_clause_break(chunk_of[first], chunk_of[later] + 1):  # the usual case
            return True
        info, c1, k1 = self._locate(first)
        end, c2, k2 = self._locate(later)
        if c1 == c2:
            return info.clause_offsets[k1] == info.clause_offsets[k2]
        if info.clauses != info.clause_offsets[k1] or end.clause_offsets[k2]:
            return False
        return self._no_clause_break(c1 + 1, c2)

    def pieces_of(self, chunk: int) -> tuple[Piece, ...]:
        """The pieces of one chunk."""
        return self.analyses[chunk].pieces

    def before(self, place: Place, count: int) -> list[Piece]:
        """At least `count` pieces before a place (fewer at the start), nearest first."""
        chunk, index = place
        analyses = self.analyses
        out = list(analyses[chunk].pieces[:index][::-1])
        while len(out) < count and chunk > 0:
            chunk -= 1
            out += analyses[chunk].pieces[::-1]
        return out

    def after(self, place: Place, count: int) -> list[Piece]:
        """At least `count` pieces after a place (fewer at the end), nearest first."""
        chunk, index = place
        analyses = self.analyses
        out = list(analyses[chunk].pieces[index + 1 :])
        while len(out) < count and chunk + 1 < len(analyses):
            chunk += 1
            out += analyses[chunk].pieces
        return out

    def through(self, first: Place, last: Place) -> list[Piece]:
        """The pieces from `first` to `last`, both included."""
        analyses = self.analyses
        if first[0] == last[0]:
            return list(analyses[first[0]].pieces[first[1] : last[1] + 1])
        out = list(analyses[first[0]].pieces[first[1] :])
        for c in range(first[0] + 1, last[0]):
            out.extend(analyses[c].pieces)
        out.extend(analyses[last[0]].pieces[: last[1] + 1])
        return out

    @property
    def pieces(self) -> list[Piece]:
        """Every word and punctuation mark, in order."""
        return list(chain.from_iterable(map(_PIECES_OF, self.analyses)))

    def chunk_starts(self) -> list[int] | None:
        """Where each chunk starts in `norm`; None when one space separates chunks and none
        stands around them, so that counting lengths finds them."""
        if self._starts is None:
            self._starts = [m.start() for m in _CHUNK.finditer(self.norm)]
        return self._starts or None

    def span_of(self, first: int, last: int, at: int) -> tuple[int, int]:
        """Offsets in `norm` of content positions first..last, the first's chunk starting at `at`."""
        chunk_of, analyses, starts = self.chunk_of, self.analyses, self.chunk_starts()
        head, tail = chunk_of[first], chunk_of[last]
        k1 = first - bisect_left(chunk_of, head) if self.several else 0
        k2 = last - bisect_left(chunk_of, tail) if self.several else 0
        start = at + analyses[head].content_spans[k1][0]
        if tail == head:
            base = at
        elif starts is not None:
            base = starts[tail]
        else:
            base = at + joined_length(self.chunks, head, tail) + 1
        return start, base + analyses[tail].content_spans[k2][1]

    def first_words(self, count: int) -> list[str]:
        """The answer's first `count` words."""
        return list(islice(chain.from_iterable(map(_WORD_TEXTS_OF, self.analyses)), count))

    def all_english(self, words: int) -> bool:
        """Whether every word made of letters among the first `words` is in the English
        lexicon (or a few more: those of the chunks that hold them)."""
        analyses = self.analyses
        return all(not analyses[c].foreign for c in range(min(words, len(analyses))))

    def unknown_words(self) -> list[tuple[int, str]]:
        """(content position, word) of every word that is not known English."""
        chunk_of, analyses = self.chunk_of, self.analyses
        out: list[tuple[int, str]] = []
        previous = -1
        for position in range(len(chunk_of)):
            chunk = chunk_of[position]
            if chunk == previous:  # a later stem of a chunk read at its first
                continue
            previous = chunk
            if analyses[chunk].slip:
                for k, word in enumerate(analyses[chunk].unknown):
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
    known = cache.chunks
    try:
        analyses = [known[chunk] for chunk in chunks]  # one look-up a chunk
    except KeyError:  # a chunk not seen before: analyse it, and remember it
        analyses = [known.get(chunk) or cache.learn(chunk) for chunk in chunks]
    # what the rest of marking asks of the answer (its words, whether a chunk ends a clause,
    # holds a slip...) is read from the analyses by number, never looked up again
    stems: list[str] = []
    chunk_of: list[int] = []
    characters = words = 0
    several = False
    for c in range(len(analyses)):
        analysis = analyses[c]
        characters += len(chunks[c])
        words += analysis.words
        if analysis.joined:
            stems.append(analysis.joined)
            chunk_of.append(c)
            if analysis.several:
                several = True
    if several:  # a chunk with several stems gives each its own content position
        stems = [stem for c in chunk_of for stem in analyses[c].stems]
        chunk_of = [c for c in chunk_of for _ in analyses[c].stems]
    spaced = not lines and characters + len(chunks) - 1 == len(norm)
    return Tokens(
        text, norm, origin, chunks, analyses, stems, chunk_of,
        several=several, spaced=spaced, word_count=words,
    )  # fmt: skip


LIST_ITEMS = 3
"""Items (separated by commas, semicolons, bullets, line breaks...) a list has at least."""
LIST_ITEM_WORDS = 3.0
"""Words an item of a bare list has at most, on average."""
_SUBJECTS = frozenset("i we you he she they".split())
"""With an auxiliary or a modal, what makes a clause: a bare list has neither, though its
items may be bare verbs ("apologise, investigate, refund")."""


def is_bare_list(tokens: Tokens) -> bool:
    """Whether the answer is a bare list ("replacement, refund, voucher, follow up,
    manager"): at least LIST_ITEMS short items separated by punctuation or line breaks, and
    no clause around them (no auxiliary, modal or subject pronoun: "TCP has these fields: ..."
    or "I would offer ..." make an answer, not a bare list)."""
    analyses = tokens.analyses
    if not analyses:
        return False
    separators = 0
    for analysis in analyses:  # the separators first: most answers stop here
        if analysis.mask & BOUNDARY:
            for piece in analysis.pieces:
                if piece.flags & BOUNDARY:
                    separators += 1
    last = analyses[-1].pieces
    if last and last[-1].flags & BOUNDARY:  # a boundary that ends the answer separates nothing
        separators -= 1
    items = separators + 1
    if items < LIST_ITEMS or tokens.word_count > LIST_ITEM_WORDS * items:
        return False
    for analysis in analyses:
        for piece in analysis.pieces:
            if (piece.flags & AUX and piece.word not in _NOT_VERBS) or piece.word in _SUBJECTS:
                return False
    return True


_NOT_VERBS = frozenset("it this that really always ever at all".split())
"""Auxiliaries (see lexicon.AUXILIARIES) that are not verbs."""
