"""The candidate-facing data of a frozen paper, built from an allow-list of fields.

Every field is copied by name: a field added to the models later (or a rubric, key, note or
hash already there) reaches the exam page only if someone adds it here on purpose. That is
why nothing below dumps a model wholesale.
"""

from __future__ import annotations

from string import ascii_lowercase
from typing import Any

from csassess.models import FrozenPaper
from csassess.models.items import AnyItem, Question, Scenario
from csassess.models.paper import FrozenSection

CHANNEL_LABELS = {
    "face_to_face": "Face to face",
    "telephone": "Telephone",
    "email": "Email",
    "letter": "Letter",
    "live_chat": "Live chat",
    "social_media": "Social media",
    "video_call": "Video call",
}

CandidateData = dict[str, Any]


def _question(question: Question, label: str) -> CandidateData:
    """One question: what it asks and how to answer it, never how it is marked."""
    view: CandidateData = {
        "id": question.id,
        "kind": question.kind,
        "label": label,
        "stem": question.stem,
        "marks": question.marks,
    }
    if question.kind in ("multiple_choice", "multiple_response"):
        view["options"] = [{"id": o.id, "text": o.text} for o in question.options]  # type: ignore[union-attr]
    if question.kind == "multiple_response":
        # How many to choose is printed on the paper ("choose two"); which ones is not.
        view["choose"] = len(question.keys)  # type: ignore[union-attr]
    return view


def _scenario(scenario: Scenario, number: int) -> CandidateData:
    setting = scenario.setting
    return {
        "kind": "scenario",
        "id": scenario.id,
        "label": str(number),
        "title": scenario.title,
        "setting": {
            "organisation": setting.organisation,
            "customer": setting.customer,
            "channel": CHANNEL_LABELS.get(setting.channel, setting.channel),
            "situation": setting.situation,
        },
        "parts": [
            _question(part, f"{number}({letter})")
            for part, letter in zip(scenario.parts, ascii_lowercase, strict=False)
        ],
    }


def _entry(item: AnyItem, number: int) -> CandidateData:
    if isinstance(item, Scenario):
        return _scenario(item, number)
    return _question(item, str(number))


def _section(section: FrozenSection, first_number: int) -> CandidateData:
    return {
        "id": section.id,
        "title": section.title,
        "instructions": section.instructions,
        "items": [_entry(fi.item, first_number + i) for i, fi in enumerate(section.items)],
    }


def candidate_view(paper: FrozenPaper) -> CandidateData:
    """What the exam page shows: paper head, sections, questions and scenario settings.

    Items are numbered 1, 2, 3... across the paper; scenario parts are 14(a), 14(b)...
    """
    sections = []
    number = 1
    for section in paper.sections:
        sections.append(_section(section, number))
        number += len(section.items)
    return {
        "id": paper.id,
        "title": paper.title,
        "form": paper.form,
        "unit": paper.unit,
        "duration_minutes": paper.duration_minutes,
        "total_marks": paper.total_marks,
        "instructions": list(paper.instructions),
        # The hash of the whole frozen paper ties a script to this exact freeze; a SHA-256
        # digest reveals nothing of the rubrics it covers.
        "content_hash": paper.content_hash,
        "sections": sections,
    }
