"""Fixtures of the interop tests: the official QTI 3.0 schemas and the bundled content."""

from __future__ import annotations

import os
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from lxml import etree

from csassess.content.bundled import bundled_paths
from csassess.interop.content import BankContent, content_to_export

INTEROP_DATA = Path(__file__).parents[1] / "data" / "interop"
# the worktree's ../shared/standards (CI always has it), or where CSASSESS_STANDARDS points
STANDARDS = Path(
    os.environ.get("CSASSESS_STANDARDS", Path(__file__).resolve().parents[3] / "shared" / "standards")
)


@dataclass(frozen=True)
class QtiSchemas:
    """The three entry points of the QTI 3.0 XSDs (see ../shared/standards/README.md)."""

    items: etree.XMLSchema
    manifest: etree.XMLSchema
    results: etree.XMLSchema

    def errors(self, schema: etree.XMLSchema, data: bytes) -> str:
        """The schema's first complaint about `data`, or '' when it is valid."""
        doc = etree.fromstring(data)
        return "" if schema.validate(doc) else str(schema.error_log.last_error)

    def package_errors(self, package: Path) -> dict[str, str]:
        """Every file of a content package that does not validate, with the first error."""
        bad = {}
        with zipfile.ZipFile(package) as archive:
            for name in archive.namelist():
                schema = self.manifest if name == "imsmanifest.xml" else self.items
                problem = self.errors(schema, archive.read(name))
                if problem:
                    bad[name] = problem
        return bad


@pytest.fixture(scope="session")
def qti_schemas() -> QtiSchemas:
    """The official XSDs, loaded once; the test is skipped where the standards folder is absent."""
    folder = STANDARDS / "qti3" / "qtiv3p0"
    if not folder.is_dir():
        pytest.skip(f"QTI 3.0 schemas not found at {folder} (set CSASSESS_STANDARDS to the standards folder)")

    def load(name: str) -> etree.XMLSchema:
        return etree.XMLSchema(etree.parse(str(folder / name)))

    return QtiSchemas(
        load("sbac_local.xsd"), load("imsqtiv3p0_imscpv1p2_v1p0.xsd"), load("imsqti_resultv3p0_v1p0.xsd")
    )


@pytest.fixture(scope="session")
def bundled_content() -> BankContent:
    """The bundled banks and rubrics with the hand-written sample paper."""
    return content_to_export(bundled_paths())


@pytest.fixture
def interop_data() -> Path:
    """The folder of interop scenario files."""
    return INTEROP_DATA


@pytest.fixture
def zip_of(tmp_path: Path) -> Callable[..., Path]:
    """Build a zip in tmp_path from (name in zip, bytes) pairs."""

    def build(name: str, members: dict[str, bytes]) -> Path:
        path = tmp_path / name
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
            for member, data in members.items():
                archive.writestr(member, data)
        return path

    return build
