"""Paths and helpers shared by the batch-marking tests (a plain module, so tests can import it)."""

from __future__ import annotations

import json
import sqlite3
import sys
from collections.abc import Callable
from pathlib import Path

from csassess.content.hashing import sha256_text
from csassess.fileio import canonical_json
from csassess.models import FrozenPaper

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples" / "scripts"
BROKEN = ROOT / "tests" / "data" / "scripts"
CLI = Path(sys.executable).parent / "csassess"


def refreeze(paper: FrozenPaper, edit: Callable[[dict], None]) -> FrozenPaper:
    """A copy of a frozen paper with `edit` applied to its body and the content hash redone."""
    body = paper.model_dump(mode="json", exclude={"content_hash"})
    edit(body)
    return FrozenPaper.model_validate(
        {**body, "content_hash": sha256_text(canonical_json(body))}, strict=False
    )


def widen_rubric(body: dict, question: str = "CS-FND-SA-001", phrase: str = "being nice") -> None:
    """A rubric fix, as `refreeze` edits: one more evidence phrase for the question's first point."""
    for section in body["sections"]:
        for item in section["items"]:
            if question in item["rubrics"]:
                item["rubrics"][question]["marking_points"][0]["evidence"].append(phrase)


def answer_id(db: Path, candidate: str, question: str) -> int:
    """The id of a candidate's current answer to a question."""
    with sqlite3.connect(db) as conn:
        row = conn.execute(
            "SELECT a.id FROM answers a JOIN scripts s ON s.id = a.script_id "
            "WHERE s.current = 1 AND s.candidate = ? AND a.question_id = ?",
            (candidate, question),
        ).fetchone()
    return int(row[0])


def synthetic_scripts(folder: Path, count: int) -> list[str]:
    """`count` scripts made from the examples with new candidate numbers; returns the numbers."""
    folder.mkdir(parents=True, exist_ok=True)
    sources = sorted(EXAMPLES.glob("*.json"))
    numbers = []
    for n in range(count):
        script = json.loads(sources[n % len(sources)].read_text(encoding="utf-8"))
        script.pop("digest", None)
        number = f"S{n:05d}"
        script["candidate"]["number"] = number
        (folder / f"{number}.json").write_text(json.dumps(script), encoding="utf-8")
        numbers.append(number)
    return numbers
