"""Every broken file in tests/data/broken gives exactly the findings an author needs.

Each case is a file or folder named after what is wrong with it. `csassess validate` runs on it
alone and must print exactly the expected finding lines (`path:line:col: field: message`),
with paths relative to tests/data/broken. Cases whose current output is wrong are marked
`xfail(strict=True)` and state what they should print: fixing src turns them into XPASS
failures, which is the cue to drop the mark.
"""

from __future__ import annotations

import re
import shutil
import time
from pathlib import Path

import pytest

from csassess.content import yamlsafe
from csassess.content.checks import check_content
from csassess.content.contentset import load_content
from csassess.content.loading import _PATTERNS, MODEL_BY_KIND, load_file, value_message
from csassess.findings import ContentError

BROKEN = Path(__file__).parents[1] / "data" / "broken"
VALID = Path(__file__).parents[1] / "data" / "valid"
KINDS = ", ".join(sorted(MODEL_BY_KIND))  # the kinds the loader names when `kind` is wrong

Expected = list[str | re.Pattern[str]]


def known_problem(reason: str) -> pytest.MarkDecorator:
    """Mark a case whose expected lines describe what src should print but does not yet."""
    return pytest.mark.xfail(strict=True, reason=f"src: {reason}")


RAW_CASES: list[tuple[str, Expected] | object] = [  # a (name, lines) pair or a marked pytest.param
    # --- the YAML itself --------------------------------------------------------------------
    (
        "bad-yaml-unclosed-bracket.yaml",
        [
            "bad-yaml-unclosed-bracket.yaml:8:10: (yaml): invalid YAML: expected ',' or ']', but got ':'",
        ],
    ),
    (
        "several-documents.yaml",
        [
            "several-documents.yaml:3:1: (yaml): invalid YAML: but found another document",
        ],
    ),
    (
        "tab-indentation.yaml",
        [
            "tab-indentation.yaml:4:1: (yaml): invalid YAML: found character '\\t' that cannot "
            "start any token",
        ],
    ),
    (
        "duplicate-key.yaml",
        [
            "duplicate-key.yaml:14:5: items[0].stem: duplicate key 'stem' (first at line 13); "
            "YAML would keep only the last",
        ],
    ),
    ("empty-file.yaml", ["empty-file.yaml:1:1: (document): the file is empty"]),
    (
        "not-a-mapping.yaml",
        [
            "not-a-mapping.yaml:1:1: (document): expected a mapping with a 'kind' field at the top",
        ],
    ),
    pytest.param(
        "not-utf8.yaml",
        [
            "not-utf8.yaml:3:11: (file): not UTF-8 text (byte 32)",
        ],
        id="not-utf8.yaml",
    ),
    (
        "python-tag.yaml",
        [
            "python-tag.yaml:3:8: title: tag 'tag:yaml.org,2002:python/object:os.system' is not "
            "allowed in csassess files",
        ],
    ),
    (
        "merge-key.yaml",
        [
            "merge-key.yaml:9:5: items[0]: merge keys (<<) are not supported; write the fields out",
        ],
    ),
    (
        "alias-bomb.yaml",
        [
            "alias-bomb.yaml:3:43: f[0][6][8][8][8][7]: document expands to more than 200000 "
            "values (an alias bomb?); write the content out instead",
        ],
    ),
    pytest.param(
        "recursive-alias.yaml",
        [
            re.compile(
                r"recursive-alias\.yaml:7:\d+: items\[0\]\.tags: recursive alias: "
                r"a node contains itself"
            ),
        ],
        id="recursive-alias.yaml",
    ),
    # --- strict values ------------------------------------------------------------------------
    (
        "coerced-boolean-no.yaml",
        [
            "coerced-boolean-no.yaml:10:27: rubrics[0].marking_points[0].negation_cancels: "
            "Input should be a valid boolean (got 'no'); write true or false",
        ],
    ),
    (
        "leading-zero-number.yaml",
        [
            "leading-zero-number.yaml:12:12: items[0].marks: Input should be a valid integer "
            "(got '007'); leading zeros make text: write 7",
        ],
    ),
    (
        "wrong-type-marks-text.yaml",
        [
            "wrong-type-marks-text.yaml:12:12: items[0].marks: Input should be a valid integer "
            "(got 'two'); write a whole number",
        ],
    ),
    (
        "unquoted-criterion-number.yaml",
        [
            "unquoted-criterion-number.yaml:12:16: items[0].criteria[0]: Input should be a valid "
            "string (got 1.1); quote values that look like numbers or booleans",
        ],
    ),
    (
        "unknown-status.yaml",
        [
            "unknown-status.yaml:9:13: items[0].status: Input should be 'draft', 'live' or 'retired'",
        ],
    ),
    # --- shape of a file ----------------------------------------------------------------------
    (
        "missing-kind.yaml",
        [
            f"missing-kind.yaml:1:1: kind: required field is missing; one of: {KINDS}",
        ],
    ),
    (
        "unknown-kind.yaml",
        [
            f"unknown-kind.yaml:1:7: kind: unknown kind 'question_bank'; one of: {KINDS}",
        ],
    ),
    (
        "missing-required-field.yaml",
        [
            "missing-required-field.yaml:6:5: items[0].stem: required field is missing",
        ],
    ),
    (
        "unknown-field-typo.yaml",
        [
            "unknown-field-typo.yaml:6:5: items[0].stem: required field is missing",
            "unknown-field-typo.yaml:13:5: items[0].stme: unknown field 'stme'; did you mean 'stem'?",
        ],
    ),
    (
        "three-independent-errors.yaml",
        [
            "three-independent-errors.yaml:9:13: items[0].status: Input should be 'draft', 'live' "
            "or 'retired'",
            "three-independent-errors.yaml:12:12: items[0].marks: Input should be greater than or equal to 1",
            "three-independent-errors.yaml:19:5: items[0].tgas: unknown field 'tgas'; did you mean 'tags'?",
        ],
    ),
    pytest.param(
        "unknown-item-kind.yaml",
        [
            re.compile(r"unknown-item-kind\.yaml:7:11: items\[0\]\.kind: .*'multiple_choise'.*"),
        ],
        id="unknown-item-kind.yaml",
    ),
    pytest.param(
        "item-missing-kind.yaml",
        [
            "item-missing-kind.yaml:6:5: items[0].kind: required field is missing",
        ],
        id="item-missing-kind.yaml",
    ),
    (
        "scenario-one-part.yaml",
        [
            "scenario-one-part.yaml:18:7: items[0].parts: List should have at least 2 items after "
            "validation, not 1",
        ],
    ),
    pytest.param(
        "scenario-part-version.yaml",
        [
            re.compile(
                r"scenario-part-version\.yaml:20:9: items\[0\]\.parts\[0\]\.version: "
                r"unknown field 'version'(?!; did you mean 'version'\?).*"
            ),
        ],
        id="scenario-part-version.yaml",
    ),
    # --- a rubrics file on its own ----------------------------------------------------------
    (
        "rule-unknown-point.yaml",
        [
            "rule-unknown-point.yaml:12:42: rubrics[0].rules[0].points[1]: unknown marking point 'explain'",
        ],
    ),
    (
        "rule-at-least-missing-n.yaml",
        [
            "rule-at-least-missing-n.yaml:16:9: rubrics[0].rules[0]: a 'at_least' rule needs 'n'",
        ],
    ),
    (
        "table-decreasing.yaml",
        [
            "table-decreasing.yaml:18:16: rubrics[0].rules[0].table: more points must never give fewer marks",
        ],
    ),
    (
        "misconception-cap-missing.yaml",
        [
            "misconception-cap-missing.yaml:12:9: rubrics[0].misconceptions[0]: effect 'cap' needs "
            "a 'cap' mark",
        ],
    ),
    # --- banks against the specification (folders) ------------------------------------------
    (
        "mcq-key-not-an-option",
        [
            "mcq-key-not-an-option/bank.yaml:19:10: items[0].key: key 'E' is not among the options (A, B, C)",
        ],
    ),
    ("mr-keys-repeat", ["mr-keys-repeat/bank.yaml:19:11: items[0].keys: keys repeat"]),
    (
        "options-out-of-order",
        [
            "options-out-of-order/bank.yaml:16:7: items[0].options: options must be lettered "
            "A, B, C in order, got A, C, B",
        ],
    ),
    (
        "unknown-outcome",
        [
            "unknown-outcome/bank.yaml:11:16: items[0].outcomes[0]: unknown learning outcome 'LO9' in T-SPEC",
        ],
    ),
    (
        "criterion-not-under-outcome",
        [
            "criterion-not-under-outcome/bank.yaml:12:16: items[0].criteria[0]: criterion '2.1' is "
            "not under the item's outcomes (LO1)",
        ],
    ),
    (
        "dangling-enemy",
        [
            "dangling-enemy/bank.yaml:14:15: items[0].enemies[0]: unknown item 'T-MC-099'",
        ],
    ),
    (
        "self-enemy",
        [
            "self-enemy/bank.yaml:14:15: items[0].enemies[0]: an item cannot be its own enemy",
        ],
    ),
    (
        "duplicate-item-id-across-banks",
        [
            "duplicate-item-id-across-banks/bank-b.yaml:6:9: items[0].id: duplicate id 'T-MC-001' "
            "(first at duplicate-item-id-across-banks/bank-a.yaml:6)",
        ],
    ),
    (
        "bank-unknown-specification",
        [
            "bank-unknown-specification/bank.yaml:4:16: specification: no loaded specification has "
            "id 'T-SPECS' (loaded: T-SPEC)",
        ],
    ),
    pytest.param(
        "broken-spec-blames-bank",
        [
            "broken-spec-blames-bank/specification.yaml:2:1: awarding_body: required field is missing",
            "broken-spec-blames-bank/specification.yaml:5:1: awarding_bdy: unknown field "
            "'awarding_bdy'; did you mean 'awarding_body'?",
        ],
        id="broken-spec-blames-bank",
    ),
    # --- rubrics against items (folders) ----------------------------------------------------
    (
        "missing-rubric",
        [
            "missing-rubric/bank.yaml:6:9: items[0].id: free-text question 'T-SA-001' has no rubric",
        ],
    ),
    (
        "rubric-for-mcq",
        [
            "rubric-for-mcq/rubrics.yaml:4:11: rubrics[0].item: 'T-MC-001' is a multiple_choice "
            "question, marked by its key, not a rubric",
        ],
    ),
    (
        "rubric-for-unknown-item",
        [
            "rubric-for-unknown-item/rubrics.yaml:17:11: rubrics[1].item: no loaded item or "
            "scenario part has id 'T-SA-01'",
        ],
    ),
    (
        "two-rubrics-one-item",
        [
            "two-rubrics-one-item/rubrics.yaml:17:11: rubrics[1].item: second rubric for 'T-SA-001' "
            "(first at two-rubrics-one-item/rubrics.yaml:4)",
        ],
    ),
    (
        "rubric-marks-do-not-add-up",
        [
            "rubric-marks-do-not-add-up/rubrics.yaml:4:11: rubrics[0].item: T-SA-001 is worth 2 "
            "marks but its rules and points can give 1",
        ],
    ),
    (
        "levels-gap",
        [
            "levels-gap/rubrics.yaml:17:30: rubrics[0].levels[1].min_mark: gap between levels: "
            "expected min_mark 2 after the level below",
        ],
    ),
    (
        "levels-overlap",
        [
            "levels-overlap/rubrics.yaml:17:30: rubrics[0].levels[1].min_mark: overlap between "
            "levels: expected min_mark 3 after the level below",
        ],
    ),
    (
        "levels-top-below-marks",
        [
            "levels-top-below-marks/rubrics.yaml:4:11: rubrics[0].item: T-ER-001 is worth 4 marks "
            "but its levels reach 3",
            "levels-top-below-marks/rubrics.yaml:17:43: rubrics[0].levels[1].max_mark: the top "
            "level must end at the item's 4 marks",
        ],
    ),
    pytest.param(
        "broken-bank-hides-its-items",
        [
            "broken-bank-hides-its-items/bank-b.yaml:6:5: items[0].stem: required field is missing",
            "broken-bank-hides-its-items/bank-b.yaml:13:5: items[0].stme: unknown field 'stme'; "
            "did you mean 'stem'?",
        ],
        id="broken-bank-hides-its-items",
    ),
    # --- papers (folders) -------------------------------------------------------------------
    (
        "paper-unknown-item",
        [
            "paper-unknown-item/paper.yaml:12:13: sections[0].items[0]: unknown item 'T-MC-01'; "
            "did you mean 'T-MC-001'?",
        ],
    ),
    (
        "paper-enemies-together",
        [
            "paper-enemies-together/paper.yaml:12:13: sections[0].items[0]: 'T-MC-001' and its "
            "enemy 'T-MC-002' are on one paper",
        ],
    ),
    (
        "paper-draft-item",
        [
            "paper-draft-item/paper.yaml:12:13: sections[0].items[0]: 'T-MC-001' is draft, not live",
        ],
    ),
    (
        "paper-item-twice",
        [
            "paper-item-twice/paper.yaml:12:23: sections[0].items[1]: 'T-MC-001' appears twice on the paper",
        ],
    ),
    (
        "paper-boundaries-out-of-order",
        [
            "paper-boundaries-out-of-order/paper.yaml:9:36: grade_boundaries[1].min_mark: list "
            "boundaries from the highest grade down",
        ],
    ),
    (
        "paper-boundary-above-total",
        [
            "paper-boundary-above-total/paper.yaml:8:29: grade_boundaries[0].min_mark: above the "
            "paper's 1 marks",
        ],
    ),
    pytest.param(
        "paper-unknown-specification",
        [
            re.compile(r"paper-unknown-specification/paper\.yaml:4:16: specification: .*'T-SPECS'.*"),
        ],
        id="paper-unknown-specification",
    ),
]


CASES = [c if hasattr(c, "marks") else pytest.param(*c, id=c[0]) for c in RAW_CASES]


def _match(lines: list[str], expected: Expected) -> None:
    left = list(lines)
    missing = []
    for want in expected:
        hit = next(
            (
                line
                for line in left
                if (want.fullmatch(line) if isinstance(want, re.Pattern) else line == want)
            ),
            None,
        )
        if hit is None:
            missing.append(want if isinstance(want, str) else want.pattern)
        else:
            left.remove(hit)
    assert not missing and not left, (
        "expected lines not printed:\n  "
        + ("\n  ".join(missing) or "(none)")
        + "\nunexpected lines printed:\n  "
        + ("\n  ".join(left) or "(none)")
    )


@pytest.mark.parametrize(("name", "expected"), CASES)
def test_broken_case_gives_exact_findings(invoke, findings_of, name, expected):
    """Validating one broken case exits 1 and prints exactly its findings and a summary."""
    result = invoke("validate", BROKEN / name)
    lines = findings_of(result.stdout, BROKEN)
    _match(lines, expected)
    assert result.exit_code == 1, result.output
    noun = "problem" if len(expected) == 1 else "problems"
    assert result.stdout.splitlines()[-1].startswith(f"{len(expected)} {noun} in "), result.stdout
    assert "Traceback" not in result.output


def test_every_broken_case_is_listed():
    """Every file and folder under tests/data/broken has a case, so none is silently untested."""
    named = {case.values[0] for case in CASES}
    on_disk = {p.name for p in BROKEN.iterdir() if not p.name.startswith(".")}
    assert on_disk == named
    assert len(named) + 1 >= 32  # with the oversize case generated below


def test_oversize_file_is_refused_before_reading(tmp_path, invoke, findings_of):
    """A file over 5 MB is refused with its size and the limit, without being parsed."""
    big = tmp_path / "oversize.yaml"
    big.write_bytes(b"kind: bank\n" + b"#" * yamlsafe.MAX_FILE_BYTES)
    size = big.stat().st_size
    result = invoke("validate", big)
    assert result.exit_code == 1
    assert findings_of(result.stdout, tmp_path) == [
        f"oversize.yaml:1:1: (file): file is {size} bytes, over the {yamlsafe.MAX_FILE_BYTES}-byte limit",
    ]


def test_file_at_the_size_limit_is_read(tmp_path):
    """A file of exactly the size limit is read and one byte more is refused (the limit is inclusive)."""
    path = tmp_path / "limit.yaml"
    path.write_bytes(b"kind: specification\n# padding\n")
    limit = path.stat().st_size
    assert yamlsafe.read_file(path, max_bytes=limit).data == {"kind": "specification"}
    with pytest.raises(yamlsafe.YamlError) as caught:
        yamlsafe.read_file(path, max_bytes=limit - 1)
    assert caught.value.finding.message == f"file is {limit} bytes, over the {limit - 1}-byte limit"


def test_alias_bomb_is_stopped_quickly():
    """The billion-laughs file is refused within a couple of seconds, not expanded."""
    start = time.perf_counter()
    with pytest.raises(ContentError) as caught:
        load_file(BROKEN / "alias-bomb.yaml")
    assert time.perf_counter() - start < 5
    assert "alias bomb" in caught.value.findings[0].message


def test_python_tag_never_runs_code(tmp_path):
    """A `!!python/object/apply` tag is refused and the call it names never happens."""
    marker = tmp_path / "ran"
    path = tmp_path / "apply.yaml"
    path.write_text(
        f"kind: bank\nid: !!python/object/apply:pathlib.Path.touch "
        f"[!!python/object/apply:pathlib.Path ['{marker}']]\n"
    )
    with pytest.raises(ContentError) as caught:
        load_file(path)
    assert not marker.exists()
    assert caught.value.findings[0].message.startswith("tag 'tag:yaml.org,2002:python/object")


@pytest.mark.parametrize("word", ["yes", "no", "on", "off", "y", "n", "Yes", "NO"])
def test_yaml11_booleans_are_errors_where_a_boolean_is_expected(tmp_path, word):
    """`yes`/`no`/`on`/`off` stay text, so a boolean field holding one is an error."""
    text = (VALID / "rubrics.yaml").read_text()
    path = tmp_path / "rubrics.yaml"
    path.write_text(
        text.replace(
            "        evidence: [colleague, another department]\n",
            f"        evidence: [colleague, another department]\n        needs_explanation: {word}\n",
        )
    )
    with pytest.raises(ContentError) as caught:
        load_file(path)
    [finding] = caught.value.findings
    assert (finding.line, finding.column) == (13, 28)
    assert finding.field == "rubrics[0].marking_points[0].needs_explanation"
    assert finding.message == (f"Input should be a valid boolean (got {word!r}); write true or false")


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("007", "007"),
        ("0x1F", "0x1F"),
        ("1_000", "1_000"),
        ("+1", "+1"),
        ("1e3", 1000.0),
        ("12", 12),
        ("-3", -3),
        ("0", 0),
        ("1.5", 1.5),
        ("~", None),
        ("null", None),
        ("true", True),
        ("False", False),
        ("yes", "yes"),
        ("2024-01-01", "2024-01-01"),
    ],
)
def test_plain_scalars_resolve_strictly(text, value):
    """Only canonical decimals, true/false and null resolve; everything else stays text."""
    doc = yamlsafe.parse_text(f"v: {text}\n", "t.yaml")
    assert doc.data["v"] == value
    assert type(doc.data["v"]) is type(value)


def test_positions_are_recorded_for_values_and_keys():
    """Every value and key is recorded with its 1-based line and column."""
    doc = yamlsafe.parse_text("a:\n  - x\n  - {b: 2}\n", "t.yaml")
    assert doc.values[("a", 1, "b")] == yamlsafe.Position(3, 9)
    assert doc.keys[("a",)] == yamlsafe.Position(1, 1)
    assert doc.keys[("a", 1, "b")] == yamlsafe.Position(3, 6)
    assert doc.position(("a", 7, "zz")) == yamlsafe.Position(2, 3)


def test_quoted_values_stay_text():
    """A quoted number or boolean stays text, so quoted ids like "1.1" load as strings."""
    doc = yamlsafe.parse_text("a: \"1.1\"\nb: 'true'\nc: !!str 7\n", "t.yaml")
    assert doc.data == {"a": "1.1", "b": "true", "c": "7"}


def test_small_aliases_are_allowed():
    """An ordinary anchor and alias (no bomb, no recursion) loads as a copy of the value."""
    doc = yamlsafe.parse_text("a: &x [1, 2]\nb: *x\n", "t.yaml")
    assert doc.data == {"a": [1, 2], "b": [1, 2]}


def test_unreadable_path_is_a_finding_not_a_crash(tmp_path):
    """A folder passed where a file is expected gives a 'cannot read file' finding."""
    with pytest.raises(ContentError) as caught:
        load_file(tmp_path)
    [finding] = caught.value.findings
    assert (finding.line, finding.column, finding.field) == (1, 1, "(file)")
    assert finding.message.startswith("cannot read file: ")


def test_byte_order_mark_is_accepted(tmp_path):
    """A UTF-8 file that starts with a byte-order mark loads like any other."""
    path = tmp_path / "spec.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + (VALID / "specification.yaml").read_bytes())
    assert load_file(path).model.id == "T-SPEC"


def test_valid_fixture_set_has_no_findings():
    """The valid fixture set loads strictly and every cross-file check finds nothing."""
    content = load_content([VALID])
    assert check_content(content) == []
    assert sorted(content.items) == ["T-ER-001", "T-MC-001", "T-MC-002", "T-MR-001", "T-SA-001", "T-SC-001"]
    assert sorted(content.rubrics) == ["T-ER-001", "T-SA-001", "T-SC-001.b"]


def test_valid_fixture_set_validates_clean(invoke):
    """`csassess validate` on the valid fixture set exits 0 with an OK summary."""
    result = invoke("validate", VALID)
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == ["OK: 4 files, 6 items, 7 questions, 3 rubrics"]
    assert result.stderr == ""


def test_every_file_kind_in_the_valid_set_is_used():
    """The valid set covers each item kind, a scenario, rubrics with rules and levels, a paper."""
    content = load_content([VALID])
    kinds = {loaded.model.kind for loaded in content.files}
    assert kinds == {"specification", "bank", "rubrics", "paper"}
    item_kinds = {content.item(i).kind for i in content.items}
    assert item_kinds == {
        "multiple_choice",
        "multiple_response",
        "short_answer",
        "extended_response",
        "scenario",
    }
    rubrics = [content.rubric(q) for q in content.rubrics]
    assert any(r.rules for r in rubrics)
    assert any(r.levels for r in rubrics)


def test_broken_folder_copy_becomes_clean_when_fixed(tmp_path, invoke):
    """Fixing the one wrong value in a broken folder makes it validate clean (one cause each)."""
    folder = tmp_path / "case"
    shutil.copytree(BROKEN / "mcq-key-not-an-option", folder)
    bank = folder / "bank.yaml"
    bank.write_text(bank.read_text().replace("key: E", "key: B"))
    result = invoke("validate", folder)
    assert result.exit_code == 0, result.output


def test_bundled_content_validates_clean(invoke):
    """`csassess validate` with no paths checks the bundled banks and rubrics and finds nothing."""
    result = invoke("validate")
    assert result.exit_code == 0, "bundled content is not clean:\n" + result.output
    assert result.stdout.splitlines()[-1].startswith("OK: ")


def _patterns(schema: object) -> set[str]:
    if isinstance(schema, dict):
        found = {schema["pattern"]} if isinstance(schema.get("pattern"), str) else set()
        return found.union(*(_patterns(v) for v in schema.values()))
    if isinstance(schema, list):
        return set().union(*(_patterns(v) for v in schema))
    return set()


def test_every_pattern_of_every_model_is_said_in_words():
    """No author is shown a regular expression: each pattern a model checks has a description."""
    used = set().union(*(_patterns(model.model_json_schema()) for model in MODEL_BY_KIND.values()))
    assert used, "the models check some patterns"
    assert used <= set(_PATTERNS), used - set(_PATTERNS)


def test_a_quoted_number_is_told_to_lose_its_quotes():
    """`marks: "2"` is text; the hint says what to write."""
    message = value_message({"type": "int_type", "msg": "Input should be a valid integer", "input": "2"})
    assert message == "Input should be a valid integer (got '2'); write the number without quotes"
