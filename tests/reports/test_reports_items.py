"""The assessor report: item statistics computed from the results database, flags, option use,
and marking quality (review, examiner decisions, second marking)."""

from __future__ import annotations

import math
import re
import shutil
from pathlib import Path

import pytest
from reportdata import visible_text

from csassess.moderation.review import decide
from csassess.reports import ReportOptions, write_reports
from csassess.reports.data import candidate_records, stored_papers
from csassess.reports.items import paper_statistics
from csassess.reports.paperinfo import paper_info
from csassess.reports.quality import marking_quality
from csassess.reports.tally import PaperTally
from csassess.store import Change, ChangeFact, SecondFact, Store


def _statistics(db: Path):
    with Store(db, create=False) as store:
        ((paper_hash, paper),) = stored_papers(store)
        tally = PaperTally(paper_info(paper))
        for record in candidate_records(store, paper_hash):
            tally.add(record)
    return tally, paper_statistics(tally)


def test_statistics_of_a_hand_made_database(stats_db: Path):
    """Questions 1-3 score (1,1,0,0), (1,1,1,0), (1,0,0,0); the other 27 questions are blank.
    Item variances 1/3 + 1/4 + 1/4, total variance 5/3: alpha = 30/29 * (1 - 0.5), and
    SEM = sqrt(5/3) * sqrt(1 - alpha)."""
    _, statistics = _statistics(stats_db)
    items = statistics.items
    assert [round(i.facility, 4) for i in items[:3]] == [0.5, 0.75, 0.25]
    assert items[0].discrimination == pytest.approx(1 / math.sqrt(2))  # rest-of-test (2,1,1,0)
    # question 3 (1,0,0,0) against (2,2,1,0): dx.dr = 0.75, |dx|^2 = 0.75, |dr|^2 = 2.75
    assert items[2].discrimination == pytest.approx(0.75 / math.sqrt(0.75 * 2.75))
    assert math.isnan(items[3].discrimination) and items[3].facility == 0
    assert statistics.alpha == pytest.approx(30 / 29 * 0.5)
    assert statistics.sem == pytest.approx(math.sqrt(5 / 3) * math.sqrt(1 - 30 / 29 * 0.5))
    assert statistics.mean == pytest.approx(1.5) and statistics.candidates == 4


def test_option_use_and_flags(stats_db: Path):
    """Everyone who missed question 3 chose the same distractor (75% against the key's 25%):
    flagged; the blank questions are flagged as too hard; question 2 is not flagged."""
    _, statistics = _statistics(stats_db)
    third = statistics.items[2]
    shares = {o.option: o.share for o in third.options}
    key = next(o.option for o in third.options if o.key)
    assert shares[key] == 0.25 and max(shares.values()) == 0.75
    assert [f.code for f in third.flags] == ["distractor_beats_key"]
    assert statistics.items[1].flags == ()
    assert "too_hard" in [f.code for f in statistics.items[5].flags]


def test_item_report_prints_the_figures(stats_db: Path, tmp_path: Path):
    """The HTML shows alpha, SEM, each facility and the flag in words."""
    out = tmp_path / "out"
    with Store(stats_db) as store:
        write_reports(store, ReportOptions(out, ("html",)))
    text = visible_text((out / "CS201-SAMPLE-A-items.html").read_text(encoding="utf-8"))
    assert "Cronbach\u2019s alpha 0.52" in text
    assert (
        f"Standard error of measurement {math.sqrt(5 / 3) * math.sqrt(1 - 30 / 29 * 0.5):.2f} marks" in text
    )
    assert re.search(r"3 CS-FND-MC-006 choice 1 0\.25 0\.25 0\.52 option \w \(75%\) was chosen more", text)
    assert "<svg" in (out / "CS201-SAMPLE-A-items.html").read_text(encoding="utf-8")


def test_marking_quality_counts_decisions_and_second_marks(examples_db: Path, tmp_path: Path):
    """A reviewer's change and two second marks (one beyond tolerance) show in the assessor
    report, with the centre and item they came from."""
    db = tmp_path / "results.db"
    shutil.copy(examples_db, db)
    with Store(db, create=False) as store:
        script = next(s for s in store.current_scripts() if s.candidate == "0001")
        first, second = script.answers[13], script.answers[14]
        decide(store, Change(first.answer_id, first.mark - 1, "E. Khan", "reviewer", "marking_error", ""))
        sample = store.save_sample(
            "R. Patel", 7, 0.1, 1, 2, [(first.answer_id, 1, "random"), (second.answer_id, 0, "random")]
        )
        store.record_second_mark(sample.sample_id, 1, first.answer_id, first.mark - 1, "R. Patel")
        store.record_second_mark(sample.sample_id, 0, second.answer_id, second.mark - 1, "R. Patel")
        out = tmp_path / "out"
        write_reports(store, ReportOptions(out, ("html",)))
    text = visible_text((out / "CS201-SAMPLE-A-items.html").read_text(encoding="utf-8"))
    assert "Examiner decisions 1, of which 1 changed a mark" in text
    assert "marking_error 1" in text and "reviewer 1" in text
    assert "Answers second-marked 2" in text
    assert "Exact agreement 50%" in text
    assert "Within the item\u2019s tolerance 50%" in text
    assert "Mean difference (second \u2212 first) -0.50" in text
    assert re.search(r"C10234 \d+ of \d+ \d+% 1 1", text)


def test_marking_quality_from_facts(paper):
    """Shares, changed marks, roles and agreement from plain facts, no database."""
    tally = PaperTally(paper_info(paper))
    tally.answers_by.update({("A", "q1"): 10, ("B", "q1"): 10})
    tally.flagged.update({("A", "q1"): 4})
    tally.reasons.update({"fuzzy_only": 3, "short": 1})
    changes = [
        ChangeFact(1, "A", "q1", 2, 2, 1, "x", "reviewer", "marking_error"),
        ChangeFact(2, "A", "q1", 1, 1, 1, "x", "moderator", "engine_mark_confirmed"),
    ]
    seconds = [
        SecondFact(1, "A", "q1", 1, 1, 1, "exact"),
        SecondFact(3, "B", "q1", 0, 2, 1, "beyond"),
        SecondFact(4, "B", "q1", 2, 1, 1, "within"),
    ]
    quality = marking_quality(tally, changes, seconds)
    assert quality.flagged_share == 0.2 and quality.changed == 1 and quality.decisions == 2
    assert [(s.label, s.count) for s in quality.by_role] == [("reviewer", 1), ("moderator", 1)]
    agreement = quality.agreement
    assert agreement is not None
    assert (agreement.exact, agreement.within_one) == pytest.approx((1 / 3, 2 / 3))
    assert agreement.within_tolerance == pytest.approx(2 / 3)
    assert agreement.mean_difference == pytest.approx(1 / 3) and agreement.mean_absolute == pytest.approx(1.0)
    assert [(d.review.label, d.changed, d.beyond) for d in quality.centres] == [("A", 1, 0), ("B", 0, 1)]
