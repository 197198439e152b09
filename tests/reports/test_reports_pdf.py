"""PDF reports: real pages with the candidate's feedback, and nothing fetched from outside the
template folders while rendering."""

from __future__ import annotations

import io
import subprocess
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import ClassVar

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


class _Counter(BaseHTTPRequestHandler):
    hits: ClassVar[list[str]] = []

    def do_GET(self) -> None:  # the name http.server calls
        _Counter.hits.append(self.path)
        self.send_response(200)
        self.end_headers()

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def server() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Counter)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


def test_pdf_rendering_fetches_nothing_from_the_network_or_other_files(
    crafted_db: Path, tmp_path: Path, server: str
):
    """A user template naming a web image, a web stylesheet and a file outside the template
    folders still renders, and the server never sees a request."""
    secret = tmp_path / "secret.png"
    secret.write_bytes(b"not for reports")
    templates = tmp_path / "mine" / "reports"
    templates.mkdir(parents=True)
    (templates / "candidate.html.j2").write_text(
        '{% extends "default:reports/candidate.html.j2" %}{% block head %}'
        f'<img src="{server}/logo.png"><link rel="stylesheet" href="{server}/x.css">'
        f'<img src="{secret.as_uri()}">{{{{ super() }}}}{{% endblock %}}',
        encoding="utf-8",
    )
    _Counter.hits.clear()
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
    assert result.exit_code == 0, result.output
    assert _Counter.hits == []
    assert len(PdfReader(out / "candidates" / "CS201-SAMPLE-A" / "C00001" / "0001.pdf").pages) > 0
