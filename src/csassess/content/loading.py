"""Turning YAML documents into models, with every error mapped to its file, line and field."""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from csassess.content.yamlsafe import Document, Path_, YamlError, read_file
from csassess.findings import ContentError, Finding
from csassess.models import (
    AnswerScript,
    Bank,
    Blueprint,
    FrozenPaper,
    Paper,
    RubricFile,
    Specification,
)

MODEL_BY_KIND: dict[str, type[BaseModel]] = {
    "specification": Specification,
    "bank": Bank,
    "rubrics": RubricFile,
    "paper": Paper,
    "frozen_paper": FrozenPaper,
    "answer_script": AnswerScript,
    "blueprint": Blueprint,
}
CONTENT_SUFFIXES = (".yaml", ".yml", ".json")


@dataclass(frozen=True)
class Loaded:
    """A validated model with the document it came from (for pointing at nodes later)."""

    model: Any
    doc: Document


def register_kind(kind: str, model: type[BaseModel]) -> None:
    """Teach the loader a new file kind (later modules add blueprints this way)."""
    MODEL_BY_KIND[kind] = model
    _field_names.cache_clear()


@cache
def _field_names() -> frozenset[str]:
    names: set[str] = set()
    seen: set[type] = set()

    def visit(model: type[BaseModel]) -> None:
        if model in seen:
            return
        seen.add(model)
        for name, info in model.model_fields.items():
            names.add(name)
            for sub in _models_in(info.annotation):
                visit(sub)

    for model in MODEL_BY_KIND.values():
        visit(model)
    return frozenset(names)


def _models_in(annotation: Any) -> Iterator[type[BaseModel]]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        yield annotation
    for arg in getattr(annotation, "__args__", ()) or ():
        yield from _models_in(arg)
    meta = getattr(annotation, "__origin__", None)
    if meta is not None and isinstance(meta, type) and issubclass(meta, BaseModel):
        yield meta


def _data_path(data: Any, loc: tuple[str | int, ...]) -> tuple[Path_, bool]:
    """Map a pydantic error location onto the data, dropping union tags pydantic adds.

    Returns the path and whether it names an entry that does not exist (a missing field).
    """
    path: list[str | int] = []
    cur = data
    for i, seg in enumerate(loc):
        last = i == len(loc) - 1
        if (isinstance(cur, dict) and seg in cur) or (
            isinstance(cur, list) and isinstance(seg, int) and 0 <= seg < len(cur)
        ):
            path.append(seg)
            cur = cur[seg]
        elif isinstance(cur, dict) and isinstance(seg, str) and last:
            path.append(seg)
            return tuple(path), True
        elif isinstance(seg, str) and seg.startswith(("function-", "[key]")):
            continue
        # else: a discriminator tag or union branch name that is not in the data
    return tuple(path), False


_HINTS = {
    "bool_type": "; write true or false",
    "string_type": "; quote values that look like numbers or booleans",
}

_PATTERNS = {
    r"^[A-Za-z0-9][A-Za-z0-9_.\-]*$": (
        "an id starts with a letter or digit and has only letters, digits, '.', '_' and '-'"
    ),
    r"^[A-Za-z0-9][A-Za-z0-9\-]{0,31}$": (
        "starts with a letter or digit and has only letters, digits and '-' (at most 32)"
    ),
    r"^sha256:[0-9a-f]{64}$": "write 'sha256:' and 64 lower-case hex digits",
    r"^[A-H]$": "an option is one capital letter, A to H",
    r"\S": "write some text, not only spaces",
}
"""The patterns the models use, said in words (a regular expression means little to an author)."""


def _int_hint(value: object) -> str:
    """Why a value is not a whole number, and what to write instead."""
    digits = value.strip() if isinstance(value, str) else ""
    if not digits.isdigit():
        return "; write a whole number"
    if len(digits) > 1 and digits.startswith("0"):
        return f"; leading zeros make text: write {int(digits)}"
    return "; write the number without quotes"


_UNION_TAG = {"union_tag_invalid", "union_tag_not_found"}


def _message(err: dict[str, Any], path: Path_) -> str:
    kind = err["type"]
    if kind == "extra_forbidden":
        name = str(path[-1]) if path else "?"
        close = difflib.get_close_matches(name, _field_names() - {name}, n=1, cutoff=0.75)
        if close:
            return f"unknown field {name!r}; did you mean {close[0]!r}?"
        if name in _field_names():
            return f"unknown field {name!r} here: it belongs on another level (e.g. the scenario)"
        return f"unknown field {name!r}"
    if kind in _UNION_TAG:
        expected = str(err.get("ctx", {}).get("expected_tags", "")).replace("'", "")
        if kind == "union_tag_not_found":
            return "required field is missing"
        return f"unknown kind {err['ctx']['tag']!r}; one of: {expected}"
    if kind == "missing":
        return "required field is missing"
    return value_message(err)


def value_message(err: Mapping[str, Any]) -> str:
    """A pydantic error about a value, in words an author can act on (the value, a hint)."""
    kind = err["type"]
    if kind == "string_pattern_mismatch":
        pattern = str(err.get("ctx", {}).get("pattern", ""))
        if pattern in _PATTERNS:
            return f"{_PATTERNS[pattern]} (got {err.get('input')!r})"
    msg = str(err["msg"])
    if kind in {"bool_type", "int_type", "string_type"} and "input" in err:
        msg += f" (got {err['input']!r})"
    if kind == "int_type":
        return msg + _int_hint(err.get("input"))
    return msg + _HINTS.get(kind, "")


def findings_from_validation(doc: Document, exc: ValidationError) -> list[Finding]:
    """Every pydantic error as a finding at its node."""
    out: list[Finding] = []
    for err in exc.errors(include_url=False):
        path, missing = _data_path(doc.data, tuple(err["loc"]))
        if err["type"] in _UNION_TAG:  # point at the `kind` field that picks the union branch
            field = str(err.get("ctx", {}).get("discriminator", "'kind'")).strip("'")
            node = _node_at(doc.data, path)
            missing = not (isinstance(node, dict) and field in node)
            path = (*path, field)
        on_key = err["type"] == "extra_forbidden"
        finding = doc.finding(path, _message(err, path), on_key=on_key)
        if missing:
            # point at the mapping that lacks the field
            parent = doc.position(path[:-1])
            finding = Finding(finding.path, parent.line, parent.column, finding.field, finding.message)
        out.append(finding)
    return out


def _node_at(data: Any, path: Path_) -> Any:
    for seg in path:
        data = data[seg]
    return data


def validate_document(doc: Document, expected: str | None = None) -> Loaded:
    """Validate a parsed document against the model its `kind` names."""
    data = doc.data
    if not isinstance(data, dict):
        raise ContentError([doc.finding((), "expected a mapping with a 'kind' field at the top")])
    kind = data.get("kind")
    kinds = ", ".join(sorted(MODEL_BY_KIND))
    if kind is None:
        raise ContentError([doc.finding(("kind",), f"required field is missing; one of: {kinds}")])
    if kind not in MODEL_BY_KIND:
        raise ContentError([doc.finding(("kind",), f"unknown kind {kind!r}; one of: {kinds}")])
    if expected is not None and kind != expected:
        raise ContentError([doc.finding(("kind",), f"expected a {expected} file, got {kind!r}")])
    try:
        model = MODEL_BY_KIND[kind].model_validate(data)
    except ValidationError as exc:
        raise ContentError(findings_from_validation(doc, exc)) from exc
    return Loaded(model, doc)


def load_file(path: Path, expected: str | None = None) -> Loaded:
    """Read, parse and validate one file; raises ContentError with every finding."""
    try:
        doc = read_file(path)
    except YamlError as exc:
        raise ContentError([exc.finding]) from exc
    return validate_document(doc, expected)


def content_files(paths: Iterable[Path]) -> list[Path]:
    """The YAML/JSON files named, and those under any folders named, in a stable order."""
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files.extend(
                sorted(
                    p
                    for p in path.rglob("*")
                    if p.suffix in CONTENT_SUFFIXES and p.is_file() and not p.name.startswith(".")
                )
            )
        else:
            files.append(path)
    return list(dict.fromkeys(files))
