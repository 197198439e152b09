"""The one jinja2 environment every rendered document (papers, mark schemes, reports) uses.

Templates are looked up in the user's `--template-dir` first, then in the bundled defaults,
so a user can replace any one file; `default:NAME` always means the bundled file, so a user
template can `{% extends "default:paper.html.j2" %}` and override only some blocks.

A user's templates are code from outside the project: with a `--template-dir` the environment
is jinja2's sandbox, so a template cannot reach Python internals (`cycler.__init__.__globals__`
and the like); it fails with a one-line error instead of running anything.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from jinja2 import (
    ChoiceLoader,
    Environment,
    FileSystemLoader,
    PrefixLoader,
    StrictUndefined,
    select_autoescape,
)
from jinja2.sandbox import SandboxedEnvironment

from csassess.findings import CsassessError

DEFAULT_PREFIX = "default"
RAW_EXTENSIONS = ("css", "css.j2", "txt", "txt.j2", "typ", "typ.j2")


class TemplateDirError(CsassessError):
    """A template folder given by the user does not exist."""


def bundled_templates() -> Path:
    """The default templates: `templates/` in a checkout, `csassess/bundled/templates` in a wheel."""
    from csassess.content.bundled import bundled_root  # content imports the loaders; keep this module light

    return bundled_root() / "templates"


def template_roots(template_dir: Path | None = None) -> tuple[Path, ...]:
    """The folders templates (and the CSS, fonts and images they name) may come from, in order."""
    if template_dir is None:
        return (bundled_templates(),)
    if not template_dir.is_dir():
        raise TemplateDirError(f"template folder {template_dir} does not exist")
    return (template_dir.resolve(), bundled_templates())


@cache
def make_environment(template_dir: Path | None = None) -> Environment:
    """An environment that escapes HTML, fails on undefined names and prefers the user's templates."""
    default = FileSystemLoader(bundled_templates())
    loaders = [FileSystemLoader(root) for root in template_roots(template_dir)[:-1]]
    kind = Environment if template_dir is None else SandboxedEnvironment
    return kind(
        loader=ChoiceLoader([*loaders, default, PrefixLoader({DEFAULT_PREFIX: default}, delimiter=":")]),
        # Escaping is on for everything but CSS, plain text and Typst, where HTML entities would
        # be wrong (CSS templates get layout numbers, never content): a new kind is safe by default.
        autoescape=select_autoescape(enabled_extensions=(), disabled_extensions=RAW_EXTENSIONS, default=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
