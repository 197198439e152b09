"""QTI 2.1 and 2.2 items as other tools write them (the specification's own examples) come in."""

from __future__ import annotations

from pathlib import Path

import pytest

from csassess.interop.content import UNMAPPED_OUTCOME
from csassess.interop.qti3_read import read_qti_item, read_qti_package

MEMBERS = {
    "items/choice.xml": "qti21-unattended-luggage-choice.xml",
    "items/choice_multiple.xml": "qti21-composition-of-water-multiple.xml",
    "items/extended_text.xml": "qti22-postcard-extended-text.xml",
    "items/match.xml": "qti21-characters-and-plays-match.xml",
    "items/images/sign.png": "qti21-luggage-sign.png",
}


@pytest.fixture
def qti21_package(interop_data, zip_of) -> Path:
    """A QTI 2.1 package holding the four example items, as a QTI 2 tool would zip it."""
    members = {"imsmanifest.xml": (interop_data / "qti21-package-manifest.xml").read_bytes()}
    members |= {name: (interop_data / f).read_bytes() for name, f in MEMBERS.items()}
    return zip_of("qti21-examples.zip", members)


def test_qti21_package_reports_every_question(qti21_package):
    """Three items come in and the matching one is reported with the reason."""
    result = read_qti_package(qti21_package)
    assert [line.imported for line in result.report] == [True, True, True, False]
    assert str(result.report[3]).endswith("csassess has no matching items")
    assert all(f"learning outcome to map ({UNMAPPED_OUTCOME})" in line.notes for line in result.report[:3])


def test_qti21_choice_keeps_the_key_and_the_lead_text(qti21_package):
    """The single choice keeps its options in order, its key letter and the text before the prompt."""
    item = read_qti_package(qti21_package).content.banks[0].items[0]
    assert item.kind == "multiple_choice"
    assert item.key == "A" and [o.text for o in item.options][2] == "Remember your luggage when you leave."
    assert item.stem.startswith("Look at the text in the picture.") and item.stem.endswith(
        "What does it say?"
    )
    assert item.status == "draft"


def test_qti21_mapping_becomes_per_key_scoring_with_its_penalty(qti21_package):
    """The water item's mapping (+1 each key, -1 for chlorine, upper bound 2) reads as per_key."""
    item = read_qti_package(qti21_package).content.banks[0].items[1]
    assert (item.kind, item.scoring, item.marks, item.wrong_penalty) == ("multiple_response", "per_key", 2, 1)
    assert item.keys == ["A", "D"]


def test_qti22_extended_text_gets_a_draft_rubric_with_the_scorer_notes(qti21_package):
    """The postcard item becomes a 3-mark short answer whose draft rubric keeps the scorer's text."""
    result = read_qti_package(qti21_package)
    item = result.content.banks[0].items[2]
    rubric = result.content.rubric_index()[item.id][1]
    assert (item.kind, item.marks) == ("short_answer", 3)
    assert rubric.examiner_notes.startswith("DRAFT") and "1 for a sign-off" in rubric.examiner_notes


def test_single_qti21_item_file_is_read_without_a_package(interop_data):
    """A lone assessmentItem file imports like a one-item package."""
    path = interop_data / "qti21-unattended-luggage-choice.xml"
    result = read_qti_item(path, path.read_bytes())
    assert [line.imported for line in result.report] == [True]
    assert result.content.banks[0].items[0].key == "A"


def test_bank_import_command_exits_3_and_writes_the_report(qti21_package, invoke, tmp_path):
    """Some questions left out: exit 3, every question listed, YAML and report written."""
    out = tmp_path / "imported"
    result = invoke("bank", "import", qti21_package, "--out", out)
    assert result.exit_code == 3, result.output
    assert "question 4 'Characters and Plays' (matching): csassess has no matching items" in result.stdout
    report = (out / "import-report.txt").read_text()
    assert "3 imported, 1 not imported" in report
    bank = (out / "banks" / "qti21-examples.yaml").read_text()
    assert bank.startswith("# yaml-language-server: $schema=../schemas/bank.schema.json")
    assert (out / "schemas" / "bank.schema.json").is_file()
    assert invoke("validate", out / "banks", out / "rubrics").exit_code == 1  # outcomes still to map


def test_bank_round_trip_through_the_commands_exits_0(invoke, tmp_path):
    """bank export --to qti3 then bank import: every question back, validated with the specification."""
    package = tmp_path / "cs201.zip"
    assert invoke("bank", "export", "banks", "rubrics", "--to", "qti3", "--out", package).exit_code == 0
    out = tmp_path / "back"
    result = invoke("bank", "import", package, "--out", out, "--spec", "banks/specification.yaml")
    assert result.exit_code == 0, result.output
    checked = invoke("validate", out / "banks", out / "rubrics", "banks/specification.yaml")
    assert checked.exit_code == 0, checked.output


def test_qti30_item_from_another_tool_keeps_text_and_key(interop_data):
    """HTML in the prompt and choices becomes text, a paragraph each; choice_3 becomes key C."""
    path = interop_data / "qti30-tao-style-choice-with-html.xml"
    item = read_qti_item(path, path.read_bytes()).content.banks[0].items[0]
    assert item.stem == "An adviser is not authorised to give refunds.\n\nWho should approve one?"
    assert [o.text for o in item.options] == [
        "The customer",
        "Any colleague on shift",
        "The team leader or duty manager",
    ]
    assert (item.id, item.key) == ("q-refund-authority", "C")


def test_qti30_text_entry_is_reported_by_name(interop_data):
    """A fill-the-gap item is left out with the interaction's name."""
    path = interop_data / "qti30-text-entry-fill-the-gap.xml"
    line = read_qti_item(path, path.read_bytes()).report[0]
    assert str(line) == "question 1 'Fill the gap' (text entry): csassess has no text entry items"
