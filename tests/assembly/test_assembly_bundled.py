"""The bundled CS201 blueprint's forms honour every requirement, read back from the frozen papers."""

from __future__ import annotations

import itertools
from pathlib import Path

from asmdata import item_ids, outcome_marks

from csassess.assembly.assemble import Assembly
from csassess.assembly.freeze import verify_frozen
from csassess.content.contentset import ContentSet
from csassess.content.loading import load_file
from csassess.models.blueprint import Blueprint
from csassess.models.items import Scenario, questions_of


def _blueprint(path: Path) -> Blueprint:
    blueprint = load_file(path, expected="blueprint").model
    assert isinstance(blueprint, Blueprint)
    return blueprint


def test_three_forms_are_built_lettered_a_to_c(bundled_forms: Assembly) -> None:
    """The blueprint asks for three forms; they are lettered A, B, C and carry the paper's id."""
    assert [p.form for p in bundled_forms.papers] == ["A", "B", "C"]
    assert {p.id for p in bundled_forms.papers} == {"CS201-P1"}


def test_every_form_has_exactly_the_total_marks(bundled_forms: Assembly, sample_blueprint: Path) -> None:
    """Each form's total, as frozen and as added up from its items, is the blueprint's 60."""
    for paper in bundled_forms.papers:
        assert paper.total_marks == 60
        assert sum(fi.item.marks for s in paper.sections for fi in s.items) == 60


def test_outcome_marks_stay_within_the_ranges(bundled_forms: Assembly, sample_blueprint: Path) -> None:
    """Every outcome gets between its min and max marks on every form."""
    bp = _blueprint(sample_blueprint)
    for paper in bundled_forms.papers:
        marks = outcome_marks(paper)
        for outcome, rng in bp.outcomes.items():
            assert rng.min <= marks.get(outcome, 0) <= (rng.max or 999), (paper.form, outcome)


def test_kind_counts_and_scenarios(bundled_forms: Assembly, sample_blueprint: Path) -> None:
    """Item counts per kind are within range and every form has at least the scenarios asked."""
    bp = _blueprint(sample_blueprint)
    for stats in bundled_forms.stats:
        for kind, rng in bp.kinds.items():
            assert rng.min <= stats.kinds.get(kind, 0) <= (rng.max or 999), (stats.form, kind)
        assert stats.kinds.get("scenario", 0) >= bp.min_scenarios


def test_section_marks_and_kinds(bundled_forms: Assembly, sample_blueprint: Path) -> None:
    """Items sit in the section that names their kind, and section marks are within range."""
    bp = _blueprint(sample_blueprint)
    sections = {s.id: s for s in bp.sections}
    for paper in bundled_forms.papers:
        for section in paper.sections:
            wanted = sections[section.id]
            assert {fi.item.kind for fi in section.items} <= set(wanted.kinds)
            if wanted.marks is not None:
                marks = sum(fi.item.marks for fi in section.items)
                assert wanted.marks.min <= marks <= (wanted.marks.max or 999), (paper.form, section.id)


def test_mean_difficulty_within_tolerance(bundled_forms: Assembly, sample_blueprint: Path) -> None:
    """Every form's marks-weighted mean difficulty is within the tolerance of the target."""
    target = _blueprint(sample_blueprint).difficulty
    assert target is not None and target.mean is not None
    for stats in bundled_forms.stats:
        assert abs(stats.mean_difficulty - target.mean) <= target.tolerance + 1e-9


def test_forms_are_parallel(bundled_forms: Assembly) -> None:
    """The solver makes the forms agree: same outcome marks and mean difficulty on each."""
    first = bundled_forms.stats[0]
    for stats in bundled_forms.stats[1:]:
        assert stats.outcome_marks == first.outcome_marks
        assert abs(stats.mean_difficulty - first.mean_difficulty) < 1e-9


def test_pairwise_overlap_at_most_twenty_percent(bundled_forms: Assembly) -> None:
    """No two forms share more than a fifth of either's items."""
    for a, b in itertools.combinations(bundled_forms.stats, 2):
        shared = a.shared_with(b)
        assert shared * 5 <= min(len(a.items), len(b.items)), (a.form, b.form, shared)


def test_enemies_never_share_a_form(bundled_forms: Assembly, bundled: ContentSet) -> None:
    """No form holds an item together with one the bank names as its enemy (either way round)."""
    for paper in bundled_forms.papers:
        ids = set(item_ids(paper))
        for item_id in ids:
            assert not set(bundled.item(item_id).enemies) & ids, (paper.form, item_id)
        assert len(ids) == len(item_ids(paper))  # and no item twice on one form


def test_only_live_items_of_the_unit(bundled_forms: Assembly, bundled: ContentSet) -> None:
    """Every chosen item is live in a bank of the blueprint's specification."""
    for paper in bundled_forms.papers:
        for item_id in item_ids(paper):
            assert bundled.item(item_id).status == "live"


def test_scenarios_are_chosen_whole(bundled_forms: Assembly, bundled: ContentSet) -> None:
    """A chosen scenario carries all its parts, in the bank's order, with its setting."""
    seen = 0
    for paper in bundled_forms.papers:
        for section in paper.sections:
            for frozen in section.items:
                if isinstance(frozen.item, Scenario):
                    bank = bundled.item(frozen.item.id)
                    assert isinstance(bank, Scenario)
                    assert [p.id for p in frozen.item.parts] == [p.id for p in bank.parts]
                    assert frozen.item.setting == bank.setting
                    seen += 1
    assert seen >= 6


def test_frozen_forms_hold_exact_content_and_verify(bundled_forms: Assembly, bundled: ContentSet) -> None:
    """Forms verify against their hash; items equal the bank's but for option order, and every
    free-text question carries its rubric."""
    for paper in bundled_forms.papers:
        assert verify_frozen(paper)
        for section in paper.sections:
            for frozen in section.items:
                bank = bundled.item(frozen.item.id)
                skip = {"options", "key", "keys", "parts"}
                assert frozen.item.model_dump(exclude=skip) == bank.model_dump(exclude=skip)
                for question in questions_of(frozen.item):
                    if question.is_free_text:
                        assert frozen.rubrics[question.id] == bundled.rubric(question.id)
    hashes = {p.content_hash for p in bundled_forms.papers}
    assert len(hashes) == 3


def test_items_run_easier_first_within_a_section(bundled_forms: Assembly) -> None:
    """Inside a section, items are ordered by difficulty then marks, as candidates expect."""
    order = {"easy": 1, "medium": 2, "hard": 3}
    for paper in bundled_forms.papers:
        for section in paper.sections:
            keys = [(order[fi.item.difficulty], fi.item.marks) for fi in section.items]
            assert keys == sorted(keys)
