"""Options shuffled per form: the key moves with its option and the marker follows it."""

from __future__ import annotations

from csassess.assembly.shuffle import shuffle_item
from csassess.marking import Marker
from csassess.models.items import MultipleChoice, MultipleResponse, PartMultipleChoice, Scenario

FORMS = [chr(ord("A") + i) for i in range(26)]


def _mcq(**update: object) -> MultipleChoice:
    return MultipleChoice.model_validate(
        {
            "id": "Q-MC",
            "kind": "multiple_choice",
            "version": 1,
            "status": "live",
            "difficulty": "easy",
            "stem": "Who is an internal customer?",
            "marks": 1,
            "outcomes": ["LO2"],
            "options": [
                {"id": "A", "text": "A colleague in the warehouse"},
                {"id": "B", "text": "A shopper"},
                {"id": "C", "text": "A supplier"},
                {"id": "D", "text": "A visitor"},
            ],
            "key": "A",
            **update,
        }
    )


def _mr() -> MultipleResponse:
    return MultipleResponse.model_validate(
        {
            "id": "Q-MR",
            "kind": "multiple_response",
            "version": 1,
            "status": "live",
            "difficulty": "medium",
            "stem": "Which two show active listening?",
            "marks": 2,
            "outcomes": ["LO4"],
            "options": [
                {"id": c, "text": t}
                for c, t in zip("ABCDE", ["Nod", "Interrupt", "Summarise", "Yawn", "Leave"], strict=True)
            ],
            "keys": ["A", "C"],
        }
    )


def _key_text(q: MultipleChoice | PartMultipleChoice) -> str:
    return next(o.text for o in q.options if o.id == q.key)


def _mc(item: object) -> MultipleChoice:
    assert isinstance(item, MultipleChoice)
    return item


def _mr_of(item: object) -> MultipleResponse:
    assert isinstance(item, MultipleResponse)
    return item


def test_key_moves_with_its_option() -> None:
    """Across 26 forms the key's letter changes but always names the same option text; the
    options stay lettered A, B, C, D in order."""
    original = _mcq()
    shuffled = [_mc(shuffle_item(original, 7, form)) for form in FORMS]
    assert {q.key for q in shuffled} == {"A", "B", "C", "D"}
    for q in shuffled:
        assert _key_text(q) == "A colleague in the warehouse"
        assert [o.id for o in q.options] == ["A", "B", "C", "D"]
        assert sorted(o.text for o in q.options) == sorted(o.text for o in original.options)


def test_multiple_response_keys_move_together() -> None:
    """Both keys follow their options, and stay sorted."""
    for form in FORMS[:8]:
        q = _mr_of(shuffle_item(_mr(), 3, form))
        assert sorted(o.text for o in q.options if o.id in q.keys) == ["Nod", "Summarise"]
        assert q.keys == sorted(q.keys)


def test_same_seed_form_and_question_give_the_same_order() -> None:
    """The order depends only on (seed, form, question id)."""
    assert shuffle_item(_mcq(), 11, "B") == shuffle_item(_mcq(), 11, "B")
    orders = {tuple(o.text for o in _mc(shuffle_item(_mcq(), seed, "B")).options) for seed in range(12)}
    assert len(orders) > 1


def test_options_that_point_at_others_keep_their_order() -> None:
    """'All of the above' would be wrong anywhere but last: such questions are not shuffled."""
    q = _mcq(
        options=[
            {"id": "A", "text": "Smile"},
            {"id": "B", "text": "Use the customer's name"},
            {"id": "C", "text": "Listen"},
            {"id": "D", "text": "All of the above"},
        ],
        key="D",
    )
    assert all(shuffle_item(q, 5, form) == q for form in FORMS)


def test_scenario_parts_are_shuffled_and_the_setting_kept() -> None:
    """A scenario's choice parts are shuffled each on its own; its setting and part order stay."""
    part = _mcq().model_dump(include={"id", "kind", "stem", "marks", "outcomes", "options", "key"})
    scenario = Scenario.model_validate(
        {
            "id": "SC",
            "kind": "scenario",
            "version": 1,
            "status": "live",
            "difficulty": "medium",
            "title": "Late delivery",
            "setting": {
                "organisation": "Shop",
                "customer": "Ms Khan",
                "channel": "email",
                "situation": "Late.",
            },
            "parts": [{**part, "id": "SC.a"}, {**part, "id": "SC.b"}],
        }
    )
    letters = set()
    for form in FORMS[:10]:
        shuffled = shuffle_item(scenario, 1, form)
        assert isinstance(shuffled, Scenario)
        assert shuffled.setting == scenario.setting
        assert [p.id for p in shuffled.parts] == ["SC.a", "SC.b"]
        for p in shuffled.parts:
            assert isinstance(p, PartMultipleChoice)
            assert _key_text(p) == "A colleague in the warehouse"
            letters.add(p.key)
    assert len(letters) > 1


def test_marker_credits_the_moved_key_and_not_the_old_letter() -> None:
    """Marking follows the form's key: the moved letter earns the mark, the bank's letter does not."""
    marker = Marker()
    moved = [q for q in (_mc(shuffle_item(_mcq(), 7, f)) for f in FORMS) if q.key != "A"]
    assert moved
    for q in moved:
        assert marker.mark(q, q.key, None, None).mark == 1
        assert marker.mark(q, "A", None, None).mark == 0
    mr = next(q for q in (_mr_of(shuffle_item(_mr(), 3, f)) for f in FORMS) if q.keys != ["A", "C"])
    assert marker.mark(mr, list(mr.keys), None, None).mark == 2
