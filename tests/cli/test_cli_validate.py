"""The command line: `validate` exit codes and formats, `schema --out`, `paper freeze`."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from csassess.assembly.freeze import verify_frozen
from csassess.content.loading import MODEL_BY_KIND, load_file
from csassess.models import FrozenPaper

DATA = Path(__file__).parents[1] / "data"
VALID = DATA / "valid"
BROKEN = DATA / "broken"
THREE = BROKEN / "three-independent-errors.yaml"


def _finding_text(finding: dict[str, object]) -> str:
    return (
        f"{finding['path']}:{finding['line']}:{finding['column']}: {finding['field']}: {finding['message']}"
    )


# --- exit codes ---------------------------------------------------------------------------


def test_valid_content_exits_0(invoke):
    """A clean content set exits 0 and prints only the OK summary on stdout."""
    result = invoke("validate", VALID)
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("OK: 4 files, 6 items, 7 questions, 3 rubrics")
    assert result.stderr == ""


def test_single_valid_file_exits_0(invoke):
    """A single specification file on its own validates clean."""
    result = invoke("validate", VALID / "specification.yaml")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("OK: 1 files")


def test_invalid_content_exits_1(invoke):
    """Content with a problem exits 1 and ends with a problem count."""
    result = invoke("validate", BROKEN / "duplicate-key.yaml")
    assert result.exit_code == 1
    assert result.stdout.splitlines()[-1] == "1 problem in 1 of 1 files"


def test_missing_path_exits_2_with_one_error_line(invoke, tmp_path):
    """A path that does not exist gives one `Error: ... no such file or folder` line and exit 2."""
    missing = tmp_path / "nope.yaml"
    result = invoke("validate", missing)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.splitlines() == [f"Error: {missing}: no such file or folder"]


def test_missing_path_among_good_ones_exits_2(invoke, tmp_path):
    """One missing path among existing ones still stops with exit 2 before validating anything."""
    missing = tmp_path / "gone"
    result = invoke("validate", VALID, missing)
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [f"Error: {missing}: no such file or folder"]
    assert "OK:" not in result.stdout


def test_folder_without_content_files_exits_2(invoke, tmp_path):
    """A folder holding no .yaml/.yml/.json files is a usage error, not a clean pass."""
    (tmp_path / "notes.txt").write_text("not content\n")
    result = invoke("validate", tmp_path)
    assert result.exit_code == 2
    [line] = result.stderr.splitlines()
    assert line.startswith("Error: no .yaml, .yml or .json files found in ")


def test_unknown_format_is_a_usage_error(invoke):
    """`--format xml` is refused by the option parser with exit 2."""
    result = invoke("validate", VALID, "--format", "xml")
    assert result.exit_code == 2
    assert "xml" in result.output
    assert "Traceback" not in result.output


# --- every problem listed -----------------------------------------------------------------


def test_three_independent_errors_give_three_lines(invoke, findings_of):
    """A file with three unrelated errors lists all three, not just the first."""
    result = invoke("validate", THREE)
    assert result.exit_code == 1
    lines = findings_of(result.stdout, BROKEN)
    assert [line.split(": ")[1] for line in lines] == [
        "items[0].status",
        "items[0].marks",
        "items[0].tgas",
    ]
    assert result.stdout.splitlines()[-1] == "3 problems in 1 of 1 files"


def test_problems_in_several_files_are_all_listed(invoke, findings_of):
    """Several paths are validated together and every file's problems are listed in order."""
    files = [BROKEN / "duplicate-key.yaml", BROKEN / "empty-file.yaml", THREE]
    result = invoke("validate", *files)
    assert result.exit_code == 1
    lines = findings_of(result.stdout, BROKEN)
    assert len(lines) == 5
    assert [line.split(":")[0] for line in lines] == [
        "duplicate-key.yaml",
        "empty-file.yaml",
        *["three-independent-errors.yaml"] * 3,
    ]
    assert result.stdout.splitlines()[-1] == "5 problems in 3 of 3 files"


def test_file_and_folder_together_list_problems_of_both(invoke, findings_of):
    """A file and a folder given together are validated as one set and both are reported."""
    result = invoke("validate", BROKEN / "empty-file.yaml", BROKEN / "paper-unknown-item")
    assert result.exit_code == 1
    files = [line.split(":")[0] for line in findings_of(result.stdout, BROKEN)]
    assert files == ["empty-file.yaml", "paper-unknown-item/paper.yaml"]


def test_two_content_sets_together_clash_on_shared_ids(invoke, findings_of):
    """Two folders that reuse the same specification and item ids are reported as duplicates."""
    result = invoke("validate", BROKEN / "mcq-key-not-an-option", BROKEN / "self-enemy")
    assert result.exit_code == 1
    lines = findings_of(result.stdout, BROKEN)
    assert (
        "self-enemy/bank.yaml:6:9: items[0].id: duplicate id 'T-MC-001' (first at "
        "mcq-key-not-an-option/bank.yaml:6)" in lines
    )
    assert "self-enemy/specification.yaml:3:5: id: duplicate specification id 'T-SPEC'" in lines


# --- json ---------------------------------------------------------------------------------


def test_json_output_is_parseable_and_matches_text(invoke, findings_of):
    """`--format json` prints one JSON object with ok=false and the same findings as text."""
    text = invoke("validate", THREE)
    result = invoke("validate", THREE, "--format", "json")
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    assert report["ok"] is False
    assert report["files"] == 1
    for finding in report["findings"]:
        assert {"path", "line", "column", "field", "message"} <= set(finding)
        assert isinstance(finding["line"], int)
        assert isinstance(finding["column"], int)
    as_text = [_finding_text(f) for f in report["findings"]]
    assert findings_of("\n".join(as_text), BROKEN) == findings_of(text.stdout, BROKEN)
    assert len(as_text) == 3


def test_json_output_for_clean_content(invoke):
    """`--format json` on clean content gives ok=true, no findings and exit 0."""
    result = invoke("validate", VALID, "--format", "json")
    assert result.exit_code == 0
    report = json.loads(result.stdout)
    assert report["ok"] is True
    assert report["findings"] == []
    assert (report["files"], report["items"], report["rubrics"]) == (4, 6, 3)


def test_json_output_for_cross_file_findings(invoke):
    """Cross-file findings appear in JSON with the exact field path and position."""
    result = invoke("validate", BROKEN / "paper-unknown-item", "--format", "json")
    assert result.exit_code == 1
    [finding] = json.loads(result.stdout)["findings"]
    assert finding["path"].endswith("paper-unknown-item/paper.yaml")
    assert (finding["line"], finding["column"]) == (12, 13)
    assert finding["field"] == "sections[0].items[0]"
    assert finding["message"] == "unknown item 'T-MC-01'; did you mean 'T-MC-001'?"
    assert finding["severity"] == "error"


# --- paths as the user typed them ---------------------------------------------------------


def test_paths_inside_the_working_folder_print_relative(invoke, tmp_path, monkeypatch):
    """A file under the working folder is reported by its relative path, even if given absolute."""
    shutil.copy(BROKEN / "duplicate-key.yaml", tmp_path / "dup.yaml")
    monkeypatch.chdir(tmp_path)
    result = invoke("validate", tmp_path / "dup.yaml")
    assert result.stdout.splitlines()[0].startswith("dup.yaml:14:5: items[0].stem: ")


def test_paths_outside_the_working_folder_print_absolute(invoke, tmp_path, monkeypatch):
    """A file outside the working folder is reported by its full path."""
    shutil.copy(BROKEN / "duplicate-key.yaml", tmp_path / "dup.yaml")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    result = invoke("validate", tmp_path / "dup.yaml")
    assert result.stdout.splitlines()[0].startswith(f"{tmp_path / 'dup.yaml'}:14:5: ")


# --- no tracebacks ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "args",
    [
        ["validate", VALID],
        ["validate", THREE],
        ["validate", THREE, "--format", "json"],
        ["validate", BROKEN],
        ["validate", BROKEN, "--format", "json"],
        ["validate", DATA / "no-such-folder"],
        ["validate", BROKEN / "alias-bomb.yaml"],
        ["validate", BROKEN / "not-utf8.yaml"],
        ["validate", BROKEN / "python-tag.yaml"],
        ["validate", "--format", "xml"],
        ["paper", "freeze", DATA / "missing.yaml", "--out", "OUT"],
        ["paper", "freeze", BROKEN / "empty-file.yaml", "--out", "OUT"],
        ["paper", "freeze", VALID / "bank.yaml", "--out", "OUT", "--content", VALID],
    ],
    ids=lambda args: "-".join(Path(str(a)).name for a in args),
)
def test_no_traceback_in_any_output(invoke, tmp_path, args):
    """No command run on good, broken or missing input prints a Python traceback."""
    out = tmp_path / "never.json"
    result = invoke(*[out if a == "OUT" else a for a in args])
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert result.exit_code in (0, 1, 2)
    assert not out.exists()


def test_whole_broken_corpus_validates_with_every_case_reported(invoke, findings_of):
    """Validating the whole broken corpus at once reports a problem in every case's files."""
    result = invoke("validate", BROKEN)
    assert result.exit_code == 1
    reported = {line.split("/")[0].split(":")[0] for line in findings_of(result.stdout, BROKEN)}
    expected = {p.name for p in BROKEN.iterdir()}
    assert expected <= reported


# --- schema -------------------------------------------------------------------------------


def test_schema_writes_one_valid_json_schema_per_kind(invoke, tmp_path):
    """`csassess schema --out DIR` writes `<kind>.schema.json` for every kind, each valid JSON."""
    out = tmp_path / "schemas"
    result = invoke("schema", "--out", out)
    assert result.exit_code == 0, result.output
    written = sorted(p.name for p in out.iterdir())
    assert written == sorted(f"{kind}.schema.json" for kind in MODEL_BY_KIND)
    for kind in MODEL_BY_KIND:
        schema = json.loads((out / f"{kind}.schema.json").read_text())
        assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
        assert schema["title"] == f"csassess {kind} file"
        assert schema["type"] == "object"
        assert schema["properties"]["kind"]["const"] == kind
        assert schema["additionalProperties"] is False
    assert len(result.stdout.splitlines()) == len(MODEL_BY_KIND)


def test_bank_schema_names_every_item_kind(invoke, tmp_path):
    """The bank schema describes all five item kinds, so editors can complete any of them."""
    invoke("schema", "--out", tmp_path)
    text = (tmp_path / "bank.schema.json").read_text()
    for kind in ("multiple_choice", "multiple_response", "short_answer", "extended_response", "scenario"):
        assert f'"{kind}"' in text


# --- paper freeze -------------------------------------------------------------------------


def _freeze(invoke, paper: Path, out: Path, content: Path):
    return invoke("paper", "freeze", paper, "--out", out, "--content", content)


def test_freeze_writes_a_frozen_paper_whose_hash_verifies(invoke, tmp_path):
    """Freezing the valid paper writes a frozen paper that loads and whose content hash verifies."""
    out = tmp_path / "frozen.json"
    result = _freeze(invoke, VALID / "paper.yaml", out, VALID)
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("Froze T-PAPER form A: 12 marks, 5 items -> ")
    frozen = load_file(out, expected="frozen_paper").model
    assert isinstance(frozen, FrozenPaper)
    assert verify_frozen(frozen)
    assert frozen.total_marks == 12
    assert [[fi.item.id for fi in s.items] for s in frozen.sections] == [
        ["T-MC-001", "T-MR-001", "T-SA-001"],
        ["T-ER-001", "T-SC-001"],
    ]
    sc = frozen.sections[1].items[1]
    assert set(sc.rubrics) == {"T-SC-001.b"}
    assert set(sc.rubric_hashes) == {"T-SC-001.b"}


def test_freezing_twice_gives_the_same_hash(invoke, tmp_path):
    """Freezing the same paper from the same content twice gives the same content hash."""
    one, two = tmp_path / "one.json", tmp_path / "two.json"
    _freeze(invoke, VALID / "paper.yaml", one, VALID)
    _freeze(invoke, VALID / "paper.yaml", two, VALID)
    assert json.loads(one.read_text())["content_hash"] == json.loads(two.read_text())["content_hash"]


def test_changing_an_item_changes_the_hashes(invoke, tmp_path):
    """Editing one item's stem changes the paper's content hash and that item's hash only."""
    content = tmp_path / "content"
    shutil.copytree(VALID, content)
    bank = content / "bank.yaml"
    old_stem = "Who is responsible for customer service?"
    assert old_stem in bank.read_text()
    before, after = tmp_path / "before.json", tmp_path / "after.json"
    assert _freeze(invoke, content / "paper.yaml", before, content).exit_code == 0
    bank.write_text(bank.read_text().replace(old_stem, "Who is responsible for good service?"))
    assert _freeze(invoke, content / "paper.yaml", after, content).exit_code == 0
    a = load_file(before, expected="frozen_paper").model
    b = load_file(after, expected="frozen_paper").model
    assert verify_frozen(a)
    assert verify_frozen(b)
    assert a.content_hash != b.content_hash
    hashes_a = {fi.item.id: fi.item_hash for s in a.sections for fi in s.items}
    hashes_b = {fi.item.id: fi.item_hash for s in b.sections for fi in s.items}
    changed = {i for i in hashes_a if hashes_a[i] != hashes_b[i]}
    assert changed == {"T-MC-001"}


def test_changing_a_rubric_changes_the_paper_hash(invoke, tmp_path):
    """Editing a rubric's evidence changes the rubric hash and the paper's content hash."""
    content = tmp_path / "content"
    shutil.copytree(VALID, content)
    before, after = tmp_path / "before.json", tmp_path / "after.json"
    _freeze(invoke, content / "paper.yaml", before, content)
    rubrics = content / "rubrics.yaml"
    rubrics.write_text(
        rubrics.read_text().replace("[manager, supervisor]", "[manager, supervisor, team leader]")
    )
    assert _freeze(invoke, content / "paper.yaml", after, content).exit_code == 0
    a = json.loads(before.read_text())
    b = json.loads(after.read_text())
    assert a["content_hash"] != b["content_hash"]
    sa_a = a["sections"][0]["items"][2]
    sa_b = b["sections"][0]["items"][2]
    assert sa_a["item_hash"] == sa_b["item_hash"]
    assert sa_a["rubric_hashes"]["T-SA-001"] != sa_b["rubric_hashes"]["T-SA-001"]


def test_editing_a_frozen_paper_by_hand_breaks_verification(invoke, tmp_path):
    """Changing an item's text inside a frozen file makes `verify_frozen` fail."""
    out = tmp_path / "frozen.json"
    _freeze(invoke, VALID / "paper.yaml", out, VALID)
    data = json.loads(out.read_text())
    data["sections"][0]["items"][0]["item"]["stem"] = "Who is responsible for service?"
    out.write_text(json.dumps(data))
    assert not verify_frozen(load_file(out, expected="frozen_paper").model)


def test_freeze_refuses_content_with_errors(invoke, tmp_path):
    """Freezing against content with an error exits 1, prints the finding and writes nothing."""
    out = tmp_path / "frozen.json"
    case = BROKEN / "paper-draft-item"
    result = _freeze(invoke, case / "paper.yaml", out, case)
    assert result.exit_code == 1
    assert "sections[0].items[0]: 'T-MC-001' is draft, not live" in result.stderr
    assert not out.exists()
    assert "Traceback" not in result.output


def test_freeze_refuses_a_file_that_is_not_a_paper(invoke, tmp_path):
    """Passing a bank where a paper is expected exits 1 with a 'kind' finding."""
    out = tmp_path / "frozen.json"
    result = _freeze(invoke, VALID / "bank.yaml", out, VALID)
    assert result.exit_code == 1
    assert "kind: expected a paper file, got 'bank'" in result.stderr
    assert not out.exists()


def test_freeze_missing_paper_exits_2(invoke, tmp_path):
    """A paper path that does not exist gives one error line and exit 2."""
    missing = tmp_path / "nope.yaml"
    result = _freeze(invoke, missing, tmp_path / "frozen.json", VALID)
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [f"Error: {missing}: no such file or folder"]
