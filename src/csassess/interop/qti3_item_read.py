"""One QTI item (3.0, or 2.1/2.2 as other tools write them) as a csassess question.

QTI 2 names are camelCase (`choiceInteraction`, `responseIdentifier`), QTI 3 kebab-case with a
`qti-` prefix; both are read through one normalised name, so one reader covers all three.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from typing import Any

from lxml import etree

from csassess.interop.collect import ReadQuestion
from csassess.interop.imported import NotImportedError
from csassess.interop.markup import find_class, read_fields
from csassess.interop.safexml import block_text, local, refuse_scripts, text_of
from csassess.models.rubric import Rubric

_CAMEL = re.compile(r"(?<=[a-z0-9])([A-Z])")
LETTERS = "ABCDEFGH"
INTERACTION_KINDS = {
    "match-interaction": "matching",
    "associate-interaction": "matching",
    "gap-match-interaction": "gap match",
    "order-interaction": "ordering",
    "hotspot-interaction": "hotspot",
    "text-entry-interaction": "text entry",
    "inline-choice-interaction": "inline choice",
    "hottext-interaction": "hot text",
    "slider-interaction": "slider",
    "upload-interaction": "file upload",
    "drawing-interaction": "drawing",
    "graphic-gap-match-interaction": "graphic gap match",
    "select-point-interaction": "select point",
    "media-interaction": "media",
    "custom-interaction": "custom",
    "portable-custom-interaction": "portable custom",
}


@functools.cache
def _normal(tag: str) -> str:
    return _CAMEL.sub(r"-\1", tag.rpartition("}")[2].removeprefix("qti-")).lower()


def name(element: etree._Element) -> str:
    """The QTI element name without namespace, `qti-` prefix or camelCase: `choice-interaction`."""
    tag = element.tag
    return _normal(tag) if isinstance(tag, str) else ""


def attr(element: etree._Element, kebab: str) -> str | None:
    """An attribute by its QTI 3 name, or its QTI 2 camelCase spelling."""
    value = element.get(kebab)
    if value is None:
        head, *rest = kebab.split("-")
        value = element.get(head + "".join(r.capitalize() for r in rest))
    return value


def find(element: etree._Element, wanted: str) -> list[etree._Element]:
    """Descendants with this normalised name."""
    return [e for e in element.iter() if isinstance(e.tag, str) and name(e) == wanted]


def _clean(element: etree._Element) -> str:
    # csassess writes plain text: keep it exactly; other tools' HTML becomes text, spaces folded
    if len(element) == 0:
        return element.text or ""
    return block_text(element)


def _number(text: str | None) -> float | None:
    try:
        return float(text) if text is not None else None
    except ValueError:
        return None


def _marks(root: etree._Element, mapping: etree._Element | None, notes: list[str]) -> int:
    found: float | None = None
    for outcome in find(root, "outcome-declaration"):
        if attr(outcome, "identifier") == "SCORE":
            found = _number(attr(outcome, "normal-maximum"))
        if found is None and attr(outcome, "identifier") == "MAXSCORE":
            values = find(outcome, "value")
            found = _number(values[0].text) if values else None
        if found is not None:
            break
    if found is None and mapping is not None:
        found = _number(attr(mapping, "upper-bound"))
    if found is None:
        for base in find(root, "base-value"):
            value = _number(base.text)
            if value:
                found = max(found or 0, value)
    if found is None:
        return 1
    if not float(found).is_integer() or found < 1:
        notes.append(f"marks {found:g} rounded to {max(1, round(found))}")
    return max(1, round(found))


def _stem(body: etree._Element, interaction: etree._Element) -> str:
    prompt = next((c for c in interaction if name(c) == "prompt"), None)
    lead = [
        block_text(c)
        for c in body
        if isinstance(c.tag, str) and "interaction" not in name(c) and name(c) != "rubric-block"
    ]
    parts = [p for p in lead if p] + ([_clean(prompt)] if prompt is not None else [])
    return "\n\n".join(parts)


def _choice(
    root: etree._Element, interaction: etree._Element, response: etree._Element | None, source: str
) -> tuple[str, dict[str, Any], list[str]]:
    notes: list[str] = []
    choices = [c for c in interaction if name(c) == "simple-choice"]
    if not 3 <= len(choices) <= 8:
        raise NotImportedError(f"{len(choices)} options: csassess choice questions have 3 to 8")
    letter = {attr(c, "identifier"): LETTERS[i] for i, c in enumerate(choices)}
    options = [{"id": LETTERS[i], "text": _clean(c)} for i, c in enumerate(choices)]
    correct = [v.text or "" for v in find(response, "value")] if response is not None else []
    correct = [v for v in correct if v in letter]
    mapping = next(iter(find(response, "mapping")), None) if response is not None else None
    marks = _marks(root, mapping, notes)
    single = (attr(response, "cardinality") if response is not None else "single") == "single"
    if mapping is not None and not correct:
        correct = [
            attr(e, "map-key") or ""
            for e in find(mapping, "map-entry")
            if (_number(attr(e, "mapped-value")) or 0) > 0
        ]
    if not correct:
        raise NotImportedError(f"{source}: <correctResponse>: no correct choice is given")
    fields: dict[str, Any] = {"options": options, "marks": marks}
    if single:
        if len(correct) != 1:
            raise NotImportedError(f"single-answer choice with {len(correct)} correct values")
        return "multiple_choice", {**fields, "key": letter[correct[0]]}, notes
    if len(options) < 4 or len(correct) < 2:
        raise NotImportedError("multiple response needs at least 4 options and 2 keys in csassess")
    fields["keys"] = [letter[c] for c in correct]
    if mapping is None:
        return "multiple_response", {**fields, "scoring": "all_or_nothing"}, notes
    penalties = [-(_number(attr(e, "mapped-value")) or 0) for e in find(mapping, "map-entry")]
    penalty = max([p for p in penalties if p > 0], default=0.0)
    shares = {
        _number(attr(e, "mapped-value")) for e in find(mapping, "map-entry") if attr(e, "map-key") in correct
    }
    if len(shares) > 1:
        notes.append("keys weighted unequally; csassess gives each key an equal share")
    if not float(penalty).is_integer():
        notes.append(f"wrong-choice penalty {penalty:g} rounded to {round(penalty)}")
    return "multiple_response", {**fields, "scoring": "per_key", "wrong_penalty": round(penalty)}, notes


def _rubric(body: etree._Element, source: str) -> tuple[Rubric | None, dict[str, Any] | None, str | None]:
    for block in find(body, "rubric-block"):
        if "scorer" not in (attr(block, "view") or "").split():
            continue
        marked = find_class(block, "cs-rubric")
        if marked is not None:
            rubric = Rubric.model_validate(read_fields(marked, source), strict=False)
            head = find_class(block, "cs-rubric-file")
            return rubric, read_fields(head, source) if head is not None else None, None
        return None, None, " ".join(text_of(block).split()) or None
    return None, None, None


def title_of(root: etree._Element) -> str:
    """The item's title, or its identifier."""
    return attr(root, "title") or attr(root, "identifier") or ""


def check_files(body: etree._Element, source: str, exists: Callable[[str], bool]) -> list[str]:
    """Notes on the media an item shows; NotImportedError when one is not in the package."""
    notes = []
    for node in body.iter():
        ref = node.get("src") or node.get("data") if isinstance(node.tag, str) else None
        if ref is None or "://" in ref:
            continue
        if not exists(ref):
            which = "src" if node.get("src") else "data"
            raise NotImportedError(
                f"{source}: <{local(node)} {which}={ref!r}>: the file is not in the package"
            )
        notes.append(f"{ref} not carried (csassess stems are text)")
    return notes


def read_item(root: etree._Element, source: str, exists: Callable[[str], bool] | None = None) -> ReadQuestion:
    """The question an item holds; NotImportedError (with the reason) when csassess cannot carry it."""
    ident = attr(root, "identifier") or ""
    title = title_of(root)
    body = next(iter(find(root, "item-body")), None)
    if body is None:
        raise NotImportedError(f"{source}: <qti-item-body> is missing")
    refuse_scripts(body, source)
    media = check_files(body, source, exists) if exists is not None else []
    interactions = [e for e in body.iter() if isinstance(e.tag, str) and name(e).endswith("-interaction")]
    if len(interactions) != 1:
        kinds = ", ".join(sorted({INTERACTION_KINDS.get(name(e), name(e)) for e in interactions})) or "none"
        raise NotImportedError(f"{len(interactions)} interactions ({kinds}): csassess items have exactly one")
    interaction = interactions[0]
    kind_name = name(interaction)
    if kind_name in INTERACTION_KINDS:
        foreign = INTERACTION_KINDS[kind_name]
        raise NotImportedError(f"csassess has no {foreign} items", foreign)
    response_id = attr(interaction, "response-identifier")
    response = next(
        (r for r in find(root, "response-declaration") if attr(r, "identifier") == response_id), None
    )
    stimulus = next((attr(s, "href") for s in find(root, "assessment-stimulus-ref")), None)
    stem = _stem(body, interaction)
    notes: list[str] = list(media)
    if kind_name == "choice-interaction":
        kind, fields, notes = _choice(root, interaction, response, source)
        notes = media + notes
        return ReadQuestion(ident, title, kind, {"stem": stem, **fields}, None, None, None, stimulus, notes)
    if kind_name != "extended-text-interaction":
        raise NotImportedError(f"csassess has no {kind_name.removesuffix('-interaction')} items")
    classes = (interaction.get("class") or "").split()
    kind = "extended_response" if "cs-extended_response" in classes else "short_answer"
    fields = {"stem": stem, "marks": _marks(root, None, notes)}
    lines = attr(interaction, "expected-lines")
    if lines and lines.isdigit() and int(lines) > 0:
        fields["answer_lines"] = int(lines)
    rubric, head, scorer_notes = _rubric(body, source)
    return ReadQuestion(ident, title, kind, fields, rubric, head, scorer_notes, stimulus, notes)
