"""Each blueprint requirement on small synthetic banks built so that ignoring it would show."""

from __future__ import annotations

import itertools
import json
from pathlib import Path

from asmdata import build, item_ids, mcq, outcome_marks, scenario, write_blueprint, write_content

from csassess.assembly.assemble import write_assembly
from csassess.assembly.exposure import ExposureHistory, HistoryForm, HistoryPaper, read_history
from csassess.models.items import Scenario

HASH = "sha256:" + "0" * 64


def test_enemies_are_never_on_one_form(tmp_path: Path) -> None:
    """LO1 needs 2 marks from E1, E2, E3 where E1 and E2 are enemies: E3 is always taken."""
    items = [mcq("E1", "LO1", enemies=["E2"]), mcq("E2", "LO1"), mcq("E3", "LO1"), mcq("X1", "LO2")]
    content = write_content(tmp_path / "bank", items)
    bp = write_blueprint(tmp_path, "total_marks: 3\noutcomes:\n  LO1: {min: 2}\n")
    for seed in range(4):
        ids = set(item_ids(build(bp, content, seed=seed).papers[0]))
        assert "E3" in ids and not {"E1", "E2"} <= ids, (seed, ids)


def test_scenario_parts_count_towards_their_own_outcomes(tmp_path: Path) -> None:
    """A scenario is taken whole; its parts' marks count towards each part's outcome."""
    items = [scenario("S1", [("LO1", 2), ("LO2", 1), ("LO3", 1)]), *[mcq(f"M{i}", "LO4") for i in range(4)]]
    content = write_content(tmp_path / "bank", items)
    bp = write_blueprint(tmp_path, "total_marks: 6\nmin_scenarios: 1\noutcomes:\n  LO4: {max: 2}\n")
    paper = build(bp, content).papers[0]
    scenarios = [fi.item for s in paper.sections for fi in s.items if isinstance(fi.item, Scenario)]
    assert [p.id for p in scenarios[0].parts] == ["S1.a", "S1.b", "S1.c"]
    assert outcome_marks(paper) == {"LO1": 2, "LO2": 1, "LO3": 1, "LO4": 2}


def test_kind_counts_are_exact_when_min_equals_max(tmp_path: Path) -> None:
    """Exactly one scenario and three multiple-choice items, though others would fit the marks."""
    items = [
        scenario("S1", [("LO1", 1), ("LO2", 1)]),
        scenario("S2", [("LO1", 1), ("LO2", 1)]),
        *[mcq(f"M{i}", "LO3") for i in range(6)],
    ]
    content = write_content(tmp_path / "bank", items)
    bp = write_blueprint(
        tmp_path,
        "total_marks: 5\nkinds:\n  scenario: {min: 1, max: 1}\n  multiple_choice: {min: 3, max: 3}\n",
    )
    stats = build(bp, content).stats[0]
    assert stats.kinds == {"scenario": 1, "multiple_choice": 3}
    assert stats.marks == 5


def test_outcome_max_is_honoured(tmp_path: Path) -> None:
    """At most 1 mark of LO1 although LO1 items are plentiful."""
    items = [*[mcq(f"A{i}", "LO1") for i in range(6)], *[mcq(f"B{i}", "LO2") for i in range(3)]]
    content = write_content(tmp_path / "bank", items)
    bp = write_blueprint(tmp_path, "total_marks: 4\noutcomes:\n  LO1: {max: 1}\n")
    assert outcome_marks(build(bp, content).papers[0]) == {"LO1": 1, "LO2": 3}


def test_difficulty_mean_is_met_exactly(tmp_path: Path) -> None:
    """Mean 2.0 with no tolerance from easy and hard items only: as many easy as hard marks."""
    items = [mcq(f"E{i}", "LO1", difficulty="easy") for i in range(5)]
    items += [mcq(f"H{i}", "LO1", difficulty="hard") for i in range(5)]
    content = write_content(tmp_path / "bank", items)
    bp = write_blueprint(tmp_path, "total_marks: 6\ndifficulty: {mean: 2.0, tolerance: 0}\n")
    stats = build(bp, content).stats[0]
    assert stats.level_marks == {"easy": 3, "medium": 0, "hard": 3}


def test_difficulty_distribution_by_marks(tmp_path: Path) -> None:
    """Marks per level: exactly 1 easy, 2 medium and 1 hard mark."""
    items = [mcq(f"{lv[0]}{i}", "LO1", difficulty=lv) for lv in ("easy", "medium", "hard") for i in range(4)]
    content = write_content(tmp_path / "bank", items)
    bp = write_blueprint(
        tmp_path,
        "total_marks: 4\ndifficulty:\n  marks:\n    easy: {min: 1, max: 1}\n    medium: {min: 2, max: 2}\n"
        "    hard: {min: 1, max: 1}\n",
    )
    assert build(bp, content).stats[0].level_marks == {"easy": 1, "medium": 2, "hard": 1}


def test_overlap_is_as_large_as_allowed_and_no_larger(tmp_path: Path) -> None:
    """Two 5-item forms from 9 items with at most 20% overlap must share exactly one item."""
    content = write_content(tmp_path / "bank", [mcq(f"M{i}", f"LO{1 + i % 4}") for i in range(9)])
    bp = write_blueprint(tmp_path, "total_marks: 5\nforms: 2\nmax_overlap: 0.2\n")
    a, b = build(bp, content).stats
    assert len(a.items) == len(b.items) == 5
    assert a.shared_with(b) == 1


def test_no_overlap_means_disjoint_forms(tmp_path: Path) -> None:
    """max_overlap 0: three forms never share an item."""
    content = write_content(tmp_path / "bank", [mcq(f"M{i}", f"LO{1 + i % 4}") for i in range(12)])
    bp = write_blueprint(tmp_path, "total_marks: 4\nforms: 3\n")
    stats = build(bp, content).stats
    for a, b in itertools.combinations(stats, 2):
        assert a.shared_with(b) == 0


def test_large_bank_deals_interchangeable_items_without_repeats(tmp_path: Path) -> None:
    """With too many items to count shared pairs, interchangeable items are grouped and dealt out:
    ten forms, no item on two of them, each form with the same outcome marks."""
    items = [mcq(f"M{i:03d}", f"LO{1 + i % 4}", difficulty=("easy", "hard")[i % 2]) for i in range(480)]
    content = write_content(tmp_path / "bank", items)
    bp = write_blueprint(
        tmp_path,
        "total_marks: 8\nforms: 10\nmax_overlap: 0.2\noutcomes:\n"
        + "".join(f"  LO{i}: {{min: 2, max: 2}}\n" for i in range(1, 5))
        + "difficulty: {mean: 2.0, tolerance: 0}\n",
    )
    built = build(bp, content)
    assert built.pool.merged and built.shares_interchangeable
    every = [i for s in built.stats for i in s.items]
    assert len(every) == len(set(every)) == 80
    assert all(s.outcome_marks == {f"LO{i}": 2 for i in range(1, 5)} for s in built.stats)
    assert all(s.mean_difficulty == 2.0 for s in built.stats)


def _history(*papers: tuple[str, list[str]]) -> ExposureHistory:
    return ExposureHistory(
        papers=[
            HistoryPaper(paper=name, seed=0, forms=[HistoryForm(form="A", content_hash=HASH, items=items)])
            for name, items in papers
        ]
    )


def test_exposure_excludes_items_of_the_last_papers(tmp_path: Path) -> None:
    """exclude_last 1 leaves out the newest other paper's items, not older ones."""
    content = write_content(tmp_path / "bank", [mcq(f"M{i}", "LO1") for i in range(8)])
    bp = write_blueprint(tmp_path, "total_marks: 4\nexposure:\n  history: history.json\n  exclude_last: 1\n")
    history = _history(("OLDER", ["M4", "M5", "M6", "M7"]), ("NEWER", ["M0", "M1", "M2", "M3"]))
    ids = set(item_ids(build(bp, content, history=history).papers[0]))
    assert ids == {"M4", "M5", "M6", "M7"}


def test_exposure_max_uses_counts_past_and_new_forms(tmp_path: Path) -> None:
    """max_uses 1: items used before are out, and two new forms may not share any item."""
    content = write_content(tmp_path / "bank", [mcq(f"M{i}", "LO1") for i in range(7)])
    bp = write_blueprint(
        tmp_path,
        "total_marks: 3\nforms: 2\nmax_overlap: 0.5\nexposure:\n  history: history.json\n  max_uses: 1\n",
    )
    built = build(bp, content, history=_history(("OLD", ["M0"])))
    a, b = built.stats
    assert "M0" not in a.items + b.items
    assert a.shared_with(b) == 0


def test_history_is_written_and_a_rebuild_replaces_its_own_entry(tmp_path: Path) -> None:
    """The history gains this paper's forms with their hashes; building again replaces the entry
    (so a rebuild does not avoid its own first attempt) and gives the same forms."""
    content = write_content(tmp_path / "bank", [mcq(f"M{i}", "LO1") for i in range(8)])
    bp = write_blueprint(
        tmp_path, "total_marks: 3\nforms: 2\nexposure:\n  history: history.json\n  exclude_last: 3\n"
    )
    path = tmp_path / "history.json"
    old = _history(("OLD", ["M7"]))
    first = build(bp, content, history=old)
    write_assembly(first, tmp_path / "out", path, old)
    written = read_history(path)
    assert [p.paper for p in written.papers] == ["OLD", "SYN-PAPER"]
    entry = written.papers[1]
    assert [f.content_hash for f in entry.forms] == [p.content_hash for p in first.papers]
    assert [f.items for f in entry.forms] == [list(s.items) for s in first.stats]
    again = build(bp, content, history=written)
    write_assembly(again, tmp_path / "out", path, written)
    assert [p.paper for p in read_history(path).papers] == ["OLD", "SYN-PAPER"]
    assert [p.content_hash for p in again.papers] == [p.content_hash for p in first.papers]
    assert not list(tmp_path.glob(".history.json.*"))  # no temporary file left behind
    assert json.loads(path.read_text(encoding="utf-8"))["kind"] == "exposure_history"


def test_draft_and_retired_items_are_never_chosen(tmp_path: Path) -> None:
    """Only live items are candidates, even when the others would fit."""
    items = [mcq("D1", "LO1", status="draft"), mcq("R1", "LO1", status="retired")]
    items += [mcq(f"L{i}", "LO1") for i in range(3)]
    content = write_content(tmp_path / "bank", items)
    bp = write_blueprint(tmp_path, "total_marks: 3\n")
    assert set(item_ids(build(bp, content).papers[0])) == {"L0", "L1", "L2"}
