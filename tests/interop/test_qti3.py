"""QTI 3.0 content packages: written valid against the official XSDs, read back to equal models."""

from __future__ import annotations

import itertools
import zipfile
from pathlib import Path

from lxml import etree

from csassess.interop.content import BankContent, content_to_export
from csassess.interop.qti3_read import read_qti_package
from csassess.interop.qti3_write import package_files, write_qti_package
from csassess.marking.choice import mark_choice
from csassess.models.items import MultipleResponse, PartMultipleResponse

QTI = {"q": "http://www.imsglobal.org/xsd/imsqtiasi_v3p0"}


def _export(content: BankContent, tmp_path: Path) -> Path:
    out = tmp_path / "bank.zip"
    write_qti_package(content, out)
    return out


def test_every_file_of_the_bundled_package_validates(bundled_content, qti_schemas, tmp_path):
    """Items, stimuli, the sample paper's test and the manifest all pass the official XSDs."""
    package = _export(bundled_content, tmp_path)
    assert qti_schemas.package_errors(package) == {}
    with zipfile.ZipFile(package) as archive:
        names = archive.namelist()
    assert names[0] == "imsmanifest.xml"
    assert sum(n.startswith("items/") for n in names) == len(list(bundled_content.questions()))
    assert any(n.startswith("stimuli/") for n in names) and any(n.startswith("tests/") for n in names)


def test_bundled_bank_comes_back_as_equal_models(bundled_content, tmp_path):
    """Export then import gives the same banks (items, keys, marks, metadata) and rubrics."""
    result = read_qti_package(_export(bundled_content, tmp_path))
    assert result.left_out == []
    assert result.content.banks == bundled_content.banks
    assert {q: r for q, (_, r) in result.content.rubric_index().items()} == {
        q: r for q, (_, r) in bundled_content.rubric_index().items()
    }
    assert {f.id: f.synonyms for f in result.content.rubric_files} == {
        f.id: f.synonyms for f in bundled_content.rubric_files
    }


def test_paper_becomes_a_test_with_its_sections_in_order(bundled_content):
    """The sample paper's sections and items appear in the assessment test in the paper's order."""
    paper = bundled_content.papers[0]
    test = etree.fromstring(package_files(bundled_content)[f"tests/{paper.id}.xml"])
    sections = test.findall("q:qti-test-part/q:qti-assessment-section", QTI)
    assert [s.get("title") for s in sections] == [s.title for s in paper.sections]
    items = {i.id: i for _, i in bundled_content.items()}
    first = paper.sections[0]
    wanted = [q.id for item_id in first.items for q in getattr(items[item_id], "parts", [items[item_id]])]
    refs = [r.get("href") for r in sections[0].iter("{*}qti-assessment-item-ref")]
    assert refs == [f"../items/{q}.xml" for q in wanted]


def _qti_score(item_xml: bytes, chosen: tuple[str, ...]) -> float:
    """What a QTI engine's map_response gives: mapped values summed, then bounded."""
    root = etree.fromstring(item_xml)
    mapping = root.find("q:qti-response-declaration/q:qti-mapping", QTI)
    values = {e.get("map-key"): float(e.get("mapped-value")) for e in mapping}
    total = sum(values.get(c, 0.0) for c in chosen)
    return max(float(mapping.get("lower-bound")), min(float(mapping.get("upper-bound")), total))


def test_multiple_response_mapping_follows_csassess_scoring(bundled_content):
    """For every per-key item whose marks divide by its keys, QTI's mapping gives csassess's mark."""
    files = package_files(bundled_content)
    checked = 0
    for question in bundled_content.questions():
        if not isinstance(question, MultipleResponse | PartMultipleResponse) or question.scoring != "per_key":
            continue
        if question.marks % len(question.keys):
            continue
        letters = [o.id for o in question.options]
        for size in range(len(letters) + 1):
            for chosen in itertools.combinations(letters, size):
                expected = mark_choice(question, list(chosen)).mark
                assert _qti_score(files[f"items/{question.id}.xml"], chosen) == expected, (
                    question.id,
                    chosen,
                )
        checked += 1
    assert checked > 0


def test_free_text_items_are_human_scored_with_a_readable_mark_scheme(bundled_content):
    """An extended-text item is external-scored by a human, marks as normal-maximum, rubric readable."""
    files = package_files(bundled_content)
    question = next(q for q in bundled_content.questions() if q.kind == "short_answer")
    rubric = bundled_content.rubric_index()[question.id][1]
    root = etree.fromstring(files[f"items/{question.id}.xml"])
    score = root.find("q:qti-outcome-declaration[@identifier='SCORE']", QTI)
    assert score.get("external-scored") == "human"
    assert score.get("normal-maximum") == str(question.marks)
    block = root.find(".//q:qti-rubric-block", QTI)
    assert (block.get("use"), block.get("view")) == ("scoring", "scorer")
    shown = " ".join("".join(block.itertext()).split())
    assert rubric.marking_points[0].text in shown and rubric.marking_points[0].evidence[0] in shown


def test_outcomes_are_labelled_curriculum_identifiers(bundled_content):
    """Each item's outcomes and criteria are in the manifest as spec/LO and spec/LO/AC GUIDs."""
    manifest = etree.fromstring(package_files(bundled_content)["imsmanifest.xml"])
    question = next(q for q in bundled_content.questions() if q.criteria)
    resource = next(r for r in manifest.iter("{*}resource") if r.get("href") == f"items/{question.id}.xml")
    guids = [g.text for g in resource.iter("{*}GUID")]
    spec = bundled_content.banks[0].specification
    assert f"{spec}/{question.outcomes[0]}" in guids
    assert f"{spec}/{question.outcomes[0]}/{question.criteria[0]}" in guids


def test_same_bank_gives_the_same_package_bytes(bundled_content, tmp_path):
    """Two exports of the same content are byte-identical (fixed zip timestamps, stable order)."""
    first = _export(bundled_content, tmp_path).read_bytes()
    second = tmp_path / "again.zip"
    write_qti_package(bundled_content, second)
    assert first == second.read_bytes()


def test_frozen_form_exports_its_items_and_test(frozen, frozen_file, qti_schemas, tmp_path):
    """A frozen form alone gives a valid package whose test lists the form's sections in order."""
    out = tmp_path / "form.zip"
    content = content_to_export([frozen_file])
    assert write_qti_package(content, out) == sum(
        len(getattr(fi.item, "parts", [fi.item])) for s in frozen.sections for fi in s.items
    )
    assert qti_schemas.package_errors(out) == {}
    test = etree.fromstring(package_files(content)[f"tests/{frozen.id}-{frozen.form}.xml"])
    titles = [s.get("title") for s in test.findall("q:qti-test-part/q:qti-assessment-section", QTI)]
    assert titles == [s.title for s in frozen.sections]


def test_bank_export_of_a_missing_path_is_a_usage_error(invoke, tmp_path):
    """A path that does not exist: exit 2, one line naming it, nothing written."""
    result = invoke("bank", "export", tmp_path / "nope", "--to", "qti3", "--out", tmp_path / "x.zip")
    assert result.exit_code == 2
    assert result.stderr.strip() == f"Error: {tmp_path / 'nope'}: no such file or folder"
    assert not (tmp_path / "x.zip").exists()
