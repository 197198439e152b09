"""`csassess paper render`: which files it writes, its options, and its one-line errors."""

from __future__ import annotations

import json
from pathlib import Path

from render_helpers import pdf_pages

DATA = Path(__file__).resolve().parents[1] / "data"


def test_render_writes_paper_and_markscheme_in_html_and_pdf(invoke, valid_frozen_file: Path, tmp_path: Path):
    """By default four files are written, named <paper>-<form>, and each path is printed."""
    out = tmp_path / "out"
    result = invoke("paper", "render", valid_frozen_file, "--out", out, "--content", DATA / "valid")
    assert result.exit_code == 0, result.output
    names = ["T-PAPER-A.html", "T-PAPER-A.pdf", "T-PAPER-A-markscheme.html", "T-PAPER-A-markscheme.pdf"]
    assert result.stdout.splitlines() == [str(out / name) for name in names]
    assert sorted(p.name for p in out.iterdir()) == sorted(names)  # no temporary files left
    assert "Test Certificate in Customer Service" in (out / "T-PAPER-A.html").read_text(encoding="utf-8")
    assert "Page 1 of" in pdf_pages((out / "T-PAPER-A.pdf").read_bytes())[0]
    assert "Mark scheme" in pdf_pages((out / "T-PAPER-A-markscheme.pdf").read_bytes())[0]


def test_render_html_only_without_markscheme(invoke, valid_frozen_file: Path, tmp_path: Path):
    """--format html --no-markscheme writes the candidate HTML alone."""
    result = invoke(
        "paper", "render", valid_frozen_file, "--out", tmp_path, "--format", "html", "--no-markscheme"
    )
    assert result.exit_code == 0, result.output
    assert [p.name for p in tmp_path.iterdir()] == ["T-PAPER-A.html"]


def test_render_large_print_is_named_apart(invoke, valid_frozen_file: Path, tmp_path: Path):
    """--large 24 writes <paper>-<form>-large24 at 24 pt beside the standard files."""
    result = invoke(
        "paper", "render", valid_frozen_file, "--out", tmp_path, "--format", "html", "--large", "24"
    )
    assert result.exit_code == 0, result.output
    html = (tmp_path / "T-PAPER-A-large24.html").read_text(encoding="utf-8")
    assert "font-size: 24pt;" in html
    assert "Modified enlarged paper: 24 point" in html
    assert (tmp_path / "T-PAPER-A-markscheme.html").exists()


def test_render_uses_the_template_dir(invoke, valid_frozen_file: Path, tmp_path: Path):
    """--template-dir templates are used before the bundled ones."""
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "paper.html.j2").write_text(
        '{% extends "default:paper.html.j2" %}{% block cover %}<p>Our cover</p>{% endblock %}',
        encoding="utf-8",
    )
    result = invoke(
        "paper", "render", valid_frozen_file, "--out", tmp_path / "out", "--format", "html",
        "--template-dir", templates,
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "<p>Our cover</p>" in (tmp_path / "out" / "T-PAPER-A.html").read_text(encoding="utf-8")


def test_render_rejects_an_unknown_format(invoke, valid_frozen_file: Path, tmp_path: Path):
    """A format other than html or pdf is a usage error naming the choices."""
    result = invoke("paper", "render", valid_frozen_file, "--out", tmp_path, "--format", "html,docx")
    assert result.exit_code == 2
    assert result.stderr.strip() == "Error: unknown format docx: use html, pdf or html,pdf"


def test_render_reports_a_missing_template_dir(invoke, valid_frozen_file: Path, tmp_path: Path):
    """A --template-dir that does not exist is a usage error."""
    result = invoke(
        "paper", "render", valid_frozen_file, "--out", tmp_path, "--template-dir", tmp_path / "nope"
    )
    assert result.exit_code == 2
    assert result.stderr.strip() == f"Error: {tmp_path / 'nope'}: no such file or folder"


def test_render_refuses_an_edited_frozen_paper(invoke, valid_frozen_file: Path, tmp_path: Path):
    """A frozen paper edited after freezing is refused: what is printed must be what is marked."""
    data = json.loads(valid_frozen_file.read_text(encoding="utf-8"))
    data["sections"][0]["items"][0]["item"]["stem"] = "An edited stem?"
    edited = tmp_path / "edited.json"
    edited.write_text(json.dumps(data), encoding="utf-8")
    result = invoke("paper", "render", edited, "--out", tmp_path / "out", "--format", "html")
    assert result.exit_code == 1
    assert "does not match its content_hash" in result.stderr
    assert not (tmp_path / "out").exists()


def test_render_reports_a_broken_user_template_in_one_line(invoke, valid_frozen_file: Path, tmp_path: Path):
    """A syntax error in a user template is one line naming the file and line, exit 1."""
    (tmp_path / "paper.html.j2").write_text("{% if %}", encoding="utf-8")
    result = invoke(
        "paper", "render", valid_frozen_file, "--out", tmp_path / "out", "--format", "html",
        "--template-dir", tmp_path,
    )  # fmt: skip
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: ") and "paper.html.j2:1:" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_render_command_has_help(invoke):
    """`paper render --help` documents every option."""
    result = invoke("paper", "render", "--help")
    assert result.exit_code == 0
    for option in ("--out", "--format", "--large", "--template-dir", "--markscheme", "--content"):
        assert option in result.stdout
