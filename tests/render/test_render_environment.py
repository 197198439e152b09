"""The shared jinja2 environment: user templates first, `default:` for the bundled ones,
escaping on, undefined names an error."""

from __future__ import annotations

from pathlib import Path

import pytest
from jinja2 import UndefinedError

from csassess.models import FrozenPaper, Specification
from csassess.render import RenderError, make_environment, markscheme_html, paper_html, template_roots
from csassess.render.environment import TemplateDirError, bundled_templates


def test_bundled_templates_are_found():
    """Without a template folder, the bundled paper and mark-scheme templates load."""
    env = make_environment()
    assert env.get_template("paper.html.j2").filename == str(bundled_templates() / "paper.html.j2")
    assert env.get_template("default:markscheme.html.j2") is not None


def test_user_template_replaces_the_default(tmp_path: Path, valid_frozen: FrozenPaper):
    """A paper.html.j2 in the user's folder is used instead of the bundled one."""
    (tmp_path / "paper.html.j2").write_text("<p>{{ paper.title }} for our centre</p>", encoding="utf-8")
    assert paper_html(valid_frozen, template_dir=tmp_path) == "<p>Test paper for our centre</p>"


def test_user_template_extends_the_default(tmp_path: Path, valid_frozen: FrozenPaper):
    """A user template can extend `default:paper.html.j2` and replace one block only."""
    (tmp_path / "paper.html.j2").write_text(
        '{% extends "default:paper.html.j2" %}{% block cover %}<h1>Riverside College</h1>{% endblock %}',
        encoding="utf-8",
    )
    html = paper_html(valid_frozen, template_dir=tmp_path)
    assert "<h1>Riverside College</h1>" in html
    assert "Do not turn over" not in html  # the default cover is gone
    assert "Who is responsible for customer service?" in html  # the default questions remain


def test_user_base_template_applies_to_every_document(tmp_path: Path, valid_frozen: FrozenPaper):
    """A user's base.html.j2 wraps both the paper and the mark scheme (they extend it by name)."""
    (tmp_path / "base.html.j2").write_text(
        '{% extends "default:base.html.j2" %}{% block style %}.logo { height: 1cm; }{% endblock %}',
        encoding="utf-8",
    )
    assert ".logo { height: 1cm; }" in paper_html(valid_frozen, template_dir=tmp_path)
    assert ".logo { height: 1cm; }" in markscheme_html(valid_frozen, template_dir=tmp_path)


def test_undefined_names_are_errors(tmp_path: Path, valid_frozen: FrozenPaper):
    """A template naming a field that does not exist fails with the template named, not blank text."""
    (tmp_path / "paper.html.j2").write_text("{{ paper.centre_logo }}", encoding="utf-8")
    with pytest.raises(RenderError, match=r"template paper.html.j2: .*centre_logo"):
        paper_html(valid_frozen, template_dir=tmp_path)
    with pytest.raises(UndefinedError):
        make_environment().from_string("{{ nothing }}").render()


def test_template_syntax_errors_name_file_and_line(tmp_path: Path, valid_frozen: FrozenPaper):
    """A broken user template is reported as file:line: message."""
    (tmp_path / "paper.html.j2").write_text("<p>\n{% if %}\n", encoding="utf-8")
    with pytest.raises(RenderError, match=r"paper.html.j2:2: "):
        paper_html(valid_frozen, template_dir=tmp_path)


@pytest.mark.parametrize(
    ("name", "escaped"),
    [("page.html.j2", True), ("page.html", True), ("page.svg.j2", True), ("page.css.j2", False)],
)
def test_autoescape_by_extension(tmp_path: Path, name: str, escaped: bool):
    """HTML (and any unknown kind) is escaped; CSS templates, which get only layout numbers, are not."""
    (tmp_path / name).write_text("{{ value }}", encoding="utf-8")
    out = make_environment(tmp_path).get_template(name).render(value="<b>")
    assert out == ("&lt;b&gt;" if escaped else "<b>")


def test_missing_template_dir_is_an_error(tmp_path: Path):
    """A template folder that does not exist is reported, not silently ignored."""
    with pytest.raises(TemplateDirError, match="does not exist"):
        template_roots(tmp_path / "nowhere")


def test_spec_names_reach_the_cover(valid_frozen: FrozenPaper, valid_spec: Specification):
    """With the specification the cover names the qualification and unit; without it, their ids."""
    assert "Unit U1: Serving customers" in paper_html(valid_frozen, valid_spec)
    bare = paper_html(valid_frozen)
    assert "Specification T-SPEC" in bare and "Unit U1</p>" in bare


@pytest.mark.parametrize(
    "attack",
    [
        "{{ cycler.__init__.__globals__.os.popen('id').read() }}",
        "{{ ''.__class__.__mro__[1].__subclasses__() }}",
        "{{ paper.__class__.__init__.__globals__ }}",
    ],
)
def test_a_user_template_cannot_reach_python_internals(tmp_path: Path, valid_frozen: FrozenPaper, attack):
    """A user template that reaches for Python's internals (to run `id`, list classes, read
    globals) fails with a one-line RenderError; nothing runs."""
    (tmp_path / "paper.html.j2").write_text(f"<p>{attack}</p>", encoding="utf-8")
    with pytest.raises(RenderError) as caught:
        paper_html(valid_frozen, template_dir=tmp_path)
    assert "\n" not in str(caught.value) and "unsafe" in str(caught.value).lower()
