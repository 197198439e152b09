"""The CP-SAT model of a blueprint's forms: variables, requirements, objective and hints.

One integer per (form, group): how many of the group's interchangeable items the form takes
(a boolean when the group is one item). Every blueprint requirement is a linear constraint
over these; the objective pulls each form's mean difficulty to the target and every form's
outcome marks and difficulty towards a common profile, so the forms are parallel.

Forms may share an item only through single-item groups, whose shared pairs are counted
exactly; a group of interchangeable items gives each form different members (the pool only
groups items when that loses nothing or when the bank is too large to count pairs).
"""

from __future__ import annotations

import statistics
from collections import Counter
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ortools.sat.python import cp_model

from csassess.assembly.pool import (
    KIND_NAMES,
    LEVELS,
    PAIR_LIMIT,
    Candidate,
    Group,
    Pool,
    natural_order,
    unfit,
)
from csassess.content.yamlsafe import Path_
from csassess.models.blueprint import Blueprint

if TYPE_CHECKING:
    from csassess.assembly.budget import Budget

SCALE = 1000
"""Fractions (overlap) and means (difficulty) become whole numbers in thousandths/hundredths."""
PROFILE_WEIGHT = 100
"""One outcome mark away from the common profile costs as much as one difficulty point (one
mark a level easier or harder) away from the target, which counts in hundredths."""


@dataclass(frozen=True)
class Requirement:
    """One thing the blueprint asks, where it says so, and how a person reads it."""

    path: Path_
    text: str


@dataclass(frozen=True)
class Profile:
    """What parallel forms should agree on: marks per outcome and difficulty points."""

    outcomes: dict[str, int]
    points: int


class FormModel:
    """The CP-SAT model of a blueprint's forms over a pool of candidates.

    With `keep`, only those requirements are imposed (and items the exposure history leaves out
    stay in the pool unless its requirement is kept), so that `core_of` can drop requirements
    one at a time to find the ones that conflict.
    """

    def __init__(
        self,
        blueprint: Blueprint,
        pool: Pool,
        forms: int,
        *,
        keep: Collection[Requirement] | None = None,
        groups: Sequence[Group] | None = None,
    ) -> None:
        self.bp = blueprint
        self.pool = pool
        self.forms = forms
        self.keep = keep
        self.model = cp_model.CpModel()
        self.requirements: list[Requirement] = []
        """Every requirement of the blueprint, in its order, whether imposed or not."""
        # With `keep`, blocked and unfit items stay in (forced out by the requirement they
        # break when it is kept) so that dropping that requirement can show it was the cause.
        if groups is None:
            groups = pool.groups if keep is not None else choosable(blueprint, pool)
        self.groups: tuple[Group, ...] = tuple(groups)
        self.share = counted_share(blueprint, pool)
        """Thousandths of a form two forms may share, when shared items are counted at all."""
        self.n = [[self._choice(g, g.size, f) for g in self.groups] for f in range(forms)]
        self._expressions()
        self._requirements()

    # --- variables and expressions -------------------------------------------------------

    def _choice(self, group: Group, upper: int, form: int) -> cp_model.IntVar:
        name = f"f{form}_{group.head.id}"
        return self.model.new_bool_var(name) if upper == 1 else self.model.new_int_var(0, upper, name)

    def _sum(self, form: int, weight: Callable[[Group], int]) -> cp_model.LinearExprT:
        terms = [(v, weight(g)) for v, g in zip(self.n[form], self.groups, strict=True) if weight(g)]
        if not terms:
            return 0
        return cp_model.LinearExpr.weighted_sum([v for v, _ in terms], [w for _, w in terms])

    def _defined(self, expr: cp_model.LinearExprT, upper: int, name: str) -> cp_model.IntVar:
        """An integer variable equal to `expr`: solvers presolve big sums far better this way."""
        var = self.model.new_int_var(0, upper, name)
        self.model.add(var == expr)
        return var

    def _expressions(self) -> None:
        total = self.bp.total_marks
        heads = [g.head for g in self.groups]
        names = {o for c in heads for o, _ in c.outcome_marks} | set(self.bp.outcomes)
        self.outcome_ids = sorted(names, key=natural_order)
        most = max([sum(g.head.marks * g.size for g in self.groups), total])
        self.marks = [self._sum(f, lambda g: g.head.marks) for f in range(self.forms)]
        self.count = [self._sum(f, lambda g: 1) for f in range(self.forms)]
        self.outcome = [
            {
                o: self._defined(self._sum(f, lambda g, o=o: g.head.outcome(o)), most, f"f{f}_{o}")
                for o in self.outcome_ids
            }
            for f in range(self.forms)
        ]
        self.points = [
            self._defined(self._sum(f, lambda g: g.head.difficulty_points), 3 * most, f"f{f}_difficulty")
            for f in range(self.forms)
        ]

    # --- requirements --------------------------------------------------------------------

    def _require(self, req: Requirement, make: Callable[[], Iterable[cp_model.Constraint]]) -> None:
        """Impose `req`'s constraints, made by `make`, unless the model keeps only others."""
        self.requirements.append(req)
        if self.keep is None or req in self.keep:
            list(make())

    def _each_form(self, make: Callable[[int], Any]) -> list[cp_model.Constraint]:
        return [self.model.add(make(f)) for f in range(self.forms)]

    def _range(
        self, path: Path_, what: Callable[[str], str], low: int, high: int | None, expr: Callable[[int], Any]
    ) -> None:
        """`what("at least 3")` reads as the requirement: "outcome LO3 at least 3 marks"."""
        if low > 0:
            self._require(
                Requirement((*path, "min"), what(f"at least {low}")),
                lambda: self._each_form(lambda f: expr(f) >= low),
            )
        if high is not None:
            self._require(
                Requirement((*path, "max"), what(f"at most {high}")),
                lambda: self._each_form(lambda f: expr(f) <= high),
            )

    def _requirements(self) -> None:
        bp = self.bp
        self._require(
            Requirement(("total_marks",), f"exactly {bp.total_marks} marks per form"),
            lambda: self._each_form(lambda f: self.marks[f] == bp.total_marks),
        )
        for o, rng in bp.outcomes.items():
            self._range(
                ("outcomes", o),
                lambda b, o=o: f"outcome {o} {b} marks",
                rng.min,
                rng.max,
                lambda f, o=o: self.outcome[f][o],
            )
        for kind, rng in bp.kinds.items():
            self._range(
                ("kinds", kind),
                lambda b, k=kind: f"{b} {KIND_NAMES[k]}",
                rng.min,
                rng.max,
                self._kind_count(kind),
            )
        if bp.min_scenarios > (bp.kinds["scenario"].min if "scenario" in bp.kinds else 0):
            self._require(
                Requirement(("min_scenarios",), f"at least {bp.min_scenarios} scenarios"),
                lambda: self._each_form(lambda f: self._kind_count("scenario")(f) >= bp.min_scenarios),
            )
        for si, section in enumerate(bp.sections):
            if section.marks is not None:
                self._range(
                    ("sections", si, "marks"),
                    lambda b, s=section.id: f"section {s} {b} marks",
                    section.marks.min,
                    section.marks.max,
                    self._section_marks(section.id),
                )
        self._difficulty()
        self._enemies()
        self._exposure()
        self._overlap()

    def _kind_count(self, kind: str) -> Callable[[int], cp_model.LinearExprT]:
        return lambda f: self._sum(f, lambda g: int(g.head.kind == kind))

    def _section_marks(self, section: str) -> Callable[[int], cp_model.LinearExprT]:
        return lambda f: self._sum(f, lambda g: g.head.marks if g.head.section == section else 0)

    def _difficulty(self) -> None:
        target = self.bp.difficulty
        if target is None:
            return
        if target.mean is not None:
            total = self.bp.total_marks
            aim, slack = round(100 * target.mean * total), int(100 * target.tolerance * total + 1e-9)
            self._require(
                Requirement(
                    ("difficulty", "mean"), f"mean difficulty {target.mean:g} ± {target.tolerance:g}"
                ),
                lambda: [
                    *self._each_form(lambda f: 100 * self.points[f] <= aim + slack),
                    *self._each_form(lambda f: 100 * self.points[f] >= aim - slack),
                ],
            )
        for level, rng in (target.marks or {}).items():
            index = LEVELS.index(level)
            self._range(
                ("difficulty", "marks", level),
                lambda b, level=level: f"{b} marks of {level} questions",
                rng.min,
                rng.max,
                lambda f, i=index: self._sum(f, lambda g: g.head.level_marks[i]),
            )

    def _enemies(self) -> None:
        where = {g.head.id: i for i, g in enumerate(self.groups) if g.size == 1}
        pairs = [(where[a], where[b]) for a, b in self.pool.enemy_pairs() if a in where and b in where]
        if pairs:
            self._require(
                Requirement((), "enemy items never on one form"),
                lambda: [
                    self.model.add(self.n[f][a] + self.n[f][b] <= 1)
                    for f in range(self.forms)
                    for a, b in pairs
                ],
            )

    def _exposure(self) -> None:
        constraints: list[Callable[[], cp_model.Constraint]] = []
        for i, group in enumerate(self.groups):
            head = group.head
            if head.blocked is not None:
                constraints += [lambda f=f, i=i: self.model.add(self.n[f][i] == 0) for f in range(self.forms)]
            elif group.size == 1 and head.remaining is not None and head.remaining < self.forms:
                constraints.append(
                    lambda i=i, cap=head.remaining: self.model.add(
                        sum(self.n[f][i] for f in range(self.forms)) <= cap
                    )
                )
        if constraints:
            self._require(
                Requirement(("exposure",), "the exposure history's limits"),
                lambda: [c() for c in constraints],
            )

    def _overlap(self) -> None:
        if self.forms < 2:
            return
        share = self.share
        if share:
            req = Requirement(
                ("max_overlap",), f"at most {self.bp.max_overlap:.0%} of items shared by two forms"
            )
        elif self.bp.max_overlap:
            req = Requirement(("max_overlap",), "no item on two forms (too many items to count shared pairs)")
        else:
            req = Requirement(("max_overlap",), "no item on two forms")
        self._require(req, lambda: self._overlap_constraints(share))

    def _overlap_constraints(self, share: int) -> list[cp_model.Constraint]:
        # Interchangeable items are dealt out, never repeated; with no sharing counted, no item is.
        constraints = [
            self.model.add(sum(self.n[f][i] for f in range(self.forms)) <= g.size)
            for i, g in enumerate(self.groups)
            if g.size > 1 or not share
        ]
        if share:
            singles = [i for i, g in enumerate(self.groups) if g.size == 1]
            for a in range(self.forms):
                for b in range(a + 1, self.forms):
                    both = []
                    for i in singles:  # both[i] is true whenever form a and form b both take item i
                        y = self.model.new_bool_var(f"both{a}_{b}_{i}")
                        self.model.add_bool_or([~self.n[a][i], ~self.n[b][i], y])
                        both.append(y)
                    shared = sum(both)
                    constraints.append(self.model.add(SCALE * shared <= share * self.count[a]))
                    constraints.append(self.model.add(SCALE * shared <= share * self.count[b]))
        return constraints

    # --- objective and hints -------------------------------------------------------------

    def minimise_spread(self, profile: Profile | None = None) -> None:
        """Aim at the difficulty target and make every form match a common profile (or, for a
        one-form model following earlier forms, the first earlier form's `profile`)."""
        terms: list[cp_model.LinearExprT] = []
        total = self.bp.total_marks
        target = self.bp.difficulty
        if target is not None and target.mean is not None:
            aim = round(100 * target.mean * total)
            for f in range(self.forms):
                terms.append(self._distance(100 * self.points[f], aim, 100 * 3 * total + aim))
        columns = [[self.outcome[f][o] for f in range(self.forms)] for o in self.outcome_ids]
        columns.append(self.points)
        if profile is not None:
            aims = [*(profile.outcomes.get(o, 0) for o in self.outcome_ids), profile.points]
            for values, aim in zip(columns, aims, strict=True):
                terms += [PROFILE_WEIGHT * self._distance(v, aim, 3 * total + aim) for v in values]
        elif self.forms > 1:
            for values in columns:
                common = self.model.new_int_var(0, 3 * total, "profile")
                terms += [PROFILE_WEIGHT * self._distance(v, common, 3 * total) for v in values]
        if terms:
            self.model.minimize(sum(terms))

    def follow(self, earlier: Sequence[dict[str, int]]) -> None:
        """Constrain a one-form model to fit beside forms already chosen (counts by group head
        id): members dealt out, exposure uses spent, and the overlap with each kept in bounds."""
        share = self.share
        used: Counter[str] = Counter()
        for counts in earlier:
            used.update(counts)
        for var, group in zip(self.n[0], self.groups, strict=True):
            spent = used[group.head.id]
            if spent and (group.size > 1 or not share):
                self.model.add(var <= group.size - spent)
            if spent and group.size == 1 and group.head.remaining is not None:
                self.model.add(var <= group.head.remaining - spent)
        for counts in earlier:
            shared = [
                v
                for v, g in zip(self.n[0], self.groups, strict=True)
                if g.size == 1 and counts.get(g.head.id)
            ]
            self.model.add(SCALE * sum(shared) <= share * self.count[0])
            self.model.add(SCALE * sum(shared) <= share * sum(counts.values()))

    def _distance(self, a: cp_model.LinearExprT, b: cp_model.LinearExprT, upper: int) -> cp_model.IntVar:
        d = self.model.new_int_var(0, upper, "")
        self.model.add(d >= a - b)
        self.model.add(d >= b - a)
        return d

    def hint(self, forms: Sequence[dict[str, int]], budget: Budget) -> int | None:
        """Start the search from these counts per form (by group head id); returns their
        objective, or None when they do not fit this model.

        The hint is completed first (outcome marks, profile and distances solved for with the
        counts fixed): CP-SAT keeps a complete hint as its first solution, where an incomplete
        one may be completed badly and lost.
        """
        fixed = self.model.clone()
        for f, counts in enumerate(forms):
            for var, group in zip(self.n[f], self.groups, strict=True):
                fixed.add(fixed.get_int_var_from_proto_index(var.index) == counts.get(group.head.id, 0))
        solver = budget.solver(self.bp.seed)
        status = budget.run(solver, fixed)
        if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            return None
        for index in range(len(self.model.proto.variables)):
            var = self.model.get_int_var_from_proto_index(index)
            self.model.add_hint(var, solver.value(fixed.get_int_var_from_proto_index(index)))
        return round(solver.objective_value)

    def counts(self, solver: cp_model.CpSolver, form: int) -> dict[str, int]:
        """How many of each group the solution puts on `form`, by group head id."""
        return {
            g.head.id: solver.value(v)
            for v, g in zip(self.n[form], self.groups, strict=True)
            if solver.value(v)
        }


def choosable(blueprint: Blueprint, pool: Pool) -> tuple[Group, ...]:
    """The groups a form could take: neither left out by the exposure history nor unfit."""
    return tuple(g for g in pool.groups if g.head.blocked is None and not unfit(blueprint, g.head))


def counted_share(blueprint: Blueprint, pool: Pool) -> int:
    """Thousandths of a form two forms may share, or 0 when there are too many single items
    to count shared pairs (then no item is on two forms); the same for every model of a pool."""
    singles = sum(g.size == 1 for g in pool.groups)
    pairs = blueprint.forms * (blueprint.forms - 1) // 2
    return round(blueprint.max_overlap * SCALE) if singles * pairs <= PAIR_LIMIT else 0


def profile_of(heads: dict[str, Candidate], counts: dict[str, int]) -> Profile:
    """Outcome marks and difficulty points of a form with these counts (by group head id)."""
    outcomes: Counter[str] = Counter()
    for head, n in counts.items():
        for outcome, marks in heads[head].outcome_marks:
            outcomes[outcome] += n * marks
    return Profile(dict(outcomes), sum(n * heads[h].difficulty_points for h, n in counts.items()))


def spread(blueprint: Blueprint, profiles: Sequence[Profile]) -> int:
    """The objective `FormModel.minimise_spread` gives these forms: each form's distance from
    the difficulty target, and each outcome's and the difficulty's distance from the common
    profile (the median, which is where a sum of distances is least)."""
    total = 0
    target = blueprint.difficulty
    if target is not None and target.mean is not None:
        aim = round(100 * target.mean * blueprint.total_marks)
        total += sum(abs(100 * p.points - aim) for p in profiles)
    if len(profiles) > 1:
        names = {o for p in profiles for o in p.outcomes}
        columns = [[p.outcomes.get(o, 0) for p in profiles] for o in sorted(names)]
        columns.append([p.points for p in profiles])
        for values in columns:
            middle = statistics.median_low(values)
            total += PROFILE_WEIGHT * sum(abs(v - middle) for v in values)
    return total
