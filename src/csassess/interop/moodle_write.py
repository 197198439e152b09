"""csassess banks as Moodle XML: multichoice and essay questions in categories, with tags.

Moodle rejects an answer fraction that is not on its list, so every fraction is taken from
`MOODLE_FRACTIONS` (the nearest, with a warning where that changes the scoring). A free-text
question's mark scheme goes in `graderinfo`, which Moodle shows to graders only, as the same
readable markup the QTI rubric block carries, so csassess's import restores it exactly.
Categories follow specification / bank / learning outcome; scenario parts sit in a category of
their scenario, each with the setting before its stem.
"""

from __future__ import annotations

from lxml import etree

from csassess.interop.content import BankContent
from csassess.interop.markup import MarkupWriter
from csassess.interop.qti3_items import RubricHead, scorer_rubrics
from csassess.interop.tags import item_questions
from csassess.models import Bank
from csassess.models.items import AnyItem, Question, Scenario
from csassess.models.rubric import Rubric

MOODLE_FRACTIONS = (
    100.0, 90.0, 83.33333, 80.0, 75.0, 70.0, 66.66667, 60.0, 50.0, 40.0, 33.33333, 30.0,
    25.0, 20.0, 16.66667, 14.28571, 12.5, 11.11111, 10.0, 5.0, 0.0,
)  # fmt: skip
"""Moodle's question_bank::fraction_options_full(), as percentages; negatives mirror them."""
html = MarkupWriter(None)


def moodle_fraction(percent: float) -> tuple[str, bool]:
    """The accepted fraction nearest `percent` (as Moodle writes it) and whether it is exact."""
    sign = -1.0 if percent < 0 else 1.0
    nearest = min(MOODLE_FRACTIONS, key=lambda f: abs(f - min(abs(percent), 100.0)))
    text = f"{sign * nearest:.7f}".rstrip("0").rstrip(".")
    return ("0" if text in {"-0", ""} else text), abs(abs(percent) - nearest) < 1e-4


def option_percent(question: Question, option_id: str) -> float:
    """An option's share of the marks as Moodle weighs it: keys share 100%, a wrong choice costs
    the penalty's share (nothing in a single-answer question)."""
    if hasattr(question, "key"):
        return 100.0 if option_id == question.key else 0.0
    if option_id in question.keys:  # type: ignore[union-attr]
        return 100.0 / len(question.keys)  # type: ignore[union-attr]
    return -100.0 * question.wrong_penalty / question.marks  # type: ignore[union-attr]


def _text(parent: etree._Element, tag: str, text: str, fmt: str | None = "html") -> None:
    node = etree.SubElement(parent, tag)
    if fmt:
        node.set("format", fmt)
    if fmt == "html":
        _cdata(etree.SubElement(node, "text"), text)
    else:
        _plain(node, text)


def _plain(node: etree._Element, text: str) -> None:
    etree.SubElement(node, "text").text = text


def _cdata(inner: etree._Element, text: str) -> None:
    try:
        inner.text = etree.CDATA(text) if text else text
    except ValueError:  # "]]>" cannot sit in CDATA: plain escaped text reads the same
        inner.text = text


def _html(nodes: list[etree._Element]) -> str:
    return "".join(etree.tostring(n, encoding="unicode") for n in nodes)


def stem_html(question: Question, scenario: Scenario | None) -> str:
    nodes = []
    if scenario is not None:
        box = html.el(None, "div", class_="cs-scenario")
        html.el(box, "h3", scenario.title, class_="cs-title")
        html.model(box, scenario.setting, "cs-setting")
        nodes.append(box)
    nodes.append(html.el(None, "p", question.stem, class_="cs-stem"))
    return _html(nodes)


def _grader_info(rubric: tuple[RubricHead, Rubric] | None) -> str:
    if rubric is None:
        return ""
    box = html.el(None, "div", class_="cs-mark-scheme")
    html.el(box, "h3", "Mark scheme")
    html.model(box, rubric[1], "cs-rubric")
    html.model(
        box,
        rubric[0],
        "cs-rubric-file",
    )
    return _html([box])


def _answers(node: etree._Element, question: Question, warnings: list[str]) -> None:
    single = hasattr(question, "key")
    etree.SubElement(node, "single").text = "true" if single else "false"
    etree.SubElement(node, "shuffleanswers").text = "0"
    etree.SubElement(node, "answernumbering").text = "ABCD"
    if not single and question.scoring == "all_or_nothing":  # type: ignore[union-attr]
        warnings.append(
            f"{question.id}: Moodle's multichoice gives partial credit; all-or-nothing is kept only as a tag"
        )
    for option in question.options:  # type: ignore[union-attr]
        percent = option_percent(question, option.id)
        fraction, exact = moodle_fraction(percent)
        if not exact:
            warnings.append(
                f"{question.id}: option {option.id}: {percent:.4g}% not a Moodle fraction: {fraction}%"
            )
        answer = etree.SubElement(node, "answer", fraction=fraction, format="html")
        _cdata(etree.SubElement(answer, "text"), _html([html.el(None, "p", option.text)]))
        _text(answer, "feedback", "")


def _question(
    quiz: etree._Element,
    question: Question,
    tags: list[str],
    scenario: Scenario | None,
    rubric: tuple[RubricHead, Rubric] | None,
    warnings: list[str],
) -> None:
    choice = hasattr(question, "options")
    node = etree.SubElement(quiz, "question", type="multichoice" if choice else "essay")
    _text(node, "name", question.id, None)
    _text(node, "questiontext", stem_html(question, scenario))
    _text(node, "generalfeedback", "")
    etree.SubElement(node, "defaultgrade").text = str(question.marks)
    etree.SubElement(node, "penalty").text = "0"
    etree.SubElement(node, "hidden").text = "0"
    etree.SubElement(node, "idnumber").text = question.id
    if choice:
        _answers(node, question, warnings)
    else:
        etree.SubElement(node, "responseformat").text = "editor"
        etree.SubElement(node, "responserequired").text = "1"
        etree.SubElement(node, "responsefieldlines").text = str(getattr(question, "answer_lines", None) or 10)
        etree.SubElement(node, "attachments").text = "0"
        etree.SubElement(node, "attachmentsrequired").text = "0"
        _text(node, "graderinfo", _grader_info(rubric))
        _text(node, "responsetemplate", "")
    box = etree.SubElement(node, "tags")
    for tag in tags:
        _plain(etree.SubElement(box, "tag"), tag)


def _category(quiz: etree._Element, path: str, info: str = "") -> None:
    node = etree.SubElement(quiz, "question", type="category")
    _text(node, "category", path, None)
    _text(node, "info", info)


def _leaf(item: AnyItem) -> str:
    if isinstance(item, Scenario):
        return f"{item.id} {item.title}".replace("/", "-")
    return item.outcomes[0]


def moodle_xml(content: BankContent, warnings: list[str]) -> tuple[bytes, int]:
    """The whole content as one Moodle XML quiz file; returns (bytes, questions written)."""
    quiz = etree.Element("quiz")
    rubrics = scorer_rubrics(content.rubric_files)
    count = 0
    current: tuple[Bank, str] | None = None
    for bank, item in content.items():
        base = f"$course$/top/{bank.specification}/{bank.id}"
        if current is None or current[0] is not bank:
            _category(quiz, base, _html([html.el(None, "p", bank.title)]))
        if current != (bank, _leaf(item)):
            _category(quiz, f"{base}/{_leaf(item)}")
            current = (bank, _leaf(item))
        scenario = item if isinstance(item, Scenario) else None
        for question, tags in item_questions(item):
            _question(quiz, question, tags, scenario, rubrics.get(question.id), warnings)
            count += 1
    return etree.tostring(quiz, xml_declaration=True, encoding="UTF-8", pretty_print=True), count
