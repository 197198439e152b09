"""csassess metadata as `key:value` tags, for formats with tags but no place for it (Moodle, GIFT).

Moodle shows tags in its question bank, so difficulty, status and outcomes stay useful there
as filters, and csassess reads the same tags back into the fields they came from.
"""

from __future__ import annotations

from typing import Any

from csassess.models.items import AnyItem, Question, Scenario

_LISTS = {"outcome": "outcomes", "criterion": "criteria", "enemy": "enemies", "tag": "tags"}
_SCALARS = {"version", "status", "difficulty", "scoring", "penalty", "marks", "lines", "kind"}


def question_tags(question: Question) -> list[str]:
    """The tags of one question (a standalone item or a part), own tags first."""
    tags = list(getattr(question, "tags", []))
    if question.kind == "extended_response":
        tags.append("kind:extended_response")  # Moodle and GIFT have one essay type for both
    tags += [f"outcome:{o}" for o in question.outcomes] + [f"criterion:{c}" for c in question.criteria]
    for name in ("version", "status", "difficulty", "scoring"):
        value = getattr(question, name, None)
        if value is not None:
            tags.append(f"{name}:{value}")
    if getattr(question, "scoring", None) == "per_key":
        tags.append(f"penalty:{question.wrong_penalty}")  # type: ignore[union-attr]
    if getattr(question, "answer_lines", None) is not None:
        tags.append(f"lines:{question.answer_lines}")  # type: ignore[union-attr]
    tags += [f"enemy:{e}" for e in getattr(question, "enemies", [])]
    return tags


def scenario_tags(scenario: Scenario, position: int) -> list[str]:
    """Tags a part carries so that its scenario can be rebuilt: id, position and the scenario's own."""
    tags = [f"scenario:{scenario.id}", f"part:{position}"]
    tags += [f"scenario-{name}:{getattr(scenario, name)}" for name in ("version", "status", "difficulty")]
    tags += [f"scenario-tag:{t}" for t in scenario.tags] + [f"scenario-enemy:{e}" for e in scenario.enemies]
    return tags


def read_tags(tags: list[str]) -> tuple[dict[str, Any], dict[str, Any], dict[str, str]]:
    """(question fields, scenario fields, scenario link {"id", "part"}) from tags."""
    own: dict[str, Any] = {}
    scenario: dict[str, Any] = {}
    link: dict[str, str] = {}
    for tag in tags:
        key, _, value = tag.partition(":")
        target = own
        if key.startswith("scenario-"):
            key, target = key.removeprefix("scenario-"), scenario
        if key in {"scenario", "part"} and value:
            link["id" if key == "scenario" else "part"] = value
        elif key in _LISTS and value:
            target.setdefault(_LISTS[key], []).append(value)
        elif key in _SCALARS and value:
            target[{"penalty": "wrong_penalty", "lines": "answer_lines"}.get(key, key)] = value
        elif not value:
            own.setdefault("tags", []).append(tag)
    return own, scenario, link


def item_questions(item: AnyItem) -> list[tuple[Question, list[str]]]:
    """Each question of an item with its tags (a part's include its scenario's)."""
    if isinstance(item, Scenario):
        return [(p, [*question_tags(p), *scenario_tags(item, i + 1)]) for i, p in enumerate(item.parts)]
    return [(item, question_tags(item))]
