"""Blueprints that cannot be met say which requirement, where, and with the numbers that show it."""

from __future__ import annotations

from pathlib import Path

import pytest
from asmdata import build, mcq, scenario, write_blueprint, write_content

from csassess.assembly.exposure import ExposureHistory, HistoryForm, HistoryPaper
from csassess.findings import ContentError


def _line(path: Path, text: str) -> int:
    """The 1-based line of the first line of `path` that contains `text`."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(i for i, line in enumerate(lines, 1) if text in line)


def _explain(blueprint: Path, content: Path, history: ExposureHistory | None = None) -> tuple[str, list[str]]:
    """The headline and `line: field: message` of each finding, checking each points into `blueprint`."""
    with pytest.raises(ContentError) as caught:
        build(blueprint, content, history=history)
    for finding in caught.value.findings:
        assert finding.path == str(blueprint)
    return getattr(caught.value, "headline", ""), [
        f"{f.line}: {f.field}: {f.message}" for f in caught.value.findings
    ]


@pytest.fixture
def lo3_bank(tmp_path: Path) -> Path:
    """8 live marks of LO3 (and a 5-mark draft LO3 item that does not count), 10 of LO1."""
    items = [
        mcq("L3-A", "LO3", marks=3),
        mcq("L3-B", "LO3", marks=5),
        mcq("L3-D", "LO3", marks=5, status="draft"),
    ]
    items += [mcq(f"L1-{i}", "LO1", marks=2) for i in range(5)]
    return write_content(tmp_path / "bank", items)


def test_outcome_short_of_live_marks(tmp_path: Path, lo3_bank: Path) -> None:
    """The issue's own example, word for word, at the line of LO3's min."""
    bp = write_blueprint(tmp_path, "total_marks: 14\noutcomes:\n  LO3: {min: 12}\n")
    headline, lines = _explain(bp, lo3_bank)
    assert headline == "the live items cannot meet this requirement:"
    assert lines == [
        f"{_line(bp, 'LO3:')}: outcomes.LO3.min: "
        "outcome LO3 needs at least 12 marks but only 8 marks of live LO3 items exist"
    ]


def test_total_marks_short(tmp_path: Path, lo3_bank: Path) -> None:
    """More marks than all live items hold."""
    bp = write_blueprint(tmp_path, "total_marks: 40\n")
    _, lines = _explain(bp, lo3_bank)
    assert lines == [
        f"{_line(bp, 'total_marks')}: total_marks: each form needs 40 marks but the live items of the "
        "sections' kinds add up to 18"
    ]


def test_too_few_items_of_a_kind(tmp_path: Path) -> None:
    """Three scenarios asked of a bank with two."""
    items = [scenario("S1", [("LO1", 1), ("LO2", 1)]), scenario("S2", [("LO1", 1), ("LO2", 1)])]
    items += [mcq(f"M{i}", "LO1") for i in range(6)]
    content = write_content(tmp_path / "bank", items)
    bp = write_blueprint(tmp_path, "total_marks: 6\nkinds:\n  scenario: {min: 3}\n")
    _, lines = _explain(bp, content)
    assert lines == [
        f"{_line(bp, 'scenario: {min')}: kinds.scenario.min: 3 scenarios wanted but the bank has only 2 live"
    ]


def test_difficulty_mean_out_of_reach(tmp_path: Path) -> None:
    """A mean of 2.8 from medium and easy items only."""
    items = [mcq(f"E{i}", "LO1", difficulty="easy") for i in range(4)] + [
        mcq(f"M{i}", "LO1") for i in range(4)
    ]
    content = write_content(tmp_path / "bank", items)
    bp = write_blueprint(tmp_path, "total_marks: 4\ndifficulty: {mean: 2.8, tolerance: 0.1}\n")
    _, lines = _explain(bp, content)
    assert lines == [
        f"{_line(bp, 'difficulty:')}: difficulty.mean: mean difficulty 2.8 ± 0.1 cannot be reached: "
        "the hardest live items average 2.00"
    ]


def test_too_few_distinct_items_for_the_overlap(tmp_path: Path) -> None:
    """Two 5-item forms sharing at most one item need 9 distinct items; the bank has 8."""
    content = write_content(tmp_path / "bank", [mcq(f"M{i}", "LO1") for i in range(8)])
    bp = write_blueprint(tmp_path, "total_marks: 5\nforms: 2\nmax_overlap: 0.2\n")
    _, lines = _explain(bp, content)
    assert lines == [
        f"{_line(bp, 'max_overlap')}: max_overlap: 2 forms with at most 20% overlap need at least 9 "
        "distinct items but only 8 are eligible"
    ]


def test_shortfall_names_what_the_exposure_history_left_out(tmp_path: Path, lo3_bank: Path) -> None:
    """An outcome short because recent papers used its items says how many marks they hold."""
    bp = write_blueprint(
        tmp_path,
        "total_marks: 4\noutcomes:\n  LO3: {min: 3}\nexposure:\n  history: h.json\n  exclude_last: 1\n",
    )
    history = ExposureHistory(
        papers=[
            HistoryPaper(
                paper="LAST",
                seed=1,
                forms=[HistoryForm(form="A", content_hash="sha256:" + "0" * 64, items=["L3-A", "L3-B"])],
            )
        ]
    )
    _, lines = _explain(bp, lo3_bank, history=history)
    assert lines == [
        f"{_line(bp, 'LO3:')}: outcomes.LO3.min: outcome LO3 needs at least 3 marks but only 0 marks "
        "of live LO3 items exist (8 more marks left out by the exposure history)"
    ]


def test_conflicting_requirements_are_named_together(tmp_path: Path) -> None:
    """Six 1-mark questions cannot make a 5-mark paper: both requirements, each at its line."""
    content = write_content(tmp_path / "bank", [mcq(f"M{i}", "LO1") for i in range(10)])
    bp = write_blueprint(
        tmp_path, "total_marks: 5\nkinds:\n  multiple_choice: {min: 6}\noutcomes:\n  LO1: {max: 9}\n"
    )
    headline, lines = _explain(bp, content)
    assert headline == "no form can meet these 2 requirements together; relax any one of them:"
    assert lines == [
        f"{_line(bp, 'total_marks')}: total_marks: exactly 5 marks per form cannot be met together with: "
        "at least 6 multiple-choice items",
        f"{_line(bp, 'multiple_choice:')}: kinds.multiple_choice.min: at least 6 multiple-choice items "
        "cannot be met together with: exactly 5 marks per form",
    ]


def test_enemies_in_a_conflict_are_named(tmp_path: Path) -> None:
    """LO1's only two items are enemies, so LO1's 2 marks cannot be had: the enemies rule is named."""
    items = [mcq("E1", "LO1", enemies=["E2"]), mcq("E2", "LO1"), *[mcq(f"M{i}", "LO2") for i in range(3)]]
    content = write_content(tmp_path / "bank", items)
    bp = write_blueprint(tmp_path, "total_marks: 3\noutcomes:\n  LO1: {min: 2}\n")
    _, lines = _explain(bp, content)
    assert [line.split(": ", 2)[2] for line in lines] == [
        "enemy items never on one form cannot be met together with: outcome LO1 at least 2 marks",
        "outcome LO1 at least 2 marks cannot be met together with: enemy items never on one form",
    ]


def test_blueprint_errors_that_no_items_could_fix(tmp_path: Path, lo3_bank: Path) -> None:
    """A max below its min, an unknown outcome (with a suggestion) and a kind with no section."""
    bp = write_blueprint(
        tmp_path,
        "total_marks: 4\noutcomes:\n  LO1: {min: 3, max: 2}\n  LO33: {min: 1}\n"
        "kinds:\n  short_answer: {min: 1}\n",
    )
    _, lines = _explain(bp, lo3_bank)
    assert lines == [
        f"{_line(bp, 'LO1:')}: outcomes.LO1.max: max 2 is below min 3",
        f"{_line(bp, 'LO33:')}: outcomes.LO33: unknown learning outcome 'LO33' in U1; did you mean 'LO3'?",
        f"{_line(bp, 'short_answer')}: kinds.short_answer.min: no section takes short_answer items; "
        "name the kind in a section's kinds",
    ]
