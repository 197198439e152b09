"""Turning the solver's choice into frozen papers, one per form, and writing them."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from csassess.assembly.freeze import SectionPlan, build_frozen
from csassess.assembly.shuffle import shuffle_item
from csassess.content.contentset import ContentSet
from csassess.fileio import write_json
from csassess.models import FrozenPaper, Paper
from csassess.models.blueprint import Blueprint
from csassess.models.items import DIFFICULTY_VALUE, AnyItem

FORM_FILE = "form-{form}.frozen.json"
_HEAD = {
    "id",
    "title",
    "specification",
    "unit",
    "duration_minutes",
    "series",
    "date",
    "language",
    "instructions",
    "fail_grade",
    "grade_boundaries",
}


def form_letter(index: int) -> str:
    """Forms are lettered A, B, C..."""
    return chr(ord("A") + index)


def build_forms(
    blueprint: Blueprint, content: ContentSet, forms: Sequence[Sequence[str]]
) -> list[FrozenPaper]:
    """A frozen paper per form: items in their sections, easier first, options shuffled per form."""
    papers = []
    for index, ids in enumerate(forms):
        letter = form_letter(index)
        items = {item_id: shuffle_item(content.item(item_id), blueprint.seed, letter) for item_id in ids}
        plans = section_plans(blueprint, list(items.values()))
        paper = Paper.model_validate(
            {
                **blueprint.model_dump(include=_HEAD),
                "kind": "paper",
                "form": letter,
                "sections": [
                    {"id": p.id, "title": p.title, "instructions": p.instructions, "items": p.items}
                    for p in plans
                ],
            }
        )
        papers.append(build_frozen(paper, plans, content, form=letter, items=items))
    return papers


def section_plans(blueprint: Blueprint, items: Sequence[AnyItem]) -> list[SectionPlan]:
    """The blueprint's sections holding the items of their kinds, easier and shorter first;
    sections left empty are dropped."""
    plans = []
    placed: set[str] = set()
    for section in blueprint.sections:
        mine = [item for item in items if item.kind in section.kinds and item.id not in placed]
        placed.update(item.id for item in mine)
        mine.sort(key=lambda item: (DIFFICULTY_VALUE[item.difficulty], item.marks, item.id))
        if mine:
            plans.append(SectionPlan(section.id, section.title, section.instructions, [i.id for i in mine]))
    return plans


def write_forms(out_dir: Path, papers: Sequence[FrozenPaper]) -> list[Path]:
    """Write each form as `form-A.frozen.json`... (each file atomically); returns the paths."""
    written = []
    for paper in papers:
        path = out_dir / FORM_FILE.format(form=paper.form)
        write_json(path, paper.model_dump(mode="json"))
        written.append(path)
    return written
