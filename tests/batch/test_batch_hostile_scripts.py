"""Hostile answer scripts in a centre's folder: each is set aside with its own one-line reason
and every other script in the same chunk is still marked (issue 16, item 7)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

BASE = "0007-good-steady.json"


def _hostile(examples: Path, name: str, answer_json: str) -> Path:
    """A copy of a valid script under a new candidate number, one answer replaced by raw JSON."""
    script = json.loads((examples / BASE).read_text(encoding="utf-8"))
    script["candidate"]["number"] = "9" + script["candidate"]["number"]
    text = json.dumps(script, indent=2).replace(
        json.dumps(script["answers"]["CS-FND-SA-001"]), answer_json, 1
    )
    path = examples / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("name", "answer_json", "reason"),
    [
        ("deeply-nested-answer.json", "[" * 400 + "]" * 400, "nested deeper than"),
        ("five-thousand-digit-answer.json", "9" * 5000, "invalid JSON"),
        ("lone-surrogate-answer.json", '"I would \\ud800 escalate"', "lone surrogate"),
    ],
)
def test_a_hostile_script_is_set_aside_and_the_batch_goes_on(
    invoke, frozen_file, examples, tmp_path, name, answer_json, reason
):
    """The hostile script is set aside naming its file and reason (exit 3); the 50 valid
    scripts of the folder are all marked, in one run, with no traceback."""
    path = _hostile(examples, name, answer_json)
    result = invoke("mark", frozen_file, examples, "--db", tmp_path / "r.db", "--workers", "0")
    assert result.exit_code == 3, result.output
    assert "Traceback" not in result.output
    assert re.search(r"^\s*marked:\s+50$", result.stdout, re.MULTILINE), result.stdout
    set_aside = [line for line in result.output.splitlines() if name in line]
    assert set_aside and reason in set_aside[0], result.output
    assert str(path.name) in set_aside[0]
