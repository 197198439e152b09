"""The centre's access arrangements list (YAML or CSV), read whole and checked line by line."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from csassess.findings import ContentError
from csassess.sit.arrangements import load_arrangements

DATA = Path(__file__).parents[1] / "data" / "arrangements"
CENTRE_LIST = {
    "0042": {
        "extra_time": 25,
        "rest_breaks": True,
        "background": "cream",
        "font": "reader",
        "text_size": 125,
    },
    "7311": {"extra_time": 0, "rest_breaks": False, "background": "blue", "font": None, "text_size": None},
    "D-17": {"extra_time": 50, "rest_breaks": False, "background": None, "font": None, "text_size": 200},
}
DATA_BLOCK = re.compile(r'<script type="application/json" id="paper">(.*?)</script>', re.DOTALL)


@pytest.mark.parametrize("name", ["centre-list.yaml", "centre-list.csv"])
def test_the_same_list_reads_the_same_from_yaml_and_csv(name):
    """Each candidate's extra time, breaks, background, font and size, granted by the centre."""
    granted = load_arrangements(DATA / name)
    assert granted == {number: {**fields, "granted_by": "centre"} for number, fields in CENTRE_LIST.items()}


def test_yaml_mistakes_are_each_one_line_at_their_place():
    """An unknown colour, a word for a number and a candidate listed twice: file:line:col: field: why."""
    with pytest.raises(ContentError) as caught:
        load_arrangements(DATA / "typo-background-and-extra-time.yaml")
    lines = str(caught.value).splitlines()
    source = "tests/data/arrangements/typo-background-and-extra-time.yaml"
    assert lines[0].startswith(f"{source}:4:15: background: Input should be 'white', 'cream'")
    assert lines[1].startswith(f"{source}:6:15: extra_time: Input should be a valid integer (got 'a lot')")
    assert lines[2] == f"{source}:7:1: candidate: candidate 0042 is listed twice (first on line 1)"
    assert len(lines) == 3


def test_csv_mistakes_name_the_row_and_column():
    """A rest_breaks word that is not yes/no, a non-number and a blank candidate, each at its cell."""
    with pytest.raises(ContentError) as caught:
        load_arrangements(DATA / "typo-rest-breaks.csv")
    assert str(caught.value).splitlines() == [
        "tests/data/arrangements/typo-rest-breaks.csv:2:3: rest_breaks: 'sometimes': write yes or no",
        "tests/data/arrangements/typo-rest-breaks.csv:3:2: extra_time: 'lots' is not a whole number",
        "tests/data/arrangements/typo-rest-breaks.csv:4:1: candidate: required cell is empty",
    ]


def test_csv_with_an_unknown_column_is_refused_at_the_header():
    """A column the list does not know (a typo for a field) stops the build, naming the fields."""
    with pytest.raises(ContentError, match=r"unknown-column.csv:1:3: reader: unknown column; the columns"):
        load_arrangements(DATA / "unknown-column.csv")


def test_cli_builds_with_arrangements_and_the_page_carries_them(invoke, frozen_file, tmp_path):
    """`sit build --arrangements` says how many candidates have arrangements and embeds them."""
    out = tmp_path / "exam.html"
    result = invoke(
        "sit",
        "build",
        frozen_file,
        "--out",
        out,
        "--arrangements",
        DATA / "centre-list.csv",
        "--invigilator-code",
        "ROOM-4B",
    )
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == (
        "Built the offline exam for CS201-SAMPLE form A (90 min, on time-out: submit, access arrangements "
        f"for 3 candidates) -> {out}"
    )
    found = DATA_BLOCK.search(out.read_text(encoding="utf-8"))
    assert found
    assert json.loads(found.group(1))["settings"]["arrangements"]["0042"]["extra_time"] == 25
    assert "ROOM-4B" not in out.read_text(encoding="utf-8")


def test_cli_refuses_a_bad_list_without_writing_the_exam(invoke, frozen_file, tmp_path):
    """A list with mistakes exits 1 with one line per mistake, and writes no exam file."""
    out = tmp_path / "exam.html"
    bad = invoke("sit", "build", frozen_file, "--out", out, "--arrangements", DATA / "typo-rest-breaks.csv")
    assert bad.exit_code == 1
    assert len(bad.output.strip().splitlines()) == 3
    assert not out.exists()
    missing = invoke("sit", "build", frozen_file, "--out", out, "--arrangements", tmp_path / "none.yaml")
    assert missing.exit_code == 2
    assert "none.yaml: no such file" in missing.output


def test_a_weak_invigilator_code_is_refused(invoke, frozen_file, tmp_path):
    """A code too short to be a code (or with other characters) is a one-line error."""
    bad = invoke("sit", "build", frozen_file, "--out", tmp_path / "x.html", "--invigilator-code", "12")
    assert bad.exit_code == 1
    assert bad.output.strip() == (
        "Error: invigilator code is not valid: use 4 to 32 letters and digits "
        "(spaces and hyphens are ignored)"
    )


def test_the_library_refuses_arrangements_the_script_could_not_carry(sample_frozen):
    """Arrangements passed by code, not read from a list, are checked against the script model too."""
    from csassess.sit import ExamOptions, build_exam
    from csassess.sit.build import ExamBuildError

    granted = {**CENTRE_LIST["0042"], "granted_by": "centre", "extra_time": 250}
    with pytest.raises(
        ExamBuildError, match="arrangements for candidate 0042: extra_time: Input should be less"
    ):
        build_exam(sample_frozen, ExamOptions(arrangements={"0042": granted}))
    with pytest.raises(ExamBuildError, match="candidate number 'no spaces' is not valid"):
        build_exam(sample_frozen, ExamOptions(arrangements={"no spaces": {**granted, "extra_time": 25}}))
