"""Calibration on a small hand-made sample: agreement, the suggested changes, the patch file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from csassess.calibration.patch import PatchError, apply_patch, read_patch, write_patch
from csassess.calibration.sample import SampleError, read_sample
from csassess.calibration.suggest import calibrate
from csassess.content.contentset import load_content
from csassess.marking import Marker

DATA = Path(__file__).parents[1] / "data"
CASES = DATA / "calibration"
CONTENT = [
    DATA / "rubric-checks" / "specification.yaml",
    DATA / "rubric-checks" / "bank.yaml",
    CASES / "rubrics.yaml",
]
SAMPLE = CASES / "examiner-marks.csv"


@pytest.fixture
def content():
    """The one-item bank with the calibration scenario's rubric."""
    return load_content(CONTENT)


def _suggestions(calibration):
    return [
        (c.point, tuple(c.add_evidence), tuple(c.remove_evidence), c.review)
        for c in calibration.patch.changes
    ]


def test_calibrate_suggests_the_loose_phrase_the_missing_paraphrase_and_the_idle_point(content):
    """'days' credited answers examiners gave 0, 'express regret' is the apology csassess missed,
    and no answer earns 'escalate'."""
    result = calibrate(content, read_sample(SAMPLE, content))
    assert _suggestions(result) == [
        ("timescale", (), ("days",), None),
        ("apologise", ("express regret",), (), None),
        ("escalate", (), (), "never credited in 8 answers"),
    ]
    [item] = result.items
    assert item.fired == {"apologise": 2, "timescale": 4, "escalate": 0}
    assert (item.before.n, round(item.before.exact, 3)) == (8, 0.375)
    assert item.after.qwk > item.before.qwk


def test_agreement_reports_the_confusion_matrix(content):
    """The per-item agreement carries the examiner-by-machine confusion matrix of the sample."""
    [item] = calibrate(content, read_sample(SAMPLE, content)).items
    assert item.before.labels == (0, 1, 2)
    assert item.before.confusion == ((1, 2, 0), (2, 1, 0), (0, 1, 1))


def test_examiner_points_choose_the_point_a_phrase_is_added_to(content, tmp_path):
    """With the examiner's points given, 'express regret' goes to the point the examiner credited."""
    sample = tmp_path / "with-points.csv"
    sample.write_text(
        "item,answer,mark,points\n"
        'T-SA-REFUND,"I would express regret and escalate to the manager.",2,apologise;escalate\n'
        "T-SA-REFUND,I would express regret.,1,apologise\n"
        "T-SA-REFUND,Express regret first.,1,apologise\n"
        "T-SA-REFUND,I would apologise.,1,apologise\n"
        "T-SA-REFUND,Tell her to wait.,0,\n",
        encoding="utf-8",
    )
    result = calibrate(content, read_sample(sample, content))
    added = [(c.point, c.add_evidence) for c in result.patch.changes if c.add_evidence]
    assert added == [("apologise", ["express regret"])]


def test_patch_round_trips_and_applies(content, tmp_path):
    """The patch written as YAML reads back equal, and applied it makes the rubric mark the sample
    as the examiners did; the rubric on disk is unchanged."""
    rows = read_sample(SAMPLE, content)
    patch = calibrate(content, rows).patch
    path = tmp_path / "patch.yaml"
    write_patch(path, patch)
    assert read_patch(path) == patch
    before = (CASES / "rubrics.yaml").read_text(encoding="utf-8")
    patched = apply_patch({"T-SA-REFUND": content.rubric("T-SA-REFUND")}, read_patch(path))["T-SA-REFUND"]
    assert patched.point("apologise").evidence == ["apologise", "say sorry", "express regret"]
    assert patched.point("timescale").evidence == ["refund will arrive", "within five days"]
    marker = Marker(language_check=False)
    question = content.question("T-SA-REFUND")
    marks = [marker.mark(question, r.answer, patched).mark for r in rows]
    assert marks == [r.mark for r in rows]
    assert (CASES / "rubrics.yaml").read_text(encoding="utf-8") == before


def test_patch_naming_an_unknown_point_is_refused(content, tmp_path):
    """Applying a patch that names a point the rubric lacks raises a one-line error."""
    path = tmp_path / "bad.yaml"
    path.write_text(
        "kind: rubric_patch\nid: p\nchanges:\n"
        "  - {item: T-SA-REFUND, point: refunds, add_evidence: [money back], reason: test}\n",
        encoding="utf-8",
    )
    with pytest.raises(PatchError, match="unknown point 'refunds'"):
        apply_patch({"T-SA-REFUND": content.rubric("T-SA-REFUND")}, read_patch(path))


@pytest.mark.parametrize(
    ("case", "message"),
    [
        ("mark-not-a-number", "mark-not-a-number.csv:3: column 'mark': 'one' is not a whole number of marks"),
        (
            "mark-above-the-maximum",
            "mark-above-the-maximum.csv:2: column 'mark': 3 is above T-SA-REFUND's 2 marks",
        ),
        ("unknown-item", "unknown-item.csv:2: column 'item': no question 'T-SA-NOPE' in the content"),
        (
            "missing-answer-column",
            "missing-answer-column.csv:1: missing column(s) answer; found item, text, mark",
        ),
        (
            "unknown-point",
            "unknown-point.csv:2: column 'points': 'apologize' is not a marking point of T-SA-REFUND",
        ),
    ],
)
def test_bad_sample_gives_one_line_with_row_and_column(content, case, message):
    """A bad sample file is refused with one line naming its file, line and column."""
    with pytest.raises(SampleError) as caught:
        read_sample(CASES / f"{case}.csv", content)
    assert str(caught.value).endswith(message)


def _content_args():
    return [arg for path in CONTENT for arg in ("--content", path)]


def test_cli_writes_the_patch_and_exits_0(invoke, tmp_path):
    """`calibrate --out` writes the patch and says how many suggestions it holds."""
    out = tmp_path / "patch.yaml"
    result = invoke("calibrate", SAMPLE, *_content_args(), "--out", out)
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[-1] == f"3 suggestions -> {out}"
    assert len(read_patch(out).changes) == 3


def test_cli_json_has_agreement_and_patch(invoke):
    """`calibrate --format json` gives per-item agreement and the patch."""
    result = invoke("calibrate", SAMPLE, *_content_args(), "--format", "json")
    data = json.loads(result.stdout)
    assert data["items"][0]["before"]["n"] == 8
    assert [c["point"] for c in data["patch"]["changes"]] == ["timescale", "apologise", "escalate"]


def test_cli_bad_csv_exits_1_with_one_line(invoke):
    """A bad value in the sample is one error line on stderr and exit 1, no traceback."""
    result = invoke("calibrate", CASES / "mark-not-a-number.csv", *_content_args())
    assert result.exit_code == 1
    [line] = result.stderr.splitlines()
    assert line.startswith("Error: ") and line.endswith("column 'mark': 'one' is not a whole number of marks")


def test_cli_missing_sample_exits_2(invoke, tmp_path):
    """A sample file that does not exist is a usage error (exit 2)."""
    result = invoke("calibrate", tmp_path / "none.csv")
    assert result.exit_code == 2
    assert result.stderr.strip() == f"Error: {tmp_path / 'none.csv'}: no such file or folder"
