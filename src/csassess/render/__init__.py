"""Rendering: the jinja2 environment, view models of papers, and views to PDF.

This package alone imports jinja2's loaders and the PDF engine. Views (`papers`) turn models
into plain dicts; jinja2 templates turn them into HTML for screens and `pdf` (Typst) turns the
same dicts into PDF for print: each step can be replaced (a user's templates, another PDF
engine behind `printing.view_pdf`) without touching the others.
"""

from csassess.render.environment import make_environment, template_roots
from csassess.render.layout import Layout, layout_for
from csassess.render.papers import candidate_view, markscheme_view
from csassess.render.printing import (
    PrintOptions,
    Rendered,
    RenderError,
    find_specification,
    markscheme_html,
    markscheme_pdf,
    paper_html,
    paper_pdf,
    render_paper,
    view_pdf,
    write_rendered,
)

__all__ = [
    "Layout",
    "PrintOptions",
    "RenderError",
    "Rendered",
    "candidate_view",
    "find_specification",
    "layout_for",
    "make_environment",
    "markscheme_html",
    "markscheme_pdf",
    "markscheme_view",
    "paper_html",
    "paper_pdf",
    "render_paper",
    "template_roots",
    "view_pdf",
    "write_rendered",
]
