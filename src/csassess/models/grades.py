"""Grades from a total mark and a paper's boundaries."""

from __future__ import annotations

from collections.abc import Sequence

from csassess.models import GradeBoundary


def grade_for(total: int, boundaries: Sequence[GradeBoundary], fail_grade: str) -> str:
    """The grade of the highest boundary the total reaches; below all of them, the fail grade."""
    reached = [b for b in boundaries if total >= b.min_mark]
    if not reached:
        return fail_grade
    return max(reached, key=lambda b: b.min_mark).grade
