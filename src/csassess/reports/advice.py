"""General advice for a candidate: weaknesses that recur across several answers.

A single missed point is answered by that question's feedback. When the same kind of idea
is missed in two or more answers (never saying who a problem goes to, never saying what
happens next) or the same expected term is missing again and again, one piece of advice
covers them all. Themes are recognised from the wording of the missed marking points; the
advice itself is plain words written for candidates and names no marking point.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from csassess.models.rubric import MarkingPoint

MIN_REPEATS = 2


@dataclass(frozen=True)
class Theme:
    """A kind of idea customer-service answers often need, and what to tell a candidate who misses it."""

    id: str
    pattern: re.Pattern[str]
    """Matched against a marking point's mark-scheme wording (never shown)."""
    title: str
    advice: str


def _words(*stems: str) -> re.Pattern[str]:
    return re.compile(r"\b(?:" + "|".join(stems) + r")", re.IGNORECASE)


THEMES: tuple[Theme, ...] = (
    Theme(
        "escalation",
        _words(
            "refer", "escalat", "supervisor", "manager", "team leader", "authority", "pass(?:es)? (?:it )?on"
        ),
        "Say who you would pass a problem on to",
        "When a problem is beyond what you can do yourself, name who you would pass it to (for example "
        "a supervisor or team leader) and what you would tell them, so the customer is not left waiting.",
    ),
    Theme(
        "next-steps",
        _words(
            "what happens next",
            "timescale",
            "follow",
            "keeps? (?:\\w+ )?(?:informed|updated)",
            "call back",
            "ring back",
            "by when",
        ),
        "Tell the customer what happens next, and when",
        "After dealing with a problem, say what will happen next, by when, and how you will keep the "
        "customer informed or check that they are satisfied.",
    ),
    Theme(
        "feelings",
        _words("apologis", "empath", "feelings", "frustration", "sympath", "acknowledges the"),
        "Show the customer you understand how they feel",
        "Before moving to a solution, apologise where it is right to and show you understand how the "
        "customer feels.",
    ),
    Theme(
        "listening",
        _words(
            "listen", "interrupt", "clarif", "asks? questions", "check(?:s|ing)? understanding", "summaris"
        ),
        "Show how you would find out what the customer needs",
        "Say how you would listen, ask questions and check you have understood before acting.",
    ),
    Theme(
        "information",
        _words("confidential", "data protection", "identity", "security", "personal data", "records?\\b"),
        "Say how you would look after the customer's information",
        "Mention checking who the customer is, keeping their details private and recording what was "
        "agreed where it is relevant.",
    ),
)


@dataclass(frozen=True)
class Advice:
    """One piece of general advice and how often the weakness showed."""

    title: str
    text: str
    missed: int
    """Answers in which the weakness showed."""
    chances: int
    """Answers in which it could have earned marks or was expected."""

    @property
    def never(self) -> bool:
        """The candidate never showed it where it counted."""
        return self.missed == self.chances


@dataclass(frozen=True)
class AnswerWeakness:
    """What one free-text answer missed: the marking points and expected terms it lacked."""

    points: Sequence[MarkingPoint]
    missed_points: frozenset[str]
    terms: Sequence[tuple[str, str]]
    """(term, status) with status used, missing or misused."""
    full_marks: bool
    """An answer with full marks missed nothing that mattered, whatever points it left out."""


def _theme_of(point: MarkingPoint) -> Theme | None:
    return _theme_of_text(point.text)


@lru_cache(maxsize=4096)
def _theme_of_text(text: str) -> Theme | None:
    """The first theme whose words the mark-scheme wording uses (papers reuse points: cached)."""
    return next((t for t in THEMES if t.pattern.search(text)), None)


def recurring_advice(answers: Sequence[AnswerWeakness]) -> list[Advice]:
    """Advice for each theme missed in at least two answers, then each expected term missing as often."""
    chances: dict[str, int] = {}
    missed: dict[str, int] = {}
    for answer in answers:
        themes_here = {t.id: t for p in answer.points if (t := _theme_of(p))}
        credited_themes = {
            t.id for p in answer.points if p.id not in answer.missed_points and (t := _theme_of(p))
        }
        for theme_id in themes_here:
            chances[theme_id] = chances.get(theme_id, 0) + 1
            if theme_id not in credited_themes and not answer.full_marks:
                missed[theme_id] = missed.get(theme_id, 0) + 1
    out = [
        Advice(t.title, t.advice, missed[t.id], chances[t.id])
        for t in THEMES
        if missed.get(t.id, 0) >= MIN_REPEATS
    ]
    term_chances: dict[str, int] = {}
    term_missing: dict[str, int] = {}
    for answer in answers:
        for term, status in answer.terms:
            term_chances[term] = term_chances.get(term, 0) + 1
            if status != "used":
                term_missing[term] = term_missing.get(term, 0) + 1
    for term, count in term_missing.items():
        if count >= MIN_REPEATS:
            out.append(
                Advice(
                    f"Use the term \u201c{term}\u201d",
                    f"Examiners expect the term \u201c{term}\u201d in answers about this. Use it, and show "
                    "what it means by explaining it in your own words.",
                    count,
                    term_chances[term],
                )
            )
    return out
