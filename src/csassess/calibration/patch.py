"""Rubric patches: suggested evidence changes as a YAML file an author reviews and merges.

A patch (``kind: rubric_patch``) lists changes to marking points, each with its reason:

    kind: rubric_patch
    id: calibration
    sample: marks.csv
    changes:
      - item: CS-COM-SA-001
        point: summarise
        add_evidence: [sum up the problem]
        reason: in 4 answers examiners credited that csassess under-marked ...
      - item: CS-COM-SA-001
        point: notes
        remove_evidence: [write]
        reason: credited 3 answers examiners gave 0 ...
      - item: CS-COM-SA-001
        point: name-and-tone
        review: never credited in 30 answers
        reason: ...

`apply_patch` returns new rubric models with the phrase changes made (review notes change
nothing); the files on disk are never rewritten: the author copies what they accept.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path

import yaml

from csassess.content.loading import load_file, register_kind
from csassess.fileio import write_atomic
from csassess.findings import CsassessError
from csassess.models.rubric import PointChange, Rubric, RubricPatch


class PatchError(CsassessError):
    """A patch does not fit the rubric it names."""


def with_evidence(
    rubric: Rubric, point_id: str, add: Iterable[str] = (), remove: Iterable[str] = ()
) -> Rubric:
    """A copy of the rubric with one point's phrases added to and taken away from."""
    gone = set(remove)
    points = []
    for mp in rubric.marking_points:
        if mp.id == point_id:
            kept = [e for e in mp.evidence if e not in gone]
            kept += [e for e in add if e not in kept]
            if not kept:
                raise PatchError(f"{rubric.item}: {point_id}: the patch would leave no evidence")
            mp = mp.model_copy(update={"evidence": kept})
        points.append(mp)
    return rubric.model_copy(update={"marking_points": points})


def apply_changes(rubric: Rubric, changes: Iterable[PointChange]) -> Rubric:
    """The rubric with every change for its item applied, in order."""
    ids = {mp.id for mp in rubric.marking_points}
    for change in changes:
        if change.item != rubric.item:
            continue
        if change.point not in ids:
            raise PatchError(f"{rubric.item}: the patch names unknown point {change.point!r}")
        if change.add_evidence or change.remove_evidence:
            rubric = with_evidence(rubric, change.point, change.add_evidence, change.remove_evidence)
    return rubric


def apply_patch(rubrics: Mapping[str, Rubric], patch: RubricPatch) -> dict[str, Rubric]:
    """Item id -> rubric, with the patch applied to every rubric it names."""
    unknown = sorted({c.item for c in patch.changes} - set(rubrics))
    if unknown:
        raise PatchError(f"the patch names items with no rubric: {', '.join(unknown)}")
    return {item: apply_changes(rubric, patch.changes) for item, rubric in rubrics.items()}


def patch_yaml(patch: RubricPatch) -> str:
    """The patch as YAML, fields in the documented order, empty ones left out."""
    data = patch.model_dump(mode="json", exclude_none=True)
    data["changes"] = [{k: v for k, v in c.items() if v != []} for c in data["changes"]]
    header = "# Suggested rubric changes: review each one, copy what you accept into the rubric.\n"
    return header + yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)


def write_patch(path: Path, patch: RubricPatch) -> None:
    """Write the patch atomically."""
    write_atomic(path, patch_yaml(patch))


register_kind("rubric_patch", RubricPatch)


def read_patch(path: Path) -> RubricPatch:
    """A patch file, read safely; problems are reported with their line."""
    patch: RubricPatch = load_file(path, expected="rubric_patch").model
    return patch
