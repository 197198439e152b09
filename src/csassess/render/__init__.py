"""Rendering: the jinja2 environment, view models of papers, and HTML to PDF.

This package alone imports jinja2's loaders and the PDF engine. Views (`papers`) turn models
into plain dicts, templates turn dicts into HTML, `pdf` turns HTML into PDF: each step can be
replaced (a user's templates, a faster PDF engine) without touching the others.
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
