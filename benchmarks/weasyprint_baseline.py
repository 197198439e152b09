"""The old PDF path, HTML through WeasyPrint: kept here only as the benchmarks' baseline.

Install it beside csassess to run the benchmarks: `pip install 'weasyprint>=68'` (needs Pango:
Debian `libpango-1.0-0 libpangoft2-1.0-0`). What follows is the module csassess used before
its print moved to Typst.

Everything else hands this module finished HTML, so the bulk paths can move to a faster engine
without touching the views or templates. WeasyPrint would fetch any URL a template names, so
every fetch goes through `TemplateFetcher`, which serves files under the template folders only
(stylesheets, fonts, images) and refuses the network and every other file.

Text is set in the Liberation Sans files bundled with the templates (`templates/fonts/`), declared
under a family name no host has, so a paper lays out the same on every machine whatever fonts
the host has installed.
"""

from __future__ import annotations

import mimetypes
from collections.abc import Iterable, Sequence
from functools import cache
from pathlib import Path
from urllib.parse import urlsplit
from urllib.request import url2pathname

from weasyprint import CSS, HTML
from weasyprint.document import Document
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher, URLFetcherResponse

from csassess.findings import CsassessError
from csassess.render.environment import bundled_templates


class FetchRefusedError(CsassessError):
    """A rendered document asked for something outside the template folders."""


class TemplateFetcher(URLFetcher):  # type: ignore[misc]  # WeasyPrint ships no type hints
    """Serves `file:` URLs under the template folders and inline `data:` URLs; refuses the rest."""

    def __init__(self, roots: Sequence[Path]) -> None:
        super().__init__(timeout=1, allow_redirects=False)
        self.roots = tuple(root.resolve() for root in roots)

    def fetch(self, url: str, headers: dict[str, str] | None = None) -> URLFetcherResponse:
        """The resource, or FetchRefusedError (WeasyPrint logs it and renders without the resource)."""
        scheme = urlsplit(url).scheme.lower()
        if scheme == "data":  # inline bytes: nothing is fetched
            return super().fetch(url, headers)
        if scheme != "file":
            raise FetchRefusedError(f"not fetching {url}: rendering never uses the network")
        parts = urlsplit(url)
        if parts.netloc not in ("", "localhost"):
            raise FetchRefusedError(f"not fetching {url}: a file on another host")
        # resolve() follows symlinks and '..', so neither can lead out of a template folder
        path = Path(url2pathname(parts.path)).resolve()
        if not any(path.is_relative_to(root) for root in self.roots) or not path.is_file():
            raise FetchRefusedError(f"not fetching {url}: only files in the template folders are used")
        mime = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(path.as_uri(), path.read_bytes(), {"Content-Type": mime})


# The print stylesheets name these families first; only the files below provide them. The
# second holds the glyphs the first lacks (a tick, arrows), so no glyph falls to a host font.
BUNDLED_FACES = (
    ("csassess Sans", "normal", "normal", "LiberationSans-Regular.ttf"),
    ("csassess Sans", "bold", "normal", "LiberationSans-Bold.ttf"),
    ("csassess Sans", "normal", "italic", "LiberationSans-Italic.ttf"),
    ("csassess Sans", "bold", "italic", "LiberationSans-BoldItalic.ttf"),
    ("csassess Symbols", "normal", "normal", "DejaVuSans.ttf"),
    ("csassess Symbols", "bold", "normal", "DejaVuSans-Bold.ttf"),
)


@cache
def _bundled_fonts() -> tuple[FontConfiguration, CSS]:
    """The font configuration and the `@font-face` rules of the bundled fonts, made once a process."""
    folder = bundled_templates() / "fonts"
    rules = "".join(
        f'@font-face {{ font-family: "{family}"; font-weight: {weight}; font-style: {style};'
        f' src: url("{(folder / name).resolve().as_uri()}"); }}'
        for family, weight, style, name in BUNDLED_FACES
    )
    config = FontConfiguration()
    fetcher = TemplateFetcher((folder,))
    return config, CSS(string=rules, font_config=config, url_fetcher=fetcher)


def _document(html: str, base_dir: Path, roots: Sequence[Path]) -> HTML:
    fetcher = TemplateFetcher((base_dir, *roots, bundled_templates()))
    # The trailing slash makes relative URLs (`paper.css`) resolve inside base_dir.
    return HTML(string=html, base_url=base_dir.resolve().as_uri() + "/", url_fetcher=fetcher)


def _render(html: str, base_dir: Path, roots: Sequence[Path]) -> Document:
    config, fonts = _bundled_fonts()
    return _document(html, base_dir, roots).render(stylesheets=[fonts], font_config=config)


def html_to_pdf(html: str, base_dir: Path, *, roots: Sequence[Path] = ()) -> bytes:
    """The PDF of one HTML document; relative URLs resolve in `base_dir`, the only other files
    it may read are under `roots` and the bundled templates."""
    return _render(html, base_dir, roots).write_pdf()  # type: ignore[no-any-return]


def htmls_to_pdf(htmls: Iterable[str], base_dir: Path, *, roots: Sequence[Path] = ()) -> tuple[bytes, int]:
    """Several documents as one PDF (a print run) and its page count. Each is laid out on its
    own, so its page numbers stay its own; the PDF is written once, which is what batching saves."""
    documents = [_render(html, base_dir, roots) for html in htmls]
    if not documents:
        raise ValueError("nothing to render")
    pages = [page for document in documents for page in document.pages]
    return documents[0].copy(pages).write_pdf(), len(pages)
