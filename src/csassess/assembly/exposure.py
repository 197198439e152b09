"""The exposure history: which items each paper built so far put in front of candidates.

One entry per paper (all its forms). Rebuilding a paper replaces its own entry, so building
the same blueprint twice gives the same papers instead of avoiding its own first attempt.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from pydantic import Field, ValidationError

from csassess.content.loading import findings_from_validation
from csassess.content.yamlsafe import YamlError, read_file
from csassess.fileio import write_json
from csassess.findings import ContentError
from csassess.models.base import Identifier, NonNegativeInt, Strict
from csassess.models.blueprint import Blueprint
from csassess.models.paper import FrozenPaper


class HistoryForm(Strict):
    """One form as it was built."""

    form: Identifier
    content_hash: str = Field(pattern=r"^sha256:[0-9a-f]{64}$")
    items: list[Identifier]


class HistoryPaper(Strict):
    """One paper built from a blueprint, with every form."""

    paper: Identifier
    seed: NonNegativeInt
    forms: list[HistoryForm] = Field(min_length=1)


class ExposureHistory(Strict):
    """Every paper built so far, oldest first."""

    kind: Literal["exposure_history"] = "exposure_history"
    papers: list[HistoryPaper] = Field(default_factory=list)


@dataclass(frozen=True)
class Usage:
    """What the history means for one blueprint: uses per item, and the items to leave out."""

    uses: Counter[str] = field(default_factory=Counter)
    recent: dict[str, str] = field(default_factory=dict)
    """Item id -> the recent paper that used it (for items `exclude_last` leaves out)."""
    max_uses: int | None = None


def history_path(blueprint_file: Path, blueprint: Blueprint) -> Path | None:
    """Where the blueprint keeps its history: relative to the blueprint file."""
    if blueprint.exposure is None:
        return None
    return blueprint_file.parent / blueprint.exposure.history


def read_history(path: Path) -> ExposureHistory:
    """The history in `path`, or an empty one when the file does not exist yet."""
    if not path.exists():
        return ExposureHistory()
    try:
        doc = read_file(path)
    except YamlError as exc:
        raise ContentError([exc.finding]) from exc
    try:
        return ExposureHistory.model_validate(doc.data)
    except ValidationError as exc:
        raise ContentError(findings_from_validation(doc, exc)) from exc


def usage(history: ExposureHistory, blueprint: Blueprint) -> Usage:
    """Item uses and recent items, ignoring an earlier build of this same paper."""
    exposure = blueprint.exposure
    if exposure is None:
        return Usage()
    papers = [p for p in history.papers if p.paper != blueprint.id]
    uses: Counter[str] = Counter(item for p in papers for f in p.forms for item in f.items)
    recent: dict[str, str] = {}
    if exposure.exclude_last:
        for paper in reversed(papers[-exposure.exclude_last :]):  # the newest paper names it
            for form in paper.forms:
                for item in form.items:
                    recent.setdefault(item, paper.paper)
    return Usage(uses, recent, exposure.max_uses)


def record(history: ExposureHistory, blueprint: Blueprint, papers: list[FrozenPaper]) -> ExposureHistory:
    """The history with this build appended, replacing any earlier build of the same paper."""
    entry = HistoryPaper(
        paper=blueprint.id,
        seed=blueprint.seed,
        forms=[
            HistoryForm(
                form=p.form,
                content_hash=p.content_hash,
                items=[fi.item.id for s in p.sections for fi in s.items],
            )
            for p in papers
        ],
    )
    kept = [p for p in history.papers if p.paper != blueprint.id]
    return ExposureHistory(papers=[*kept, entry])


def write_history(path: Path, history: ExposureHistory) -> None:
    """Write the history atomically."""
    write_json(path, history.model_dump(mode="json"))
