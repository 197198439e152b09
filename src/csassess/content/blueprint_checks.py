"""Checks of a blueprint against itself and the specification, before any item is chosen.

These find what no choice of items could fix: an unknown outcome, a range whose max is below
its min, sections that cannot hold the total. Whether the bank has enough of what is asked is
`explain`'s job, because it depends on the items and the exposure history.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator

from csassess.content.contentset import ContentSet
from csassess.content.loading import Loaded
from csassess.content.yamlsafe import Path_
from csassess.findings import Finding
from csassess.models.blueprint import Blueprint, Range
from csassess.models.spec import Specification


def check_blueprints(content: ContentSet) -> Iterator[Finding]:
    """Every loaded blueprint is sound and names outcomes of its specification."""
    for loaded in content.of_kind(Blueprint):
        yield from blueprint_findings(loaded, content)


def blueprint_findings(loaded: Loaded, content: ContentSet) -> Iterator[Finding]:
    """The findings for one blueprint file."""
    bp: Blueprint = loaded.model
    doc = loaded.doc
    yield from _syllabus(loaded, content)
    for path, rng in _ranges(bp):
        if rng.max is not None and rng.max < rng.min:
            yield doc.finding((*path, "max"), f"max {rng.max} is below min {rng.min}")
        marks = path[0] != "kinds"
        if marks and rng.min > bp.total_marks:
            yield doc.finding((*path, "min"), f"{rng.min} marks asked of a {bp.total_marks}-mark paper")
    yield from _sections(loaded)
    yield from _difficulty(loaded)
    scenario_max = bp.kinds["scenario"].max if "scenario" in bp.kinds else None
    if scenario_max is not None and bp.min_scenarios > scenario_max:
        yield doc.finding(
            ("min_scenarios",), f"{bp.min_scenarios} scenarios asked but kinds.scenario.max is {scenario_max}"
        )
    previous = None
    for bi, boundary in enumerate(bp.grade_boundaries):
        path = ("grade_boundaries", bi, "min_mark")
        if previous is not None and boundary.min_mark >= previous:
            yield doc.finding(path, "list boundaries from the highest grade down")
        if boundary.min_mark > bp.total_marks:
            yield doc.finding(path, f"above the paper's {bp.total_marks} marks")
        previous = boundary.min_mark
    if bp.exposure is not None and bp.exposure.exclude_last is None and bp.exposure.max_uses is None:
        yield doc.finding(("exposure",), "give exclude_last, max_uses or both")


def _ranges(bp: Blueprint) -> Iterator[tuple[Path_, Range]]:
    for outcome, rng in bp.outcomes.items():
        yield ("outcomes", outcome), rng
    for kind, rng in bp.kinds.items():
        yield ("kinds", kind), rng
    for si, section in enumerate(bp.sections):
        if section.marks is not None:
            yield ("sections", si, "marks"), section.marks
    if bp.difficulty is not None and bp.difficulty.marks is not None:
        for level, rng in bp.difficulty.marks.items():
            yield ("difficulty", "marks", level), rng


def _syllabus(loaded: Loaded, content: ContentSet) -> Iterator[Finding]:
    bp: Blueprint = loaded.model
    specs = {s.id: s for s in content.specifications}
    spec = specs.get(bp.specification)
    if spec is None:
        if specs and content.dangling(bp.specification):
            yield loaded.doc.finding(
                ("specification",),
                f"no loaded specification has id {bp.specification!r} (loaded: {', '.join(sorted(specs))})",
            )
        return
    units = {u.id: u for u in spec.units}
    if bp.unit not in units:
        yield loaded.doc.finding(("unit",), f"unit {bp.unit!r} is not in {spec.id} ({', '.join(units)})")
    known = _outcomes(spec, bp.unit)
    for outcome in bp.outcomes:
        if outcome not in known:
            close = difflib.get_close_matches(outcome, sorted(known), n=1, cutoff=0.6)
            hint = f"; did you mean {close[0]!r}?" if close else ""
            yield loaded.doc.finding(
                ("outcomes", outcome), f"unknown learning outcome {outcome!r} in {bp.unit}{hint}", on_key=True
            )


def _outcomes(spec: Specification, unit_id: str) -> set[str]:
    """The unit's outcomes, or the whole specification's when the unit is unknown."""
    for unit in spec.units:
        if unit.id == unit_id:
            return {lo.id for lo in unit.outcomes}
    return spec.outcome_ids()


def _sections(loaded: Loaded) -> Iterator[Finding]:
    bp: Blueprint = loaded.model
    doc = loaded.doc
    home: dict[str, str] = {}
    ids: set[str] = set()
    for si, section in enumerate(bp.sections):
        if section.id in ids:
            yield doc.finding(("sections", si, "id"), f"section id {section.id!r} is used twice")
        ids.add(section.id)
        for ki, kind in enumerate(section.kinds):
            if kind in home:
                yield doc.finding(
                    ("sections", si, "kinds", ki), f"{kind} items already go in section {home[kind]!r}"
                )
            else:
                home[kind] = section.id
    wanted = {kind for kind, rng in bp.kinds.items() if rng.min > 0}
    if bp.min_scenarios:
        wanted.add("scenario")
    for kind in sorted(wanted - set(home)):
        path = ("kinds", kind, "min") if kind in bp.kinds else ("min_scenarios",)
        yield doc.finding(path, f"no section takes {kind} items; name the kind in a section's kinds")
    section_min = sum(s.marks.min for s in bp.sections if s.marks is not None)
    if section_min > bp.total_marks:
        yield doc.finding(
            ("sections",),
            f"the sections ask for at least {section_min} marks of a {bp.total_marks}-mark paper",
        )
    maxima = [s.marks.max if s.marks is not None else None for s in bp.sections]
    if all(m is not None for m in maxima) and sum(m or 0 for m in maxima) < bp.total_marks:
        yield doc.finding(
            ("total_marks",),
            f"the sections hold at most {sum(m or 0 for m in maxima)} marks, below total_marks",
        )


def _difficulty(loaded: Loaded) -> Iterator[Finding]:
    bp: Blueprint = loaded.model
    target = bp.difficulty
    if target is None:
        return
    if target.mean is None and target.marks is None:
        yield loaded.doc.finding(("difficulty",), "give a mean, marks per level, or both")
    if target.marks is None:
        return
    low = sum(r.min for r in target.marks.values())
    if low > bp.total_marks:
        yield loaded.doc.finding(
            ("difficulty", "marks"),
            f"the levels ask for at least {low} marks of a {bp.total_marks}-mark paper",
        )
    maxima = [
        target.marks[level].max if level in target.marks else None for level in ("easy", "medium", "hard")
    ]
    if all(m is not None for m in maxima) and sum(m or 0 for m in maxima) < bp.total_marks:
        yield loaded.doc.finding(
            ("difficulty", "marks"),
            f"the levels hold at most {sum(m or 0 for m in maxima)} marks of a {bp.total_marks}-mark paper",
        )
