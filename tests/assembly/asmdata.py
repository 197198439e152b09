"""Small synthetic banks and blueprints for the assembly tests (a plain module tests import).

Banks hold only keyed questions (multiple choice, and scenarios of multiple-choice parts), so
they need no rubrics; every number a test asserts on is set here, not read from the sample bank.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from csassess.assembly.assemble import Assembly, assemble
from csassess.assembly.exposure import ExposureHistory
from csassess.assembly.limits import Limits
from csassess.content.contentset import ContentSet, load_content
from csassess.content.loading import Loaded, load_file
from csassess.models.items import questions_of
from csassess.models.paper import FrozenPaper

ROOT = Path(__file__).resolve().parents[2]
SPEC_ID = "SYN"
UNIT_ID = "U1"
QUICK = Limits(time_limit=30.0, work_limit=5.0)


def mcq(
    item_id: str,
    outcome: str,
    *,
    marks: int = 1,
    difficulty: str = "medium",
    enemies: Iterable[str] = (),
    status: str = "live",
) -> dict[str, Any]:
    """A multiple-choice item whose key is A, so a shuffle that moves it is easy to see."""
    return {
        "id": item_id,
        "kind": "multiple_choice",
        "version": 1,
        "status": status,
        "difficulty": difficulty,
        "stem": f"Question {item_id}?",
        "marks": marks,
        "outcomes": [outcome],
        "options": [{"id": c, "text": f"{item_id} option {c}"} for c in "ABCD"],
        "key": "A",
        "enemies": list(enemies),
    }


def scenario(item_id: str, parts: list[tuple[str, int]], *, difficulty: str = "medium") -> dict[str, Any]:
    """A scenario of multiple-choice parts, one per (outcome, marks)."""
    return {
        "id": item_id,
        "kind": "scenario",
        "version": 1,
        "status": "live",
        "difficulty": difficulty,
        "title": f"Case {item_id}",
        "setting": {
            "organisation": "A garden centre",
            "customer": "A regular customer",
            "channel": "telephone",
            "situation": "The customer's order arrived damaged.",
        },
        "parts": [
            {k: v for k, v in mcq(f"{item_id}.{chr(97 + i)}", o, marks=m).items() if k in PART_FIELDS}
            for i, (o, m) in enumerate(parts)
        ],
    }


PART_FIELDS = {"id", "kind", "stem", "marks", "outcomes", "options", "key"}


def write_content(folder: Path, items: list[dict[str, Any]], outcomes: int = 4) -> Path:
    """A specification with `outcomes` outcomes and a bank of `items`, as JSON files in `folder`."""
    folder.mkdir(parents=True, exist_ok=True)
    names = [f"LO{i}" for i in range(1, outcomes + 1)]
    spec = {
        "kind": "specification",
        "id": SPEC_ID,
        "qualification": "Synthetic qualification",
        "awarding_body": "tests",
        "version": 1,
        "units": [
            {
                "id": UNIT_ID,
                "title": "Synthetic unit",
                "level": 2,
                "outcomes": [
                    {"id": o, "text": f"Outcome {o}", "criteria": [{"id": f"{o}.1", "text": "Criterion"}]}
                    for o in names
                ],
            }
        ],
    }
    bank = {"kind": "bank", "id": "syn", "title": "Synthetic bank", "specification": SPEC_ID, "items": items}
    (folder / "specification.json").write_text(json.dumps(spec, indent=1), encoding="utf-8")
    (folder / "bank.json").write_text(json.dumps(bank, indent=1), encoding="utf-8")
    return folder


BLUEPRINT_HEAD = f"""\
kind: blueprint
id: SYN-PAPER
title: Synthetic paper
specification: {SPEC_ID}
unit: {UNIT_ID}
duration_minutes: 30
sections:
  - id: A
    title: "Section A"
    kinds: [multiple_choice]
  - id: B
    title: "Section B: scenarios"
    kinds: [scenario]
"""


def write_blueprint(folder: Path, body: str, name: str = "blueprint.yaml") -> Path:
    """A blueprint file: the synthetic head (ids, sections) followed by `body`."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(BLUEPRINT_HEAD + body, encoding="utf-8")
    return path


def build(
    blueprint: Path,
    content: ContentSet | Path,
    *,
    history: ExposureHistory | None = None,
    forms: int | None = None,
    seed: int | None = None,
) -> Assembly:
    """Assemble `blueprint` from `content` (a content set, or a folder to load) with quick limits."""
    if isinstance(content, Path):
        content = load_content([content])
    loaded: Loaded = load_file(blueprint, expected="blueprint")
    return assemble(loaded, content, history=history, forms=forms, seed=seed, limits=QUICK)


def item_ids(paper: FrozenPaper) -> list[str]:
    """The ids of a form's items, in paper order."""
    return [fi.item.id for s in paper.sections for fi in s.items]


def outcome_marks(paper: FrozenPaper) -> dict[str, int]:
    """Marks per outcome on a form, counted from its questions."""
    marks: dict[str, int] = {}
    for section in paper.sections:
        for frozen in section.items:
            for question in questions_of(frozen.item):
                for outcome in question.outcomes:
                    marks[outcome] = marks.get(outcome, 0) + question.marks
    return marks
