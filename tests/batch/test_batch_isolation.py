"""One script failing in the engine is set aside with its reason; the rest of the batch is marked."""

from __future__ import annotations

import json

from batchdata import refreeze
from csassess.batch.run import mark_batch
from csassess.batch.worker import PaperMarker
from csassess.store import Store


def test_engine_failure_on_one_script_is_isolated(frozen, examples, tmp_path, monkeypatch, sql):
    """A script whose marking raises is set aside as '(script)' with the error; 49 others are marked."""
    path = examples / "0007-good-steady.json"
    script = json.loads(path.read_text(encoding="utf-8"))
    script["answers"]["CS-FND-SA-001"] = "BOOM"
    path.write_text(json.dumps(script), encoding="utf-8")
    real = PaperMarker.mark_question

    def fragile(self, pq, answer):
        if answer == "BOOM":
            raise ValueError("the engine tripped over this answer")
        return real(self, pq, answer)

    monkeypatch.setattr(PaperMarker, "mark_question", fragile)
    with Store(tmp_path / "r.db") as store:
        summary = mark_batch(store, frozen, [examples], workers=0, chunk_size=8)
    assert (summary.marked, summary.set_aside_count) == (49, 1)
    (item,) = summary.set_aside
    assert str(item) == (
        f"{path}:1: (script): internal error while marking: ValueError: the engine tripped over this answer"
    )
    with sql(tmp_path / "r.db") as conn:
        assert conn.execute("SELECT field, reason FROM set_aside").fetchall() == [
            ("(script)", "internal error while marking: ValueError: the engine tripped over this answer")
        ]


def test_question_without_rubric_is_a_one_line_reason(frozen, examples, tmp_path):
    """A frozen paper missing a free-text rubric sets every script aside with the engine's own message."""

    def drop(body: dict) -> None:
        for section in body["sections"]:
            for item in section["items"]:
                item["rubrics"].pop("CS-FND-SA-001", None)
                item["rubric_hashes"].pop("CS-FND-SA-001", None)

    with Store(tmp_path / "r.db") as store:
        summary = mark_batch(
            store, refreeze(frozen, drop), [examples / "0001-strong-all-round.json"], workers=0
        )
    assert summary.set_aside[0].reason == "CS-FND-SA-001: free-text question has no rubric"
