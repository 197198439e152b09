"""Rubric test answers: answers an author wrote with the marks they must get, marked as a
candidate's would be (Moodle's pmatch "test this question" is the model).

`run_rubric_tests` marks every rubric's `tests:` and says, per test, the mark and the points
missed or wrongly credited, and per point how often it matched, missed a positive or gave a
false positive. `check_rubric_tests` turns failures into error findings for `validate`.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from csassess.content.contentset import ContentSet, Located
from csassess.findings import Finding
from csassess.marking import Marker
from csassess.models import RubricFile
from csassess.models.rubric import Rubric, RubricTest


@dataclass(frozen=True)
class TestOutcome:
    """What one test answer earned against what its author said it must."""

    number: int
    test: RubricTest
    mark: int
    credited: tuple[str, ...]
    missed: tuple[str, ...]
    """Points the test says it must earn that it did not."""
    false_positives: tuple[str, ...]
    """Points the test says it must not earn that it did."""
    line: int
    unknown: tuple[str, ...] = ()
    """Points the test names that the rubric does not have."""

    @property
    def passed(self) -> bool:
        """The mark is the stated one and every stated point came out as stated."""
        return self.marked_as_stated and not self.unknown

    @property
    def marked_as_stated(self) -> bool:
        """The mark and every stated point came out as stated (unknown points aside)."""
        return self.mark == self.test.mark and not self.missed and not self.false_positives

    def problem(self) -> str:
        """What went wrong, in one line (empty when the test passed)."""
        parts = [] if self.mark == self.test.mark else [f"earns {self.mark}, expected {self.test.mark}"]
        if self.missed:
            parts.append("missed " + ", ".join(self.missed))
        if self.false_positives:
            parts.append("wrongly credited " + ", ".join(self.false_positives))
        if self.unknown:
            parts.append("names unknown point " + ", ".join(self.unknown))
        return "; ".join(parts)


@dataclass(frozen=True)
class PointTally:
    """One marking point over a rubric's tests."""

    point: str
    matched: int
    """Tests that named the point as earned and earned it."""
    missed: int
    false_positives: int


@dataclass(frozen=True)
class RubricTestReport:
    """Every test answer of one rubric, marked."""

    item: str
    path: str
    line: int
    outcomes: tuple[TestOutcome, ...]
    points: tuple[PointTally, ...]
    where: Located = field(repr=False, compare=False)
    """The rubric's node, for pointing findings at its tests."""

    @property
    def failed(self) -> tuple[TestOutcome, ...]:
        """The tests that did not pass."""
        return tuple(o for o in self.outcomes if not o.passed)

    def as_dict(self) -> dict[str, object]:
        """A plain mapping for JSON output."""
        return {
            "item": self.item,
            "path": self.path,
            "line": self.line,
            "tests": [
                {
                    "number": o.number,
                    "line": o.line,
                    "passed": o.passed,
                    "mark": o.mark,
                    "expected": o.test.mark,
                    "credited": list(o.credited),
                    "missed": list(o.missed),
                    "false_positives": list(o.false_positives),
                }
                for o in self.outcomes
            ],
            "points": [vars(t) for t in self.points],
        }


def _unknown_points(where: Located, rubric: Rubric) -> Iterator[Finding]:
    ids = {mp.id for mp in rubric.marking_points}
    for ti, test in enumerate(rubric.tests):
        for name in ("credits", "not_credits"):
            for pi, point in enumerate(getattr(test, name)):
                if point not in ids:
                    yield where.finding(("tests", ti, name, pi), f"unknown marking point {point!r}")


def run_rubric_tests(content: ContentSet, marker: Marker | None = None) -> list[RubricTestReport]:
    """Mark the test answers of every rubric whose question is loaded."""
    marker = marker or Marker(language_check=False)
    reports = []
    for loaded in content.of_kind(RubricFile):
        for i, rubric in enumerate(loaded.model.rubrics):
            question = content.questions.get(rubric.item)
            if not rubric.tests or question is None:
                continue
            outcomes = []
            for ti, test in enumerate(rubric.tests):
                result = marker.mark(question.model, test.answer, rubric, loaded.model.synonyms)
                credited = tuple(p.id for p in result.points if p.credited)
                known = {p.id for p in result.points}  # an unknown id is its own finding
                outcomes.append(
                    TestOutcome(
                        ti,
                        test,
                        result.mark,
                        credited,
                        tuple(p for p in test.credits if p in known and p not in credited),
                        tuple(p for p in test.not_credits if p in credited),
                        loaded.doc.position(("rubrics", i, "tests", ti, "answer")).line,
                        tuple(p for p in (*test.credits, *test.not_credits) if p not in known),
                    )
                )
            tallies = tuple(
                PointTally(
                    mp.id,
                    sum(mp.id in o.test.credits and mp.id in o.credited for o in outcomes),
                    sum(mp.id in o.missed for o in outcomes),
                    sum(mp.id in o.false_positives for o in outcomes),
                )
                for mp in rubric.marking_points
            )
            here = loaded.doc.position(("rubrics", i, "item"))
            where = Located(rubric, loaded.doc, ("rubrics", i))
            reports.append(
                RubricTestReport(rubric.item, loaded.doc.source, here.line, tuple(outcomes), tallies, where)
            )
    return reports


def check_rubric_tests(content: ContentSet) -> Iterator[Finding]:
    """Errors for test answers naming unknown points, and for every test answer that fails."""
    for loaded in content.of_kind(RubricFile):
        for i, rubric in enumerate(loaded.model.rubrics):
            yield from _unknown_points(Located(rubric, loaded.doc, ("rubrics", i)), rubric)
    for report in run_rubric_tests(content):
        for outcome in report.failed:
            if outcome.marked_as_stated:
                continue  # only an unknown point: that finding is already made
            yield report.where.finding(
                ("tests", outcome.number, "answer"), f"test answer fails: {outcome.problem()}"
            )
