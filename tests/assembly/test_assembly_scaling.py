"""A bank large enough for the shortlist: forms stay valid and reproducible, a limited or
stopped search keeps its best forms with the gap, and a search that finds none says what was open."""

from __future__ import annotations

import itertools
import random
from pathlib import Path

import pytest
from asmdata import mcq, scenario, write_blueprint, write_content

from csassess.assembly.assemble import (
    Assembly,
    InterruptedBeforeFormsError,
    NoFormsFoundError,
    assemble,
)
from csassess.assembly.budget import Progress, Watch
from csassess.assembly.limits import Limits
from csassess.assembly.model import choosable
from csassess.assembly.solver import SHORTLIST_FROM
from csassess.content.contentset import ContentSet, load_content
from csassess.content.loading import load_file

OUTCOMES = 12
LEVELS = ("easy", "medium", "hard")
PARALLEL = (
    "total_marks: 20\nforms: 4\nmax_overlap: 0.2\nmin_scenarios: 1\n"
    "kinds:\n  scenario: {min: 1, max: 2}\n  multiple_choice: {min: 6, max: 16}\n"
    "outcomes:\n" + "".join(f"  LO{i}: {{max: 4}}\n" for i in range(1, OUTCOMES + 1))
)
"""Four 20-mark forms, every outcome at most 4 marks."""
ON_TARGET = PARALLEL + "difficulty: {mean: 2.0, tolerance: 0.2}\n"
OFF_GRID = PARALLEL + "difficulty: {mean: 2.03, tolerance: 0.2}\n"
"""A mean no 20-mark form can hit exactly (2.03 x 20 = 40.6 points: each form is at least 40
hundredths off), so no set of forms reaches distance 0 and the search cannot prove its forms
the best early."""


def _bank_items(seed: int = 3) -> list[dict[str, object]]:
    """1,200 multiple-choice items and 1,200 two-part scenarios over 12 outcomes: the scenarios
    are mostly unlike each other, so the pool has well over SHORTLIST_FROM choices."""
    rng = random.Random(seed)
    items: list[dict[str, object]] = []
    for i in range(1200):
        items.append(mcq(f"M{i:04d}", f"LO{rng.randint(1, OUTCOMES)}", difficulty=rng.choice(LEVELS)))
    for i in range(1200):
        parts = [(f"LO{rng.randint(1, OUTCOMES)}", rng.randint(1, 3)) for _ in range(2)]
        items.append(scenario(f"S{i:04d}", parts, difficulty=rng.choice(LEVELS)))
    return items


@pytest.fixture(scope="module")
def big_bank(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, ContentSet]:
    """The bank as files (for the CLI) and loaded (for the library)."""
    folder = write_content(tmp_path_factory.mktemp("big") / "bank", _bank_items(), outcomes=OUTCOMES)
    return folder, load_content([folder])


def _assemble(
    blueprint: Path,
    content: ContentSet,
    *,
    seed: int = 5,
    limits: Limits | None = None,
    watch: Watch | None = None,
) -> Assembly:
    loaded = load_file(blueprint, expected="blueprint")
    return assemble(loaded, content, seed=seed, limits=limits or Limits(work_limit=20.0), watch=watch)


def test_the_pool_is_large_enough_for_the_shortlist(
    tmp_path: Path, big_bank: tuple[Path, ContentSet]
) -> None:
    """The scenario bank gives more usable choices than the shortlist threshold."""
    built = _assemble(write_blueprint(tmp_path, ON_TARGET), big_bank[1])
    assert len(choosable(built.blueprint, built.pool)) > SHORTLIST_FROM


def test_shortlisted_forms_meet_the_blueprint(tmp_path: Path, big_bank: tuple[Path, ContentSet]) -> None:
    """Forms fitted one at a time from the shortlist keep every requirement and the overlap limit."""
    built = _assemble(write_blueprint(tmp_path, ON_TARGET), big_bank[1])
    assert built.result.status == "optimal" and built.result.gap == 0.0
    assert len(built.stats) == 4
    for s in built.stats:
        assert s.marks == 20
        assert all(m <= 4 for m in s.outcome_marks.values()), s.outcome_marks
        assert 1 <= s.kinds.get("scenario", 0) <= 2 and 6 <= s.kinds.get("multiple_choice", 0) <= 16
        assert abs(s.mean_difficulty - 2.0) <= 0.2 + 1e-9
    for a, b in itertools.combinations(built.stats, 2):
        assert a.overlap_with(b) <= 0.2
    assert all(s.outcome_marks == built.stats[0].outcome_marks for s in built.stats)  # distance 0


def test_same_seed_same_forms_other_seed_other_forms(
    tmp_path: Path, big_bank: tuple[Path, ContentSet]
) -> None:
    """The shortlist and the search follow the seed: the same seed twice gives the same items."""
    bp = write_blueprint(tmp_path, ON_TARGET)
    first, again, other = (_assemble(bp, big_bank[1], seed=s).result.forms for s in (5, 5, 6))
    assert first == again
    assert first != other


def test_a_work_limited_search_keeps_its_best_forms_with_the_gap(
    tmp_path: Path, big_bank: tuple[Path, ContentSet]
) -> None:
    """With too little work to prove them the best, every form is still built, and the result
    says what stopped it and how far from the best the forms may be."""
    built = _assemble(write_blueprint(tmp_path, OFF_GRID), big_bank[1], limits=Limits(work_limit=1.0))
    result = built.result
    assert result.status == "feasible" and result.stopped_by == "work limit"
    assert len(built.papers) == 4
    assert result.objective is not None and result.objective >= 4 * 40  # 41 points aimed at 40.6
    assert result.gap is not None and 0.0 < result.gap <= 1.0
    assert result.verdict.startswith("stopped at the work limit; forms are ")


def test_a_stop_after_the_first_full_set_keeps_it(tmp_path: Path, big_bank: tuple[Path, ContentSet]) -> None:
    """Ctrl-C's flag raised once all four forms exist: the search ends there and returns them."""
    seen: list[Progress] = []

    def on_progress(progress: Progress) -> None:
        seen.append(progress)
        if progress.forms_found == progress.forms:
            watch.stop()

    watch = Watch(on_progress)
    built = _assemble(write_blueprint(tmp_path, OFF_GRID), big_bank[1], watch=watch)
    assert built.result.status == "feasible" and built.result.stopped_by == "interrupted"
    assert len(built.papers) == 4
    assert [p.forms_found for p in seen[:4]] == [1, 2, 3, 4]
    assert seen[-1].distance == built.result.objective
    assert built.result.verdict.startswith("interrupted; forms are ")


def test_a_stop_before_a_full_set_says_nothing_was_written(
    tmp_path: Path, big_bank: tuple[Path, ContentSet]
) -> None:
    """Stopped after the first of four forms: there is no full set to keep, and the error says so."""
    watch = Watch(lambda progress: watch.stop())
    with pytest.raises(InterruptedBeforeFormsError, match="before a full set of forms was found"):
        _assemble(write_blueprint(tmp_path, ON_TARGET), big_bank[1], watch=watch)


def test_no_forms_in_the_limits_says_what_was_still_open(tmp_path: Path) -> None:
    """Forms that exist only with items the overlap forbids sharing, found by no search in a
    tiny budget: 'unknown', and the message names the requirements still open."""
    items = [mcq(f"M{i:02d}", f"LO{1 + i % 4}", enemies=[f"M{(i + 1) % 40:02d}"]) for i in range(40)]
    content = load_content([write_content(tmp_path / "bank", items)])
    bp = write_blueprint(tmp_path, "total_marks: 10\nforms: 4\noutcomes:\n  LO1: {min: 2, max: 3}\n")
    with pytest.raises(NoFormsFoundError) as caught:
        _assemble(bp, content, limits=Limits(work_limit=0.001))
    message = str(caught.value)
    assert message.startswith("no forms found before the work limit")
    assert "still open" in message or "no single form was found" in message
    assert "--work-limit" not in message and caught.value.limit == "work"  # the CLI adds the advice


def test_cli_prints_why_it_stopped_and_writes_every_form(
    invoke, tmp_path: Path, big_bank: tuple[Path, ContentSet]
) -> None:
    """`paper build --work-limit 1` on a blueprint it cannot prove: exit 0, four forms, and the
    summary's first line says it stopped at the work limit and how close the forms are."""
    bp = write_blueprint(tmp_path, OFF_GRID)
    out = tmp_path / "out"
    result = invoke("paper", "build", bp, "--bank", big_bank[0], "--work-limit", "1", "--out", out)
    assert result.exit_code == 0, result.output
    first = result.stdout.splitlines()[0]
    assert "CP-SAT feasible in " in first and "; stopped at the work limit; forms are " in first
    assert sorted(p.name for p in out.iterdir()) == [f"form-{f}.frozen.json" for f in "ABCD"]


def test_cli_ctrl_c_writes_the_best_forms_and_exits_130(
    invoke, tmp_path: Path, big_bank: tuple[Path, ContentSet], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Ctrl-C (the watch's stop, raised as soon as all forms exist) writes those forms, says so
    and exits 130."""
    report = Watch.report

    def report_then_stop(self: Watch, progress: Progress) -> None:
        report(self, progress)
        if progress.forms_found == progress.forms:
            self.stop()

    monkeypatch.setattr(Watch, "report", report_then_stop)
    out = tmp_path / "out"
    result = invoke(
        "paper", "build", write_blueprint(tmp_path, OFF_GRID), "--bank", big_bank[0], "--out", out
    )
    assert result.exit_code == 130, result.output
    assert "; interrupted; forms are " in result.stdout.splitlines()[0]
    assert result.stderr.splitlines()[-1] == "Interrupted: the best forms found so far were written."
    assert len(list(out.glob("form-*.frozen.json"))) == 4
