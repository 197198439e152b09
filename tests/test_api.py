"""The Python API: `Content` and `Results` hand on to the library, and `import csassess` stays cheap."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

import csassess
from batchdata import EXAMPLES, ROOT
from csassess import Change, Content, Results
from csassess.assembly.freeze import freeze_paper
from csassess.content.bundled import bundled_paths
from csassess.content.contentset import load_content
from csassess.marking import Marker
from csassess.reports import ReportOptions

HEAVY = ("numpy", "jinja2", "ortools", "weasyprint", "matplotlib")


@pytest.fixture(scope="module")
def content() -> Content:
    """The bundled content behind the facade."""
    return Content.bundled()


def test_import_csassess_loads_no_heavy_library():
    """`import csassess` loads none of numpy, jinja2, ortools, weasyprint or matplotlib."""
    code = f"import csassess, sys; print([m for m in {HEAVY!r} if m in sys.modules])"
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert loaded.stdout.strip() == "[]"


def test_public_names_load_on_first_use():
    """The lazy names are the library's own objects; an unknown name is an AttributeError."""
    from csassess.api import Content as ApiContent
    from csassess.store import Change as StoreChange

    assert (csassess.Content, csassess.Change) == (ApiContent, StoreChange)
    assert set(csassess.__all__) <= set(dir(csassess))
    with pytest.raises(AttributeError, match="no attribute 'Nothing'"):
        _ = csassess.Nothing


def test_content_check_finds_no_errors_in_the_bundled_content(content):
    """The bundled content passes its own checks."""
    assert [f for f in content.check() if f.severity == "error"] == []


def test_content_mark_is_the_engine_mark(content):
    """Marking one answer through the facade gives what the engine gives, evidence and all."""
    answer = "I would escalate it to my team leader and tell them what the customer has already tried"
    result = content.mark("CS-COM-SA-010", answer)
    raw = load_content(bundled_paths())
    expected = Marker().mark(
        raw.question("CS-COM-SA-010"), answer, raw.rubric("CS-COM-SA-010"), raw.synonyms_of["CS-COM-SA-010"]
    )
    assert result.as_dict() == expected.as_dict()
    assert [p.id for p in result.points if p.credited] == ["right-person", "info-tried"]


def test_content_freeze_matches_freezing_by_hand(content, frozen):
    """Freezing the sample paper through the facade gives the same content hash as the library."""
    assert content.freeze(ROOT / "papers" / "cs201-sample.yaml").content_hash == frozen.content_hash
    again = freeze_paper(content.content.papers[0].model, content.content)
    assert again.id == frozen.id


def test_content_assemble_builds_the_forms_asked_for(content):
    """Assembling the bundled blueprint for one form gives one frozen form of 60 marks."""
    assembly = content.assemble(ROOT / "papers" / "cs201-blueprint.yaml", forms=1, seed=3)
    assert [(p.form, p.total_marks) for p in assembly.papers] == [("A", 60)]


def test_results_mark_remark_and_verify(frozen, tmp_path):
    """Marking, marking again (nothing changed) and the clerical re-check, on one open database."""
    with Results(tmp_path / "r.db") as results:
        first = results.mark(frozen, [EXAMPLES], workers=0)
        again = results.mark(frozen, [EXAMPLES], workers=0)
        remarked = results.remark(frozen, workers=0)
        report = results.verify()
    assert (first.marked, again.skipped, remarked.remarked) == (50, 50, 0)
    assert (report.ok, report.scripts) == (True, 50)


def test_results_review_and_decide(db_copy):
    """The review queue, one answer in full, and a decision that moves the candidate's total."""
    with Results(db_copy, create=False) as results:
        entry = results.review_queue()[0]
        detail = results.answer(entry.answer_id)
        new_mark = 0 if detail.mark else 1
        change = results.decide(Change(entry.answer_id, new_mark, "E. Khan", "reviewer", "marking_error"))
        after = results.answer(entry.answer_id)
        left = [e.answer_id for e in results.review_queue()]
    assert detail.question_id == entry.question_id
    assert (change.old_mark, change.new_mark, after.mark) == (detail.mark, new_mark, new_mark)
    assert entry.answer_id not in left


def test_results_second_marking_and_agreement(db_copy):
    """A sample, its queue, a second mark beyond tolerance, the senior queue and the agreement."""
    with Results(db_copy, create=False) as results:
        draw = results.sample("J. Patel", share=0.05, seed=3)
        waiting = results.second_queue("J. Patel")
        first = results.answer(waiting[0].answer_id)
        gap = first.max_mark if first.mark == 0 else 0
        second = results.second_mark(first.answer_id, gap, "J. Patel")
        senior = results.senior_queue()
        agreement = results.agreement(draw.sample.sample_id)
    assert draw.new and len(waiting) == draw.sample.random + draw.sample.coverage
    assert second.first_mark == first.mark
    expect_senior = second.outcome == "beyond"
    assert (first.answer_id in {e.answer_id for e, _ in senior}) == expect_senior
    assert agreement.overall is not None and agreement.overall.n == 1


def test_results_export_and_reports(db_copy, tmp_path):
    """Export writes every candidate; reports write an index and a report per candidate."""
    out = tmp_path / "results.json"
    with Results(db_copy, create=False) as results:
        count = results.export(out)
        summary = results.reports(ReportOptions(tmp_path / "reports", ("html",)))
    assert count == 50 == len(json.loads(out.read_text(encoding="utf-8"))["candidates"])
    assert summary.candidates == 50
    assert summary.index == tmp_path / "reports" / "index.html"
    assert Path(summary.index).is_file()
