"""A bank file: a named collection of items."""

from typing import Literal

from pydantic import Field

from csassess.models.base import Identifier, Strict, Text
from csassess.models.items import Item


class Bank(Strict):
    """Items written by one team for one specification."""

    kind: Literal["bank"]
    id: Identifier
    title: Text
    specification: Identifier
    items: list[Item] = Field(min_length=1)
