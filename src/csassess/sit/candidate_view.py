"""The candidate-facing data of the offline exam, from the allow-list shared with print.

The fields come from `csassess.render.candidate`, the one allow-list of what a candidate may
see; this module only arranges them for the exam page (labels, sections, the content hash).
"""

from __future__ import annotations

from typing import Any

from csassess.models import FrozenPaper
from csassess.models.items import Scenario
from csassess.render.candidate import head_fields, numbered, question_fields, scenario_fields

CandidateData = dict[str, Any]


def candidate_view(paper: FrozenPaper) -> CandidateData:
    """What the exam page shows: paper head, sections, questions and scenario settings.

    Items are numbered 1, 2, 3... across the paper; scenario parts are 14(a), 14(b)...
    """
    entries = iter(numbered(paper))
    sections = []
    for section in paper.sections:
        items = []
        for _ in section.items:
            number, frozen, questions = next(entries)
            parts = [{**question_fields(q.question), "label": q.number} for q in questions]
            if isinstance(frozen.item, Scenario):
                items.append({**scenario_fields(frozen.item), "label": str(number), "parts": parts})
            else:
                items.extend(parts)
        sections.append(
            {"id": section.id, "title": section.title, "instructions": section.instructions, "items": items}
        )
    return {
        **head_fields(paper),
        # The hash of the whole frozen paper ties a script to this exact freeze; a SHA-256
        # digest reveals nothing of the rubrics it covers.
        "content_hash": paper.content_hash,
        "sections": sections,
    }
