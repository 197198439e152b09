"""What a candidate may see of a frozen paper: the one allow-list that both the printed paper
(`render.papers`) and the offline exam (`sit.candidate_view`) are built from.

Every field is copied by name, so a key, a rubric, a note or any field added to the models
later reaches a candidate only if someone adds it here on purpose. Nothing below dumps a model
wholesale or deletes fields from a dump. Each caller adds only presentation (wording, anchors,
answer lines), never another field of the models.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from string import ascii_lowercase
from typing import Any

from csassess.models import FrozenPaper
from csassess.models.items import MultipleResponse, PartMultipleResponse, Question, Scenario, ScenarioSetting
from csassess.models.paper import FrozenItem

Fields = dict[str, Any]
CHANNEL_LABELS = {
    "face_to_face": "Face to face",
    "telephone": "Telephone",
    "email": "Email",
    "letter": "Letter",
    "live_chat": "Live chat",
    "social_media": "Social media",
    "video_call": "Video call",
}


@dataclass(frozen=True)
class Numbered:
    """One question of the paper with its printed number: `3`, or `14(b)` for a scenario part."""

    question: Question
    number: str
    label: str
    """What is printed beside it: `3`, or `(b)` inside scenario 14."""
    frozen: FrozenItem


def numbered(paper: FrozenPaper) -> Iterator[tuple[int, FrozenItem, list[Numbered]]]:
    """Items in paper order, numbered 1, 2, 3... across sections, with their questions."""
    number = 0
    for section in paper.sections:
        for fi in section.items:
            number += 1
            if isinstance(fi.item, Scenario):
                parts = zip(fi.item.parts, ascii_lowercase, strict=False)
                yield number, fi, [Numbered(p, f"{number}({c})", f"({c})", fi) for p, c in parts]
            else:
                yield number, fi, [Numbered(fi.item, str(number), str(number), fi)]


def head_fields(paper: FrozenPaper) -> Fields:
    """The paper's head as candidates see it on the cover or the exam page."""
    return {
        "id": paper.id,
        "title": paper.title,
        "form": paper.form,
        "unit": paper.unit,
        "duration_minutes": paper.duration_minutes,
        "total_marks": paper.total_marks,
        "instructions": list(paper.instructions),
    }


def question_fields(question: Question) -> Fields:
    """What a question asks and how to answer it; never how it is marked."""
    fields: Fields = {
        "id": question.id,
        "kind": question.kind,
        "stem": question.stem,
        "marks": question.marks,
    }
    if question.kind in ("multiple_choice", "multiple_response"):
        fields["options"] = [{"id": o.id, "text": o.text} for o in question.options]  # type: ignore[union-attr]
    if isinstance(question, MultipleResponse | PartMultipleResponse):
        # How many to choose is printed on the paper ("choose two"); which ones never is.
        fields["choose"] = len(question.keys)
    return fields


def setting_fields(setting: ScenarioSetting) -> Fields:
    """A scenario's workplace case, with the channel in words."""
    return {
        "organisation": setting.organisation,
        "customer": setting.customer,
        "channel": CHANNEL_LABELS.get(setting.channel, setting.channel),
        "situation": setting.situation,
    }


def scenario_fields(scenario: Scenario) -> Fields:
    """A scenario's head: its title, marks and setting (its parts are questions)."""
    return {
        "id": scenario.id,
        "kind": "scenario",
        "title": scenario.title,
        "marks": scenario.marks,
        "setting": setting_fields(scenario.setting),
    }
