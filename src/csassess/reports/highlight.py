"""The candidate's own words cut into runs, each run tagged with the credit its words earned.

Works on stored point results (offsets into the answer text). Where the evidence of two
credited points overlaps ("past experience of the company" and "company"), the shorter span
keeps its characters, so both stay visible. Credits are numbered 1, 2, 3... in the order their
highlighted words first appear, so the report can say "your words marked 2 earned this"
without naming the marking point. A credit whose words all lie inside another's highlight
joins that credit. Spans whose offsets do not match the stored words (an answer edited by
hand in the database) are left out rather than highlighting the wrong text.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Segment:
    """A run of the answer: its text and the number of the credit it shows (None: plain text)."""

    text: str
    credit: int | None


@dataclass(frozen=True)
class Credit:
    """Credited words: the credit's number in the highlights and the candidate's words."""

    number: int
    words: tuple[str, ...]


def valid_spans(text: str, evidence: Sequence[Mapping[str, Any]] | None) -> list[tuple[int, int]]:
    """(start, end) of each stored evidence span that really is those words of `text`, in order."""
    out = []
    for e in evidence or ():
        start, end = int(e["start"]), int(e["end"])
        if 0 <= start < end <= len(text) and text[start:end] == e.get("text", text[start:end]):
            out.append((start, end))
    return sorted(set(out))


def _readable(text: str, spans: Sequence[tuple[int, int]]) -> list[str]:
    """The words of the spans, overlapping spans read as one phrase, each phrase once."""
    merged: list[list[int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return list(dict.fromkeys(text[start:end] for start, end in merged))


def _owners(length: int, credited: Sequence[Sequence[tuple[int, int]]]) -> list[tuple[int, int, int | None]]:
    """The answer cut at every span edge: (start, end, index of the credited point whose covering
    span is shortest, ties to the earlier point; None where no credited span covers it)."""
    edges = sorted({0, length, *(edge for spans in credited for span in spans for edge in span)})
    out = []
    for start, end in itertools.pairwise(edges):
        best: tuple[int, int] | None = None
        for index, spans in enumerate(credited):
            for s, e in spans:
                if s <= start and end <= e and (best is None or e - s < best[0]):
                    best = (e - s, index)
        owner = None if best is None else best[1]
        if out and out[-1][2] == owner:
            out[-1] = (out[-1][0], end, owner)
        else:
            out.append((start, end, owner))
    return out


def segments(text: str, points: Sequence[Mapping[str, Any]]) -> tuple[list[Segment], list[Credit]]:
    """The answer in runs tagged with credit numbers, and the credits in number order."""
    credited = [valid_spans(text, p.get("evidence")) for p in points if p.get("credited")]
    credited = [spans for spans in credited if spans]
    pieces = _owners(len(text), credited) if text else []
    number: dict[int, int] = {}
    for _, _, index in pieces:  # numbered in the order their highlighted words first appear
        if index is not None and index not in number:
            number[index] = len(number) + 1

    def owner_at(position: int) -> int:
        return next(i for s, e, i in pieces if s <= position < e and i is not None)

    spans_of: dict[int, list[tuple[int, int]]] = {n: [] for n in number.values()}
    for index, spans in enumerate(credited):
        # a credit with no characters of its own joins the credit that shows its first words
        target = number[index] if index in number else number[owner_at(spans[0][0])]
        spans_of[target] += spans
    runs = [Segment(text[s:e], None if i is None else number[i]) for s, e, i in pieces]
    credits = [Credit(n, tuple(_readable(text, spans_of[n]))) for n in sorted(spans_of)]
    return runs, credits
