"""General advice: a weakness that recurs across answers, in plain words."""

from __future__ import annotations

from csassess.models.rubric import MarkingPoint
from csassess.reports.advice import AnswerWeakness, recurring_advice


def point(pid: str, text: str) -> MarkingPoint:
    return MarkingPoint(id=pid, text=text, evidence=["x"], feedback="Add it.")


REFER = point("refer-supervisor", "Refers the complaint to a supervisor or team leader")
APOLOGY = point("apologise", "Apologises for the delay")
OTHER = point("other", "Gives a relevant example")


def weakness(points, missed, terms=(), full=False) -> AnswerWeakness:
    return AnswerWeakness(points, frozenset(p.id for p in missed), list(terms), full)


def test_escalation_missed_in_two_answers_gives_one_piece_of_advice():
    """Two answers that could have named who to pass the problem to, and neither did."""
    advice = recurring_advice([weakness([REFER, OTHER], [REFER]), weakness([REFER], [REFER])])
    assert [a.title for a in advice] == ["Say who you would pass a problem on to"]
    assert advice[0].never and (advice[0].missed, advice[0].chances) == (2, 2)
    assert "refer-supervisor" not in advice[0].text and "Refers" not in advice[0].text


def test_a_single_miss_or_a_full_mark_answer_gives_no_advice():
    """Once is that question's feedback; an answer with full marks lost nothing."""
    assert recurring_advice([weakness([REFER], [REFER]), weakness([REFER], [])]) == []
    assert recurring_advice([weakness([REFER], [REFER]), weakness([REFER], [REFER], full=True)]) == []


def test_advice_counts_the_times_it_was_shown_too():
    """Missed twice, shown once: advice says 2 of 3, not never."""
    answers = [weakness([APOLOGY], [APOLOGY]), weakness([APOLOGY], [APOLOGY]), weakness([APOLOGY], [])]
    (advice,) = recurring_advice(answers)
    assert (advice.missed, advice.chances, advice.never) == (2, 3, False)


def test_a_term_missing_from_several_answers_is_named():
    """The expected term "escalation" was missing twice and used once."""
    answers = [
        weakness([OTHER], [], [("escalation", "missing")]),
        weakness([OTHER], [], [("escalation", "misused")]),
        weakness([OTHER], [], [("escalation", "used"), ("empathy", "missing")]),
    ]
    (advice,) = recurring_advice(answers)
    assert "\u201cescalation\u201d" in advice.title
    assert (advice.missed, advice.chances) == (2, 3)
