"""A QTI 3.0 content package: `imsmanifest.xml`, items, scenario stimuli and paper tests.

Item metadata goes where other QTI tools look for it: learning outcomes and criteria as
CASE-style labelled identifiers (`curriculumStandardsMetadataSet`, GUID `spec/LO/AC`); tags,
version, status, difficulty, enemies and the bank in the resource's IEEE LOM. The zip is built
in memory and written atomically, with fixed timestamps, so the same bank gives the same bytes.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from lxml import etree

from csassess.fileio import write_atomic
from csassess.interop.content import BankContent, ExportInputError, PaperOutline
from csassess.interop.qti3_items import (
    item_xml,
    qti,
    qti_identifier,
    qti_root,
    scorer_rubrics,
    stimulus_id,
    stimulus_xml,
)
from csassess.models import Bank
from csassess.models.items import AnyItem, Question, Scenario, questions_of

CP_NS = "http://www.imsglobal.org/xsd/qti/qtiv3p0/imscp_v1p1"
LOM_NS = "http://ltsc.ieee.org/xsd/LOM"
CSM_NS = "http://www.imsglobal.org/xsd/qti/qtiv3p0/imscsmd_v1p1"
STATUS_TO_LOM = {"draft": "draft", "live": "final", "retired": "unavailable"}
DIFFICULTY_TO_LOM = {"easy": "easy", "medium": "medium", "hard": "difficult"}
BANK_TAXON, SPEC_TAXON, ENEMY_KIND = "csassess bank", "csassess specification", "csassess enemy"
FIXED_TIME = (2020, 1, 1, 0, 0, 0)

cp = type(qti)(CP_NS)
lom = type(qti)(LOM_NS)
csm = type(qti)(CSM_NS)


def _string(parent: etree._Element, tag: str, text: str) -> etree._Element:
    node = lom.el(parent, tag)
    lom.el(node, "string", text, language="en")
    return node


def _vocabulary(parent: etree._Element, tag: str, value: str) -> None:
    node = lom.el(parent, tag)
    lom.el(node, "source", "LOMv1.0")
    lom.el(node, "value", value)


def _lom(parent: etree._Element, ident: str, item: AnyItem | Question, bank: Bank | None) -> None:
    """Identity, tags, life cycle, difficulty, enemies and bank of one item (or a part)."""
    root = lom.el(parent, "lom")
    general = lom.el(root, "general")
    identifier = lom.el(general, "identifier")
    lom.el(identifier, "catalog", "csassess")
    lom.el(identifier, "entry", ident)
    for tag in getattr(item, "tags", []):
        _string(general, "keyword", tag)
    if hasattr(item, "version"):
        life = lom.el(root, "lifeCycle")
        _string(life, "version", str(item.version))
        _vocabulary(life, "status", STATUS_TO_LOM[item.status])
    if getattr(item, "difficulty", None):
        _vocabulary(lom.el(root, "educational"), "difficulty", DIFFICULTY_TO_LOM[item.difficulty])  # type: ignore[union-attr]
    for enemy in getattr(item, "enemies", []):
        relation = lom.el(root, "relation")
        kind = lom.el(relation, "kind")
        lom.el(kind, "source", "csassess")
        lom.el(kind, "value", ENEMY_KIND)
        target = lom.el(lom.el(relation, "resource"), "identifier")
        lom.el(target, "catalog", "csassess")
        lom.el(target, "entry", enemy)
    if bank is not None:
        classification = lom.el(root, "classification")
        _vocabulary(classification, "purpose", "discipline")
        for source, taxon_id, entry in (
            (BANK_TAXON, bank.id, bank.title),
            (SPEC_TAXON, bank.specification, bank.specification),
        ):
            path = lom.el(classification, "taxonPath")
            _string(path, "source", source)
            taxon = lom.el(path, "taxon")
            lom.el(taxon, "id", taxon_id)
            _string(taxon, "entry", entry)


def _standards(parent: etree._Element, question: Question, spec: str) -> None:
    """Outcomes and criteria as CASE-style labelled identifiers: spec/LO and spec/LO/AC."""
    root = csm.el(parent, "curriculumStandardsMetadataSet")
    standards = csm.el(root, "curriculumStandardsMetadata", providerId=spec)
    guids = csm.el(standards, "setOfGUIDs")
    under = question.outcomes[0]
    for outcome in question.outcomes:
        pair = csm.el(guids, "labelledGUID")
        csm.el(pair, "label", outcome)
        csm.el(pair, "GUID", f"{spec}/{outcome}")
    for criterion in question.criteria:
        pair = csm.el(guids, "labelledGUID")
        csm.el(pair, "label", criterion)
        csm.el(pair, "GUID", f"{spec}/{under}/{criterion}")


def _resource(
    resources: etree._Element, ident: str, kind: str, href: str, depends: list[str]
) -> etree._Element:
    resource = cp.el(resources, "resource", identifier=ident, type=kind, href=href)
    metadata = cp.el(resource, "metadata")
    cp.el(resource, "file", href=href)
    for dependency in depends:
        cp.el(resource, "dependency", identifierref=dependency)
    return metadata


def _section(parent: etree._Element, ident: str, title: str) -> etree._Element:
    return qti.el(
        parent, "qti-assessment-section", identifier=qti_identifier(ident), title=title, visible="true"
    )


def _test_xml(paper: PaperOutline, items: dict[str, AnyItem]) -> etree._Element:
    root = qti_root("qti-assessment-test", paper.id, paper.title)
    qti.el(root, "qti-outcome-declaration", identifier="SCORE", cardinality="single", base_type="float")
    part = qti.el(
        root,
        "qti-test-part",
        identifier="PART-1",
        navigation_mode="nonlinear",
        submission_mode="simultaneous",
    )
    for section in paper.sections:
        box = _section(part, f"S-{section.id}", section.title)
        if section.instructions:
            block = qti.el(box, "qti-rubric-block", use="instructions", view="candidate")
            qti.el(qti.el(block, "qti-content-body"), "p", section.instructions)
        for item_id in section.items:
            item = items.get(item_id)
            if item is None:
                raise ExportInputError(
                    f"paper {paper.id}: section {section.id}: item {item_id!r} is not in the banks given"
                )
            holder = box
            if isinstance(item, Scenario):
                holder = _section(box, f"SC-{item.id}", item.title)
            for question in questions_of(item):
                qti.el(
                    holder,
                    "qti-assessment-item-ref",
                    identifier=qti_identifier(question.id),
                    href=f"../items/{question.id}.xml",
                )
    return root


def _bytes(root: etree._Element) -> bytes:
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def package_files(content: BankContent) -> dict[str, bytes]:
    """Every file of the package by its path inside the zip, the manifest first."""
    files: dict[str, bytes] = {}
    manifest = etree.Element(f"{{{CP_NS}}}manifest", nsmap={None: CP_NS, "lom": LOM_NS, "csm": CSM_NS})
    manifest.set("identifier", "MANIFEST-csassess")
    head = cp.el(manifest, "metadata")
    cp.el(head, "schema", "QTI Package")
    cp.el(head, "schemaversion", "3.0.0")
    cp.el(manifest, "organizations")
    resources = cp.el(manifest, "resources")
    rubrics = scorer_rubrics(content.rubric_files)
    items: dict[str, AnyItem] = {}
    for bank, item in content.items():
        items[item.id] = item
        stimulus = None
        if isinstance(item, Scenario):
            href = f"stimuli/{item.id}.xml"
            files[href] = _bytes(stimulus_xml(item))
            stimulus = (stimulus_id(item.id), f"../{href}")
            _lom(
                _resource(resources, stimulus_id(item.id), "imsqti_stimulus_xmlv3p0", href, []),
                item.id,
                item,
                bank,
            )
        for question in questions_of(item):
            href = f"items/{question.id}.xml"
            files[href] = _bytes(item_xml(question, rubrics.get(question.id), stimulus))
            meta = _resource(
                resources,
                qti_identifier(f"ITEM-{question.id}"),
                "imsqti_item_xmlv3p0",
                href,
                [stimulus[0]] if stimulus else [],
            )
            _standards(meta, question, bank.specification)
            _lom(meta, question.id, question, None if stimulus else bank)
    for paper in content.papers:
        href = f"tests/{paper.id}.xml"
        files[href] = _bytes(_test_xml(paper, items))
        depends = [
            qti_identifier(f"ITEM-{q.id}")
            for s in paper.sections
            for i in s.items
            for q in questions_of(items[i])
        ]
        _resource(resources, qti_identifier(f"TEST-{paper.id}"), "imsqti_test_xmlv3p0", href, depends)
    return {"imsmanifest.xml": _bytes(manifest), **files}


def write_qti_package(content: BankContent, out: Path) -> int:
    """Write the package zip atomically; returns the number of items (questions) written."""
    files = package_files(content)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            archive.writestr(zipfile.ZipInfo(name, FIXED_TIME), data, zipfile.ZIP_DEFLATED)
    write_atomic(out, buffer.getvalue())
    return sum(1 for name in files if name.startswith("items/"))
