"""Turning credited marking points into marks: rules, or levels of response."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import NamedTuple

from csassess.marking.result import RuleResult
from csassess.models.rubric import Level, Rubric, Rule


def describe(rule: Rule) -> str:
    """A rule in words, for explanations."""
    if rule.description:
        return rule.description
    if rule.kind == "each":
        return "each point credited" + (f", up to {rule.cap}" if rule.cap else "")
    if rule.kind == "at_least":
        return f"{rule.marks} if at least {rule.n} of these"
    if rule.kind == "all_of":
        return f"{rule.marks} only if all of these"
    return "by how many of these: " + ", ".join(f"{k}->{v}" for k, v in sorted((rule.table or {}).items()))


def apply_rule(rule: Rule, marks_of: dict[str, int], credited: set[str]) -> int:
    """The marks one rule gives for the credited points."""
    hits = [p for p in rule.points if p in credited]
    if rule.kind == "each":
        total = sum(marks_of[p] for p in hits)
        return min(total, rule.cap) if rule.cap is not None else total
    if rule.kind == "at_least":
        return (rule.marks or 0) if len(hits) >= (rule.n or 0) else 0
    if rule.kind == "all_of":
        return (rule.marks or 0) if len(hits) == len(rule.points) else 0
    table = rule.table or {}
    eligible = [k for k in table if k <= len(hits)]
    return table[max(eligible)] if eligible else 0


class PlainRule(NamedTuple):
    """A rule's fields as plain values (reading a model's fields costs more per answer)."""

    kind: str
    points: tuple[str, ...]
    words: str
    cap: int | None
    n: int
    marks: int
    table: dict[int, int]

    @classmethod
    def of(cls, rule: Rule) -> PlainRule:
        """The plain form of a rule."""
        return cls(
            rule.kind,
            tuple(rule.points),
            describe(rule),
            rule.cap,
            rule.n or 0,
            rule.marks or 0,
            rule.table or {},
        )

    def apply(self, marks_of: dict[str, int], credited: set[str]) -> int:
        """The marks this rule gives for the credited points (as apply_rule)."""
        kind = self.kind
        if kind == "each":
            total = sum(marks_of[p] for p in self.points if p in credited)
            return min(total, self.cap) if self.cap is not None else total
        hits = sum(1 for p in self.points if p in credited)
        if kind == "at_least":
            return self.marks if hits >= self.n else 0
        if kind == "all_of":
            return self.marks if hits == len(self.points) else 0
        eligible = [k for k in self.table if k <= hits]
        return self.table[max(eligible)] if eligible else 0


@dataclass(frozen=True, slots=True)
class RulePlan:
    """A rubric's rules worked out once, as plain values, and the points no rule names
    (each earns its own marks)."""

    marks_of: dict[str, int]
    rules: tuple[PlainRule, ...]
    loose: tuple[tuple[str, int], ...]

    @classmethod
    def of(cls, rubric: Rubric) -> RulePlan:
        """The plan of a rubric's rules."""
        ruled = {p for rule in rubric.rules for p in rule.points}
        return cls(
            {mp.id: mp.marks for mp in rubric.marking_points},
            tuple(PlainRule.of(rule) for rule in rubric.rules),
            tuple((mp.id, mp.marks) for mp in rubric.marking_points if mp.id not in ruled),
        )


def apply_rules(
    rubric: Rubric, credited: set[str], max_mark: int, plan: RulePlan | None = None
) -> tuple[int, tuple[RuleResult, ...]]:
    """Total marks from the rules plus points no rule names, capped at the question's marks."""
    plan = plan or RulePlan.of(rubric)
    marks_of = plan.marks_of
    results = [RuleResult(rule.words, rule.points, rule.apply(marks_of, credited)) for rule in plan.rules]
    if credited:
        results += [RuleResult("point credited", (p,), marks) for p, marks in plan.loose if p in credited]
    return min(max_mark, sum(r.marks for r in results)), tuple(results)


@dataclass(frozen=True, slots=True)
class LevelDecision:
    """The band an answer reaches and the mark inside it."""

    level: Level | None
    mark: int
    borderline: bool
    """One point more or fewer would change the band."""


def apply_levels(levels: list[Level], credited: int, explained: int, points: int) -> LevelDecision:
    """Pick the highest band whose evidence the answer meets, then place the mark inside it
    by how far the answer's evidence goes towards the next band."""
    reached = None
    for index, level in enumerate(levels):
        if credited >= level.min_points and explained >= level.min_explained:
            reached = index
    if reached is None:
        first = levels[0] if levels else None
        near = bool(first and credited + 1 >= first.min_points)
        return LevelDecision(None, 0, near and credited > 0)
    level = levels[reached]
    top = reached + 1 == len(levels)
    last_count = points if top else levels[reached + 1].min_points - 1
    spread = last_count - level.min_points
    progress = 1.0 if spread <= 0 else min(1.0, (credited - level.min_points) / spread)
    mark = level.min_mark + math.floor(progress * (level.max_mark - level.min_mark) + 0.5)
    borderline = credited == level.min_points or (not top and credited == last_count)
    return LevelDecision(level, min(mark, level.max_mark), borderline)
