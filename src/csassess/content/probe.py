"""Asking the marking engine what it makes of single phrases: how each compiles, which texts
contain it. Rubric checks and calibration use this so that they judge a phrase exactly as
marking will, never by a look-alike of their own.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from csassess.marking import Marker
from csassess.marking.compile import compile_phrase
from csassess.models.items import Question
from csassess.models.rubric import MarkingPoint, Rubric


def compiled_slots(phrase: str) -> int:
    """How many words of the phrase the engine matches on (synonyms aside)."""
    return len(compile_phrase(phrase, {}).slots)


def says_no(phrase: str) -> bool:
    """Whether the engine reads the phrase itself as negative ("no sequence number")."""
    return compile_phrase(phrase, {}).has_negator


class PhraseProbe:
    """Which of a set of phrases the engine finds in a text, each phrase on its own.

    Each phrase is a one-point rubric of its own, so that phrases never compete for the
    same words of the text; negation is ignored (the phrase's words are there either way).
    """

    def __init__(
        self,
        question: Question,
        phrases: Iterable[str],
        synonyms: Mapping[str, list[str]] | None = None,
        *,
        max_gap: int = 3,
        fuzzy: bool = False,
    ) -> None:
        self.question = question
        self.synonyms = synonyms
        self.marker = Marker(fuzzy=fuzzy, language_check=False)
        self.rubrics = {
            phrase: Rubric(
                item=question.id,
                version=1,
                max_gap=max_gap,
                marking_points=[
                    MarkingPoint(
                        id="probe", text=phrase, evidence=[phrase], negation_cancels=False, feedback="-"
                    )
                ],
            )
            for phrase in dict.fromkeys(phrases)
        }

    def found(self, text: str, phrases: Sequence[str] | None = None) -> set[str]:
        """The phrases (of those probed, or of `phrases`) the engine finds in `text`."""
        out = set()
        for phrase in self.rubrics if phrases is None else phrases:
            compiled = self.marker.compiled(self.rubrics[phrase], self.synonyms)
            # mark_text, not mark: a probe reads any question's text, keyed ones too
            if self.marker.mark_text(self.question, text, compiled).points[0].credited:
                out.add(phrase)
        return out
