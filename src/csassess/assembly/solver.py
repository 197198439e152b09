"""Choosing every form's items with OR-Tools CP-SAT, in two stages that share one budget.

1. **One at a time.** Each form is a one-form model fitted beside the forms before it
   (members dealt out, exposure uses and overlap counted) and matched to the first form's
   profile. On a large pool each form is first sought in a seeded shortlist of the choices
   (`pool.shortlist`), which is a few hundred variables instead of thousands; a form the
   shortlist cannot give is sought in the whole pool. When these forms match the target and
   each other exactly (objective 0), nothing better exists: they are proven optimal and the
   model of all forms together is never built.
2. **Together.** Otherwise the model of all forms at once (`model.FormModel`) starts from them
   and improves them; its bound says how far from the best possible closeness they can be.

A run the limits or a stop cut short returns the best full set of forms found, with the
bound and why it stopped. Only when not one full set was found is the answer "unknown", and
then `SolveResult.open` says which requirements were still open.

Determinism: one search worker, the blueprint's seed, the same shortlist for a seed, and a
work limit in CP-SAT's deterministic time. The wall-clock limit is a safety net; a search it
cuts short is reported, because another run might then stop elsewhere.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from ortools.sat.python import cp_model

from csassess.assembly.budget import Budget, Progress, Watch
from csassess.assembly.limits import Limits
from csassess.assembly.memory import paused_gc
from csassess.assembly.model import FormModel, Profile, Requirement, choosable, profile_of, spread
from csassess.assembly.pool import Group, Pool, shortlist
from csassess.models.blueprint import Blueprint

WARM_SHARE = 0.75
"""Part of the work limit the forms fitted one at a time may spend: on a large bank it is what
finds the forms; the model of all forms together only polishes them."""
SHORTLIST_FROM = 600
"""Pools of more choices than this are first searched through a shortlist."""
TOGETHER_LIMIT = 10_000
"""Most (form, choice) variables the model of all forms may have. Above it (measured: 20
forms from 10,000 items, 39 s for no better forms) the forms fitted one at a time stand."""

Status = Literal["optimal", "feasible", "infeasible", "unknown"]
Counts = dict[str, int]
"""How many of each group one form takes, by group head id."""


@dataclass(frozen=True)
class SolveResult:
    """The solver's answer: item ids per form, or why there are none."""

    status: Status
    forms: tuple[tuple[str, ...], ...] = ()
    objective: int | None = None
    """The forms' distance from the target and from each other (0: exactly alike, on target)."""
    bound: int | None = None
    """No forms can be closer than this; equal to `objective` when they are proven the best."""
    wall_time: float = 0.0
    work: float = 0.0
    stopped_by: str | None = None
    """'time limit', 'work limit' or 'interrupted' when the search stopped before proving
    the best forms."""
    open: tuple[str, ...] = ()
    """With no forms: the requirements the search had not yet met together."""

    @property
    def gap(self) -> float | None:
        """How far the forms may be from the best possible closeness, as a fraction of their
        distance (0: proven the best); None with no forms."""
        if self.objective is None:
            return None
        if self.objective == 0:
            return 0.0
        return (self.objective - (self.bound or 0)) / self.objective

    @property
    def verdict(self) -> str:
        """Why the search ended and how close the forms are, as a sentence ('' when proven)."""
        if self.status != "feasible" or self.objective is None:
            return ""
        why = {
            "time limit": "stopped at the time limit (another run may choose differently)",
            "work limit": "stopped at the work limit",
            "interrupted": "interrupted",
        }.get(self.stopped_by or "", "stopped")
        if self.bound:
            return (
                f"{why}; forms are within {self.gap:.0%} of the best possible closeness "
                f"(distance {self.objective}; no forms can be closer than {self.bound})"
            )
        return (
            f"{why}; forms are {self.objective} from exactly parallel forms on target "
            f"(100 is one outcome mark, or one mark a level off); no closer forms were ruled out"
        )


def solve(blueprint: Blueprint, pool: Pool, limits: Limits, watch: Watch | None = None) -> SolveResult:
    """Choose every form's items, or say that none can be chosen (or none was found in time)."""
    with paused_gc():
        return _Search(blueprint, pool, limits, watch).run()


class _Search:
    """One assembly's search: the stages, the best full set of forms so far, and the budget."""

    def __init__(self, blueprint: Blueprint, pool: Pool, limits: Limits, watch: Watch | None) -> None:
        self.bp = blueprint
        self.pool = pool
        self.forms = blueprint.forms
        self.usable = choosable(blueprint, pool)
        self.short = (
            shortlist(blueprint, self.usable, self.forms)
            if len(self.usable) > SHORTLIST_FROM
            else self.usable
        )
        self.budget = Budget(limits.for_problem(self.forms, len(self.usable)), watch)
        self.heads = {g.head.id: g.head for g in self.usable}
        self.best: list[Counts] | None = None
        self.distance: int | None = None
        self.bound = 0
        self.proven = False
        self.fitted = 0
        """Forms fitted one at a time before that stage ended."""
        self.infeasible = False

    # --- the stages ----------------------------------------------------------------------

    def run(self) -> SolveResult:
        chosen = self._one_at_a_time()
        if chosen is not None:
            self._consider(chosen, "one at a time")
        small = self.forms * len(self.usable) <= TOGETHER_LIMIT
        if not self.proven and not self.infeasible and self.budget.spent is None and small:
            self._together()
        return self._result()

    def _one_at_a_time(self) -> list[Counts] | None:
        """Forms fitted one after another; None when one could not be fitted (all forms
        together may still exist)."""
        chosen: list[Counts] = []
        profile: Profile | None = None
        start = self.budget.work
        for step in range(self.forms):
            counts = None
            for groups in dict.fromkeys((self.short, self.usable)):  # the shortlist, then all
                left = self.budget.work_limit * WARM_SHARE - (self.budget.work - start)
                status, counts = self._fit(groups, chosen, profile, max(left, 0.0) / (self.forms - step))
                if counts is not None or self.budget.interrupted:
                    break
                if step == 0 and groups is self.usable and status == cp_model.INFEASIBLE:
                    self.infeasible = True  # not even one form exists
            if counts is None:
                return None
            chosen.append(counts)
            self.fitted = len(chosen)
            profile = profile or profile_of(self.heads, counts)
            self._report("one at a time")
            if self.budget.interrupted and step + 1 < self.forms:
                self.budget.last_stop = "interrupted"  # asked to stop between two forms
                return None
        return chosen

    def _fit(
        self, groups: tuple[Group, ...], chosen: list[Counts], profile: Profile | None, work: float
    ) -> tuple[int, Counts | None]:
        """One more form from `groups` beside `chosen`, matched to `profile`."""
        fm = FormModel(self.bp, self.pool, 1, groups=groups)
        fm.follow(chosen)
        fm.minimise_spread(profile)
        solver = self.budget.solver(self.bp.seed, work)
        status = self.budget.run(solver, fm.model)
        if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            return status, None
        if self.forms == 1 and status == cp_model.OPTIMAL and groups is self.usable:
            self.proven = True  # the one form is the best of the whole pool
        return status, fm.counts(solver, 0)

    def _together(self) -> None:
        """The model of all forms, started from the best forms so far, improving them."""
        fm = FormModel(self.bp, self.pool, self.forms, groups=self.usable)
        fm.minimise_spread()
        if self.best is not None:
            fm.hint(self.best, self.budget)
        solver = self.budget.solver(self.bp.seed)
        status = self.budget.run(solver, fm.model, self._reporter())
        if status == cp_model.INFEASIBLE:
            self.infeasible = self.best is None
            return
        if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            found = [fm.counts(solver, f) for f in range(self.forms)]
            self._consider(found, "together")
            # The model holds every usable choice, so its bound holds for every set of forms.
            self.bound = max(self.bound, round(solver.best_objective_bound))
            self.proven = self.proven or status == cp_model.OPTIMAL

    def _consider(self, counts: list[Counts], stage: str) -> None:
        """Keep `counts` if they are closer than the best so far."""
        distance = spread(self.bp, [profile_of(self.heads, c) for c in counts])
        if self.distance is None or distance < self.distance:
            self.best, self.distance = counts, distance
        if self.distance == 0:
            self.proven = True
        self._report(stage)

    # --- reporting -----------------------------------------------------------------------

    def _report(self, stage: str, distance: int | None = None, bound: int | None = None) -> None:
        watch = self.budget.watch
        if watch is not None:
            found = self.forms if self.best is not None else self.fitted
            known = [d for d in (distance, self.distance) if d is not None]
            distance = min(known) if known else None
            watch.report(Progress(stage, found, self.forms, distance, bound, self.budget.elapsed))

    def _reporter(self) -> cp_model.CpSolverSolutionCallback | None:
        if self.budget.watch is None:
            return None
        search = self

        class Reporter(cp_model.CpSolverSolutionCallback):
            def on_solution_callback(self) -> None:
                search._report("together", round(self.objective_value), round(self.best_objective_bound))
                if search.budget.interrupted:
                    self.stop_search()

        return Reporter()

    def _result(self) -> SolveResult:
        budget = self.budget
        wall, work = budget.elapsed, budget.work
        if self.best is None:
            if self.infeasible:
                return SolveResult("infeasible", wall_time=wall, work=work)
            stopped = budget.last_stop or budget.spent or "work limit"
            return SolveResult("unknown", wall_time=wall, work=work, stopped_by=stopped, open=self._open())
        forms = deal(self.pool.groups, self.best, self.bp.seed)
        if self.proven:
            return SolveResult("optimal", forms, self.distance, self.distance, wall, work)
        stopped = budget.spent or budget.last_stop or "work limit"
        return SolveResult("feasible", forms, self.distance, self.bound, wall, work, stopped)

    def _open(self) -> tuple[str, ...]:
        """What was still open when no full set of forms was found."""
        every = FormModel(self.bp, self.pool, 1, keep=(), groups=()).requirements
        per_form = _summarise([r for r in every if r.path[:1] not in (("max_overlap",), ("exposure",))])
        if self.fitted == 0:
            return (f"no single form was found that meets every requirement: {per_form}",)
        between = [f"at most {self.bp.max_overlap:.0%} of items shared by two forms"]
        if self.bp.exposure is not None:
            between.append("the exposure history's limits")
        return (
            f"{self.fitted} of {self.forms} forms were found one at a time, each meeting every "
            f"requirement ({per_form})",
            f"form {self.fitted + 1} was not found beside them, nor all forms together: still open are "
            f"the requirements between forms ({'; '.join(between)})",
        )


def _summarise(requirements: Sequence[Requirement]) -> str:
    """Requirements named by kind, counted: 'exactly 60 marks per form, 30 outcome ranges, ...'."""
    names = {"outcomes": "outcome ranges", "kinds": "item-kind counts", "sections": "section marks"}
    counted: dict[str, int] = {}
    texts: list[str] = []
    for req in requirements:
        head = str(req.path[0]) if req.path else ""
        if head in names:
            if head not in counted:
                texts.append(head)
            counted[head] = counted.get(head, 0) + 1
        else:
            texts.append(req.text)
    return ", ".join(f"{counted[t]} {names[t]}" if t in counted else t for t in texts)


def deal(groups: Sequence[Group], counts: Sequence[Counts], seed: int) -> tuple[tuple[str, ...], ...]:
    """Item ids per form from counts per group: a group's members are dealt out in a seeded
    order, each form taking the next ones, so no two forms get the same member of a group."""
    chosen: list[list[str]] = [[] for _ in counts]
    for group in groups:
        takes = [form.get(group.head.id, 0) for form in counts]
        if not any(takes):
            continue
        members = [c.id for c in group.members]
        if group.size > 1:
            random.Random(f"{seed}:{members[0]}").shuffle(members)
        dealt = 0
        for f, take in enumerate(takes):
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
    with paused_gc():
        budget = Budget(limits.for_problem(blueprint.forms, len(pool.groups)))
        forms = blueprint.forms
        if forms > 1 and _status(FormModel(blueprint, pool, 1), budget, each) == cp_model.INFEASIBLE:
            forms = 1
        core = FormModel(blueprint, pool, forms, keep=()).requirements
        for req in list(core):
            if budget.spent is not None:
                break
            trial = [r for r in core if r != req]
            fm = FormModel(blueprint, pool, forms, keep=set(trial))
            if _status(fm, budget, each) == cp_model.INFEASIBLE:
                core = trial
        return core


def _status(fm: FormModel, budget: Budget, work: float) -> int:
    return budget.run(budget.solver(fm.bp.seed, work), fm.model)
