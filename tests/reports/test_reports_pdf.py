"""PDF reports through Typst: real pages with the candidate's feedback, the same bytes every
time, and no file read from outside the template folders."""

from __future__ import annotations

import io
import subprocess
from pathlib import Path

import numpy as np
import pytest
from PIL import Image
from pypdf import PdfReader
from typer.testing import CliRunner

from csassess.cli.app import app


@pytest.fixture(scope="module")
def pdf_out(crafted_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """PDF reports of the crafted database, rendered once."""
    out = tmp_path_factory.mktemp("pdf") / "out"
    result = CliRunner().invoke(
        app, ["report", "--db", str(crafted_db), "--out", str(out), "--format", "pdf", "--workers", "0"]
    )
    assert result.exit_code == 0, result.output
    assert "0 HTML files, 4 PDFs (" in result.stdout
    return out


def test_candidate_pdf_has_pages_with_the_feedback(pdf_out: Path):
    """The candidate's PDF has pages, numbered, with the result and the candidate's own words."""
    reader = PdfReader(pdf_out / "candidates" / "CS201-SAMPLE-A" / "C00001" / "0001.pdf")
    assert len(reader.pages) > 0
    # white space folded, so that no assertion depends on where a line broke
    text = " ".join(" ".join(page.extract_text().split()) for page in reader.pages)
    assert "Your feedback" in text and "Candidate number" in text
    assert "<script>alert('x')</script>" in text  # shown as the words it is, not run
    assert f"Page 1 of {len(reader.pages)}" in " ".join(reader.pages[0].extract_text().split())
    assert [p.name for p in pdf_out.rglob("*.html")] == ["index.html"]  # the index links the PDFs


def test_centre_and_assessor_pdfs_carry_their_charts(pdf_out: Path):
    """The centre and assessor reports render as PDF with their headings and charts (drawn as
    vector paths, so a chart adds drawing operations rather than text)."""
    centre_pdf = PdfReader(pdf_out / "CS201-SAMPLE-A-centres.pdf")
    centres = " ".join(p.extract_text() for p in centre_pdf.pages)
    assert "Centre report" in centres and "Candidates at each total mark" in centres
    assert _blue_pixels(pdf_out / "CS201-SAMPLE-A-centres.pdf") > 500  # the histogram's bars
    items = PdfReader(pdf_out / "CS201-SAMPLE-A-items.pdf")
    assert len(items.pages) > 1
    assert "Assessor report" in items.pages[0].extract_text()


def _blue_pixels(pdf: Path) -> int:
    """Pixels of the histogram's blue (#0072B2) on the first page, rendered at 40 dpi."""
    png = subprocess.run(
        ["pdftoppm", "-r", "40", "-png", "-f", "1", "-l", "1", str(pdf)], capture_output=True, check=True
    ).stdout
    rgb = np.asarray(Image.open(io.BytesIO(png)).convert("RGB")).astype(int)
    r, g, b = rgb[..., 0], rgb[..., 1], rgb[..., 2]
    return int(((r < 40) & (g > 90) & (g < 140) & (b > 150) & (b < 210)).sum())


def test_a_users_report_template_cannot_read_outside_its_folder(crafted_db: Path, tmp_path: Path):
    """A user's Typst report template that reads a file outside its template folder stops the
    run with a one-line error naming the template, and writes no PDF from it."""
    secret = tmp_path / "secret.txt"
    secret.write_text("not for reports", encoding="utf-8")
    templates = tmp_path / "mine" / "reports"
    templates.mkdir(parents=True)
    (templates / "candidate.typ").write_text('#read("../../secret.txt")\n', encoding="utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(
        app,
        [
            "report",
            "--db",
            str(crafted_db),
            "--out",
            str(out),
            "--format",
            "pdf",
            "--workers",
            "0",
            "--template-dir",
            str(tmp_path / "mine"),
        ],
    )
    assert result.exit_code == 1, result.output
    assert "candidate.typ" in result.output and "escape the project root" in result.output
    assert "not for reports" not in result.output
    assert list(out.rglob("candidates/**/*.pdf")) == []


def test_candidate_pdf_is_the_same_bytes_each_time(pdf_out: Path, crafted_db: Path, tmp_path: Path):
    """Reporting the same database again writes byte-identical candidate PDFs."""
    again = tmp_path / "again"
    result = CliRunner().invoke(
        app, ["report", "--db", str(crafted_db), "--out", str(again), "--format", "pdf", "--workers", "0"]
    )
    assert result.exit_code == 0, result.output
    for first in (pdf_out / "candidates").rglob("*.pdf"):
        assert (again / first.relative_to(pdf_out)).read_bytes() == first.read_bytes()
