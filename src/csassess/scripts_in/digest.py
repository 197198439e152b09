"""The integrity digest of a script's answers: one definition, shared with the offline exam.

digest = "sha256:" + hex(SHA-256(UTF-8 bytes of canonical JSON of the `answers` mapping)).
Canonical JSON: keys sorted by code point, no whitespace (separators "," and ":"), non-ASCII
characters written as themselves (not \\u escapes), strings as JSON.stringify writes them.
In JavaScript: sort the keys, JSON.stringify the object, hash the UTF-8 bytes (crypto.subtle).
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping

from csassess.fileio import canonical_json
from csassess.models.script import Answer


def answers_digest(answers: Mapping[str, Answer]) -> str:
    """The digest the offline exam writes beside a script's answers."""
    return "sha256:" + hashlib.sha256(canonical_json(dict(answers)).encode("utf-8")).hexdigest()
