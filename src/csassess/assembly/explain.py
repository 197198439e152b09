"""Why a blueprint cannot be met, said so that an assessor knows what to change.

Before solving, arithmetic on the pool catches the common cases and names the numbers
("outcome LO3 needs at least 12 marks but only 8 marks of live LO3 items exist"). When those
pass and the solver still finds no forms, `solver.core_of` names the requirements that
conflict, and each becomes a finding at its line in the blueprint.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from csassess.assembly.model import SCALE, Requirement
from csassess.assembly.pool import KIND_NAMES, LEVELS, Candidate, Pool
from csassess.content.loading import Loaded
from csassess.findings import ContentError, Finding
from csassess.models.blueprint import Blueprint


class InfeasibleBlueprintError(ContentError):
    """No forms can meet the blueprint with these items; each finding says what to relax."""

    def __init__(self, findings: list[Finding], headline: str) -> None:
        super().__init__(findings)
        self.headline = headline


def precheck(loaded: Loaded, pool: Pool) -> InfeasibleBlueprintError | None:
    """Requirements the live items cannot meet even for one form (or, for the overlap, all
    forms), each with the numbers that show it; None when arithmetic finds nothing amiss."""
    findings = [loaded.doc.finding(path, message) for path, message in _shortfalls(loaded.model, pool)]
    if not findings:
        return None
    these = "this requirement" if len(findings) == 1 else f"these {len(findings)} requirements"
    return InfeasibleBlueprintError(findings, f"the live items cannot meet {these}:")


def explain_core(loaded: Loaded, core: list[Requirement]) -> InfeasibleBlueprintError:
    """One finding per conflicting requirement, naming the others it cannot be met with."""
    findings = []
    for req in core:
        others = [r.text for r in core if r != req]
        if not others:
            message = f"{req.text} cannot be met with the live items"
        elif len(others) <= 3:
            message = f"{req.text} cannot be met together with: {'; '.join(others)}"
        else:
            message = f"{req.text}: cannot be met together with the other {len(others)} listed"
        findings.append(loaded.doc.finding(req.path, message))
    if len(core) == 1:
        headline = "no form can meet this requirement with the live items:"
    else:
        headline = f"no form can meet these {len(core)} requirements together; relax any one of them:"
    return InfeasibleBlueprintError(findings, headline)


def _shortfalls(bp: Blueprint, pool: Pool) -> Iterator[tuple[tuple[str | int, ...], str]]:
    open_ = pool.open
    blocked = [c for c in pool.candidates if c.blocked is not None]

    def note(measure: Callable[[Candidate], int], unit: str) -> str:
        held = sum(measure(c) for c in blocked)
        return f" ({held} more {unit} left out by the exposure history)" if held else ""

    available = sum(c.marks for c in open_)
    if available < bp.total_marks:
        yield (
            ("total_marks",),
            f"each form needs {bp.total_marks} marks but the live items of the sections' kinds "
            f"add up to {available}" + note(lambda c: c.marks, "marks"),
        )
    for o, rng in bp.outcomes.items():
        have = sum(c.outcome(o) for c in open_)
        if have < rng.min:
            yield (
                ("outcomes", o, "min"),
                f"outcome {o} needs at least {rng.min} marks but only {have} marks of live {o} items exist"
                + note(lambda c, o=o: c.outcome(o), "marks"),
            )
    wanted: list[tuple[tuple[str | int, ...], str, int]] = [
        (("kinds", kind, "min"), kind, rng.min) for kind, rng in bp.kinds.items()
    ]
    if bp.min_scenarios > (bp.kinds["scenario"].min if "scenario" in bp.kinds else 0):
        wanted.append((("min_scenarios",), "scenario", bp.min_scenarios))
    for path, kind, count in wanted:
        have = sum(c.kind == kind for c in open_)
        if have < count:
            yield (
                path,
                f"{count} {KIND_NAMES[kind]} wanted but the bank has only {have} live"
                + note(lambda c, k=kind: int(c.kind == k), "items"),
            )
    for si, section in enumerate(bp.sections):
        if section.marks is not None:
            have = sum(c.marks for c in open_ if c.section == section.id)
            if have < section.marks.min:
                yield (
                    ("sections", si, "marks", "min"),
                    f"section {section.id} needs at least {section.marks.min} marks but its kinds' live "
                    f"items add up to {have}",
                )
    yield from _difficulty(bp, open_)
    yield from _distinct(bp, open_)


def _difficulty(bp: Blueprint, open_: tuple[Candidate, ...]) -> Iterator[tuple[tuple[str | int, ...], str]]:
    target = bp.difficulty
    if target is None or not open_:
        return
    for level, rng in (target.marks or {}).items():
        have = sum(c.level_marks[LEVELS.index(level)] for c in open_)
        if have < rng.min:
            yield (
                ("difficulty", "marks", level, "min"),
                f"{rng.min} marks of {level} questions wanted but only {have} exist",
            )
    if target.mean is not None:
        means = [c.difficulty_points / c.marks for c in open_]
        if target.mean - target.tolerance > max(means):
            yield (
                ("difficulty", "mean"),
                f"mean difficulty {target.mean:g} ± {target.tolerance:g} cannot be reached: "
                f"the hardest live items average {max(means):.2f}",
            )
        if target.mean + target.tolerance < min(means):
            yield (
                ("difficulty", "mean"),
                f"mean difficulty {target.mean:g} ± {target.tolerance:g} cannot be reached: "
                f"the easiest live items average {min(means):.2f}",
            )


def _distinct(bp: Blueprint, open_: tuple[Candidate, ...]) -> Iterator[tuple[tuple[str | int, ...], str]]:
    """F forms of n items each sharing at most k with any other need n + (n - k) + (n - 2k)...
    distinct items: each new form brings at least n minus what it may share with each earlier one."""
    if bp.forms < 2 or not open_:
        return
    share = round(bp.max_overlap * SCALE)
    marks = sorted((c.marks for c in open_), reverse=True)
    fewest = next((i + 1 for i in range(len(marks)) if sum(marks[: i + 1]) >= bp.total_marks), len(marks))
    fewest = max(fewest, sum(r.min for r in bp.kinds.values()))
    most = min(len(marks), bp.total_marks // marks[-1])
    if fewest > most:
        return  # the marks themselves fall short; reported above

    def distinct(n: int) -> int:
        k = share * n // SCALE
        return sum(max(0, n - j * k) for j in range(bp.forms))

    need = min(distinct(n) for n in range(fewest, most + 1))
    if need > len(open_):
        yield (
            ("max_overlap",),
            f"{bp.forms} forms with at most {bp.max_overlap:.0%} overlap need at least {need} distinct "
            f"items but only {len(open_)} are eligible",
        )
