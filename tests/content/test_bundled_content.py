"""The bundled sample content: what the awarding-body unit promises, schemas and packaging."""

import json
import zipfile
from collections import Counter
from pathlib import Path

import pytest

from csassess.content.bundled import bundled_paths
from csassess.content.contentset import load_content
from csassess.content.schema import SCHEMA_FILE, schema_for
from csassess.marking import _native
from csassess.models import Scenario
from csassess.models.items import questions_of

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def content():
    return load_content(bundled_paths())


def test_specification_has_at_least_eight_outcomes(content):
    """The sample unit has at least 8 learning outcomes, each with criteria."""
    [spec] = content.specifications
    assert len(spec.outcome_ids()) >= 8


def test_bank_size_kinds_and_difficulties(content):
    """At least 80 live items over all outcomes and three difficulties, 25 MCQs, 15 scenarios."""
    live = [where.model for where in content.items.values() if where.model.status == "live"]
    kinds = Counter(item.kind for item in live)
    assert len(live) >= 80
    assert kinds["multiple_choice"] >= 25
    assert kinds["scenario"] >= 15
    assert {item.difficulty for item in live} == {"easy", "medium", "hard"}
    covered = {o for item in live for q in questions_of(item) for o in q.outcomes}
    assert covered == content.specifications[0].outcome_ids()


def test_scenarios_have_two_to_four_parts_including_free_text(content):
    """Every scenario has 2-4 parts and at least one is answered in the candidate's words."""
    for where in content.items.values():
        item = where.model
        if isinstance(item, Scenario):
            assert 2 <= len(item.parts) <= 4, item.id
            assert any(part.is_free_text for part in item.parts), item.id


def test_every_free_text_question_has_a_rubric_with_feedback(content):
    """Each free-text question has a rubric whose every point tells a candidate what to add."""
    for qid, where in content.questions.items():
        if where.model.is_free_text:
            rubric = content.rubric(qid)
            assert rubric is not None, qid
            assert all(mp.feedback.strip() for mp in rubric.marking_points)


@pytest.mark.parametrize("folder", ["banks", "rubrics", "papers"])
def test_bundled_yaml_names_its_schema(folder):
    """Every bundled YAML file starts with the yaml-language-server schema line."""
    for path in sorted((ROOT / folder).glob("*.yaml")):
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first.startswith("# yaml-language-server: $schema=../schemas/"), path.name
        schema = (path.parent / first.split("$schema=")[1]).resolve()
        assert schema.is_file(), f"{path.name} names {schema}"


def test_committed_schemas_match_the_models():
    """schemas/ is what `csassess schema` writes today (regenerate it when models change)."""
    for path in sorted((ROOT / "schemas").glob("*.schema.json")):
        kind = path.name.removesuffix(".schema.json")
        assert json.loads(path.read_text(encoding="utf-8")) == schema_for(kind), path.name
        assert path.name == SCHEMA_FILE.format(kind=kind)


def test_wheel_ships_the_sample_content(tmp_path):
    """A built wheel carries the banks, rubrics, papers, schemas, templates and example scripts."""
    from hatchling.builders.wheel import WheelBuilder

    wheel = Path(next(iter(WheelBuilder(str(ROOT)).build(directory=str(tmp_path), versions=["standard"]))))
    names = zipfile.ZipFile(wheel).namelist()
    for folder in ("banks", "rubrics", "papers", "schemas", "templates", "examples"):
        assert any(n.startswith(f"csassess/bundled/{folder}/") for n in names), folder
    assert "csassess/bundled/banks/specification.yaml" in names
    assert "csassess/bundled/papers/cs201-blueprint.yaml" in names
    assert sum(n.startswith("csassess/bundled/examples/scripts/") for n in names) >= 40
    # the marking engine compiled beside its sources, wherever a C compiler is (the set-up
    # compiled it in place too, then), with the stamp that says from which sources
    engine = [n.removeprefix("csassess/marking/") for n in names if n.startswith("csassess/marking/")]
    compiled = {n.split(".")[0] for n in engine if n.endswith(".so")}
    if _native.compiled_is_current():
        assert compiled == set(_native.COMPILED)
        assert "csassess/marking/_compiled.json" in names
        assert any("__mypyc" in n for n in names)
        assert not wheel.name.endswith("-py3-none-any.whl")
    else:
        assert not compiled and wheel.name.endswith("-py3-none-any.whl")
    for name in _native.COMPILED:
        assert f"csassess/marking/{name}.py" in names
