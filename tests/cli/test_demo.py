"""`csassess demo`: the whole pipeline on the bundled content, as the README's main job runs it."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from csassess.cli.app import app
from csassess.content.bundled import bundled_root

STEPS = (
    "csassess validate",
    "csassess paper build",
    "csassess paper render",
    "csassess sit build",
    "csassess paper freeze",
    "csassess mark",
    "csassess verify",
    "csassess export",
    "csassess report",
)


def _demo(out: Path) -> Result:
    # HTML only: the PDF path is covered by the render and report tests, and is slow.
    return CliRunner().invoke(app, ["demo", "--out", str(out), "--format", "html"])


@pytest.fixture(scope="module")
def demo_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Result]:
    out = tmp_path_factory.mktemp("demo") / "out"
    return out, _demo(out)


def test_demo_runs_every_step_and_says_where_things_are(demo_run):
    _, result = demo_run
    assert result.exit_code == 0, result.output
    for step in STEPS:
        assert f"$ {step}" in result.output, step
    assert "reports (start at index.html)" in result.output


def test_demo_writes_forms_papers_schemes_and_exams(demo_run):
    out, _ = demo_run
    forms = sorted(out.glob("forms/*.frozen.json"))
    assert len(forms) >= 2
    papers = {p.name for p in (out / "papers").glob("*.html")}
    for form in forms:
        letter = form.name.removesuffix(".frozen.json").removeprefix("form-")
        assert any(n.endswith(f"-{letter}.html") for n in papers), letter
        assert any(n.endswith(f"-{letter}-markscheme.html") for n in papers), letter
        assert (out / "exams" / form.name.replace(".frozen.json", ".html")).is_file()
    assert any(n.endswith("-large18.html") for n in papers)
    assert (out / "exposure.yaml").is_file()


def _exported(out: Path) -> list[dict[str, str]]:
    with (out / "results.csv").open(encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))


def test_demo_marks_every_example_script_and_exports_them(demo_run):
    out, result = demo_run
    one_per_file = len(list((bundled_root() / "examples" / "scripts").glob("*.json")))
    rows = _exported(out)
    assert len(rows) >= max(40, one_per_file)
    assert len({(r["centre"], r["candidate"]) for r in rows}) == len(rows)
    assert all(row["grade"] for row in rows)
    assert re.search(rf"OK: {len(rows)} candidates", result.output)


def test_demo_writes_a_report_per_candidate_and_an_index(demo_run):
    out, _ = demo_run
    index = (out / "reports" / "index.html").read_text(encoding="utf-8")
    numbers = [row["candidate"] for row in _exported(out)]
    reports = list((out / "reports").rglob("*.html"))
    assert len(reports) > len(numbers)
    for number in numbers:
        assert number in index


def test_running_the_demo_again_marks_nothing_twice(demo_run):
    out, first = demo_run
    assert first.exit_code == 0
    again = _demo(out)
    assert again.exit_code == 0, again.output
    assert re.search(r"marked:\s+0\b", again.output), again.output
    assert not re.search(r"skipped:\s+0\b", again.output)
