"""Content hashes: what ties a mark to the exact item and rubric a candidate saw."""

from __future__ import annotations

import hashlib

from pydantic import BaseModel

from csassess.fileio import canonical_json


def sha256_text(text: str) -> str:
    """`sha256:` and the hex digest of UTF-8 text."""
    return "sha256:" + hashlib.sha256(text.encode("utf-8")).hexdigest()


def model_hash(model: BaseModel) -> str:
    """A hash of a model's content that ignores formatting, comments and key order."""
    return sha256_text(canonical_json(model.model_dump(mode="json", exclude_defaults=False)))
