"""Moodle XML and GIFT: the bundled bank out and back, and other tools' files in."""

from __future__ import annotations

import re

import pytest

from csassess.interop.detect import import_file
from csassess.interop.gift_read import blocks, hide_escapes, parse_question, show_escapes
from csassess.interop.gift_write import escape, gift_text
from csassess.interop.moodle_write import MOODLE_FRACTIONS, moodle_fraction, moodle_xml


@pytest.fixture
def moodle_file(bundled_content, tmp_path):
    """The bundled bank written as Moodle XML."""
    data, _ = moodle_xml(bundled_content, [])
    path = tmp_path / "bank.xml"
    path.write_bytes(data)
    return path


@pytest.fixture
def gift_file(bundled_content, tmp_path):
    """The bundled bank written as GIFT."""
    text, _ = gift_text(bundled_content, [])
    path = tmp_path / "bank.txt"  # a suffix that says nothing: the format is read from the content
    path.write_text(text, encoding="utf-8")
    return path


def test_moodle_round_trip_gives_equal_banks_and_rubrics(bundled_content, moodle_file):
    """Moodle XML carries items, keys, marks, metadata and (in graderinfo) the exact rubrics."""
    result = import_file(moodle_file)
    assert result.format == "moodle" and result.left_out == []
    assert result.content.banks == bundled_content.banks
    assert {q: r for q, (_, r) in result.content.rubric_index().items()} == {
        q: r for q, (_, r) in bundled_content.rubric_index().items()
    }


def test_gift_round_trip_gives_equal_banks_and_draft_rubrics(bundled_content, gift_file):
    """GIFT carries items, keys and marks exactly; free-text questions come back with draft rubrics."""
    result = import_file(gift_file)
    assert result.format == "gift" and result.left_out == []
    assert result.content.banks == bundled_content.banks
    rubrics = result.content.rubric_index()
    assert set(rubrics) == set(bundled_content.rubric_index())
    assert all(r.examiner_notes.startswith("DRAFT") for _, r in rubrics.values())


def test_every_moodle_fraction_written_is_on_moodles_list(bundled_content):
    """Answer fractions in the Moodle file are all values Moodle's import accepts."""
    data, _ = moodle_xml(bundled_content, [])
    fractions = {float(f) for f in re.findall(rb'fraction="([^"]+)"', data)}
    accepted = set(MOODLE_FRACTIONS) | {-f for f in MOODLE_FRACTIONS}
    assert fractions and fractions <= accepted


def test_a_share_moodle_lacks_is_written_as_the_nearest_with_a_warning():
    """Shares Moodle lists (1/7, -1/3) are exact; 47% is not on the list, so 50% is written, inexactly."""
    assert moodle_fraction(100 / 7) == ("14.28571", True)
    assert moodle_fraction(-100 / 3) == ("-33.33333", True)
    assert moodle_fraction(47.0) == ("50", False)


def test_essay_mark_scheme_is_for_graders_only(bundled_content):
    """The rubric goes in graderinfo; no marking point text is in any question text."""
    data, _ = moodle_xml(bundled_content, [])
    rubric = next(iter(bundled_content.rubric_index().values()))[1]
    texts = b"".join(re.findall(rb"<questiontext.*?</questiontext>", data, re.S))
    assert rubric.marking_points[0].text.encode() not in texts
    assert rubric.marking_points[0].text.encode() in data


def test_foreign_moodle_quiz_reports_every_question(interop_data):
    """A college's quiz: supported types come in; true/false, matching and cloze are reported."""
    result = import_file(interop_data / "moodle-college-quiz-mixed-types.xml")
    lines = [str(line) for line in result.report]
    assert [line.imported for line in result.report] == [True, True, False, True, True, True, False, False]
    assert lines[2].endswith("true/false has 2 options; csassess multiple choice needs 3 to 8")
    assert lines[6] == "question 7 'Match the terms' (match): csassess has no matching items"
    first, second, short, essay = result.content.banks[0].items
    assert (first.id, first.key, first.stem) == (
        "cs-complaint-01",
        "B",
        "A caller is angry about a late delivery.\n\nWhat should you do first?",
    )
    assert (second.keys, second.marks, second.wrong_penalty) == (["A", "B"], 2, 1)
    assert short.stem.startswith("Mrs Khan's boiler has failed twice this month.")
    rubrics = result.content.rubric_index()
    assert rubrics[short.id][1].marking_points[0].evidence == ["escalat", "refer it to a supervisor"]
    assert "'*manager*': a wildcard csassess cannot match" in lines[4]
    assert "2 marks each" in rubrics[essay.id][1].examiner_notes
    assert "category-Customer-Service-L2-Complaints" in first.tags


def test_gift_escapes_round_trip():
    """Every reserved character escaped by the writer reads back as itself."""
    text = "a: b # c = d ~ e { f } g \\ h\nnext"
    assert show_escapes(hide_escapes(escape(text))) == text


def test_gift_tricky_cases_follow_moodles_reader(interop_data):
    """Escaped = and ~, weights, feedback, multi-line answers, formats, scripts and bad braces."""
    result = import_file(interop_data / "gift-tutor-tricky-cases.gift")
    by_title = {line.title: line for line in result.report}
    items = {i.id: i for i in result.content.banks[0].items}
    escaped = items["Escaped-symbols-the-equals-sign"]
    assert [o.text for o in escaped.options] == ["a = b", "a ~ b", "a {b} c"] and escaped.key == "A"
    weighted = items["Weighted-channels"]
    assert (weighted.keys, weighted.wrong_penalty) == (["A", "B"], 1)
    tone = items["Tone-on-email"].options[0].text
    assert tone == "Calm, polite wording that acknowledges the problem"
    assert items["Markdown-stem"].stem == "Name *one* benefit of good service."
    assert "<script> in <div>: active content is not imported" in by_title["Scripted"].reason
    assert by_title["Is it true"].reason.startswith("true/false has 2 options")
    assert by_title["Numbers"].reason == "csassess has no numerical items"
    assert "unbalanced { }" in by_title["question at line 40"].reason


def test_gift_parser_reads_feedback_and_general_feedback():
    """`#` starts an answer's feedback and `####` the general feedback; neither joins the answer."""
    parsed = parse_question("::T::Pick{=yes#good ~no#bad ~maybe ####general}", "x")
    assert [(w, a, f) for w, a, f in parsed.answers] == [
        (1.0, "yes", "good"),
        (0.0, "no", "bad"),
        (0.0, "maybe", ""),
    ]


def test_gift_blocks_split_at_blank_lines_and_drop_comments():
    """Blank lines end a question; comment lines are blanked but their id and tag tokens kept."""
    found = blocks("// [id:Q1] [tag:x]\n::A::one{}\n\n// just a comment\n::B::two{}\n")
    assert [(b.text, b.ids, b.tags) for b in found] == [("::A::one{}", ["Q1"], ["x"]), ("::B::two{}", [], [])]


def test_bank_export_to_moodle_and_gift_commands(invoke, tmp_path):
    """The export command writes both formats and says how many questions it wrote."""
    for target, name in (("moodle", "bank.xml"), ("gift", "bank.gift")):
        result = invoke("bank", "export", "banks", "rubrics", "--to", target, "--out", tmp_path / name)
        assert result.exit_code == 0, result.output
        assert f"-> {tmp_path / name} ({target})" in result.stdout
        assert (tmp_path / name).stat().st_size > 10_000
