"""Choice options in a new order per form, keys moved with them, relettered A, B, C...

The order comes from the seed, the form and the question id alone, so it does not change when
other items on the form change. Options that point at other options ("all of the above",
"both A and B") keep their order.
"""

from __future__ import annotations

import random
import re

from csassess.models.items import (
    AnyItem,
    MultipleChoice,
    MultipleResponse,
    PartMultipleChoice,
    PartMultipleResponse,
    Question,
    Scenario,
)

_POSITIONAL = re.compile(
    r"\b(all|none|both|neither) of (the )?(above|these|them)\b|\b[A-H] (and|or) [A-H]\b", re.I
)
Choice = MultipleChoice | MultipleResponse | PartMultipleChoice | PartMultipleResponse


def shuffle_item(item: AnyItem, seed: int, form: str) -> AnyItem:
    """The item with the options of each of its choice questions in this form's order."""
    if isinstance(item, Scenario):
        parts = [shuffle_question(part, seed, form) for part in item.parts]
        return item.model_copy(update={"parts": parts})
    return shuffle_question(item, seed, form)  # type: ignore[return-value]


def shuffle_question(question: Question, seed: int, form: str) -> Question:
    """A choice question with shuffled, relettered options; any other question unchanged."""
    if not isinstance(question, Choice) or any(_POSITIONAL.search(o.text) for o in question.options):
        return question
    order = list(question.options)
    random.Random(f"{seed}:{form}:{question.id}").shuffle(order)
    letter = {o.id: chr(ord("A") + i) for i, o in enumerate(order)}
    options = [o.model_copy(update={"id": letter[o.id]}) for o in order]
    if isinstance(question, MultipleChoice | PartMultipleChoice):
        return question.model_copy(update={"options": options, "key": letter[question.key]})
    return question.model_copy(update={"options": options, "keys": sorted(letter[k] for k in question.keys)})
