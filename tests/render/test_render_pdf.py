"""HTML to PDF: page numbers and "Turn over", enlarged print, and a fetcher that never reaches
the network or any file outside the template folders."""

from __future__ import annotations

import io
import threading
from collections import Counter
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.request import urlopen

import pytest
from PIL import Image
from pypdf import PdfReader
from render_helpers import pdf_fonts, pdf_pages

from csassess.models import FrozenPaper
from csassess.render import paper_html, to_pdf
from csassess.render.pdf import FetchRefusedError, TemplateFetcher, html_to_pdf, htmls_to_pdf


def _png() -> bytes:
    """A small real PNG, so image fetches have something to embed."""
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "black").save(buffer, "PNG")
    return buffer.getvalue()


PNG = _png()


def test_every_page_is_numbered_page_n_of_m(sample_pdf: bytes):
    """Each page's footer reads "Page N of M" with the right N and M."""
    pages = pdf_pages(sample_pdf)
    assert len(pages) > 5
    for number, text in enumerate(pages, 1):
        assert f"Page {number} of {len(pages)}" in text


def test_turn_over_on_every_page_but_the_last(sample_pdf: bytes):
    """ "Turn over" ends every page but the last, which says "End of questions" instead."""
    pages = pdf_pages(sample_pdf)
    assert all("Turn over" in text for text in pages[:-1])
    assert "Turn over" not in pages[-1]
    assert "End of questions" in pages[-1]


def test_cover_page_has_boxes_and_instructions(sample_pdf: bytes):
    """The cover names the qualification, time, marks, the number boxes and the instructions."""
    cover = pdf_pages(sample_pdf)[0]
    for text in (
        "Level 2 Certificate",
        "Unit CS201",
        "Form A",
        "1 hour 30 minutes",
        "Total marks",
        "Candidate number",
        "Centre number",
        "Candidate name",
        "Answer all questions",
        "Do not turn over",
    ):
        assert text in cover, text


def test_text_is_set_in_the_bundled_fonts_only(sample_pdf: bytes):
    """Every font in the paper is one of the bundled files, never a host font, so the paper lays
    out the same on every machine."""
    fonts = pdf_fonts(sample_pdf)
    assert "csassess-Sans" in fonts and "csassess-Sans-Bold" in fonts
    assert all(name.startswith(("csassess-Sans", "csassess-Symbols")) for name in fonts), fonts


def _body_size(pdf: bytes) -> float:
    """The font size most text on the PDF's pages is set in (points)."""
    sizes: Counter[float] = Counter()

    def visit(text: str, cm: list[float], tm: list[float], font: object, size: float) -> None:
        if text.strip():
            sizes[round(size * (tm[3] or 1) * (cm[3] or 1), 1)] += len(text.strip())

    for page in PdfReader(io.BytesIO(pdf)).pages[2:6]:
        page.extract_text(visitor_text=visit)
    return sizes.most_common(1)[0][0]


def test_large_24_sets_24_point_text(sample_pdf: bytes, sample_pdf_large: bytes):
    """--large 24 prints the body at 24 pt (11 pt as standard), on more pages."""
    assert _body_size(sample_pdf) == 11.0
    assert _body_size(sample_pdf_large) == 24.0
    assert len(pdf_pages(sample_pdf_large)) > 2 * len(pdf_pages(sample_pdf))
    assert "Modified enlarged paper: 24 point" in pdf_pages(sample_pdf_large)[0]


# --- the fetcher ------------------------------------------------------------------------------


@pytest.fixture
def folders(tmp_path: Path) -> tuple[Path, Path]:
    """A template folder holding logo.png, and a folder beside it holding secret.png."""
    templates, outside = tmp_path / "templates", tmp_path / "outside"
    templates.mkdir()
    outside.mkdir()
    (templates / "logo.png").write_bytes(PNG)
    (outside / "secret.png").write_bytes(PNG)
    return templates, outside


def test_fetcher_serves_files_in_the_template_folder(folders: tuple[Path, Path]):
    """A file under a template folder is served, with its type."""
    templates, _ = folders
    response = TemplateFetcher([templates]).fetch((templates / "logo.png").as_uri())
    assert response.read() == PNG
    assert response.content_type == "image/png"


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:9/logo.png",
        "https://example.com/style.css",
        "ftp://example.com/font.woff",
        "file://example.com/share/logo.png",
    ],
)
def test_fetcher_refuses_the_network(folders: tuple[Path, Path], url: str):
    """http, https, ftp and files on other hosts are refused before any connection is made."""
    with pytest.raises(FetchRefusedError):
        TemplateFetcher([folders[0]]).fetch(url)


def test_fetcher_refuses_files_outside(folders: tuple[Path, Path]):
    """Files outside the template folders are refused, however the path reaches them."""
    templates, outside = folders
    (templates / "link.png").symlink_to(outside / "secret.png")
    fetcher = TemplateFetcher([templates])
    for url in (
        (outside / "secret.png").as_uri(),
        templates.as_uri() + "/../outside/secret.png",
        (templates / "link.png").as_uri(),
        "file:///etc/passwd",
    ):
        with pytest.raises(FetchRefusedError):
            fetcher.fetch(url)


def test_fetcher_allows_inline_data(folders: tuple[Path, Path]):
    """data: URLs carry their bytes inline, so they are allowed."""
    assert TemplateFetcher([folders[0]]).fetch("data:text/plain,hello").read() == b"hello"


class _Recorder(BaseHTTPRequestHandler):
    paths: list[str] = []  # noqa: RUF012 - shared on purpose: the test reads what the server saw

    def do_GET(self) -> None:
        self.paths.append(self.path)
        self.send_response(200)
        self.send_header("Content-Type", "image/png")
        self.end_headers()
        self.wfile.write(PNG)

    def log_message(self, format: str, *args: object) -> None:
        """Keep test output quiet."""


@pytest.fixture
def server() -> Iterator[str]:
    """A local HTTP server that records every request; yields its base URL."""
    _Recorder.paths = []
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Recorder)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def test_pdf_fetches_nothing_outside_and_still_renders(server: str, folders: tuple[Path, Path]):
    """A page naming an http image, stylesheet and font, and files outside, renders with none
    of them fetched; the image inside the template folder is embedded."""
    templates, outside = folders
    with urlopen(f"{server}/probe") as probe:  # the server is reachable: a fetch would be seen
        assert probe.status == 200
    _Recorder.paths.clear()
    html = f"""<!DOCTYPE html><html lang="en-GB"><head>
      <link rel="stylesheet" href="{server}/remote.css">
      <style>@font-face {{ font-family: X; src: url({server}/font.woff); }}
             body {{ font-family: X, sans-serif; background: url({server}/bg.png); }}</style>
      </head><body><p>Inside and outside</p>
      <img src="{server}/remote.png" alt="remote">
      <img src="https://example.invalid/remote.png" alt="remote https">
      <img src="{(outside / "secret.png").as_uri()}" alt="outside">
      <img src="../outside/secret.png" alt="outside, relative">
      <img src="logo.png" alt="inside"></body></html>"""
    pdf = html_to_pdf(html, templates)
    assert _Recorder.paths == []
    reader = PdfReader(io.BytesIO(pdf))
    assert "Inside and outside" in reader.pages[0].extract_text()
    assert len(reader.pages[0].images) == 1  # logo.png only


def test_user_template_with_network_urls_renders_offline(
    server: str, tmp_path: Path, valid_frozen: FrozenPaper
):
    """A user's paper template that names an http logo and stylesheet renders without them."""
    (tmp_path / "paper.html.j2").write_text(
        '{% extends "default:paper.html.j2" %}{% block cover %}'
        f'<img src="{server}/logo.png" alt="Centre logo"><link rel="stylesheet" href="{server}/x.css">'
        "{{ super() }}{% endblock %}",
        encoding="utf-8",
    )
    pdf = to_pdf(paper_html(valid_frozen, template_dir=tmp_path), tmp_path)
    assert _Recorder.paths == []
    assert "Page 1 of" in pdf_pages(pdf)[0]


def test_batched_pdf_keeps_each_documents_page_numbers(valid_frozen: FrozenPaper):
    """Several papers in one print-run PDF keep their own "Page N of M"."""
    html = paper_html(valid_frozen)
    single = len(pdf_pages(to_pdf(html)))
    pdf, pages = htmls_to_pdf([html, html], Path(__file__).parent)
    texts = pdf_pages(pdf)
    assert pages == len(texts) == 2 * single
    assert f"Page 1 of {single}" in texts[single]
