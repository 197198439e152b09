"""Your own templates: searched first, able to extend the bundled ones, and a broken one is
one clear error line, never a traceback."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from csassess.cli.app import app


def run(*args: object):
    return CliRunner().invoke(app, ["report", *(str(a) for a in args)])


def _user_template(root: Path, name: str, body: str) -> Path:
    path = root / "reports" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(body, encoding="utf-8")
    return root


def test_a_user_template_extends_the_default_one(crafted_db: Path, tmp_path: Path):
    """A centre's candidate template replaces one block and keeps the rest of the default."""
    templates = _user_template(
        tmp_path / "mine",
        "candidate.html.j2",
        '{% extends "default:reports/candidate.html.j2" %}\n'
        '{% block advice %}<p class="centre-note">Riverside College: book a revision session.</p>'
        "{{ super() }}{% endblock %}\n",
    )
    out = tmp_path / "out"
    result = run("--db", crafted_db, "--out", out, "--format", "html", "--template-dir", templates)
    assert result.exit_code == 0, result.output
    page = (out / "candidates" / "CS201-SAMPLE-A" / "C00001" / "0001.html").read_text(encoding="utf-8")
    assert '<p class="centre-note">Riverside College: book a revision session.</p>' in page
    assert "Your feedback" in page and "Marks for each question" in page
    # the other reports still come from the bundled templates
    assert "Centre report" in (out / "CS201-SAMPLE-A-centres.html").read_text(encoding="utf-8")


def test_a_user_template_replaces_the_default_one(crafted_db: Path, tmp_path: Path):
    """A template of the same name that does not extend replaces the bundled one outright."""
    templates = _user_template(tmp_path / "mine", "index.html.j2", "<p>{{ papers | length }} paper</p>\n")
    out = tmp_path / "out"
    assert (
        run("--db", crafted_db, "--out", out, "--format", "html", "--template-dir", templates).exit_code == 0
    )
    assert (out / "index.html").read_text(encoding="utf-8") == "<p>1 paper</p>\n"


def test_a_broken_user_template_is_one_line_and_exit_1(crafted_db: Path, tmp_path: Path):
    """A syntax error names the file and line; a runtime error names the template."""
    syntax = _user_template(tmp_path / "syntax", "candidate.html.j2", "line one\n{% if %}\n")
    result = run("--db", crafted_db, "--out", tmp_path / "a", "--format", "html", "--template-dir", syntax)
    assert result.exit_code == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: ") and "candidate.html.j2:2: " in lines[0]
    runtime = _user_template(tmp_path / "runtime", "items.html.j2", "{{ questions + 'x' }}\n")
    result = run("--db", crafted_db, "--out", tmp_path / "b", "--format", "html", "--template-dir", runtime)
    assert result.exit_code == 1
    assert result.stderr.strip().startswith("Error: template reports/items.html.j2: TypeError: ")
    assert "Traceback" not in result.output
