"""Printable papers and mark schemes: a frozen paper in, named HTML and PDF documents out."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from jinja2 import TemplateError, TemplateSyntaxError

from csassess.assembly.freeze import verify_frozen
from csassess.content.loading import content_files, validate_document
from csassess.content.yamlsafe import YamlError, read_file
from csassess.fileio import write_atomic
from csassess.findings import CsassessError
from csassess.models import FrozenPaper, Specification
from csassess.render.environment import make_environment, template_roots
from csassess.render.layout import STANDARD, Layout
from csassess.render.papers import candidate_view, markscheme_view

Format = Literal["html", "pdf"]
FORMATS: tuple[Format, ...] = ("html", "pdf")
PAPER_TEMPLATE = "paper.html.j2"
MARKSCHEME_TEMPLATE = "markscheme.html.j2"


_SPEC_KIND = re.compile(r"""^\s*"?kind"?\s*:\s*["']?specification\b""", re.MULTILINE)


class RenderError(CsassessError):
    """A document cannot be rendered from these inputs."""


class PdfEngineError(RenderError):
    """The PDF engine cannot be loaded on this machine (HTML output still works)."""


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


def to_pdf(html: str, template_dir: Path | None = None) -> bytes:
    """HTML from these templates as PDF; only files in the template folders may be read."""
    try:
        # WeasyPrint loads Pango when imported (most of a second): only PDF output pays for it.
        from csassess.render.pdf import html_to_pdf
    except OSError as exc:  # Pango or its fonts are missing
        raise PdfEngineError(
            f"PDF output needs Pango ({exc}): install libpango-1.0-0 and libpangoft2-1.0-0"
        ) from exc
    roots = template_roots(template_dir)
    return html_to_pdf(html, roots[0], roots=roots)


def render_paper(paper: FrozenPaper, spec: Specification | None, options: PrintOptions) -> list[Rendered]:
    """The candidate paper (and mark scheme) in each format asked for, named `<paper>-<form>...`."""
    if not verify_frozen(paper):
        raise RenderError(
            f"frozen paper {paper.id} does not match its content_hash (edited after freezing?); "
            "freeze it again"
        )
    stem = f"{paper.id}-{paper.form}"
    documents = [
        (
            f"{stem}{options.layout.suffix}",
            paper_html(paper, spec, layout=options.layout, template_dir=options.template_dir),
        )
    ]
    if options.markscheme:
        documents.append(
            (f"{stem}-markscheme", markscheme_html(paper, spec, template_dir=options.template_dir))
        )
    out: list[Rendered] = []
    for name, html in documents:
        if "html" in options.formats:
            out.append(Rendered(f"{name}.html", html))
        if "pdf" in options.formats:
            out.append(Rendered(f"{name}.pdf", to_pdf(html, options.template_dir)))
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
