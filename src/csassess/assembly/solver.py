"""Choosing every form's items at once with OR-Tools CP-SAT.

One integer per (form, group): how many of the group's interchangeable items the form takes
(a boolean when the group is one item). Every blueprint requirement is a linear constraint
over these; the objective pulls each form's mean difficulty to the target and every form's
outcome marks and difficulty towards a common profile, so the forms are parallel.

Forms may share an item only through single-item groups, whose shared pairs are counted
exactly; a group of interchangeable items gives each form different members (the pool only
groups items when that loses nothing or when the bank is too large to count pairs).

Several forms are first chosen one at a time, each matched to the first (a warm start that
scales to banks of thousands of items); when that leaves nothing to improve it is the answer,
otherwise it is the first solution of the model of all forms together.

Determinism: one search worker, the blueprint's seed, and a work limit in CP-SAT's
deterministic time. The wall-clock limit is a safety net; a search it cuts short is reported,
because another run might then stop elsewhere.
"""

from __future__ import annotations

import random
import time
from collections import Counter
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from ortools.sat.python import cp_model

from csassess.assembly.limits import Limits
from csassess.assembly.pool import KIND_NAMES, LEVELS, PAIR_LIMIT, Group, Pool, natural_order
from csassess.content.yamlsafe import Path_
from csassess.models.blueprint import Blueprint

SCALE = 1000
"""Fractions (overlap) and means (difficulty) become whole numbers in thousandths/hundredths."""
PROFILE_WEIGHT = 100
"""One outcome mark away from the common profile costs as much as one difficulty point (one
mark a level easier or harder) away from the target, which counts in hundredths."""
WARM_SHARE = 0.75
"""Part of the work limit the warm start (forms solved one at a time) may spend: on a large
bank it is what finds the forms; the model of all forms together only polishes them."""

Status = Literal["optimal", "feasible", "infeasible", "unknown"]


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


@dataclass(frozen=True)
class SolveResult:
    """The solver's answer: item ids per form, or why there are none."""

    status: Status
    forms: tuple[tuple[str, ...], ...] = ()
    objective: int | None = None
    wall_time: float = 0.0
    work: float = 0.0
    stopped_by: str | None = None
    """'time limit' or 'work limit' when the search stopped before proving the best forms."""


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
    ) -> None:
        self.bp = blueprint
        self.pool = pool
        self.forms = forms
        self.keep = keep
        self.model = cp_model.CpModel()
        self.requirements: list[Requirement] = []
        """Every requirement of the blueprint, in its order, whether imposed or not."""
        # With `keep`, blocked items stay in (forced out by the exposure requirement when it is
        # kept) so that dropping exposure can show it was the cause.
        usable = [g for g in pool.groups if keep is not None or g.head.blocked is None]
        self.groups: tuple[Group, ...] = tuple(usable)
        singles = sum(g.size == 1 for g in self.groups)
        pairs = blueprint.forms * (blueprint.forms - 1) // 2
        self.share = round(blueprint.max_overlap * SCALE) if singles * pairs <= PAIR_LIMIT else 0
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

    def profile(self, counts: dict[str, int]) -> Profile:
        """Outcome marks and difficulty points of a form with these counts."""
        heads = {g.head.id: g.head for g in self.groups}
        return Profile(
            {o: sum(n * heads[h].outcome(o) for h, n in counts.items()) for o in self.outcome_ids},
            sum(n * heads[h].difficulty_points for h, n in counts.items()),
        )

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
        status = solver.solve(fixed)
        budget.spend(solver)
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


def new_solver(seed: int, time_limit: float, work_limit: float) -> cp_model.CpSolver:
    """A single-worker, seeded solver: the same model and limits give the same answer."""
    solver = cp_model.CpSolver()
    params = solver.parameters
    params.num_workers = 1
    params.random_seed = seed % (2**31)
    params.max_time_in_seconds = max(time_limit, 0.01)
    params.max_deterministic_time = max(work_limit, 0.01)
    params.cp_model_probing_level = 0  # probing costs more than it saves on these models
    return solver


class Budget:
    """What is left of the limits as the solver runs in stages."""

    def __init__(self, limits: Limits) -> None:
        self.limits = limits
        self.start = time.perf_counter()
        self.work = 0.0

    @property
    def elapsed(self) -> float:
        """Wall seconds since the budget opened."""
        return time.perf_counter() - self.start

    @property
    def work_left(self) -> float:
        """Deterministic work not yet spent."""
        return max(self.limits.work_limit - self.work, 0.0)

    def solver(self, seed: int, work: float | None = None) -> cp_model.CpSolver:
        """A solver allowed the time left and `work` (by default all the work left)."""
        time_left = max(self.limits.time_limit - self.elapsed, 0.0)
        return new_solver(seed, time_left, self.work_left if work is None else min(work, self.work_left))

    def spend(self, solver: cp_model.CpSolver) -> None:
        """Count a finished solve's work."""
        self.work += solver.deterministic_time


def solve(blueprint: Blueprint, pool: Pool, limits: Limits) -> SolveResult:
    """Choose every form's items, or say that none can be chosen (or none was found in time).

    Several forms are first chosen one after another (a warm start). When those already match
    the target and each other exactly, nothing better exists and they are the answer; otherwise
    they are the first solution of the model of all forms together, which may improve on them.
    """
    budget = Budget(limits)
    forms = blueprint.forms
    fm = FormModel(blueprint, pool, forms)
    fm.minimise_spread()
    warm: list[dict[str, int]] | None = None
    if forms > 1:
        warm = _warm_start(blueprint, pool, budget, WARM_SHARE)
        if warm is not None:
            objective = fm.hint(warm, budget)
            if objective == 0:  # distances cannot go below zero: the warm start is optimal
                return SolveResult("optimal", _deal(fm, warm, blueprint.seed), 0, budget.elapsed, budget.work)
    solver = budget.solver(blueprint.seed)
    limit = solver.parameters.max_time_in_seconds
    status = solver.solve(fm.model)
    budget.spend(solver)
    wall, work = budget.elapsed, budget.work
    if status == cp_model.INFEASIBLE:
        return SolveResult("infeasible", wall_time=wall, work=work)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        if warm is not None:  # stopped before it took in the warm start: that is still an answer
            return SolveResult(
                "feasible", _deal(fm, warm, blueprint.seed), None, wall, work, _stopper(solver, limit)
            )
        return SolveResult("unknown", wall_time=wall, work=work, stopped_by=_stopper(solver, limit))
    optimal = status == cp_model.OPTIMAL
    counts = [fm.counts(solver, f) for f in range(forms)]
    return SolveResult(
        "optimal" if optimal else "feasible",
        forms=_deal(fm, counts, blueprint.seed),
        objective=round(solver.objective_value),
        wall_time=wall,
        work=work,
        stopped_by=None if optimal else _stopper(solver, limit),
    )


def _stopper(solver: cp_model.CpSolver, limit: float) -> str:
    return "time limit" if solver.wall_time >= 0.98 * limit else "work limit"


def _warm_start(
    blueprint: Blueprint, pool: Pool, budget: Budget, share: float
) -> list[dict[str, int]] | None:
    """Forms solved one after another, each a one-form CP-SAT model fitted beside the ones
    before and matched to the first's profile, within `share` of the budget; None when one
    cannot be fitted (the forms together may still exist)."""
    chosen: list[dict[str, int]] = []
    profile = None
    start = budget.work
    for step in range(blueprint.forms):
        fm = FormModel(blueprint, pool, 1)
        fm.follow(chosen)
        fm.minimise_spread(profile)
        # Each form may spend an even part of what the warm start has left, so forms that
        # were quick to match leave more for the later, harder ones.
        left = budget.limits.work_limit * share - (budget.work - start)
        solver = budget.solver(blueprint.seed, max(left, 0.0) / (blueprint.forms - step))
        status = solver.solve(fm.model)
        budget.spend(solver)
        if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            return None
        chosen.append(fm.counts(solver, 0))
        profile = profile or fm.profile(chosen[0])
    return chosen


def _deal(fm: FormModel, counts: Sequence[dict[str, int]], seed: int) -> tuple[tuple[str, ...], ...]:
    """Item ids per form from counts per group: a group's members are dealt out in a seeded
    order, each form taking the next ones, so no two forms get the same member of a group."""
    chosen: list[list[str]] = [[] for _ in range(fm.forms)]
    for group in fm.groups:
        members = [c.id for c in group.members]
        if group.size > 1:
            random.Random(f"{seed}:{members[0]}").shuffle(members)
        dealt = 0
        for f in range(fm.forms):
            take = counts[f].get(group.head.id, 0)
            if group.size == 1:
                chosen[f] += members[:take]
            else:
                chosen[f] += members[dealt : dealt + take]
                dealt += take
    return tuple(tuple(ids) for ids in chosen)


def core_of(blueprint: Blueprint, pool: Pool, limits: Limits, *, each: float = 1.0) -> list[Requirement]:
    """Requirements of an infeasible blueprint that cannot all hold together, made minimal by
    dropping each in turn while the rest stay infeasible (relax any one of those left and the
    others can be met). Each trial may spend `each` units of work; one the limits leave
    unsettled keeps its requirement in, so the answer is always a proven conflict.

    When not even one form can be built, the trials build one form: far quicker, and the
    requirements between forms (overlap, exposure counts) are then not to blame."""
    budget = Budget(limits)
    forms = blueprint.forms
    if forms > 1 and _status(FormModel(blueprint, pool, 1), budget, each) == cp_model.INFEASIBLE:
        forms = 1
    core = FormModel(blueprint, pool, forms, keep=()).requirements
    for req in list(core):
        if budget.work_left <= 0 or budget.elapsed >= limits.time_limit:
            break
        trial = [r for r in core if r != req]
        if _status(FormModel(blueprint, pool, forms, keep=set(trial)), budget, each) == cp_model.INFEASIBLE:
            core = trial
    return core


def _status(fm: FormModel, budget: Budget, work: float) -> int:
    solver = budget.solver(fm.bp.seed, work)
    status = solver.solve(fm.model)
    budget.spend(solver)
    return int(status)
