"""Finding a marking point's evidence in an answer, and placing evidence in its text.

`search_point` runs a point's candidate phrases over the answer, judges each match
(negation, explanation, hedging) only where a negator, a hedge or an explanation rule makes
that necessary, and keeps up to MAX_EVIDENCE mentions. Evidence gets its character offsets
afterwards, all at once and in reading order (`place_evidence`), so the lengths of the
answer's chunks are counted through once however many matches there are.
"""

from __future__ import annotations

from operator import itemgetter

from csassess.marking.compile import CompiledPoint, Group, Phrase
from csassess.marking.match import StemView, find, is_explained, is_hedged, is_negated
from csassess.marking.result import Evidence
from csassess.marking.text import joined_length

MAX_EVIDENCE = 3
"""Mentions kept per point, term or misconception."""
_FIRST = itemgetter(0)


def _evidence(view: StemView, phrase: Phrase, start: int, end: int, fuzzy: bool, hedged: bool) -> Evidence:
    """Evidence for the match at content positions start..end; its character offsets are
    worked out later, all at once in reading order (see place_evidence)."""
    evidence = Evidence(phrase.source, 0, 0, "", fuzzy, hedged)
    view.pending.append((start, end, evidence))
    return evidence


def place_evidence(view: StemView) -> None:
    """Give the evidence found so far its offsets and text, in reading order, so that the
    chunks' lengths are counted through once."""
    pending = view.pending
    pending.sort(key=_FIRST)
    tokens = view.tokens
    chunks, analyses, origin, text = tokens.chunks, tokens.analyses, tokens.origin, tokens.text
    several, chunk_of, starts = tokens.several, tokens.chunk_of, tokens.chunk_starts()
    chunk = at = 0  # `at`: where `chunk` starts in the normalised text
    for first, last, evidence in pending:
        head = chunk_of[first]
        if starts is not None:
            at = starts[head]
        elif head != chunk:
            at += joined_length(chunks, chunk, head) + 1
        chunk = head
        if first == last and not several:  # one word, the chunk's only content word
            start, end = analyses[head].content_spans[0]
            start, end = at + start, at + end
        else:
            start, end = tokens.span_of(first, last, at)
        if origin is not None:
            start, end = origin[start], origin[end - 1] + 1
        evidence.start, evidence.end, evidence.text = start, end, text[start:end]
    pending.clear()


Finding = tuple[list[Evidence], list[Evidence], bool, list[tuple[int, int, int]]]
"""What a point's phrases found: evidence (the explained mention first), negated evidence,
whether a mention was explained, and beside each piece of evidence its first and last
content positions and how specific its phrase is (see specificity)."""


def specificity(phrase: Phrase, stems: list[str], start: int, end: int) -> int:
    """How specific a match is, to decide which point a stretch of the answer earns: more
    words in the phrase (kept function words too) first, then words matched as written
    rather than through a synonym."""
    words = len(phrase.slots) + sum(len(k) for k in phrase.kept)
    written = stems[start] == phrase.slots[0][0][0] and stems[end] == phrase.slots[-1][0][-1]
    return words * 2 + (1 if written else 0)


def search_point(point: CompiledPoint, phrases: list[int], view: StemView, explain_all: bool) -> Finding:
    """A point's evidence from its candidate phrases (by number), each place counted once.

    A negated mention is kept apart when the point says negation cancels it; an explained
    mention leads the evidence when explanation is asked for (or levels count it).
    """
    evidence: list[Evidence] = []
    spans: list[tuple[int, int, int]] = []
    negated: list[Evidence] = []
    explained_any = False
    # places seen, (start, end) as one number: the first kept apart, as most points have
    # one match, and a set made only for a second
    first_seen = -1
    seen: set[int] | None = None
    needs_explaining = point.needs_explanation or explain_all
    cancels = point.negation_cancels and bool(view.negators)
    tokens = view.tokens
    pending = view.pending
    first_hedge = view.first_hedge
    for number in phrases:
        phrase = point.phrases[number]
        check_negation = cancels and not phrase.has_negator
        for start, end, slip in find(phrase, view, point.max_gap):
            key = start << 32 | end
            if key == first_seen:
                continue
            if first_seen < 0:
                first_seen = key
            elif seen is None:
                seen = {key}
            elif key in seen:
                continue
            else:
                seen.add(key)
            if check_negation and view.negation_near(start, end):
                first, last = tokens.piece_at(start), tokens.piece_at(end)
                if is_negated(tokens, first, last):
                    if len(negated) < MAX_EVIDENCE:
                        found = Evidence(phrase.source, 0, 0, "", slip, False)
                        pending.append((start, end, found))
                        negated.append(found)
                    continue
            if (
                needs_explaining
                and not explained_any
                and is_explained(tokens, tokens.piece_at(start), tokens.piece_at(end))
            ):
                # the explained mention leads: it is what earned the point
                hedged = start > first_hedge and is_hedged(tokens, tokens.piece_at(start))
                found = Evidence(phrase.source, 0, 0, "", slip, hedged)
                pending.append((start, end, found))
                evidence.insert(0, found)
                spans.insert(0, (start, end, specificity(phrase, view.stems, start, end)))
                del evidence[MAX_EVIDENCE:]
                del spans[MAX_EVIDENCE:]
                explained_any = True
            elif len(evidence) < MAX_EVIDENCE:
                hedged = start > first_hedge and is_hedged(tokens, tokens.piece_at(start))
                found = Evidence(phrase.source, 0, 0, "", slip, hedged)
                pending.append((start, end, found))
                evidence.append(found)
                spans.append((start, end, specificity(phrase, view.stems, start, end)))
    return evidence, negated, explained_any, spans


def one_point_a_stretch(spans: list[list[tuple[int, int, int]]]) -> list[set[int]]:
    """Which pieces of evidence each point gives up so that one stretch of the answer earns
    one point: given each credited point's evidence spans (first and last content position,
    specificity), the indexes of the evidence each must drop. Two matches are one stretch
    when one's ends are among the other's ("refund" and "offers a refund", or the same two
    words through a synonym); the more specific match keeps it, then the earlier point. The
    ends of "internal and external customers" differ, so a shared head still evidences both."""
    dropped: list[set[int]] = [set() for _ in spans]
    owner: dict[int, int] = {}
    shared = False
    for n, point_spans in enumerate(spans):
        for start, end, _ in point_spans:
            for position in (start, end):
                if owner.setdefault(position, n) != n:
                    shared = True
    if not shared:  # the usual case: no two points touch the same words
        return dropped
    order = sorted(
        ((-score, n, k) for n, point_spans in enumerate(spans) for k, (_, _, score) in enumerate(point_spans))
    )
    claimed: list[tuple[frozenset[int], int]] = []
    for _, n, k in order:
        start, end, _ = spans[n][k]
        ends = frozenset((start, end))
        if any(m != n and (ends <= other or other <= ends) for other, m in claimed):
            dropped[n].add(k)
        else:
            claimed.append((ends, n))
    return dropped


def phrase_hits(
    phrases: Group, numbers: list[int] | None, view: StemView, max_gap: int, *, negation_cancels: bool = True
) -> list[Evidence]:
    """The first MAX_EVIDENCE mentions of any of these phrases."""
    hits: list[Evidence] = []
    if not numbers:
        return hits
    tokens = view.tokens
    negation_cancels = negation_cancels and bool(view.negators)
    for number in numbers:
        phrase = phrases[number]
        for start, end, slip in find(phrase, view, max_gap):
            if (
                negation_cancels
                and not phrase.has_negator
                and view.negation_near(start, end)
                and is_negated(tokens, tokens.piece_at(start), tokens.piece_at(end))
            ):
                continue
            hits.append(_evidence(view, phrase, start, end, slip, False))
            if len(hits) == MAX_EVIDENCE:
                return hits
    return hits
