"""Imported content out as csassess YAML: banks and rubrics, checked before anything is written.

Every file is rendered in memory, parsed and validated (models, then the cross-file checks a
`csassess validate` runs); only when all pass are they written, each atomically, beside the
JSON Schemas their `# yaml-language-server` line names and the import report.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel

from csassess.content.checks import check_content
from csassess.content.contentset import ContentSet
from csassess.content.loading import load_file, validate_document
from csassess.content.schema import write_schemas
from csassess.content.yamlsafe import parse_text
from csassess.fileio import write_atomic
from csassess.findings import ContentError, Finding
from csassess.interop.content import IMPORTED_SPEC, UNMAPPED_OUTCOME, BankContent
from csassess.interop.imported import DRAFT_NOTE, ImportResult
from csassess.models import Specification

REPORT_NAME = "import-report.txt"


def _id_first(data: dict[str, Any]) -> dict[str, Any]:
    """An item as authors write it: id and kind before the rest."""
    head = {key: data.pop(key) for key in ("id", "kind") if key in data}
    if "parts" in data:
        data["parts"] = [_id_first(part) for part in data["parts"]]
    return {**head, **data}


def _yaml(model: BaseModel, kind: str, comment: str) -> str:
    data = model.model_dump(mode="json", exclude_defaults=True)
    data = {"kind": data.pop("kind"), **data}
    if "items" in data:
        data["items"] = [_id_first(item) for item in data["items"]]
    head = f"# yaml-language-server: $schema=../schemas/{kind}.schema.json\n# {comment}\n"
    return head + yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)


@dataclass(frozen=True)
class Rendered:
    """One file to write: where, and its text."""

    path: Path
    text: str


def render(result: ImportResult, out: Path) -> list[Rendered]:
    """The bank and rubric files of an import, as text."""
    source = Path(result.source).name
    files = [
        Rendered(
            out / "banks" / f"{bank.id}.yaml",
            _yaml(bank, "bank", f"Imported from {source} ({result.format})."),
        )
        for bank in result.content.banks
    ]
    for rubric_file in result.content.rubric_files:
        drafts = sum(
            1 for r in rubric_file.rubrics if r.examiner_notes and r.examiner_notes.startswith(DRAFT_NOTE)
        )
        note = f"Imported from {source}." + (f" {drafts} DRAFT rubric(s) to complete." if drafts else "")
        files.append(
            Rendered(out / "rubrics" / f"{rubric_file.id}.yaml", _yaml(rubric_file, "rubrics", note))
        )
    return files


def _expected(finding: Finding, spec: Specification | None) -> bool:
    """Findings an import expects: outcomes still to map, and no specification loaded."""
    text = finding.message
    return UNMAPPED_OUTCOME in text or (spec is None and "is not loaded" in text)


def check_rendered(files: list[Rendered], spec_path: Path | None) -> list[Finding]:
    """Parse and validate the rendered files as `csassess validate` would; unexpected findings."""
    content = ContentSet()
    spec = None
    if spec_path is not None:
        loaded = load_file(spec_path, expected="specification")
        spec = loaded.model
        content.add(loaded)
    findings: list[Finding] = []
    for file in files:
        try:
            content.add(validate_document(parse_text(file.text, str(file.path))))
        except ContentError as exc:
            findings.extend(exc.findings)
    # warnings (weak phrases in a draft rubric) are for `csassess validate`; only errors block
    findings.extend(f for f in check_content(content) if f.severity == "error")
    return [f for f in findings if not _expected(f, spec)]


def report_text(result: ImportResult) -> str:
    """The import report: one line per question, then the count."""
    lines = [f"Import of {result.source} ({result.format})", *map(str, result.report)]
    left = len(result.left_out)
    lines.append(f"{len(result.report) - left} imported, {left} not imported")
    return "\n".join(lines) + "\n"


def write_import(result: ImportResult, out: Path, spec_path: Path | None) -> list[Path]:
    """Validate, then write the YAML, the schemas and the report; returns the YAML files."""
    if spec_path is not None:
        spec_id = load_file(spec_path, expected="specification").model.id
        result.content = BankContent(
            [
                b.model_copy(update={"specification": spec_id}) if b.specification == IMPORTED_SPEC else b
                for b in result.content.banks
            ],
            result.content.rubric_files,
            result.content.papers,
        )
    files = render(result, out)
    problems = check_rendered(files, spec_path)
    if problems:
        raise ContentError(problems)
    for file in files:
        write_atomic(file.path, file.text)
    write_schemas(out / "schemas")
    write_atomic(out / REPORT_NAME, report_text(result))
    return [f.path for f in files]
