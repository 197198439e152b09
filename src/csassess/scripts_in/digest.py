"""The integrity digest of a script's answers (one definition, shared with the offline exam),
and the content hash the results database keeps of each script.

digest = "sha256:" + hex(SHA-256(UTF-8 bytes of canonical JSON of the `answers` mapping)).
Canonical JSON: keys sorted by code point, no whitespace (separators "," and ":"), non-ASCII
characters written as themselves (not \\u escapes), strings as JSON.stringify writes them.
In JavaScript: sort the keys, JSON.stringify the object, hash the UTF-8 bytes (crypto.subtle).
"""

from __future__ import annotations

from collections.abc import Mapping

from csassess.fileio import canonical_json
from csassess.hashing import sha256_text
from csassess.models.script import Answer, AnswerScript


def answers_digest(answers: Mapping[str, Answer]) -> str:
    """The digest the offline exam writes beside a script's answers."""
    return sha256_text(canonical_json(dict(answers)))


def script_content_hash(script: AnswerScript) -> str:
    """A hash of everything a script says, ignoring formatting and key order.

    A script that is not late hashes as it did before `late` existed, so results marked then
    are still recognised as unchanged; turning `late` on changes the hash (the script changed).
    """
    body = script.model_dump(mode="json", exclude=None if script.late else {"late"})
    return sha256_text(canonical_json(body))
