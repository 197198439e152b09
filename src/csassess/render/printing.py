"""Printable papers and mark schemes: a frozen paper in, named HTML and PDF documents out."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Literal

from jinja2 import TemplateError, TemplateSyntaxError

from csassess.assembly.freeze import verify_frozen
from csassess.content.loading import content_files, validate_document
from csassess.content.yamlsafe import YamlError, read_file
from csassess.fileio import write_atomic
from csassess.findings import CsassessError
from csassess.models import FrozenPaper, Specification
from csassess.render.environment import bundled_templates, make_environment, template_roots
from csassess.render.layout import STANDARD, Layout
from csassess.render.papers import candidate_view, markscheme_view

Format = Literal["html", "pdf"]
FORMATS: tuple[Format, ...] = ("html", "pdf")
PAPER_TEMPLATE = "paper.html.j2"
MARKSCHEME_TEMPLATE = "markscheme.html.j2"
PAPER_PDF_TEMPLATE = "paper.typ"
MARKSCHEME_PDF_TEMPLATE = "markscheme.typ"


_SPEC_KIND = re.compile(r"""^\s*"?kind"?\s*:\s*["']?specification\b""", re.MULTILINE)


class RenderError(CsassessError):
    """A document cannot be rendered from these inputs."""


@dataclass(frozen=True)
class PrintOptions:
    """What to print and how."""

    formats: tuple[Format, ...] = FORMATS
    layout: Layout = STANDARD
    """Applies to the candidate paper; the mark scheme is always standard size."""
    template_dir: Path | None = None
    markscheme: bool = True


@dataclass(frozen=True)
class Rendered:
    """One output document: its file name and its content."""

    name: str
    content: str | bytes


def render_template(name: str, template_dir: Path | None, **context: object) -> str:
    """Render one template; a broken or mistaken (user) template becomes a one-line RenderError."""
    try:
        return make_environment(template_dir).get_template(name).render(**context)
    except TemplateSyntaxError as exc:
        raise RenderError(f"{exc.filename or exc.name}:{exc.lineno}: {exc.message}") from exc
    except TemplateError as exc:
        raise RenderError(f"template {name}: {exc.message or exc}") from exc


def paper_html(
    paper: FrozenPaper,
    spec: Specification | None = None,
    *,
    layout: Layout = STANDARD,
    template_dir: Path | None = None,
) -> str:
    """The candidate paper as HTML."""
    return render_template(PAPER_TEMPLATE, template_dir, **candidate_view(paper, spec), layout=layout)


def markscheme_html(
    paper: FrozenPaper, spec: Specification | None = None, *, template_dir: Path | None = None
) -> str:
    """The examiners' mark scheme as HTML."""
    return render_template(MARKSCHEME_TEMPLATE, template_dir, **markscheme_view(paper, spec), layout=STANDARD)


def layout_view(layout: Layout) -> dict[str, object]:
    """The layout's numbers as the Typst templates read them."""
    return {**asdict(layout), "footer_pt": layout.footer_pt}


def view_pdf(
    template: str, view: Mapping[str, object], template_dir: Path | None = None
) -> tuple[bytes, int]:
    """A view printed through a Typst template, and its page count: the PDF seam."""
    from csassess.render.pdf import PdfError, typst_pdf  # Typst loads only when a PDF is asked for

    try:
        return typst_pdf(template, view, template_roots(template_dir), bundled_templates() / "fonts")
    except PdfError as exc:
        raise RenderError(str(exc)) from exc


def paper_pdf(
    paper: FrozenPaper,
    spec: Specification | None = None,
    *,
    layout: Layout = STANDARD,
    template_dir: Path | None = None,
) -> bytes:
    """The candidate paper as PDF."""
    view = {**candidate_view(paper, spec), "layout": layout_view(layout)}
    return view_pdf(PAPER_PDF_TEMPLATE, view, template_dir)[0]


def markscheme_pdf(
    paper: FrozenPaper, spec: Specification | None = None, *, template_dir: Path | None = None
) -> bytes:
    """The examiners' mark scheme as PDF."""
    view = {**markscheme_view(paper, spec), "layout": layout_view(STANDARD)}
    return view_pdf(MARKSCHEME_PDF_TEMPLATE, view, template_dir)[0]


def render_paper(paper: FrozenPaper, spec: Specification | None, options: PrintOptions) -> list[Rendered]:
    """The candidate paper (and mark scheme) in each format asked for, named `<paper>-<form>...`."""
    if not verify_frozen(paper):
        raise RenderError(
            f"frozen paper {paper.id} does not match its content_hash (edited after freezing?); "
            "freeze it again"
        )
    stem = f"{paper.id}-{paper.form}"
    layout, folder = options.layout, options.template_dir
    documents: list[tuple[str, Callable[[], str], Callable[[], bytes]]] = [
        (
            f"{stem}{layout.suffix}",
            lambda: paper_html(paper, spec, layout=layout, template_dir=folder),
            lambda: paper_pdf(paper, spec, layout=layout, template_dir=folder),
        )
    ]
    if options.markscheme:
        documents.append(
            (
                f"{stem}-markscheme",
                lambda: markscheme_html(paper, spec, template_dir=folder),
                lambda: markscheme_pdf(paper, spec, template_dir=folder),
            )
        )
    out: list[Rendered] = []
    for name, html, pdf in documents:
        if "html" in options.formats:
            out.append(Rendered(f"{name}.html", html()))
        if "pdf" in options.formats:
            out.append(Rendered(f"{name}.pdf", pdf()))
    return out


def write_rendered(out_dir: Path, documents: Iterable[Rendered]) -> list[Path]:
    """Write each document into `out_dir` atomically; returns the paths written."""
    paths = []
    for doc in documents:
        path = out_dir / doc.name
        write_atomic(path, doc.content)
        paths.append(path)
    return paths


def find_specification(paths: Sequence[Path], spec_id: str) -> Specification | None:
    """The specification with this id among content files, for the names on the cover, if any.

    Only files that say `kind: specification` are parsed: banks are large and not needed.
    """
    for path in content_files(paths):
        try:
            if not _SPEC_KIND.search(path.read_text(encoding="utf-8", errors="replace")):
                continue
            doc = read_file(path)
        except (OSError, YamlError):
            continue  # not ours to report: `csassess validate` does
        data = doc.data
        if isinstance(data, dict) and data.get("kind") == "specification" and data.get("id") == spec_id:
            return validate_document(doc, "specification").model  # type: ignore[no-any-return]
    return None
