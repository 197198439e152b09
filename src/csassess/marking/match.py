"""Finding a compiled phrase in a tokenised answer, and judging the clause around it."""

from __future__ import annotations

from dataclasses import dataclass

from csassess.marking.compile import Alternative, Phrase
from csassess.marking.lexicon import EXPLAIN_MARKERS, NEGATION_INVERTERS
from csassess.marking.text import AUX, BOUNDARY, BREAK, HEDGE, NEG, Piece, Tokens

NEGATION_REACH = 5
"""How many words before a match a negation may stand and still govern it."""


@dataclass(slots=True)
class Match:
    """Where a phrase matched: word indices of its first and last words."""

    first: int
    last: int
    positions: tuple[int, ...]
    """The content positions matched, one or more per slot."""


class StemView:
    """The stems an answer offers one rubric: its own, plus fuzzy corrections."""

    __slots__ = ("fuzzy", "index", "stems")

    def __init__(self, tokens: Tokens, corrections: dict[int, str] | None = None) -> None:
        if not corrections:
            self.stems, self.index, self.fuzzy = tokens.stems, tokens.index, frozenset()
            return
        # copy only what changes: the stems list and the index entries of corrected targets
        self.stems = list(tokens.stems)
        self.index = dict(tokens.index)
        for position, target in corrections.items():
            self.stems[position] = target
            self.index[target] = sorted([*self.index.get(target, ()), position])
        self.fuzzy = frozenset(corrections)


def _fits(view: StemView, alt: Alternative, position: int) -> bool:
    stems = view.stems
    if position + len(alt) > len(stems):
        return False
    return all(stems[position + k] == alt[k] for k in range(1, len(alt)))


def find(phrase: Phrase, tokens: Tokens, view: StemView, max_gap: int) -> list[Match]:
    """Every place the phrase occurs: slots in order, within a sentence, gaps <= max_gap."""
    index, csent = view.index, tokens.csent
    found: list[Match] = []
    if len(phrase.slots) == 1:  # the common case, one word or one fixed run: no gaps to search
        for alt in phrase.slots[0]:
            positions = index.get(alt[0])
            if not positions:
                continue
            content = tokens.content
            width = len(alt)
            for start in positions:
                if width == 1 or _fits(view, alt, start):
                    end = start + width - 1
                    found.append(Match(content[start], content[end], tuple(range(start, end + 1))))
        return found
    content = tokens.content
    for alt in phrase.slots[0]:
        for start in index.get(alt[0], ()):
            if len(alt) > 1 and not _fits(view, alt, start):
                continue
            end = start + len(alt) - 1
            rest = _extend(phrase, 1, end, csent[start], csent, view, max_gap)
            if rest is not None:
                positions = (*range(start, end + 1), *rest)
                found.append(Match(content[start], content[positions[-1]], positions))
    return found


def _extend(
    phrase: Phrase,
    slot: int,
    end: int,
    clause_no: int,
    csent: list[int],
    view: StemView,
    max_gap: int,
) -> tuple[int, ...] | None:
    slots = phrase.slots
    if slot == len(slots):
        return ()
    stems = view.stems
    for alt in slots[slot]:
        for start in view.index.get(alt[0], ()):
            if start <= end:
                continue
            if start - end - 1 > max_gap:
                break
            if csent[start] != clause_no or (len(alt) > 1 and not _fits(view, alt, start)):
                continue
            if any(stems[k] in phrase.own for k in range(end + 1, start)):
                # the words between start the phrase again: "colleague is an internal customer
                # and the caller an external customer" is no "colleague ... external customer"
                continue
            alt_end = start + len(alt) - 1
            rest = _extend(phrase, slot + 1, alt_end, clause_no, csent, view, max_gap)
            if rest is not None:
                return (*range(start, alt_end + 1), *rest)
    return None


def _governs(pieces: list[Piece], j: int) -> bool:
    """Whether the negation at piece j reaches past the next word ("not only", "wouldn't
    hesitate to" turn it away)."""
    following = pieces[j + 1] if j + 1 < len(pieces) else None
    return following is None or following.word not in NEGATION_INVERTERS


def is_negated(tokens: Tokens, match: Match) -> bool:
    """A negation governs the match: before it in its clause ("would not apologise"), inside
    it ("the customer is never wrong"), before a parenthesis ("not, in any case, apologise"),
    or just after it through auxiliaries ("apologising is not needed")."""
    pieces = tokens.pieces
    for j in range(match.first + 1, match.last):
        if pieces[j].flags & NEG and _governs(pieces, j):
            return True
    for j in range(match.first - 1, max(-1, match.first - 1 - NEGATION_REACH), -1):
        flags = pieces[j].flags
        if flags & BOUNDARY:
            return _before_parenthesis(pieces, j)
        if flags & NEG:
            return _governs(pieces, j)
        if flags & BREAK:
            break
    through_aux = False
    for j in range(match.last + 1, min(len(pieces), match.last + 5)):
        flags = pieces[j].flags
        if flags & (BOUNDARY | BREAK):
            break
        if flags & NEG:
            # "apologising is not needed", "escalation not required"; but a bare "no" after a
            # term usually starts the next idea ("connection-oriented - no data loss")
            return through_aux or pieces[j].word == "not"
        if not flags & AUX:
            break
        through_aux = True
    return False


PARENTHESIS_REACH = 6


def _before_parenthesis(pieces: list[Piece], comma: int) -> bool:
    """ "not, under any circumstances, apologise": a negation just before an aside."""
    if pieces[comma].sentence_end:
        return False
    for j in range(comma - 1, max(-1, comma - 1 - PARENTHESIS_REACH), -1):
        if pieces[j].flags & BOUNDARY:
            if pieces[j].sentence_end or j == 0:
                return False
            return bool(pieces[j - 1].flags & NEG)
    return False


def is_hedged(tokens: Tokens, match: Match) -> bool:
    """A hedge ("maybe", "might") stands earlier in the match's clause."""
    pieces = tokens.pieces
    j = match.first - 1
    while j >= 0:
        flags = pieces[j].flags
        if flags & HEDGE:
            return True
        if flags & (BOUNDARY | BREAK):
            return False
        j -= 1
    return False


MIN_EXPLAINED_WORDS = 6


def is_explained(tokens: Tokens, match: Match) -> bool:
    """The match's sentence explains (a linking word, enough words) rather than lists."""
    sentence, pieces = tokens.sentence, tokens.pieces
    own = sentence[match.first]
    low, high = match.first, match.last
    while low > 0 and sentence[low - 1] == own:
        low -= 1
    while high + 1 < len(pieces) and sentence[high + 1] == own:
        high += 1
    words = [p.word for p in pieces[low : high + 1] if p.word is not None]
    return len(words) >= MIN_EXPLAINED_WORDS and not EXPLAIN_MARKERS.isdisjoint(words)
