"""Finding a compiled phrase in a tokenised answer, and judging the clause around it.

A match is a tuple (first content position, last content position, fuzzy): whether any of
its words was read through a spelling slip. Negation, hedges and explanation are judged on
pieces (words and punctuation), only around matches found.
"""

from __future__ import annotations

from bisect import bisect_left

from csassess.marking.chunks import (
    AUX,
    BOUNDARY,
    BREAK,
    COMPL,
    COORD,
    END,
    HEDGE,
    HEDGE_STEMS,
    MOD,
    NEAR_AFTER,
    NEAR_BEFORE,
    NEG,
    NEGATOR_STEMS,
    NOUNISH,
    SKIP,
    VERBAL,
    Piece,
)
from csassess.marking.compile import Alternative, Phrase
from csassess.marking.lexicon import EXPLAIN_MARKERS, NEGATION_INVERTERS
from csassess.marking.result import Evidence
from csassess.marking.text import Place, Tokens

NEGATION_REACH = 5
"""How many words before a match a negation may stand and still govern it."""

_NEGATORS = tuple(sorted(NEGATOR_STEMS))
_HEDGES = tuple(sorted(HEDGE_STEMS))

Match = tuple[int, int, bool]
"""First and last content positions of a match, and whether a spelling slip was read."""


class StemView:
    """One answer as one rubric sees it: the stems it offers (its own, plus fuzzy
    corrections), the positions of those the rubric's phrases can match, where negators and
    hedges stand, and the evidence found so far that still waits for its character offsets."""

    __slots__ = ("first_hedge", "fuzzy", "index", "negators", "pending", "stems", "tokens")

    fuzzy: frozenset[int]
    """Content positions read through a spelling slip."""

    def __init__(
        self, tokens: Tokens, index: dict[str, list[int]], corrections: dict[int, str] | None = None
    ) -> None:
        self.tokens = tokens
        self.pending: list[tuple[int, int, Evidence]] = []
        """Evidence found, with its content positions, waiting for its character offsets."""
        # a few look-ups in the index (the hash of each stem is known), not a set operation
        found = [index[s] for s in _NEGATORS if s in index]
        self.negators: list[int] = found[0] if len(found) == 1 else sorted(p for ps in found for p in ps)
        """Content positions of possible negators, in order: a match with none near is not negated."""
        hedges = [index[s][0] for s in _HEDGES if s in index]
        self.first_hedge = min(hedges) if hedges else len(tokens.stems)
        """Content position of the first possible hedge: a match before it is not hedged."""
        if not corrections:
            self.stems, self.index, self.fuzzy = tokens.stems, index, frozenset()
            return
        # a corrected position is found under its new stem too (and still under its own)
        self.stems = list(tokens.stems)
        for position, target in corrections.items():
            self.stems[position] = target
            index[target] = sorted([*index.get(target, ()), position])
        self.index = index
        self.fuzzy = frozenset(corrections)

    def negation_near(self, start: int, end: int) -> bool:
        """Whether a negator stands close enough to content positions start..end to govern
        them (no rule reaches further than NEAR_BEFORE content words before, NEAR_AFTER after)."""
        negators = self.negators
        i = bisect_left(negators, start - NEAR_BEFORE)
        return i < len(negators) and negators[i] <= end + NEAR_AFTER


def _fits(stems: list[str], alt: Alternative, position: int) -> bool:
    if position + len(alt) > len(stems):
        return False
    return all(stems[position + k] == alt[k] for k in range(1, len(alt)))


def find(phrase: Phrase, view: StemView, max_gap: int) -> list[Match]:
    """Every place the phrase occurs: slots in order, within a clause, gaps <= max_gap."""
    index, stems, fuzzy = view.index, view.stems, view.fuzzy
    found: list[Match] = []
    if phrase.words is not None:  # one slot of single words: just look them up
        for word in phrase.words:
            positions = index.get(word)
            if positions:
                for start in positions:
                    found.append((start, start, start in fuzzy))
        return found
    slots = phrase.slots
    kept = phrase.kept
    single = len(slots) == 1  # one word or one fixed run: no gaps to search
    for alt in slots[0]:
        positions = index.get(alt[0])
        if not positions:
            continue
        width = len(alt)
        for start in positions:
            if width > 1 and not _fits(stems, alt, start):
                continue
            if kept and kept[0] and not _kept_before(view.tokens, start, kept[0], _written_at(phrase, 0)):
                continue
            end = start + width - 1
            slip = bool(fuzzy) and not fuzzy.isdisjoint(range(start, end + 1))
            if single:
                if not kept or _kept_after(view.tokens, end, kept[-1], _written_at(phrase, -1)):
                    found.append((start, end, slip))
                continue
            rest = _extend(phrase, 1, end, start, view, max_gap)
            if rest is not None:
                found.append((start, rest[0], slip or rest[1]))
    return found


EDGE_REACH = 4
"""Skippable words (articles, possessives, modifiers) allowed between a phrase's kept word
at its edge and its first or last content word ("to my senior team leader")."""


_NONE: frozenset[str] = frozenset()


def _written_at(phrase: Phrase, place: int) -> frozenset[str]:
    """The function words the phrase itself has at a place (see Phrase.written)."""
    return phrase.written[place] if phrase.written else _NONE


def _kept_before(tokens: Tokens, start: int, words: tuple[str, ...], own: frozenset[str]) -> bool:
    """Whether the kept words stand, in order, just before content position `start`, with
    only skippable words, or the phrase's own words there, between."""
    reach = len(words) + EDGE_REACH * 2
    return _kept_beside(tokens.before(tokens.piece_at(start), reach), words[::-1], own)


def _kept_after(tokens: Tokens, end: int, words: tuple[str, ...], own: frozenset[str]) -> bool:
    """Whether the kept words stand, in order, just after content position `end`."""
    if not words:
        return True
    return _kept_beside(tokens.after(tokens.piece_at(end), len(words) + EDGE_REACH * 2), words, own)


def _kept_beside(pieces: list[Piece], words: tuple[str, ...], own: frozenset[str]) -> bool:
    """Whether `words` come first among pieces (nearest first), skippable words and the
    phrase's own function words there ("what was already tried") aside."""
    need = 0
    skipped = 0
    for piece in pieces:
        if need == len(words):
            return True
        if piece.word is None:
            return False
        if piece.word == words[need]:
            need += 1
        elif piece.word in own:
            continue
        elif piece.flags & (SKIP | MOD) and skipped < EDGE_REACH:
            skipped += 1
        else:
            return False
    return need == len(words)


def gap_holds_modifiers(pieces: list[Piece], words: tuple[str, ...], own: frozenset[str] = _NONE) -> bool:
    """Whether the pieces between two of a phrase's words hold its kept words there, in
    order, and otherwise only what may stand inside a phrase: modifiers, function words, an
    object ("refer the matter to"), a second modifier of a shared head ("internal and
    external customers"); not a new verb, nor a second noun after "and" (someone else: "the
    manager and the customer agreed"), nor a sentence end. A function word the phrase itself
    has there (`own`: "or" in "yes or no", "was" in "what was already tried") always may."""
    need = 0
    coordinated = False
    for piece in pieces:
        word = piece.word
        flags = piece.flags
        if word is None:
            if piece.sentence_end:
                return False
            continue
        if need < len(words) and word == words[need]:
            need += 1
        elif word in own:
            continue
        elif flags & VERBAL:
            return False
        elif flags & COORD:
            coordinated = True
        elif coordinated and flags & NOUNISH:
            return False
    return need == len(words)


def _extend(
    phrase: Phrase, slot: int, end: int, origin: int, view: StemView, max_gap: int
) -> tuple[int, bool] | None:
    """The last position of the earliest way slots `slot`.. follow `end` in the clause of
    `origin`, and whether a spelling slip was read on the way; None if there is none."""
    stems, index, fuzzy = view.stems, view.index, view.fuzzy
    last_slot = slot + 1 == len(phrase.slots)
    for alt in phrase.slots[slot]:
        positions = index.get(alt[0])
        if not positions or positions[-1] <= end:
            continue
        for start in positions:
            if start <= end:
                continue
            if start - end - 1 > max_gap:
                break
            if len(alt) > 1 and not _fits(stems, alt, start):
                continue
            if start > end + 1 and not phrase.own.isdisjoint(stems[end + 1 : start]):
                # the words between start the phrase again: "colleague is an internal customer
                # and the caller an external customer" is no "colleague ... external customer"
                continue
            if not view.tokens.same_clause(origin, start) and not _breaks_are_own(
                view.tokens, phrase, origin, start
            ):
                continue
            if not _gap_fits(view.tokens, phrase, slot, end, start):
                continue
            alt_end = start + len(alt) - 1
            slip = bool(fuzzy) and not fuzzy.isdisjoint(range(start, alt_end + 1))
            if last_slot:
                if phrase.kept and not _kept_after(
                    view.tokens, alt_end, phrase.kept[-1], _written_at(phrase, -1)
                ):
                    continue
                return alt_end, slip
            rest = _extend(phrase, slot + 1, alt_end, origin, view, max_gap)
            if rest is not None:
                return rest[0], slip or rest[1]
    return None


def _breaks_are_own(tokens: Tokens, phrase: Phrase, origin: int, start: int) -> bool:
    """Whether every clause break between content positions origin and start is a word the
    phrase itself has ("or" in "buy or use"), so saying the phrase does not end its clause."""
    if not phrase.written:
        return False
    own: frozenset[str] = _NONE.union(*phrase.written[1:-1])
    for piece in tokens.through(tokens.piece_at(origin), tokens.piece_at(start)):
        if piece.clause_end and (piece.word is None or piece.word not in own):
            return False
    return True


def _gap_fits(tokens: Tokens, phrase: Phrase, slot: int, end: int, start: int) -> bool:
    """Whether what stands between content positions end and start (slot `slot` of the
    phrase starting at `start`) may stand inside the phrase (see gap_holds_modifiers)."""
    words = phrase.kept[slot] if phrase.kept else ()
    chunk_of = tokens.chunk_of
    if not words and start == end + 1 and chunk_of[start] - chunk_of[end] <= 1:
        return True  # neighbours: nothing but punctuation stands between
    first, last = tokens.piece_at(end), tokens.piece_at(start)
    return gap_holds_modifiers(tokens.through(first, last)[1:-1], words, _written_at(phrase, slot))


def is_negated(tokens: Tokens, first: Place, last: Place) -> bool:
    """A negation governs the match spanning pieces first..last: before it in its clause
    ("would not apologise"), inside it ("the customer is never wrong"), before a parenthesis
    ("not, in any case, apologise"), or just after it through auxiliaries ("apologising is
    not needed"). A negation that compares ("not as long as", "no more than") denies nothing,
    and one before a clause of its own ("does not say how long the refund takes") governs the
    verb before that clause, not the match."""
    if first != last:
        inside = tokens.through(first, last)
        for j in range(1, len(inside) - 1):
            if (
                inside[j].flags & NEG
                and inside[j + 1].word not in NEGATION_INVERTERS
                and not compares(inside[j + 1 :] + tokens.after(last, COMPARISON_REACH))
            ):
                return True
    analyses = tokens.analyses
    chunk, index = first
    pieces = analyses[chunk].pieces
    following = pieces[index]
    for _ in range(NEGATION_REACH):
        while not index:  # step back to the previous chunk with pieces
            if not chunk:
                break
            chunk -= 1
            pieces = analyses[chunk].pieces
            index = len(pieces)
        if not index:
            break
        index -= 1
        piece = pieces[index]
        flags = piece.flags
        if flags & BOUNDARY:
            if piece.sentence_end:
                return False
            return _before_parenthesis(tokens.before((chunk, index), PARENTHESIS_REACH + 1))
        if flags & NEG:
            # "not only", "wouldn't hesitate to" turn the negation away from what follows
            if following.word in NEGATION_INVERTERS:
                return False
            return not compares(tokens.after((chunk, index), COMPARISON_REACH))
        if flags & (BREAK | COMPL):  # a clause of its own starts ("how", "whether")
            break
        following = piece
    through_aux = False
    for piece in tokens.after(last, 4)[:4]:
        flags = piece.flags
        if flags & (BOUNDARY | BREAK):
            break
        if flags & NEG:
            # "apologising is not needed", "escalation not required"; but a bare "no" after a
            # term usually starts the next idea ("connection-oriented - no data loss")
            return through_aux or piece.word == "not"
        if not flags & AUX:
            break
        through_aux = True
    return False


PARENTHESIS_REACH = 6
COMPARISON_REACH = 6
_MORE_OR_LESS = frozenset({"more", "less", "fewer"})


def compares(after: list[Piece]) -> bool:
    """Whether the pieces after a negator (nearest first) make it a comparison, not a denial:
    "not as long as", "doesn't take as long as", "no more than", "not less than"."""
    words = [p.word for p in after[:COMPARISON_REACH]]
    if words and words[0] in _MORE_OR_LESS and "than" in words[1:4]:
        return True
    if "as" in words:
        first = words.index("as")
        return first < 3 and "as" in words[first + 1 : first + 4]
    return False


def _before_parenthesis(back: list[Piece]) -> bool:
    """ "not, under any circumstances, apologise": a negation just before an aside, given
    the pieces before its closing comma, nearest first."""
    for i, piece in enumerate(back[:PARENTHESIS_REACH]):
        if piece.flags & BOUNDARY:
            if piece.sentence_end or i + 1 == len(back):  # nothing before: the aside opens the answer
                return False
            return bool(back[i + 1].flags & NEG)
    return False


_CLAUSE_EDGE = BOUNDARY | BREAK


def is_hedged(tokens: Tokens, first: Place) -> bool:
    """A hedge ("maybe", "might") stands earlier in the clause of the match starting at `first`."""
    chunk, index = first
    for piece in tokens.pieces_of(chunk)[:index][::-1]:
        if piece.flags & HEDGE:
            return True
        if piece.flags & _CLAUSE_EDGE:
            return False
    analyses = tokens.analyses
    for c in range(chunk - 1, -1, -1):
        info = analyses[c]
        if info.mask & (HEDGE | _CLAUSE_EDGE):  # most chunks are one plain word: skip them whole
            for piece in info.pieces[::-1]:
                if piece.flags & HEDGE:
                    return True
                if piece.flags & _CLAUSE_EDGE:
                    return False
    return False


MIN_EXPLAINED_WORDS = 6


def is_explained(tokens: Tokens, first: Place, last: Place) -> bool:
    """The sentence of the match spanning pieces first..last explains (a linking word, enough
    words) rather than lists. Reads outwards from the match and stops once both are seen."""
    match = tokens.through(first, last)
    words = [p.word for p in match if p.word is not None]
    count, explains = len(words), not EXPLAIN_MARKERS.isdisjoint(words)
    analyses = tokens.analyses
    if not any(p.flags & END for p in match[1:]):  # the match ends in the sentence it starts in
        chunk, index = last
        pieces = analyses[chunk].pieces[index + 1 :]
        while True:
            for piece in pieces:
                if piece.flags & END:
                    break
                if piece.word is not None:
                    count += 1
                    explains = explains or piece.word in EXPLAIN_MARKERS
            else:
                # on through whole chunks until one that ends a sentence
                chunk += 1
                while chunk < len(analyses) and not analyses[chunk].mask & END:
                    count += analyses[chunk].words
                    explains = explains or analyses[chunk].explains
                    if explains and count >= MIN_EXPLAINED_WORDS:
                        return True
                    chunk += 1
                if chunk < len(analyses):
                    pieces = analyses[chunk].pieces
                    continue
            break
    if explains and count >= MIN_EXPLAINED_WORDS:
        return True
    chunk, index = first
    pieces = analyses[chunk].pieces[:index][::-1]
    while True:
        for piece in pieces:
            if piece.flags & END:
                break
            if piece.word is not None:
                count += 1
                explains = explains or piece.word in EXPLAIN_MARKERS
        else:
            chunk -= 1
            while chunk >= 0 and not analyses[chunk].mask & END:
                count += analyses[chunk].words
                explains = explains or analyses[chunk].explains
                if explains and count >= MIN_EXPLAINED_WORDS:
                    return True
                chunk -= 1
            if chunk >= 0:
                pieces = analyses[chunk].pieces[::-1]
                continue
        break
    return explains and count >= MIN_EXPLAINED_WORDS
