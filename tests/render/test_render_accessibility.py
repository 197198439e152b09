"""Basic accessibility of the printed documents' HTML: language, title, heading order, labels
and colour contrast (WCAG 2.1 AA: at least 4.5:1)."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from itertools import pairwise

import pytest

from csassess.models import FrozenPaper, Specification
from csassess.render import layout_for, markscheme_html, paper_html
from csassess.render.environment import bundled_templates

BACKGROUNDS = ("#ffffff", "#f0f0f0")
"""The page and the shaded boxes (scenario settings, table headers)."""


class _Outline(HTMLParser):
    """Headings in order, the html lang, the title, and elements that need a label."""

    def __init__(self) -> None:
        super().__init__()
        self.lang: str | None = None
        self.title = ""
        self.headings: list[int] = []
        self.unlabelled: list[str] = []
        self._in_title = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "html":
            self.lang = found.get("lang")
        self._in_title = tag == "title"
        if re.fullmatch(r"h[1-6]", tag):
            self.headings.append(int(tag[1]))
        labelled = found.get("aria-label") or found.get("aria-labelledby")
        if found.get("role") in ("group", "img") and not labelled:
            self.unlabelled.append(f"<{tag} {found}>")
        if tag == "img" and not found.get("alt"):
            self.unlabelled.append(f"<img {found}>")

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title += data

    def handle_endtag(self, tag: str) -> None:
        self._in_title = False


def _outline(html: str) -> _Outline:
    parser = _Outline()
    parser.feed(html)
    return parser


@pytest.fixture(params=["paper", "paper-large24", "markscheme"])
def document(
    request: pytest.FixtureRequest, sample_frozen: FrozenPaper, sample_spec: Specification | None
) -> str:
    """Each printed document of the sample paper, as HTML."""
    if request.param == "markscheme":
        return markscheme_html(sample_frozen, sample_spec)
    layout = layout_for(24 if request.param.endswith("large24") else None)
    return paper_html(sample_frozen, sample_spec, layout=layout)


def test_language_and_title(document: str):
    """The page says it is British English and has a title naming the paper."""
    outline = _outline(document)
    assert outline.lang == "en-GB"
    assert "CS201 Principles of Customer Service" in outline.title


def test_headings_start_at_one_and_never_skip_a_level(document: str):
    """One h1, then each heading at most one level deeper than the one before."""
    levels = _outline(document).headings
    assert levels[0] == 1 and levels.count(1) == 1
    assert all(b <= a + 1 for a, b in pairwise(levels)), levels


def test_boxes_and_groups_are_labelled(document: str):
    """Every tick box, digit-box group, answer line and image has an accessible name."""
    assert _outline(document).unlabelled == []


def _luminance(hex_colour: str) -> float:
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(foreground: str, background: str) -> float:
    """The WCAG contrast ratio of two #rrggbb colours."""
    light, dark = sorted((_luminance(foreground), _luminance(background)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def _full(colour: str) -> str:
    return "#" + "".join(c * 2 for c in colour[1:]) if len(colour) == 4 else colour


def test_contrast_helper_matches_wcag():
    """Black on white is 21:1 and #777 on white is just under 4.5:1."""
    assert round(contrast("#000000", "#ffffff"), 1) == 21.0
    assert contrast("#777777", "#ffffff") < 4.5 < contrast("#767676", "#ffffff")


@pytest.mark.parametrize("template", ["print.css.j2", "markscheme.html.j2"])
def test_text_colours_have_at_least_4_5_to_1_contrast(template: str):
    """Every text colour the templates set reads at 4.5:1 or better on every background they use."""
    source = (bundled_templates() / template).read_text(encoding="utf-8")
    colours = {_full(c.lower()) for c in re.findall(r"(?<![-\w])color:\s*(#[0-9a-fA-F]{3,6})\b", source)}
    backgrounds = {_full(c.lower()) for c in re.findall(r"background:\s*(#[0-9a-fA-F]{3,6})\b", source)}
    assert colours, "no text colours found: has the CSS moved?"
    assert backgrounds <= set(BACKGROUNDS), backgrounds
    for colour in colours:
        for background in BACKGROUNDS:
            assert contrast(colour, background) >= 4.5, (colour, background)
