"""The integrity digest of a script's answers (one definition, shared with the offline exam),
and the content hash the results database keeps of each script.

digest = "sha256:" + hex(SHA-256(UTF-8 bytes of canonical JSON of the `answers` mapping)).
A script sat with access arrangements or rest breaks covers them too: the canonical JSON is then
of {"answers": ..., "arrangements": ..., "breaks": [...]} (scripts without them keep the
answers-only digest, so every script written before arrangements existed still checks).
Canonical JSON: keys sorted by code point, no whitespace (separators "," and ":"), non-ASCII
characters written as themselves (not \\u escapes), strings as JSON.stringify writes them.
In JavaScript: sort the keys, JSON.stringify the object, hash the UTF-8 bytes (crypto.subtle).
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence

from csassess.content.hashing import sha256_text
from csassess.fileio import canonical_json
from csassess.models.script import Answer, AnswerScript, Arrangements, RestBreak

CONTENT_HASH_PREFIX = "content-v2:"
"""Marks content hashes of the current definition; results stored before it carry "sha256:"
(`legacy_content_hash`) and are still recognised as unchanged."""


def answers_digest(answers: Mapping[str, Answer]) -> str:
    """The digest the offline exam writes beside a script's answers."""
    return sha256_text(canonical_json(dict(answers)))


def access_digest(
    answers: Mapping[str, Answer], arrangements: Arrangements | None, breaks: Sequence[RestBreak]
) -> str:
    """The digest of a script's answers with the arrangements and breaks it was sat with."""
    if arrangements is None and not breaks:
        return answers_digest(answers)
    body = {
        "answers": dict(answers),
        "arrangements": None if arrangements is None else arrangements.model_dump(mode="json"),
        "breaks": [b.model_dump(mode="json") for b in breaks],
    }
    return sha256_text(canonical_json(body))


def script_digest(script: AnswerScript) -> str:
    """The digest a script's `digest` field must hold to be unchanged since the exam."""
    return access_digest(script.answers, script.arrangements, script.breaks)


def script_content_hash(script: AnswerScript) -> str:
    """A hash of everything a script says, ignoring formatting and key order.

    Each value is written with its length in front (so no two scripts can run together into
    the same bytes) and hashed once: no JSON escaping, which cost most of the time when the
    main process of a batch hashed every script it read.
    """
    parts: list[str] = []
    for value in (
        script.paper,
        script.form,
        script.centre,
        script.candidate.number,
        script.candidate.name,
        script.paper_hash,
        script.digest,
        script.started_at,
        script.finished_at,
        "late" if script.late else "",
    ):
        parts.append("-" if value is None else f"{len(value)}:{value}")
    if script.arrangements is not None or script.breaks:  # absent: hashes as before they existed
        access = {"arrangements": script.arrangements, "breaks": script.breaks}
        text = canonical_json({k: _dumped(v) for k, v in access.items()})
        parts.append(f"access{len(text)}:{text}")
    for question in sorted(script.answers):
        answer = script.answers[question]
        parts.append(f"{len(question)}:{question}")
        if isinstance(answer, str):
            parts.append(f"{len(answer)}:{answer}")
        else:  # multiple response: the count, then each option
            parts.append(f"[{len(answer)}")
            parts.extend(f"{len(option)}:{option}" for option in answer)
    digest = hashlib.sha256("".join(parts).encode("utf-8", "surrogatepass")).hexdigest()
    return CONTENT_HASH_PREFIX + digest


def _dumped(value: Arrangements | list[RestBreak] | None) -> object:
    if value is None:
        return None
    if isinstance(value, list):
        return [b.model_dump(mode="json") for b in value]
    return value.model_dump(mode="json")


def legacy_content_hash(script: AnswerScript) -> str:
    """The content hash of results stored before CONTENT_HASH_PREFIX: SHA-256 of the script's
    canonical JSON (a script that is not late hashed as it did before `late` existed, and one
    without arrangements or breaks as before those existed)."""
    absent = {"late"} if not script.late else set()
    absent |= {"arrangements"} if script.arrangements is None else set()
    absent |= {"breaks"} if not script.breaks else set()
    body = script.model_dump(mode="json", exclude=absent or None)
    return sha256_text(canonical_json(body))


def same_content(script: AnswerScript, stored_hash: str, content_hash: str) -> bool:
    """Whether a stored result's hash is this script's (`content_hash`), by either definition."""
    if stored_hash.startswith(CONTENT_HASH_PREFIX):
        return stored_hash == content_hash
    return stored_hash == legacy_content_hash(script)
