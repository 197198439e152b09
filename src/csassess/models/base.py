"""The strict base every csassess model shares."""

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

# Strict: a YAML `no` must not become False, nor `007` become 7; unknown fields are errors.
STRICT = ConfigDict(extra="forbid", strict=True, frozen=True, str_strip_whitespace=False)

Identifier = Annotated[
    str,
    StringConstraints(pattern=r"^[A-Za-z0-9][A-Za-z0-9_.\-]*$", min_length=1, max_length=64),
]
"""Ids are short, stable and safe to put in file names and HTML attributes."""

Text = Annotated[str, StringConstraints(min_length=1)]
PositiveInt = Annotated[int, Field(ge=1)]
NonNegativeInt = Annotated[int, Field(ge=0)]


class Strict(BaseModel):
    """Base model: strict types, no unknown fields, immutable once loaded."""

    model_config = STRICT
