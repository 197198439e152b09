"""csassess questions as QTI 3.0 `qti-assessment-item`s, and scenario settings as stimuli.

Choice: `match_correct` (or an explicit condition when a key is worth more than 1 mark).
Multiple response: `map_response` with a mapping that follows csassess's `per_key` scoring
(each key marks/keys, each wrong choice minus the penalty, bounded by 0 and the marks), or a
match against every key for `all_or_nothing`. Free text: `qti-extended-text-interaction`,
`external-scored="human"`, the marks as `normal-maximum`, and the rubric in a scorer's
`qti-rubric-block` whose markup `csassess.interop.markup` reads back exactly.
"""

from __future__ import annotations

import re

from lxml import etree

from csassess.interop.markup import MarkupWriter
from csassess.models.base import Strict
from csassess.models.items import Question, Scenario
from csassess.models.rubric import Rubric, RubricFile

QTI_NS = "http://www.imsglobal.org/xsd/imsqtiasi_v3p0"
XSI_NS = "http://www.w3.org/2001/XMLSchema-instance"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
SCHEMA_LOCATION = f"{QTI_NS} https://purl.imsglobal.org/spec/qti/v3p0/schema/xsd/imsqti_asiv3p0_v1p0.xsd"
RP_TEMPLATES = "https://purl.imsglobal.org/spec/qti/v3p0/rptemplates/"
_NCNAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_.\-]*$")

qti = MarkupWriter(QTI_NS)


class RubricHead(Strict):
    """The rubric file a rubric came from: its id and shared word groups (restored on import)."""

    id: str
    language: str
    synonyms: dict[str, list[str]]


def qti_identifier(ident: str) -> str:
    """A csassess id as a QTI identifier (an NCName: no leading digit)."""
    return ident if _NCNAME.match(ident) else f"I-{ident}"


def qti_root(tag: str, ident: str, title: str) -> etree._Element:
    root = etree.Element(f"{{{QTI_NS}}}{tag}", nsmap={None: QTI_NS, "xsi": XSI_NS})
    root.set(f"{{{XSI_NS}}}schemaLocation", SCHEMA_LOCATION)
    root.set("identifier", qti_identifier(ident))
    root.set("title", title)
    return root


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else repr(float(value))


def _set_score(parent: etree._Element, value: float) -> None:
    setter = qti.el(parent, "qti-set-outcome-value", identifier="SCORE")
    qti.el(setter, "qti-base-value", _number(value), base_type="float")


def _match_processing(root: etree._Element, marks: int) -> None:
    processing = qti.el(root, "qti-response-processing")
    condition = qti.el(processing, "qti-response-condition")
    when = qti.el(condition, "qti-response-if")
    match = qti.el(when, "qti-match")
    qti.el(match, "qti-variable", identifier="RESPONSE")
    qti.el(match, "qti-correct", identifier="RESPONSE")
    _set_score(when, marks)
    _set_score(qti.el(condition, "qti-response-else"), 0)


def _declarations(root: etree._Element, question: Question) -> None:
    choice = hasattr(question, "options")
    if choice:
        single = not hasattr(question, "keys")
        response = qti.el(
            root,
            "qti-response-declaration",
            identifier="RESPONSE",
            cardinality="single" if single else "multiple",
            base_type="identifier",
        )
        correct = qti.el(response, "qti-correct-response")
        keys = [question.key] if single else list(question.keys)  # type: ignore[union-attr]
        for key in keys:
            qti.el(correct, "qti-value", key)
        if not single and question.scoring == "per_key":  # type: ignore[union-attr]
            mapping = qti.el(
                response, "qti-mapping", lower_bound="0", upper_bound=str(question.marks), default_value="0"
            )
            for option in question.options:  # type: ignore[union-attr]
                value = question.marks / len(keys) if option.id in keys else -question.wrong_penalty  # type: ignore[union-attr]
                qti.el(mapping, "qti-map-entry", map_key=option.id, mapped_value=_number(value))
    else:
        qti.el(
            root, "qti-response-declaration", identifier="RESPONSE", cardinality="single", base_type="string"
        )
    outcome = qti.el(
        root,
        "qti-outcome-declaration",
        identifier="SCORE",
        cardinality="single",
        base_type="float",
        normal_maximum=str(question.marks),
    )
    if not choice:
        outcome.set("external-scored", "human")
    qti.el(qti.el(outcome, "qti-default-value"), "qti-value", "0")


def _interaction(body: etree._Element, question: Question) -> None:
    if hasattr(question, "options"):
        many = hasattr(question, "keys")
        interaction = qti.el(
            body,
            "qti-choice-interaction",
            response_identifier="RESPONSE",
            shuffle="false",
            max_choices="0" if many else "1",
        )
        qti.el(interaction, "qti-prompt", question.stem)
        for option in question.options:  # type: ignore[union-attr]
            qti.el(interaction, "qti-simple-choice", option.text, identifier=option.id)
        return
    # the class says which csassess kind: QTI has one interaction for both
    interaction = qti.el(
        body, "qti-extended-text-interaction", response_identifier="RESPONSE", class_=f"cs-{question.kind}"
    )
    lines = question.answer_lines  # type: ignore[union-attr]
    if lines is not None:
        interaction.set("expected-lines", str(lines))
    qti.el(interaction, "qti-prompt", question.stem)


def _processing(root: etree._Element, question: Question) -> None:
    if not hasattr(question, "options"):
        return  # a human scores it: nothing to process
    if hasattr(question, "keys"):
        if question.scoring == "per_key":  # type: ignore[union-attr]
            qti.el(root, "qti-response-processing", template=RP_TEMPLATES + "map_response.xml")
        else:
            _match_processing(root, question.marks)
    elif question.marks == 1:
        qti.el(root, "qti-response-processing", template=RP_TEMPLATES + "match_correct.xml")
    else:
        _match_processing(root, question.marks)


def scorer_rubrics(files: list[RubricFile]) -> dict[str, tuple[RubricHead, Rubric]]:
    """Question id -> (its file's head, its rubric); the first rubric of a file carries every
    word group, the others those they use."""
    return {r.item: (rubric_head(f, r, full=i == 0), r) for f in files for i, r in enumerate(f.rubrics)}


def rubric_head(head: RubricFile, rubric: Rubric, full: bool) -> RubricHead:
    """The rubric's file and word groups: all of them (`full`, once per file, so an import gets
    the file back exactly), or those its phrases use (enough to mark the question alone)."""
    if full:
        return RubricHead(id=head.id, language=head.language, synonyms=head.synonyms)
    phrases = [p for mp in rubric.marking_points for p in mp.evidence]
    phrases += [p for t in rubric.terminology for p in (*t.evidence, *t.misuse)]
    phrases += [p for m in rubric.misconceptions for p in m.patterns]
    words = {w for p in phrases for w in p.lower().split()}
    used = {k: v for k, v in head.synonyms.items() if k.lower() in words}
    return RubricHead(id=head.id, language=head.language, synonyms=used)


def rubric_block(body: etree._Element, rubric: Rubric, head: RubricHead) -> None:
    """The mark scheme for a scorer: readable HTML that csassess reads back exactly."""
    block = qti.el(body, "qti-rubric-block", use="scoring", view="scorer")
    content = qti.el(block, "qti-content-body")
    qti.el(content, "h2", "Mark scheme")
    qti.model(content, rubric, "cs-rubric")
    qti.model(content, head, "cs-rubric-file")


def item_xml(
    question: Question,
    rubric: tuple[RubricHead, Rubric] | None,
    stimulus: tuple[str, str] | None,
) -> etree._Element:
    """One question as a `qti-assessment-item`; `stimulus` is (identifier, href) of its setting."""
    root = qti_root("qti-assessment-item", question.id, question.id)
    root.set("adaptive", "false")
    root.set("time-dependent", "false")
    root.set(XML_LANG, "en")
    _declarations(root, question)
    if stimulus is not None:
        qti.el(root, "qti-assessment-stimulus-ref", identifier=stimulus[0], href=stimulus[1])
    body = qti.el(root, "qti-item-body")
    _interaction(body, question)
    if rubric is not None:
        rubric_block(body, rubric[1], rubric[0])
    _processing(root, question)
    return root


def stimulus_xml(scenario: Scenario) -> etree._Element:
    """A scenario's title and workplace setting, shared by every part."""
    root = qti_root("qti-assessment-stimulus", stimulus_id(scenario.id), scenario.title)
    root.set(XML_LANG, "en")
    body = qti.el(root, "qti-stimulus-body")
    qti.el(body, "h2", scenario.title)
    qti.model(body, scenario.setting, "cs-setting")
    return root


def stimulus_id(scenario_id: str) -> str:
    """The identifier of a scenario's stimulus."""
    return qti_identifier(f"STIM-{scenario_id}")
