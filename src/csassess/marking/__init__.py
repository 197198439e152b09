"""The marking engine: one answer, its question and rubric in; marks with evidence out.

The pipeline is small steps over one answer: normalise and tokenise (`text`), find the
evidence for each marking point (`match`), apply negation, explanation and misconception
checks, turn credited points into marks (`rules`), and judge how sure the result is
(`review`). `marker.Marker` runs them; `choice` marks keyed questions.
"""

from csassess.marking.marker import Marker, mark_answer
from csassess.marking.result import AnswerMark

__all__ = ["AnswerMark", "Marker", "mark_answer"]
