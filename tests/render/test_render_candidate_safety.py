"""Nothing a candidate receives holds a key, a marking point, an evidence phrase, feedback or an
examiner note; everything a candidate reads is escaped."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from typing import Any

import pytest
from render_helpers import pdf_pages, refreeze, stable, words

from csassess.models import FrozenPaper, Specification
from csassess.models.items import Scenario, questions_of
from csassess.render import candidate_view, markscheme_html, paper_html

# Words the templates themselves print on every paper: a rubric phrase found only here is no leak.
BOILERPLATE = (
    "candidate number centre number candidate name time allowed total marks questions paper reference "
    "instructions do not turn over until you are told to do so choose one answer tick one box two boxes "
    "use the scenario to answer questions total for question scenario organisation customer channel "
    "situation section page of turn over end of questions mark marks box for option form"
)


READ_ATTRIBUTES = {"aria-label", "alt", "title"}
"""Attributes assistive technology reads out; class names and ids are not content."""


class _Text(HTMLParser):
    """Visible text and attribute values of an HTML page, without its CSS."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._in_style = tag == "style"
        self.parts.extend(value for name, value in attrs if value and name in READ_ATTRIBUTES)

    def handle_endtag(self, tag: str) -> None:
        self._in_style = False

    def handle_data(self, data: str) -> None:
        if not self._in_style:
            self.parts.append(data)


def html_text(html: str) -> str:
    """What a reader (or a screen reader) of the HTML gets."""
    parser = _Text()
    parser.feed(html)
    return words(" ".join(parser.parts))


def candidate_sources(paper: FrozenPaper) -> str:
    """Every field the candidate paper may show, as one text."""
    texts = [paper.title, *paper.instructions, BOILERPLATE]
    for section in paper.sections:
        texts += [section.title, section.instructions or ""]
        for fi in section.items:
            item = fi.item
            if isinstance(item, Scenario):
                texts += [item.title, *item.setting.model_dump().values()]
            for q in questions_of(item):
                texts.append(q.stem)
                texts += [o.text for o in getattr(q, "options", [])]
    return words(" ".join(texts))


def rubric_texts(paper: FrozenPaper) -> set[str]:
    """Every piece of text the paper's rubrics hold: what must never reach a candidate."""
    out: set[str] = set()
    for section in paper.sections:
        for fi in section.items:
            for rubric in fi.rubrics.values():
                for mp in rubric.marking_points:
                    out |= {mp.text, mp.feedback, *mp.evidence}
                for m in rubric.misconceptions:
                    out |= {m.text, m.feedback, *m.patterns}
                for t in rubric.terminology:
                    out |= {*t.evidence, *t.misuse}
                out |= set(rubric.indicative_content) | {lv.descriptor for lv in rubric.levels}
                out |= {r.description for r in rubric.rules if r.description}
                if rubric.examiner_notes:
                    out.add(rubric.examiner_notes)
    return {words(t) for t in out}


def leaks(rendered: str, paper: FrozenPaper) -> list[str]:
    """Rubric texts found in rendered candidate text that no candidate-visible field explains."""
    allowed = candidate_sources(paper)

    def present(text: str, corpus: str) -> bool:
        return re.search(rf"(?<!\w){re.escape(text)}(?!\w)", corpus) is not None

    return sorted(t for t in rubric_texts(paper) if present(t, rendered) and not present(t, allowed))


def test_sample_candidate_html_has_no_rubric_text(sample_frozen: FrozenPaper, sample_html: str):
    """The sample paper's HTML holds none of its rubrics' points, phrases, feedback or notes."""
    assert len(rubric_texts(sample_frozen)) > 300  # the check has something to find
    assert leaks(html_text(sample_html), sample_frozen) == []


def test_sample_candidate_pdf_has_no_rubric_text(sample_frozen: FrozenPaper, sample_pdf: bytes):
    """The sample paper's PDF text holds none of its rubrics' points, phrases, feedback or notes."""
    text = words(" ".join(pdf_pages(sample_pdf)))
    assert "which of these is a benefit to an organisation" in text  # the extraction works
    assert leaks(text, sample_frozen) == []


def test_rubric_leak_check_finds_a_leak(sample_frozen: FrozenPaper, sample_html: str):
    """The leak check itself reports a marking point pasted into the page (it is not vacuous)."""
    point = next(
        iter(next(fi for s in sample_frozen.sections for fi in s.items if fi.rubrics).rubrics.values())
    )
    leaked = sample_html.replace("</main>", f"<p>{point.marking_points[0].text}</p></main>")
    assert words(point.marking_points[0].text) in leaks(html_text(leaked), sample_frozen)


def _plant_sentinels(body: dict[str, Any]) -> None:
    """Overwrite every rubric text with a ZQX sentinel and move every key to another option."""
    for section in body["sections"]:
        for fi in section["items"]:
            questions = fi["item"]["parts"] if fi["item"]["kind"] == "scenario" else [fi["item"]]
            for q in questions:
                ids = [o["id"] for o in q.get("options", [])]
                if q["kind"] == "multiple_choice":
                    q["key"] = next(i for i in ids if i != q["key"])
                elif q["kind"] == "multiple_response":
                    q["keys"] = [i for i in ids if i not in q["keys"]][: len(q["keys"])] or ids[:2]
            for rubric in fi["rubrics"].values():
                for i, mp in enumerate(rubric["marking_points"]):
                    mp.update(text=f"ZQX point {i}", feedback=f"ZQX feedback {i}", evidence=[f"zqxphrase{i}"])
                for m in rubric["misconceptions"]:
                    m.update(text="ZQX misconception", feedback="ZQX advice", patterns=["zqxpattern"])
                for t in rubric["terminology"]:
                    t.update(evidence=["zqxterm"], misuse=["zqxmisuse"])
                rubric["indicative_content"] = ["ZQX content"] * len(rubric["indicative_content"])
                for lv in rubric["levels"]:
                    lv["descriptor"] = "ZQX descriptor"
                for r in rubric["rules"]:
                    r["description"] = "ZQX rule"
                rubric["examiner_notes"] = "ZQX note"


def test_candidate_paper_does_not_depend_on_keys_or_rubrics(
    sample_frozen: FrozenPaper, sample_spec: Specification | None, sample_html: str
):
    """Moving every key and rewriting every rubric leaves the candidate paper unchanged (but
    for the content hash), while the mark scheme shows the new keys and rubric text."""
    planted = refreeze(sample_frozen, _plant_sentinels)
    html = paper_html(planted, sample_spec)
    assert "zqx" not in html.lower()
    assert stable(html) == stable(sample_html)
    scheme = markscheme_html(planted, sample_spec)
    assert "ZQX point 0" in scheme and "zqxphrase0" in scheme and "ZQX note" in scheme


FORBIDDEN_KEYS = {
    "key",
    "keys",
    "rubric",
    "rubrics",
    "evidence",
    "feedback",
    "examiner_notes",
    "scheme",
    "points",
}


def _all_keys(value: Any) -> set[str]:
    if isinstance(value, dict):
        return set(value) | {k for v in value.values() for k in _all_keys(v)}
    if isinstance(value, list):
        return {k for v in value for k in _all_keys(v)}
    return set()


def test_candidate_view_has_no_marking_fields(sample_frozen: FrozenPaper):
    """The candidate view model carries no key, rubric, evidence, feedback or note fields at all."""
    assert _all_keys(candidate_view(sample_frozen)) & FORBIDDEN_KEYS == set()


HOSTILE = '<script>alert("x")</script> & <b>bold</b>'


@pytest.fixture
def hostile_paper(valid_frozen: FrozenPaper) -> FrozenPaper:
    """The valid paper with markup in a stem, an option, a scenario setting and a section title."""

    def edit(body: dict[str, Any]) -> None:
        body["sections"][0]["title"] = HOSTILE
        first = body["sections"][0]["items"][0]["item"]
        first["stem"] = HOSTILE
        first["options"][0]["text"] = HOSTILE
        scenario = body["sections"][1]["items"][1]["item"]
        scenario["setting"]["situation"] = HOSTILE

    return refreeze(valid_frozen, edit)


@pytest.mark.parametrize("render", [paper_html, markscheme_html], ids=["paper", "markscheme"])
def test_candidate_text_is_escaped(hostile_paper: FrozenPaper, render: Any):
    """Markup in a stem, option, setting or title is printed as text, never as HTML."""
    html = render(hostile_paper)
    assert "<script" not in html and "<b>bold" not in html
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; &amp; &lt;b&gt;bold&lt;/b&gt;" in html
