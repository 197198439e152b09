"""Freezing a paper: resolving item ids into exact content and hashes, once and for all."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from csassess import __version__
from csassess.content.checks import check_content
from csassess.content.contentset import ContentSet
from csassess.content.hashing import model_hash, sha256_text
from csassess.fileio import canonical_json
from csassess.findings import ContentError
from csassess.models import FrozenItem, FrozenPaper, Paper
from csassess.models.items import AnyItem, questions_of
from csassess.models.paper import FrozenSection


@dataclass(frozen=True)
class SectionPlan:
    """Item ids for one section of a paper about to be frozen."""

    id: str
    title: str
    instructions: str | None
    items: list[str]


def freeze_item(content: ContentSet, item: AnyItem) -> FrozenItem:
    """An item with the rubrics (and word groups) of its free-text questions, hashed."""
    rubrics = {}
    synonyms: dict[str, list[str]] = {}
    for question in questions_of(item):
        rubric = content.rubric(question.id)
        if rubric is not None:
            rubrics[question.id] = rubric
            synonyms.update(content.synonyms_of.get(question.id, {}))
    return FrozenItem(
        item=item,
        item_hash=model_hash(item),
        rubrics=rubrics,
        rubric_hashes={qid: model_hash(r) for qid, r in rubrics.items()},
        synonyms=synonyms,
    )


_OPTIONAL_HEAD = ("series", "date")
"""Head fields added after papers were first frozen: hashed only when set, so older frozen
papers still match their hashes."""


def _hashed(body: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in body.items() if k not in _OPTIONAL_HEAD or v is not None}


def build_frozen(
    paper: Paper,
    sections: Iterable[SectionPlan],
    content: ContentSet,
    *,
    form: str | None = None,
    items: dict[str, AnyItem] | None = None,
) -> FrozenPaper:
    """A frozen paper; `items` may override bank content (e.g. options shuffled per form)."""
    frozen_sections = []
    total = 0
    for plan in sections:
        frozen_items = []
        for item_id in plan.items:
            item = (items or {}).get(item_id) or content.item(item_id)
            frozen_items.append(freeze_item(content, item))
            total += item.marks
        frozen_sections.append(
            FrozenSection(id=plan.id, title=plan.title, instructions=plan.instructions, items=frozen_items)
        )
    head = _hashed(paper.model_dump(exclude={"kind", "sections", "form"}))
    body = {
        **head,
        "kind": "frozen_paper",
        "form": form or paper.form,
        "sections": [s.model_dump(mode="json") for s in frozen_sections],
        "total_marks": total,
        "frozen_by": f"csassess {__version__}",
    }
    content_hash = sha256_text(canonical_json(body))
    return FrozenPaper.model_validate({**body, "content_hash": content_hash}, strict=False)


def freeze_paper(paper: Paper, content: ContentSet) -> FrozenPaper:
    """Freeze a hand-written paper after checking all the content it draws on."""
    errors = [f for f in check_content(content) if f.severity == "error"]
    if errors:
        raise ContentError(errors)
    plans = [SectionPlan(s.id, s.title, s.instructions, list(s.items)) for s in paper.sections]
    return build_frozen(paper, plans, content)


def verify_frozen(paper: FrozenPaper) -> bool:
    """Whether a frozen paper's content still matches its hash (nothing edited by hand)."""
    body = paper.model_dump(mode="json", exclude={"content_hash"})
    # hashed without unset optional fields (as frozen now), or with them as null
    return paper.content_hash in {sha256_text(canonical_json(b)) for b in (_hashed(body), body)}
