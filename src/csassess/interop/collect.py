"""Questions read from any format, gathered into banks, scenarios and rubric files.

Each reader turns its format's questions into `ReadQuestion`s and `Meta`; the collector gives
them unique ids, validates them as csassess models, rebuilds scenarios from their parts and
writes the report line of every question.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import TypeAdapter, ValidationError

from csassess.interop.content import IMPORTED_SPEC, UNMAPPED_OUTCOME
from csassess.interop.imported import (
    ImportResult,
    ReportLine,
    UniqueIds,
    draft_rubric,
    identifier,
    validation_reason,
)
from csassess.models import Bank, RubricFile
from csassess.models.items import Item, Part
from csassess.models.rubric import Rubric

_ITEM = TypeAdapter(Item)
_PART = TypeAdapter(Part)


@dataclass
class ReadQuestion:
    """What one foreign question says, before it becomes a csassess model."""

    ident: str
    title: str
    kind: str
    fields: dict[str, Any]
    rubric: Rubric | None = None
    rubric_file: dict[str, Any] | None = None
    scorer_notes: str | None = None
    stimulus_href: str | None = None
    notes: list[str] = field(default_factory=list)


@dataclass
class Meta:
    """What a question's metadata says: its csassess id, fields, bank and specification."""

    ident: str | None = None
    fields: dict[str, Any] = field(default_factory=dict)
    bank: tuple[str, str] | None = None
    spec: str | None = None


@dataclass
class ScenarioDraft:
    """A scenario whose parts are still being read."""

    ident: str
    fields: dict[str, Any]
    bank: tuple[str, str] | None
    spec: str | None
    parts: list[dict[str, Any]] = field(default_factory=list)
    lines: list[int] = field(default_factory=list)


class Collector:
    """Collects questions into banks and rubric files while it writes the report."""

    def __init__(self, source: Path, spec: str | None, fmt: str) -> None:
        self.result = ImportResult(str(source), fmt)
        self.default_bank = (identifier(source.stem, "imported"), f"Imported from {source.name}")
        self.spec = spec
        self.ids = UniqueIds()
        self.items: dict[tuple[str, str], list[dict[str, Any] | ScenarioDraft]] = {}
        self.specs: dict[str, str] = {}
        self.scenarios: dict[str, ScenarioDraft] = {}
        self.rubrics: dict[str, tuple[dict[str, Any], list[Rubric]]] = {}

    def line(self, title: str, kind: str, *, reason: str = "", notes: Iterable[str] = ()) -> int:
        number = len(self.result.report) + 1
        self.result.report.append(ReportLine(number, title, kind, not reason, reason, tuple(notes)))
        return number

    def _rubric_for(self, read: ReadQuestion, qid: str) -> None:
        rubric = read.rubric
        if rubric is None:
            rubric = draft_rubric(qid, read.fields["marks"], read.scorer_notes)
            read.notes.append("draft rubric to complete (no csassess mark scheme in the item)")
        elif rubric.item != qid:
            rubric = rubric.model_copy(update={"item": qid})
        head = read.rubric_file or {"id": f"{self.default_bank[0]}-rubrics", "language": "en", "synonyms": {}}
        kept, rubrics = self.rubrics.setdefault(head["id"], (dict(head), []))
        # each item carries the word groups it uses, one carries them all: their union is the file's
        kept["synonyms"] = {**kept.get("synonyms", {}), **head.get("synonyms", {})}
        rubrics.append(rubric)

    def add(self, read: ReadQuestion, meta: Meta, scenario: ScenarioDraft | None) -> None:
        qid = self.ids(identifier(meta.ident or read.ident, f"Q-{len(self.result.report) + 1}"))
        data: dict[str, Any] = {
            "id": qid,
            "kind": read.kind,
            "outcomes": [UNMAPPED_OUTCOME],
            **read.fields,
            **meta.fields,
        }
        if "outcomes" not in meta.fields:
            read.notes.append(f"learning outcome to map ({UNMAPPED_OUTCOME})")
        if scenario is None:
            data = {"version": "1", "status": "draft", "difficulty": "medium", **data}
        try:
            model = (_PART if scenario else _ITEM).validate_python(data, strict=False)
        except ValidationError as exc:
            self.line(read.title, read.kind, reason=validation_reason(exc))
            return
        if read.kind in {"short_answer", "extended_response"}:
            self._rubric_for(read, qid)
        number = self.line(read.title, read.kind, notes=read.notes)
        if scenario is not None:
            scenario.parts.append(model.model_dump())
            scenario.lines.append(number)
            return
        self._place(meta.bank, meta.spec, model.model_dump())

    def _place(
        self, bank: tuple[str, str] | None, spec: str | None, entry: dict[str, Any] | ScenarioDraft
    ) -> None:
        """An item (or a scenario still collecting parts) at the end of its bank."""
        bank = bank or self.default_bank
        self.specs.setdefault(bank[0], spec or self.spec or IMPORTED_SPEC)
        self.items.setdefault(bank, []).append(entry)

    def open_scenario(
        self, key: str, wanted_id: str, fields: dict[str, Any], bank: tuple[str, str] | None, spec: str | None
    ) -> ScenarioDraft:
        """A scenario that parts read later join (by `key`), placed in its bank now."""
        scenario = ScenarioDraft(self.ids(identifier(wanted_id, "SC")), fields, bank, spec)
        self.scenarios[key] = scenario
        self._place(bank, spec, scenario)
        return scenario

    def _scenario(self, scenario: ScenarioDraft) -> dict[str, Any] | None:
        """A scenario's dump once its parts are in; None (its parts reported) when it is invalid."""
        data = {"id": scenario.ident, "kind": "scenario", **scenario.fields, "parts": scenario.parts}
        try:
            return _ITEM.validate_python(data, strict=False).model_dump()  # type: ignore[no-any-return]
        except ValidationError as exc:
            reason = f"scenario {scenario.ident}: {validation_reason(exc)}"
            for number in scenario.lines:
                old = self.result.report[number - 1]
                self.result.report[number - 1] = ReportLine(old.number, old.title, old.kind, False, reason)
            return None

    def finish(self) -> ImportResult:
        """The banks and rubric files read, in the order they came."""
        content = self.result.content
        for bank, entries in self.items.items():
            dumps = [self._scenario(e) if isinstance(e, ScenarioDraft) else e for e in entries]
            if not any(dumps):
                continue
            content.banks.append(
                Bank.model_validate(
                    {
                        "kind": "bank",
                        "id": bank[0],
                        "title": bank[1],
                        "specification": self.specs[bank[0]],
                        "items": [d for d in dumps if d],
                    }
                )
            )
        kept = {q.id for q in content.questions()}
        for file_id, (head, all_rubrics) in self.rubrics.items():
            rubrics = [r for r in all_rubrics if r.item in kept]  # not those of parts left out
            if not rubrics:
                continue
            content.rubric_files.append(
                RubricFile(
                    kind="rubrics",
                    id=file_id,
                    language=head.get("language", "en"),
                    synonyms=head.get("synonyms", {}),
                    rubrics=rubrics,
                )
            )
        return self.result
