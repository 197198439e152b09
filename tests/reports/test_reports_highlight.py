"""Highlights: exactly the credited evidence, numbered in reading order, overlaps kept visible."""

from __future__ import annotations

from csassess.reports.highlight import segments, valid_spans

TEXT = "I would say sorry and escalate it to my team leader, then ring her back."


def span(text: str, words: str, occurrence: int = 0) -> dict[str, object]:
    start = -1
    for _ in range(occurrence + 1):
        start = text.index(words, start + 1)
    return {"start": start, "end": start + len(words), "text": words, "phrase": "internal phrase"}


def highlighted(runs) -> set[int]:
    out, at = set(), 0
    for run in runs:
        if run.credit is not None:
            out |= set(range(at, at + len(run.text)))
        at += len(run.text)
    return out


def test_highlights_cover_exactly_the_credited_evidence():
    """Every character of credited evidence is highlighted and nothing else; uncredited and
    negated evidence stays plain; the runs put back together are the answer."""
    points = [
        {"id": "refer", "credited": True, "evidence": [span(TEXT, "escalate it to my team leader")]},
        {"id": "timescale", "credited": True, "evidence": [span(TEXT, "ring her back")]},
        {"id": "apology", "credited": False, "unexplained": True, "evidence": [span(TEXT, "say sorry")]},
        {"id": "negated", "credited": False, "evidence": [], "negated": [span(TEXT, "would")]},
    ]
    runs, credits = segments(TEXT, points)
    assert "".join(r.text for r in runs) == TEXT
    refer = TEXT.index("escalate")
    expected = set(range(refer, refer + 29)) | set(range(TEXT.index("ring"), TEXT.index("ring") + 13))
    assert highlighted(runs) == expected
    assert [(c.number, c.words) for c in credits] == [
        (1, ("escalate it to my team leader",)),
        (2, ("ring her back",)),
    ]


def test_credits_are_numbered_in_reading_order():
    """The point listed last in the rubric but written first gets number 1."""
    points = [
        {"id": "b", "credited": True, "evidence": [span(TEXT, "ring her back")]},
        {"id": "a", "credited": True, "evidence": [span(TEXT, "say sorry")]},
    ]
    runs, credits = segments(TEXT, points)
    assert [r.credit for r in runs if r.credit] == [1, 2]
    assert credits[0].words == ("say sorry",)


def test_overlapping_evidence_keeps_both_credits_visible():
    """A short span inside a longer one keeps its characters, so both numbers show."""
    points = [
        {"id": "long", "credited": True, "evidence": [span(TEXT, "escalate it to my team leader")]},
        {"id": "short", "credited": True, "evidence": [span(TEXT, "team leader")]},
    ]
    runs, credits = segments(TEXT, points)
    assert [(r.text, r.credit) for r in runs if r.credit] == [
        ("escalate it to my ", 1),
        ("team leader", 2),
    ]
    assert credits[0].words == ("escalate it to my team leader",)


def test_a_credit_hidden_inside_another_joins_it():
    """Evidence entirely inside a shorter span of another point adds its words to that credit."""
    points = [
        {"id": "a", "credited": True, "evidence": [span(TEXT, "team")]},
        {"id": "b", "credited": True, "evidence": [span(TEXT, "team leader")]},
    ]
    runs, credits = segments(TEXT, points)
    assert [(r.text, r.credit) for r in runs if r.credit] == [("team", 1), (" leader", 2)]
    assert len(credits) == 2


def test_spans_that_do_not_match_the_words_are_left_out():
    """Offsets past the end or over different words (a hand-edited database) highlight nothing."""
    bad = [{"start": 2, "end": 7, "text": "other"}, {"start": 60, "end": 900, "text": "x"}]
    assert valid_spans(TEXT, bad) == []
    runs, credits = segments(TEXT, [{"id": "x", "credited": True, "evidence": bad}])
    assert credits == [] and all(r.credit is None for r in runs)


def test_an_empty_answer_has_no_runs():
    """Nothing written, nothing highlighted."""
    assert segments("", []) == ([], [])
