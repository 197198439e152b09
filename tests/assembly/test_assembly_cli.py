"""`csassess paper build`: forms, summary, determinism, errors, and the way on to print and marking."""

from __future__ import annotations

import json
from pathlib import Path

from asmdata import ROOT, mcq, write_blueprint, write_content

from csassess.content.contentset import ContentSet
from csassess.marking import Marker
from csassess.marking.plan import load_frozen, paper_questions
from csassess.models.items import MultipleChoice, MultipleResponse, PartMultipleChoice, PartMultipleResponse

BLUEPRINT = ROOT / "papers" / "cs201-blueprint.yaml"
BANKS = ["--bank", ROOT / "banks", "--bank", ROOT / "rubrics"]
FORMS = ["form-A.frozen.json", "form-B.frozen.json", "form-C.frozen.json"]


def test_build_writes_a_frozen_paper_per_form_and_a_summary(invoke, tmp_path: Path) -> None:
    """Three forms are written and the summary shows marks, outcomes and overlap per form."""
    result = invoke("paper", "build", BLUEPRINT, *BANKS, "--out", tmp_path)
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0].startswith("Built 3 forms of CS201-P1 (seed 2025): CP-SAT optimal in ")
    assert sorted(p.name for p in tmp_path.iterdir()) == FORMS
    assert lines[-3:] == [str(tmp_path / name) for name in FORMS]
    for heading in ("forms (mean difficulty", "marks per outcome", "pairwise overlap"):
        assert any(line.startswith(heading) for line in lines), heading
    rows: dict[str, list[str]] = {}
    for line in lines:  # the first row of each form is in the forms table: form, marks, items...
        if line.split()[:1] in (["A"], ["B"], ["C"]):
            rows.setdefault(line.split()[0], line.split())
    assert [rows[f][1] for f in "ABC"] == ["60", "60", "60"]
    lo1 = next(line.split() for line in lines if line.split()[:1] == ["LO1"])
    assert lo1[1] == "3-8" and len(set(lo1[2:])) == 1  # wanted, then the same marks on A, B, C


def test_same_seed_same_bytes_other_seed_other_papers(invoke, tmp_path: Path) -> None:
    """Building twice with one seed gives byte-identical forms; another seed gives other forms."""
    for name, seed in (("one", "9"), ("two", "9"), ("three", "10")):
        result = invoke("paper", "build", BLUEPRINT, *BANKS, "--seed", seed, "--out", tmp_path / name)
        assert result.exit_code == 0, result.output
    for form in FORMS:
        assert (tmp_path / "one" / form).read_bytes() == (tmp_path / "two" / form).read_bytes()
    assert (tmp_path / "one" / FORMS[0]).read_bytes() != (tmp_path / "three" / FORMS[0]).read_bytes()


def test_forms_and_history_options(invoke, tmp_path: Path) -> None:
    """--forms 2 builds two forms; --history records them (with their hashes) in a new file."""
    history = tmp_path / "history.json"
    result = invoke(
        "paper", "build", BLUEPRINT, *BANKS, "--forms", "2", "--history", history, "--out", tmp_path / "out"
    )
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == FORMS[:2]
    recorded = json.loads(history.read_text(encoding="utf-8"))
    assert [p["paper"] for p in recorded["papers"]] == ["CS201-P1"]
    hashes = [load_frozen(tmp_path / "out" / f).content_hash for f in FORMS[:2]]
    assert [f["content_hash"] for f in recorded["papers"][0]["forms"]] == hashes
    assert result.stdout.splitlines()[-1] == str(history)


def test_infeasible_blueprint_exits_1_with_the_explanation(invoke, tmp_path: Path) -> None:
    """A blueprint the bank cannot meet: exit 1, a headline and one located line per requirement."""
    items = [mcq(f"M{i}", "LO3", marks=2) for i in range(4)] + [
        mcq(f"N{i}", "LO1", marks=2) for i in range(5)
    ]
    content = write_content(tmp_path / "bank", items)
    bp = write_blueprint(tmp_path, "total_marks: 14\noutcomes:\n  LO3: {min: 12}\n")
    result = invoke("paper", "build", bp, "--bank", content, "--out", tmp_path / "out")
    assert result.exit_code == 1
    line = bp.read_text(encoding="utf-8").splitlines().index("  LO3: {min: 12}") + 1
    assert result.stderr.splitlines() == [
        f"Error: {bp}: the live items cannot meet this requirement:",
        f"{bp}:{line}:14: outcomes.LO3.min: outcome LO3 needs at least 12 marks but only 8 marks "
        "of live LO3 items exist",
    ]
    assert not (tmp_path / "out").exists()


def test_bad_blueprint_yaml_is_reported_at_its_line(invoke, tmp_path: Path) -> None:
    """A mistyped field and a word for a number: both reported as file:line:col, exit 1."""
    bp = write_blueprint(tmp_path, "total_marks: sixty\nforms: 2\nmax_overlaps: 0.2\n")
    result = invoke("paper", "build", bp, "--out", tmp_path / "out")
    assert result.exit_code == 1
    lines = bp.read_text(encoding="utf-8").splitlines()
    total = lines.index("total_marks: sixty") + 1
    typo = lines.index("max_overlaps: 0.2") + 1
    assert result.stderr.splitlines() == [
        f"{bp}:{total}:14: total_marks: Input should be a valid integer (got 'sixty'); write a whole number",
        f"{bp}:{typo}:1: max_overlaps: unknown field 'max_overlaps'; did you mean 'max_overlap'?",
    ]


def test_a_paper_is_not_a_blueprint(invoke, tmp_path: Path) -> None:
    """Building from a file of another kind says what was expected."""
    result = invoke("paper", "build", ROOT / "papers" / "cs201-sample.yaml", "--out", tmp_path)
    assert result.exit_code == 1
    assert result.stderr.strip().endswith("kind: expected a blueprint file, got 'paper'")


def test_usage_errors_exit_2(invoke, tmp_path: Path) -> None:
    """A missing blueprint or bank, and a number of forms outside 1 to 26, are usage errors."""
    missing = invoke("paper", "build", tmp_path / "nope.yaml", "--out", tmp_path)
    assert missing.exit_code == 2
    assert missing.stderr.strip() == f"Error: {tmp_path / 'nope.yaml'}: no such file or folder"
    assert invoke("paper", "build", BLUEPRINT, "--bank", tmp_path / "none", "--out", tmp_path).exit_code == 2
    assert invoke("paper", "build", BLUEPRINT, "--forms", "0", "--out", tmp_path).exit_code == 2
    assert invoke("paper", "build", BLUEPRINT, "--forms", "27", "--out", tmp_path).exit_code == 2
    assert invoke("paper", "build", BLUEPRINT).exit_code == 2  # --out is required


def test_validate_checks_blueprints_with_line_numbers(invoke, tmp_path: Path) -> None:
    """`csassess validate` reads blueprints with the rest and locates their problems."""
    write_content(tmp_path / "content", [mcq("M1", "LO1")])
    bp = write_blueprint(tmp_path / "content", "total_marks: 4\noutcomes:\n  LO9: {min: 1}\n")
    result = invoke("validate", tmp_path / "content")
    assert result.exit_code == 1
    line = bp.read_text(encoding="utf-8").splitlines().index("  LO9: {min: 1}") + 1
    assert f"{bp}:{line}:3: outcomes.LO9: unknown learning outcome 'LO9' in U1" in result.stdout
    assert invoke("validate", ROOT / "papers", ROOT / "banks", ROOT / "rubrics").exit_code == 0


def _correct(question: object) -> str | list[str] | None:
    if isinstance(question, MultipleChoice | PartMultipleChoice):
        return question.key
    if isinstance(question, MultipleResponse | PartMultipleResponse):
        return list(question.keys)
    return None


def test_build_render_and_mark_a_form(invoke, tmp_path: Path, bundled: ContentSet) -> None:
    """A built form renders (candidate paper and mark scheme), and the marker, reading the frozen
    form, gives every shuffled key its marks, where the bank's own letters would lose some."""
    assert invoke("paper", "build", BLUEPRINT, *BANKS, "--forms", "2", "--out", tmp_path).exit_code == 0
    form = tmp_path / "form-B.frozen.json"
    rendered = invoke("paper", "render", form, "--out", tmp_path / "print", "--format", "html")
    assert rendered.exit_code == 0, rendered.output
    paper_html = (tmp_path / "print" / "CS201-P1-B.html").read_text(encoding="utf-8")
    scheme_html = (tmp_path / "print" / "CS201-P1-B-markscheme.html").read_text(encoding="utf-8")
    assert "Form B" in paper_html and "Mark scheme" in scheme_html
    marker = Marker()
    possible = earned = with_bank_letters = 0
    for pq in paper_questions(load_frozen(form)):
        answer = _correct(pq.question)
        if answer is None:
            continue
        possible += pq.question.marks
        earned += marker.mark(pq.question, answer, pq.rubric, pq.synonyms).mark
        bank_answer = _correct(bundled.question(pq.question.id))
        with_bank_letters += marker.mark(pq.question, bank_answer, pq.rubric, pq.synonyms).mark
    assert possible > 10
    assert earned == possible
    assert with_bank_letters < possible
