"""The marking engine: one answer, its question and rubric in; marks with evidence out.

The pipeline is small steps over one answer: normalise and tokenise (`text`, reading each
distinct chunk's analysis from `chunks` once per process), look up the phrases a rubric
compiled once (`compile`) can start, find and judge their matches (`match`) and keep each
point's evidence (`evidence`), turn credited points into marks (`rules`), and judge how sure
the result is (`review`). `marker.Marker` runs them; `choice` marks keyed questions.
The hot modules may run compiled (`_native` says when).
"""

from csassess.marking._native import choose_build

choose_build()  # before any compiled module is imported: a stale build must not mark

from csassess.marking.marker import Marker, mark_answer  # noqa: E402
from csassess.marking.result import AnswerMark  # noqa: E402

__all__ = ["AnswerMark", "Marker", "mark_answer"]
