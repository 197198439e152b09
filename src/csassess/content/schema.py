"""JSON Schema for each file kind, so editors can complete and check YAML as authors type."""

from __future__ import annotations

import json
from pathlib import Path

from csassess.content.loading import MODEL_BY_KIND
from csassess.fileio import write_atomic

SCHEMA_FILE = "{kind}.schema.json"


def schema_for(kind: str) -> dict[str, object]:
    """The JSON Schema of one file kind."""
    schema = MODEL_BY_KIND[kind].model_json_schema(mode="validation")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = f"csassess {kind} file"
    return schema


def write_schemas(out: Path) -> list[Path]:
    """Write one schema file per kind into `out`; returns the files written."""
    written = []
    for kind in sorted(MODEL_BY_KIND):
        target = out / SCHEMA_FILE.format(kind=kind)
        write_atomic(target, json.dumps(schema_for(kind), indent=2) + "\n")
        written.append(target)
    return written
