"""Grades follow the paper's boundaries, with the fail grade below them all."""

from __future__ import annotations

import pytest

from csassess.models import GradeBoundary
from csassess.models.grades import grade_for

BOUNDARIES = [
    GradeBoundary(grade="Pass", min_mark=30),
    GradeBoundary(grade="Distinction", min_mark=48),
    GradeBoundary(grade="Merit", min_mark=39),
]


@pytest.mark.parametrize(
    ("total", "grade"),
    [
        (0, "Fail"),
        (29, "Fail"),
        (30, "Pass"),
        (38, "Pass"),
        (39, "Merit"),
        (47, "Merit"),
        (48, "Distinction"),
        (60, "Distinction"),
    ],
)
def test_grade_for_totals_at_and_around_boundaries(total, grade):
    """A total at a boundary earns that grade, one below earns the grade beneath (boundaries in any order)."""
    assert grade_for(total, BOUNDARIES, "Fail") == grade


def test_no_boundaries_means_the_fail_grade():
    """A paper with no boundaries gives everyone its fail grade."""
    assert grade_for(60, [], "Not yet graded") == "Not yet graded"


def test_stored_grades_follow_the_boundaries(db_copy, sql, frozen):
    """Every stored grade of the marked examples is the one its total earns, and every grade occurs."""
    with sql(db_copy) as conn:
        rows = conn.execute("SELECT total, grade FROM scripts WHERE current = 1").fetchall()
    assert all(grade == grade_for(total, frozen.grade_boundaries, frozen.fail_grade) for total, grade in rows)
    assert {grade for _, grade in rows} == {"Fail", "Pass", "Merit", "Distinction"}


def test_summary_counts_grades(invoke, frozen_file, examples, tmp_path):
    """The closing summary counts the candidates at each grade, highest first."""
    result = invoke("mark", frozen_file, examples, "--db", tmp_path / "r.db", "--workers", "0")
    line = next(x for x in result.stdout.splitlines() if x.startswith("  grades:"))
    assert line.split(":", 1)[1].split("(")[0].split(",")[0].strip().startswith("Distinction")
