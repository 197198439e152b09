"""How fast CP-SAT assembles papers from a large bank, and how parallel the forms come out.

A synthetic bank over 30 learning outcomes is built in memory (multiple
choice, multiple response, short and extended answers, and three-part scenarios, with some
enemy pairs). A 60-mark blueprint asks for 1-4 marks of every outcome (30 outcome
constraints), item counts per kind, at least one scenario and a mean difficulty of 2.0 +/- 0.1.
Timed, in the same run, for banks of 1,000 to 100,000 items and 1, 10 and 20 parallel forms
with at most 20% overlap:

- csassess: the pool, CP-SAT (forms fitted one at a time from a seeded shortlist, then all
  forms together where that model is small), the forms frozen with their options shuffled;
- a feasible draw as the baseline for closeness: each form is CP-SAT's first solution that
  meets every requirement, with no objective (what any constraint solver gives unaided),
  drawn from the same shortlist;
- a greedy fill as the baseline for speed: items in a seeded random order, each taken if it
  breaks no maximum; fast, but it misses requirements.

Closeness is read back from the frozen papers: the spread (max - min) across forms of the mean
difficulty and of each outcome's marks, and the worst pairwise overlap.

    python benchmarks/assembly_speed.py [--items 1000 10000 50000 100000] [--forms 1 10 20]
"""

from __future__ import annotations

import argparse
import random
import statistics
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from ortools.sat.python import cp_model

from csassess.assembly.budget import new_solver
from csassess.assembly.exposure import Usage
from csassess.assembly.forms import build_forms
from csassess.assembly.limits import Limits
from csassess.assembly.model import FormModel, choosable
from csassess.assembly.pool import Candidate, Pool, build_pool, shortlist
from csassess.assembly.solver import SHORTLIST_FROM, solve
from csassess.assembly.stats import FormStats, form_stats
from csassess.content.contentset import ContentSet
from csassess.content.loading import Loaded
from csassess.content.yamlsafe import Document
from csassess.models import Bank, Blueprint, Specification

OUTCOMES = [f"LO{i}" for i in range(1, 31)]
LEVELS = ("easy", "medium", "hard")


def specification() -> Specification:
    """One unit with 30 outcomes, one criterion each."""
    return Specification.model_validate(
        {
            "kind": "specification",
            "id": "SYN",
            "qualification": "Synthetic qualification",
            "awarding_body": "benchmark",
            "version": 1,
            "units": [
                {
                    "id": "U1",
                    "title": "Synthetic unit",
                    "level": 2,
                    "outcomes": [
                        {"id": o, "text": f"Outcome {o}", "criteria": [{"id": f"{o}.1", "text": "Criterion"}]}
                        for o in OUTCOMES
                    ],
                }
            ],
        }
    )


def _question(rng: random.Random, qid: str, kind: str, marks: int, part: bool) -> dict[str, object]:
    q: dict[str, object] = {"id": qid, "kind": kind, "stem": f"Question {qid}", "marks": marks}
    q["outcomes"] = [rng.choice(OUTCOMES)]
    if kind == "multiple_choice":
        q |= {"options": [{"id": c, "text": f"Option {c}"} for c in "ABCD"], "key": rng.choice("ABCD")}
    elif kind == "multiple_response":
        q |= {"options": [{"id": c, "text": f"Option {c}"} for c in "ABCDE"], "keys": ["A", "C"]}
    if part:
        q["difficulty"] = rng.choice(LEVELS)
    return q


def synthetic_bank(n: int, seed: int) -> Bank:
    """`n` live items: 40% MCQ, 10% MR, 30% short, 8% extended, 12% scenarios; 2% enemies."""
    rng = random.Random(seed)
    items: list[dict[str, object]] = []
    for i in range(n):
        iid = f"SYN-{i:05d}"
        meta = {"version": 1, "status": "live", "difficulty": rng.choices(LEVELS, (3, 4, 3))[0]}
        roll = rng.random()
        if roll < 0.12:
            parts = [
                _question(rng, f"{iid}.a", "multiple_choice", 1, True),
                _question(rng, f"{iid}.b", "short_answer", rng.randint(2, 4), True),
                _question(rng, f"{iid}.c", "short_answer", rng.randint(2, 3), True),
            ]
            setting = {
                "organisation": "A shop",
                "customer": "A customer",
                "channel": "email",
                "situation": "S",
            }
            items.append(
                {**meta, "id": iid, "kind": "scenario", "title": "Case", "setting": setting, "parts": parts}
            )
            continue
        kind, marks = (
            ("multiple_choice", 1)
            if roll < 0.52
            else ("multiple_response", 2)
            if roll < 0.62
            else ("short_answer", rng.randint(2, 4))
            if roll < 0.92
            else ("extended_response", 6)
        )
        items.append({**meta, **_question(rng, iid, kind, marks, False)})
    for i in rng.sample(range(n), n // 50):
        items[i]["enemies"] = [f"SYN-{rng.randrange(n):05d}"]
        if items[i]["enemies"] == [items[i]["id"]]:
            del items[i]["enemies"]
    return Bank.model_validate(
        {"kind": "bank", "id": "syn", "title": "Synthetic", "specification": "SYN", "items": items},
        strict=False,
    )


def blueprint(forms: int, seed: int) -> Blueprint:
    """60 marks, 1-4 marks per outcome (30 constraints), kinds, a scenario, mean 2.0 +/- 0.1."""
    return Blueprint.model_validate(
        {
            "kind": "blueprint",
            "id": "SYN-PAPER",
            "title": "Synthetic paper",
            "specification": "SYN",
            "unit": "U1",
            "total_marks": 60,
            "duration_minutes": 90,
            "sections": [
                {"id": "A", "title": "Choice", "kinds": ["multiple_choice", "multiple_response"]},
                {"id": "B", "title": "Short", "kinds": ["short_answer"]},
                {"id": "C", "title": "Scenarios", "kinds": ["scenario"]},
                {"id": "D", "title": "Extended", "kinds": ["extended_response"]},
            ],
            "outcomes": {o: {"min": 1, "max": 4} for o in OUTCOMES},
            "kinds": {
                "multiple_choice": {"min": 8, "max": 16},
                "multiple_response": {"min": 1, "max": 4},
                "short_answer": {"min": 5, "max": 10},
                "extended_response": {"max": 1},
                "scenario": {"min": 1, "max": 2},
            },
            "min_scenarios": 1,
            "difficulty": {"mean": 2.0, "tolerance": 0.1},
            "forms": forms,
            "max_overlap": 0.2,
            "seed": seed,
        }
    )


def content_of(spec: Specification, bank: Bank) -> ContentSet:
    """A content set held in memory (no files, so no line numbers)."""
    content = ContentSet()
    for model in (spec, bank):
        content.add(Loaded(model, Document("<synthetic>", None)))
    return content


def greedy(bp: Blueprint, pool: Pool, seed: int) -> list[list[str]]:
    """Baseline: each form takes items in a seeded random order when no maximum is broken;
    forms never share items. No lookahead, so minima and the exact total are often missed."""
    order = list(pool.open)
    random.Random(seed).shuffle(order)
    used: set[str] = set()
    forms = []
    for _ in range(bp.forms):
        chosen: list[Candidate] = []
        marks, kinds, outcomes = 0, Counter[str](), Counter[str]()
        for c in order:
            if c.id in used or marks + c.marks > bp.total_marks or c.enemies & {x.id for x in chosen}:
                continue
            limit = bp.kinds.get(c.kind)  # type: ignore[call-overload]
            if limit and limit.max is not None and kinds[c.kind] + 1 > limit.max:
                continue
            if any(
                outcomes[o] + m > (bp.outcomes[o].max or 99) for o, m in c.outcome_marks if o in bp.outcomes
            ):
                continue
            chosen.append(c)
            marks += c.marks
            kinds[c.kind] += 1
            outcomes.update(dict(c.outcome_marks))
        used |= {c.id for c in chosen}
        forms.append([c.id for c in chosen])
    return forms


def feasible_draw(bp: Blueprint, pool: Pool, seed: int) -> list[list[str]] | None:
    """Baseline: forms one after another, each CP-SAT's first solution that meets every
    requirement beside the forms before it, with nothing optimised; from the same shortlist
    csassess searches first (over the whole pool it took 253 s for 10 forms of 50,000 items)."""
    chosen: list[dict[str, int]] = []
    usable = choosable(bp, pool)
    groups = shortlist(bp, usable, bp.forms) if len(usable) > SHORTLIST_FROM else usable
    for _ in range(bp.forms):
        fm = FormModel(bp, pool, 1, groups=groups)
        fm.follow(chosen)
        solver = new_solver(seed, 120.0, 20.0)
        solver.parameters.stop_after_first_solution = True
        if solver.solve(fm.model) not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            return None
        chosen.append(fm.counts(solver, 0))
    heads = {g.head.id: g for g in pool.groups}
    forms: list[list[str]] = []
    dealt: Counter[str] = Counter()
    for counts in chosen:  # members of a group dealt out in bank order
        ids: list[str] = []
        for head, n in counts.items():
            members = [c.id for c in heads[head].members]
            start = dealt[head] if heads[head].size > 1 else 0
            ids += members[start : start + n]
            dealt[head] += n
        forms.append(ids)
    return forms


def unmet(bp: Blueprint, s: FormStats) -> int:
    """How many of the blueprint's requirements a form misses."""
    misses = int(s.marks != bp.total_marks)
    misses += sum(not (r.min <= s.outcome_marks.get(o, 0) <= (r.max or 999)) for o, r in bp.outcomes.items())
    misses += sum(not (r.min <= s.kinds.get(k, 0) <= (r.max or 999)) for k, r in bp.kinds.items())
    if bp.difficulty and bp.difficulty.mean is not None and s.marks:
        misses += int(abs(s.mean_difficulty - bp.difficulty.mean) > bp.difficulty.tolerance + 1e-9)
    return misses


@dataclass(frozen=True)
class Closeness:
    """How alike a set of forms is, and how well they meet the blueprint."""

    difficulty_spread: float
    outcome_spread_max: int
    outcome_spread_mean: float
    target_miss: float
    """Largest distance of a form's mean difficulty from the target."""
    worst_overlap: float
    missed: int

    def row(self) -> str:
        """The columns of the report table after the time."""
        return (
            f"{self.difficulty_spread:10.3f} {self.target_miss:10.3f} {self.outcome_spread_max:8d} "
            f"{self.outcome_spread_mean:8.2f} {self.worst_overlap:8.0%} {self.missed:7d}"
        )


def closeness(bp: Blueprint, stats: Sequence[FormStats]) -> Closeness:
    """Spread across forms of mean difficulty and outcome marks, and the worst pairwise overlap."""
    means = [s.mean_difficulty for s in stats]
    spreads = [
        max(s.outcome_marks.get(o, 0) for s in stats) - min(s.outcome_marks.get(o, 0) for s in stats)
        for o in bp.outcomes
    ]
    aim = bp.difficulty.mean if bp.difficulty and bp.difficulty.mean is not None else 2.0
    return Closeness(
        difficulty_spread=max(means) - min(means),
        outcome_spread_max=max(spreads),
        outcome_spread_mean=statistics.mean(spreads),
        target_miss=max(abs(m - aim) for m in means),
        worst_overlap=max(
            (a.overlap_with(b) for i, a in enumerate(stats) for b in stats[i + 1 :]), default=0.0
        ),
        missed=sum(unmet(bp, s) for s in stats),
    )


HEADER = (
    f"| {'items':>7} | {'forms':>5} | {'method':<15} | {'time':>7} | {'status':<22} | {'gap':>5} "
    f"| {'distance':>8} | {'diff sprd':>9} | {'off target':>10} | {'LO sprd':>7} | {'LO mean':>7} "
    f"| {'overlap':>7} | {'missed':>6} |"
)
RULE = "|" + "|".join("-" * (len(cell)) for cell in HEADER.split("|")[1:-1]) + "|"


def _row(
    items: int, forms: int, method: str, took: float, status: str, gap: str, distance: str, c: Closeness
) -> str:
    return (
        f"| {items:>7} | {forms:>5} | {method:<15} | {took:6.2f}s | {status:<22} | {gap:>5} | {distance:>8} "
        f"| {c.difficulty_spread:9.3f} | {c.target_miss:10.3f} | {c.outcome_spread_max:7d} "
        f"| {c.outcome_spread_mean:7.2f} | {c.worst_overlap:7.0%} | {c.missed:6d} |"
    )


def run(bp: Blueprint, content: ContentSet, limits: Limits, items: int) -> tuple[list[str], float, str]:
    """Time csassess and the baselines on one blueprint: table rows, csassess's seconds, and
    a note on where its time went."""
    start = time.perf_counter()
    pool = build_pool(bp, content, Usage())
    pooled = time.perf_counter() - start
    result = solve(bp, pool, limits)
    papers = build_forms(bp, content, result.forms) if result.forms else []
    took = time.perf_counter() - start
    note = (
        f"{items} items, {bp.forms} forms: {len(pool.groups)} choices; pool {pooled:.2f} s, CP-SAT "
        f"{result.wall_time:.2f} s ({result.work:.2f} of its work units), freezing the rest"
    )
    if not papers:
        return (
            [f"| {items:>7} | {bp.forms:>5} | {'csassess CP-SAT':<15} | {took:6.2f}s | {result.status} |"],
            took,
            note,
        )
    status = result.status + (f" ({result.stopped_by})" if result.stopped_by else "")
    gap = f"{result.gap:.0%}" if result.gap is not None else "-"
    ours = closeness(bp, [form_stats(p) for p in papers])
    rows = [_row(items, bp.forms, "csassess CP-SAT", took, status, gap, str(result.objective), ours)]
    start = time.perf_counter()
    drawn = feasible_draw(bp, pool, bp.seed)
    drew = time.perf_counter() - start
    if drawn is not None:
        base = closeness(bp, [form_stats(p) for p in build_forms(bp, content, drawn)])
        rows.append(_row(items, bp.forms, "feasible draw", drew, "first solutions", "-", "-", base))
    start = time.perf_counter()
    forms = greedy(bp, pool, bp.seed)
    fill = time.perf_counter() - start
    greedy_stats = closeness(bp, [form_stats(p) for p in build_forms(bp, content, forms)])
    rows.append(_row(items, bp.forms, "greedy fill", fill, "no search", "-", "-", greedy_stats))
    return rows, took, note


TARGETS = {(50_000, 1): 2.0, (50_000, 10): 30.0, (10_000, 20): 30.0}
"""Seconds csassess should take (issue 22)."""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, nargs="+", default=[1_000, 10_000, 50_000, 100_000])
    parser.add_argument("--forms", type=int, nargs="+", default=[1, 10, 20])
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument(
        "--time-limit", type=float, default=None, help="wall seconds (default: follows the work)"
    )
    parser.add_argument("--work-limit", type=float, default=None, help="CP-SAT work units (default: grows)")
    args = parser.parse_args()
    print(
        "diff sprd = spread of mean difficulty across forms, off target = worst distance from 2.0, "
        "LO sprd = spread of an outcome's marks across forms (max, mean), missed = requirements "
        "missed, distance = the objective (0: exactly parallel and on target), gap = how far the "
        "forms may be from the best possible closeness\n"
    )
    print(HEADER)
    print(RULE)
    notes, verdicts = [], []
    limits = Limits(args.time_limit, args.work_limit)
    for items in args.items:
        content = content_of(specification(), synthetic_bank(items, args.seed))
        for forms in args.forms:
            rows, took, note = run(blueprint(forms, args.seed), content, limits, items)
            print("\n".join(rows), flush=True)
            notes.append(note)
            if (items, forms) in TARGETS:
                target = TARGETS[items, forms]
                verdicts.append(f"{forms} form(s) from {items}: {took:.2f} s (target < {target:g} s)")
    print()
    print("\n".join(notes))
    print()
    print("\n".join(verdicts))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
