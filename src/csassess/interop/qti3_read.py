"""A QTI content package (3.0, 2.2 or 2.1) or a single item file into csassess content.

The manifest lists the items; each item's LOM and curriculum-standards metadata give back
its id, bank, outcomes, tags and life cycle when csassess wrote them, and sensible defaults
(a draft, outcome `LO-UNMAPPED`) when another tool did. Parts that share a csassess scenario
stimulus become one scenario again, in manifest order.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lxml import etree
from pydantic import TypeAdapter, ValidationError

from csassess.interop.content import IMPORTED_SPEC, UNMAPPED_OUTCOME
from csassess.interop.imported import (
    ImportResult,
    NotImportedError,
    ReportLine,
    UniqueIds,
    draft_rubric,
    identifier,
    validation_reason,
)
from csassess.interop.markup import find_class, read_fields
from csassess.interop.qti3_item_read import ReadQuestion, attr, read_item, title_of
from csassess.interop.qti3_write import BANK_TAXON, DIFFICULTY_TO_LOM, ENEMY_KIND, SPEC_TAXON, STATUS_TO_LOM
from csassess.interop.safexml import InteropError, child, children, local, parse_xml, text_of
from csassess.interop.safezip import SafeZip, resolve
from csassess.models import Bank, RubricFile
from csassess.models.items import Item, Part
from csassess.models.rubric import Rubric

FROM_STATUS = {v: k for k, v in STATUS_TO_LOM.items()}
FROM_DIFFICULTY = {v: k for k, v in DIFFICULTY_TO_LOM.items()}
ITEM_TYPES = ("imsqti_item_xmlv3p0", "imsqti_item_xmlv2p2", "imsqti_item_xmlv2p1", "imsqti_apipitem_xmlv2p1")
STIMULUS_TYPE = "imsqti_stimulus_xmlv3p0"
_ITEM = TypeAdapter(Item)
_PART = TypeAdapter(Part)


@dataclass
class Meta:
    """What a resource's LOM and curriculum metadata say about one item."""

    ident: str | None = None
    fields: dict[str, Any] = field(default_factory=dict)
    bank: tuple[str, str] | None = None
    spec: str | None = None


def _lom_text(node: etree._Element | None) -> str | None:
    if node is None:
        return None
    strings = [s for s in node.iter() if local(s) == "string"]
    return (strings[0].text or "") if strings else (node.text or "")


def read_meta(metadata: etree._Element | None) -> Meta:
    """Item fields from a resource's `<metadata>` (empty when there is none)."""
    meta = Meta()
    if metadata is None:
        return meta
    for pair in (p for p in metadata.iter() if local(p) == "labelledGUID"):
        guid = text_of(child(pair, "GUID")).split("/")
        label = text_of(child(pair, "label")) or guid[-1]
        meta.fields.setdefault("criteria" if len(guid) == 3 else "outcomes", []).append(label)
    provider = next(
        (n.get("providerId") for n in metadata.iter() if local(n) == "curriculumStandardsMetadata"), None
    )
    meta.spec = provider
    lom = next((n for n in metadata.iter() if local(n) == "lom"), None)
    if lom is None:
        return meta
    for ident in (n for n in lom.iter() if local(n) == "identifier" and local(n.getparent()) == "general"):
        if text_of(child(ident, "catalog")) == "csassess":
            meta.ident = text_of(child(ident, "entry"))
    tags = [_lom_text(k) or "" for k in lom.iter() if local(k) == "keyword"]
    if tags:
        meta.fields["tags"] = tags
    for node in lom.iter():
        tag, parent = local(node), local(node.getparent())
        if tag == "version" and parent == "lifeCycle":
            meta.fields["version"] = _lom_text(node)
        elif tag == "status" and parent == "lifeCycle":
            meta.fields["status"] = FROM_STATUS.get(text_of(child(node, "value")), "draft")
        elif tag == "difficulty":
            meta.fields["difficulty"] = FROM_DIFFICULTY.get(text_of(child(node, "value")), "medium")
        elif tag == "relation" and ENEMY_KIND in text_of(child(node, "kind")):
            meta.fields.setdefault("enemies", []).append(
                text_of(next(n for n in node.iter() if local(n) == "entry"))
            )
        elif tag == "taxonPath":
            source, taxon = _lom_text(child(node, "source")), child(node, "taxon")
            if taxon is not None and source == BANK_TAXON:
                meta.bank = (text_of(child(taxon, "id")), _lom_text(child(taxon, "entry")) or "")
            elif taxon is not None and source == SPEC_TAXON:
                meta.spec = text_of(child(taxon, "id"))
    return meta


@dataclass
class _Scenario:
    ident: str
    fields: dict[str, Any]
    bank: tuple[str, str] | None
    spec: str | None
    parts: list[dict[str, Any]] = field(default_factory=list)
    lines: list[int] = field(default_factory=list)


class QtiReader:
    """Collects questions into banks and rubric files while it writes the report."""

    def __init__(self, source: Path, spec: str | None) -> None:
        self.result = ImportResult(str(source), "qti")
        self.default_bank = (identifier(source.stem, "imported"), f"Imported from {source.name}")
        self.spec = spec
        self.ids = UniqueIds()
        self.items: dict[tuple[str, str], list[dict[str, Any] | _Scenario]] = {}
        self.specs: dict[str, str] = {}
        self.scenarios: dict[str, _Scenario] = {}
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
        self.rubrics.setdefault(head["id"], (head, []))[1].append(rubric)

    def add(self, read: ReadQuestion, meta: Meta, scenario: _Scenario | None) -> None:
        qid = self.ids(identifier(meta.ident or read.ident, f"Q-{len(self.result.report) + 1}"))
        data: dict[str, Any] = {
            "id": qid,
            "kind": read.kind,
            "outcomes": [UNMAPPED_OUTCOME],
            **read.fields,
            **meta.fields,
        }
        if not meta.ident:
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
        self, bank: tuple[str, str] | None, spec: str | None, entry: dict[str, Any] | _Scenario
    ) -> None:
        """An item (or a scenario still collecting parts) at the end of its bank."""
        bank = bank or self.default_bank
        self.specs.setdefault(bank[0], spec or self.spec or IMPORTED_SPEC)
        self.items.setdefault(bank, []).append(entry)

    def add_scenario(self, href: str, root: etree._Element, meta: Meta) -> _Scenario | None:
        setting = find_class(root, "cs-setting")
        if setting is None:
            return None  # another tool's stimulus: its parts come in as questions of their own
        fields = {"title": attr(root, "title") or href, "setting": read_fields(setting, href), **meta.fields}
        scenario = _Scenario(
            self.ids(identifier(meta.ident or attr(root, "identifier") or href, "SC")),
            fields,
            meta.bank,
            meta.spec,
        )
        self.scenarios[href] = scenario
        self._place(meta.bank, meta.spec, scenario)
        return scenario

    def _scenario(self, scenario: _Scenario) -> dict[str, Any] | None:
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
            dumps = [self._scenario(e) if isinstance(e, _Scenario) else e for e in entries]
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


def _read_one(
    reader: QtiReader,
    data: bytes,
    source: str,
    meta: Meta,
    scenario: _Scenario | None,
    member: str = "",
    names: set[str] | None = None,
) -> None:
    try:
        root = parse_xml(data, source)
    except InteropError as exc:
        reader.line(source, "item", reason=str(exc))
        return
    exists = (lambda ref: resolve(member, ref) in names) if names is not None else None
    try:
        read = read_item(root, source, exists)
    except InteropError as exc:
        reader.line(title_of(root), "item", reason=str(exc))
        return
    except NotImportedError as exc:
        reader.line(title_of(root), exc.kind, reason=str(exc))
        return
    if scenario is None and read.stimulus_href:
        scenario = reader.scenarios.get(resolve(member, read.stimulus_href))
    reader.add(read, meta, scenario)


def read_qti_package(path: Path, spec: str | None = None) -> ImportResult:
    """Every item of a QTI content package, with the report."""
    reader = QtiReader(path, spec)
    with SafeZip(path) as package:
        if "imsmanifest.xml" not in package.names:
            raise InteropError(f"{path}: imsmanifest.xml: the package has no manifest")
        manifest = parse_xml(package.read("imsmanifest.xml", "package"), f"{path}!imsmanifest.xml")
        resources = [r for r in manifest.iter() if local(r) == "resource"]
        by_id = {r.get("identifier"): r for r in resources}
        for resource in resources:
            kind = resource.get("type") or ""
            href = resource.get("href") or ""
            where = f"{path}!imsmanifest.xml: <resource identifier={resource.get('identifier')!r}>"
            if kind == STIMULUS_TYPE:
                root = parse_xml(package.read(href, where), f"{path}!{href}")
                reader.add_scenario(href, root, read_meta(child(resource, "metadata")))
            elif kind in ITEM_TYPES:
                data = package.read(href, where)
                scenario = None
                for dep in children(resource, "dependency"):
                    target = by_id.get(dep.get("identifierref"))
                    if target is not None and (target.get("href") or "") in reader.scenarios:
                        scenario = reader.scenarios[target.get("href") or ""]
                _read_one(
                    reader,
                    data,
                    f"{path}!{href}",
                    read_meta(child(resource, "metadata")),
                    scenario,
                    href,
                    package.names,
                )
    return reader.finish()


def read_qti_item(path: Path, data: bytes, spec: str | None = None) -> ImportResult:
    """A single QTI item file (no package)."""
    reader = QtiReader(path, spec)
    _read_one(reader, data, str(path), Meta(), None)
    return reader.finish()
