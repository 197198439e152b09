"""The compiled marking engine (mypyc) marks exactly as its Python sources do, and is used only
while it was built from exactly those sources."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

from csassess.marking import _native

TESTS = Path(__file__).parents[1]

MARK_SCENARIOS = f"""
import json, sys
from pathlib import Path
import yaml
from csassess.marking import Marker
from csassess.marking._native import build_in_use
from csassess.models import ExtendedResponse, Rubric, ShortAnswer

data = yaml.safe_load(Path({str(TESTS / "data/marking/escalation.yaml")!r}).read_text(encoding="utf-8"))
fixtures = {{}}
for name, entry in data["fixtures"].items():
    model = ExtendedResponse if entry["question"]["kind"] == "extended_response" else ShortAnswer
    fixtures[name] = (model.model_validate(entry["question"]), Rubric.model_validate(entry["rubric"]))
out = []
for marker in (Marker(fuzzy=True), Marker(fuzzy=False)):
    for path in sorted(Path({str(TESTS / "data/answers")!r}).rglob("*.yaml")):
        scenario = yaml.safe_load(path.read_text(encoding="utf-8"))
        question, rubric = fixtures[scenario["question"]]
        out.append(marker.mark(question, scenario["answer"], rubric, data["synonyms"]).as_dict())
print(json.dumps({{"build": build_in_use(), "marks": out}}, sort_keys=True))
"""


def mark_scenarios(pure: bool) -> dict:
    env = {key: value for key, value in os.environ.items() if key != _native.PURE_PYTHON_ENV}
    if pure:
        env[_native.PURE_PYTHON_ENV] = "1"
    done = subprocess.run(
        [sys.executable, "-c", MARK_SCENARIOS], env=env, capture_output=True, text=True, check=True
    )
    return json.loads(done.stdout)


def test_both_builds_give_the_same_marks_and_evidence():
    pure = mark_scenarios(pure=True)
    built = mark_scenarios(pure=False)
    assert pure["build"] == "pure Python"
    # the set-up compiles the engine; without a compiler it runs from its sources
    assert built["build"] == ("compiled (mypyc)" if _native.compiled_is_current() else "pure Python")
    assert len(pure["marks"]) >= 100
    assert any(m["mark"] > 0 for m in pure["marks"]) and any(m["points"] for m in pure["marks"])
    assert built["marks"] == pure["marks"]


def test_an_edited_source_no_longer_matches_the_build_stamp(tmp_path):
    for name in _native.COMPILED:
        shutil.copy(_native.FOLDER / f"{name}.py", tmp_path / f"{name}.py")
    assert _native.stamp_for(tmp_path) == _native.stamp_for()
    with (tmp_path / "rules.py").open("a", encoding="utf-8") as handle:
        handle.write("# an edit\n")
    assert _native.stamp_for(tmp_path) != _native.stamp_for()


def test_a_stale_build_is_set_aside_for_the_sources(tmp_path):
    """A copy of the package, compiled build included, with one source edited after the build:
    it marks from its sources."""
    src = Path(_native.__file__).parents[2]
    copy = tmp_path / "src"
    shutil.copytree(src / "csassess", copy / "csassess", ignore=shutil.ignore_patterns("__pycache__"))
    for library in src.glob("*__mypyc*"):
        shutil.copy(library, copy / library.name)
    code = (
        "from csassess.marking import Marker, _native; import csassess.marking.marker; "
        "print(_native.build_in_use(), _native.compiled_is_current())"
    )
    env = {key: value for key, value in os.environ.items() if key != _native.PURE_PYTHON_ENV}
    env["PYTHONPATH"] = str(copy)

    def build() -> str:
        command = [sys.executable, "-c", code]
        done = subprocess.run(command, env=env, capture_output=True, text=True, check=True)
        return done.stdout.strip()

    assert build() == ("compiled (mypyc) True" if _native.compiled_is_current() else "pure Python False")
    with (copy / "csassess" / "marking" / "rules.py").open("a", encoding="utf-8") as handle:
        handle.write("# edited after the build\n")
    assert build() == "pure Python False"
