"""Paths and helpers shared by the batch-marking tests (a plain module, so tests can import it)."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path

from csassess.fileio import canonical_json
from csassess.hashing import sha256_text
from csassess.models import FrozenPaper

ROOT = Path(__file__).resolve().parents[2]
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
