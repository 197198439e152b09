"""The content hash that decides whether a script changed since it was marked."""

from __future__ import annotations

import json

import pytest

import csassess.batch.run
from batchdata import EXAMPLES
from csassess.batch.run import mark_batch
from csassess.content.loading import load_file
from csassess.intake.digest import (
    CONTENT_HASH_PREFIX,
    legacy_content_hash,
    same_content,
    script_content_hash,
)
from csassess.models import AnswerScript
from csassess.store import Store

OFFLINE = "0030-good-offline-exam-with-digest.json"


def _script() -> AnswerScript:
    script = load_file(EXAMPLES / OFFLINE, expected="answer_script").model
    assert isinstance(script, AnswerScript)
    return script


def test_hash_ignores_the_order_of_answers():
    """The same answers given in another order are the same script."""
    script = _script()
    reordered = script.model_copy(update={"answers": dict(reversed(list(script.answers.items())))})
    assert list(reordered.answers) != list(script.answers)
    assert script_content_hash(reordered) == script_content_hash(script)
    assert script_content_hash(script).startswith(CONTENT_HASH_PREFIX)


@pytest.mark.parametrize(
    "change",
    [
        {"centre": "99999"},
        {"started_at": "2026-06-01T09:00:00Z"},
        {"digest": None},
        {"late": True},
        {"candidate": {"number": "0030", "name": "Someone Else"}},
    ],
)
def test_every_field_changes_the_hash(change):
    """Whatever a script says differently, it hashes differently."""
    script = _script()
    changed = AnswerScript.model_validate({**script.model_dump(), **change})
    assert script_content_hash(changed) != script_content_hash(script)


def test_values_cannot_run_together():
    """Moving words from one answer to the next, or between text and options, changes the hash."""
    base = {"kind": "answer_script", "paper": "P", "form": "A", "centre": "1", "candidate": {"number": "2"}}
    hashes = {
        script_content_hash(AnswerScript.model_validate({**base, "answers": answers}))
        for answers in (
            {"Q1": "ab", "Q2": "c"},
            {"Q1": "a", "Q2": "bc"},
            {"Q1": ["A", "B"], "Q2": "c"},
            {"Q1": "AB", "Q2": "c"},
            {"Q1": ["AB"], "Q2": "c"},
        )
    }
    assert len(hashes) == 5


def test_results_stored_under_the_first_definition_still_count(frozen, examples, tmp_path, monkeypatch):
    """Results marked by a csassess that stored the first (canonical JSON) hash are skipped
    when nothing changed, and a changed script is still re-marked."""
    db = tmp_path / "r.db"
    with monkeypatch.context() as patch:
        patch.setattr(csassess.batch.run, "script_content_hash", legacy_content_hash)
        with Store(db) as store:
            first = mark_batch(store, frozen, [examples], workers=0)
    assert first.marked == 50
    with Store(db) as store:
        again = mark_batch(store, frozen, [examples], workers=0)
    assert (again.marked, again.remarked, again.skipped) == (0, 0, 50)

    path = examples / OFFLINE
    body = json.loads(path.read_text(encoding="utf-8"))
    body["late"] = True
    path.write_text(json.dumps(body), encoding="utf-8")
    with Store(db) as store:
        changed = mark_batch(store, frozen, [examples], workers=0)
    assert (changed.remarked, changed.skipped) == (1, 49)


def test_same_content_reads_both_definitions():
    """A stored hash is compared by the definition it was made with."""
    script = _script()
    current = script_content_hash(script)
    assert same_content(script, current, current)
    assert same_content(script, legacy_content_hash(script), current)
    other = script.model_copy(update={"centre": "99999"})
    assert not same_content(other, legacy_content_hash(script), script_content_hash(other))
