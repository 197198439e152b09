"""Explaining a mark in terms a rubric author reads: which words earned which point."""

from __future__ import annotations

from csassess.marking.result import AnswerMark


def highlight_segments(text: str, mark: AnswerMark) -> list[tuple[str, str | None]]:
    """The answer cut into runs, each tagged with the marking point its words evidence.

    Credited evidence wins over negated evidence where spans overlap; earlier points win ties.
    """
    owner: list[str | None] = [None] * len(text)
    for point in mark.points:
        for evidence in point.negated:
            for i in range(evidence.start, min(evidence.end, len(text))):
                owner[i] = owner[i] or f"~{point.id}"
    for point in mark.points:
        if not point.credited:
            continue
        for evidence in point.evidence:
            for i in range(evidence.start, min(evidence.end, len(text))):
                if owner[i] is None or owner[i].startswith("~"):  # type: ignore[union-attr]
                    owner[i] = point.id
    segments: list[tuple[str, str | None]] = []
    for i, char in enumerate(text):
        if segments and segments[-1][1] == owner[i]:
            segments[-1] = (segments[-1][0] + char, owner[i])
        else:
            segments.append((char, owner[i]))
    return segments
