"""Fixtures for assembly: the bundled content and the bundled blueprint's forms, built once."""

from __future__ import annotations

from pathlib import Path

import pytest
from asmdata import ROOT, build

from csassess.assembly.assemble import Assembly
from csassess.content.contentset import ContentSet, load_content


@pytest.fixture(scope="session")
def bundled() -> ContentSet:
    """The bundled specification, banks and rubrics."""
    return load_content([ROOT / "banks", ROOT / "rubrics"])


@pytest.fixture(scope="session")
def sample_blueprint() -> Path:
    """The bundled CS201 blueprint: 60 marks, 12 outcomes, 3 forms, 20% overlap."""
    return ROOT / "papers" / "cs201-blueprint.yaml"


@pytest.fixture(scope="session")
def bundled_forms(sample_blueprint: Path, bundled: ContentSet) -> Assembly:
    """The bundled blueprint's three forms."""
    return build(sample_blueprint, bundled)
