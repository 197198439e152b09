"""Fixtures for rendering: the tiny valid paper and the bundled sample paper, frozen, and their
PDFs rendered once per session."""

from __future__ import annotations

from pathlib import Path

import pytest

from csassess.assembly.freeze import freeze_paper
from csassess.content.bundled import bundled_paths, bundled_root
from csassess.content.contentset import load_content
from csassess.content.loading import load_file
from csassess.fileio import write_json
from csassess.models import FrozenPaper, Specification
from csassess.render import find_specification, layout_for, paper_html, paper_pdf

DATA = Path(__file__).resolve().parents[1] / "data"


@pytest.fixture(scope="session")
def valid_frozen() -> FrozenPaper:
    """The tiny valid paper (one item of each kind), frozen against tests/data/valid."""
    paper = load_file(DATA / "valid" / "paper.yaml", expected="paper").model
    return freeze_paper(paper, load_content([DATA / "valid"]))


@pytest.fixture(scope="session")
def valid_spec() -> Specification:
    """The tiny specification the valid paper belongs to."""
    spec = find_specification([DATA / "valid"], "T-SPEC")
    assert spec is not None
    return spec


@pytest.fixture(scope="session")
def valid_frozen_file(valid_frozen: FrozenPaper, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The frozen valid paper as a file, as `csassess paper freeze` writes it."""
    path = tmp_path_factory.mktemp("frozen") / "valid.frozen.json"
    write_json(path, valid_frozen.model_dump(mode="json"))
    return path


@pytest.fixture(scope="session")
def sample_frozen() -> FrozenPaper:
    """The bundled sample paper, frozen against the bundled banks and rubrics."""
    paper = load_file(bundled_root() / "papers" / "cs201-sample.yaml", expected="paper").model
    return freeze_paper(paper, load_content(bundled_paths()))


@pytest.fixture(scope="session")
def sample_spec(sample_frozen: FrozenPaper) -> Specification | None:
    """The bundled specification, for the names on the cover."""
    return find_specification(bundled_paths(), sample_frozen.specification)


@pytest.fixture(scope="session")
def sample_html(sample_frozen: FrozenPaper, sample_spec: Specification | None) -> str:
    """The sample candidate paper as HTML, standard size."""
    return paper_html(sample_frozen, sample_spec)


@pytest.fixture(scope="session")
def sample_pdf(sample_frozen: FrozenPaper, sample_spec: Specification | None) -> bytes:
    """The sample candidate paper as PDF, standard size."""
    return paper_pdf(sample_frozen, sample_spec)


@pytest.fixture(scope="session")
def sample_pdf_large(sample_frozen: FrozenPaper, sample_spec: Specification | None) -> bytes:
    """The sample candidate paper as a 24 pt modified enlarged PDF."""
    return paper_pdf(sample_frozen, sample_spec, layout=layout_for(24))
