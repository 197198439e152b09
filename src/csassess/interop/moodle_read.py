"""A Moodle XML quiz file into csassess content, with a report line for every question.

multichoice (single and multiple), shortanswer (its accepted answers become one marking
point's evidence; a trailing `*` wildcard becomes the stem the marker already matches by),
essay (`graderinfo` becomes examiner notes and a draft rubric, or the exact rubric csassess
wrote), category paths (csassess's own give bank and outcome; others become tags) and
description (its text goes before the next question's stem). Everything else is reported.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from lxml import etree

from csassess.interop.collect import Collector, Meta, ReadQuestion, ScenarioDraft
from csassess.interop.htmltext import fragment, plain
from csassess.interop.imported import NotImportedError, identifier
from csassess.interop.markup import find_class, read_fields
from csassess.interop.qti3_item_read import LETTERS
from csassess.interop.safexml import InteropError, child, children
from csassess.interop.tags import read_tags
from csassess.models.rubric import MarkingPoint, Rubric

OTHER_TYPES = {
    "truefalse": "true/false has 2 options; csassess multiple choice needs 3 to 8",
    "match": "csassess has no matching items",
    "randomsamatch": "csassess has no matching items",
    "numerical": "csassess has no numerical items",
    "calculated": "csassess has no calculated items",
    "calculatedsimple": "csassess has no calculated items",
    "calculatedmulti": "csassess has no calculated items",
    "multianswer": "csassess has no embedded-answer (cloze) items",
    "ddwtos": "csassess has no drag-and-drop items",
    "ddmarker": "csassess has no drag-and-drop items",
    "ddimageortext": "csassess has no drag-and-drop items",
    "gapselect": "csassess has no select-missing-words items",
    "ordering": "csassess has no ordering items",
}
_WILDCARD_STEM = re.compile(r"^[^*]{3,}\*$")


def _text(node: etree._Element | None, tag: str) -> str:
    found = child(node, tag) if node is not None else None
    inner = child(found, "text") if found is not None else None
    return (inner.text or "") if inner is not None else ""


def _value(node: etree._Element | None, tag: str, default: str = "") -> str:
    """The text of `node`'s child `tag` (a plain element such as <single> or <defaultgrade>)."""
    found = child(node, tag) if node is not None else None
    return (found.text or default) if found is not None else default


def _number(text: str, default: float) -> float:
    try:
        return float(text)
    except ValueError:
        return default


def _html_text(text: str, source: str) -> str:
    return plain(fragment(text, source))


def _choice(node: etree._Element, source: str, marks: int, notes: list[str]) -> tuple[str, dict[str, Any]]:
    answers = children(node, "answer")
    if not 3 <= len(answers) <= 8:
        raise NotImportedError(f"{len(answers)} answers: csassess choice questions have 3 to 8")
    fractions = [_number(a.get("fraction", "0"), 0.0) for a in answers]
    options = [
        {"id": LETTERS[i], "text": _html_text(_value(a, "text"), source)} for i, a in enumerate(answers)
    ]
    single = _value(node, "single", "true").strip().lower() in {"true", "1"}
    if single:
        keys = [LETTERS[i] for i, f in enumerate(fractions) if f >= 99.99]
        if len(keys) != 1:
            raise NotImportedError(
                f"{source}: <answer fraction>: a single-answer question needs one answer worth 100%"
            )
        if any(0 < f < 99.99 for f in fractions):
            notes.append("partly right answers earn nothing in csassess")
        return "multiple_choice", {"options": options, "key": keys[0]}
    keys = [LETTERS[i] for i, f in enumerate(fractions) if f > 0]
    if len(options) < 4 or len(keys) < 2:
        raise NotImportedError("multiple response needs at least 4 options and 2 right answers in csassess")
    worst = min(fractions)
    penalty = round(-worst / 100 * marks) if worst < 0 else 0
    return "multiple_response", {
        "options": options,
        "keys": keys,
        "scoring": "per_key",
        "wrong_penalty": penalty,
    }


def _evidence(node: etree._Element, notes: list[str]) -> list[str]:
    phrases = []
    for answer in children(node, "answer"):
        if _number(answer.get("fraction", "0"), 0.0) <= 0:
            continue
        text = " ".join(_value(answer, "text").split())
        if "*" not in text:
            phrases.append(text)
        elif _WILDCARD_STEM.match(text):
            phrases.append(text.rstrip("*"))  # the marker stems words, so 'escalat' matches 'escalated'
        else:
            notes.append(f"accepted answer {text!r}: a wildcard csassess cannot match, left out")
    return [p for p in phrases if p]


def _short_rubric(qid: str, marks: int, phrases: list[str]) -> Rubric:
    point = MarkingPoint(
        id="accepted-answer",
        text="Gives one of the accepted answers: " + "; ".join(phrases),
        marks=marks,
        evidence=phrases,
        feedback="Give one of the accepted answers.",
    )
    return Rubric(item=qid, version=1, marking_points=[point])


class MoodleReader:
    """Walks the quiz's questions in order, keeping the current category and description."""

    def __init__(self, path: Path, spec: str | None) -> None:
        self.path = path
        self.collector = Collector(path, spec, "moodle")
        self.category: list[str] = []
        self.titles: dict[str, str] = {}
        self.context = ""

    def bank(self, meta: Meta) -> None:
        # csassess's own path: $course$/top/SPEC/BANK/LEAF; another tool's becomes a tag
        parts = self.category
        if "outcomes" in meta.fields and len(parts) >= 3:
            meta.spec, bank_id = parts[-3], parts[-2]
            meta.bank = (bank_id, self.titles.get("/".join(parts[:-1]), bank_id))
        elif parts:
            meta.fields.setdefault("tags", []).append(identifier("category-" + "-".join(parts), "category"))

    def read(self, node: etree._Element, number: int) -> None:
        qtype = node.get("type") or ""
        source = f"{self.path}: <question type={qtype!r}> {number}"
        if qtype == "category":
            path = _text(node, "category").replace("$course$/", "").replace("$system$/", "")
            self.category = [p for p in path.split("/") if p and p != "top"]
            info = _text(node, "info")
            if info:
                self.titles["/".join(self.category)] = _html_text(info, source)
            return
        title = _text(node, "name") or f"question {number}"
        try:
            if qtype == "description":
                self.context = _html_text(_text(node, "questiontext"), source)
                self.collector.line(
                    title, "description", notes=["its text is put before the next question's stem"]
                )
                return
            if qtype in OTHER_TYPES or qtype not in {"multichoice", "shortanswer", "essay"}:
                raise NotImportedError(OTHER_TYPES.get(qtype, f"csassess has no {qtype} items"))
            self._question(node, qtype, title, source)
        except (NotImportedError, InteropError) as exc:
            self.collector.line(title, qtype, reason=str(exc))

    def _question(self, node: etree._Element, qtype: str, title: str, source: str) -> None:
        holder = child(node, "tags")
        tags = [_value(t, "text") for t in (holder if holder is not None else [])]
        own, scenario_fields, link = read_tags(tags)
        meta = Meta(ident=_value(node, "idnumber") or None, fields=own)
        self.bank(meta)
        body = fragment(_text(node, "questiontext"), source)
        stem_node = find_class(body, "cs-stem")
        stem = plain(stem_node) if stem_node is not None else plain(body)
        if self.context:
            stem, self.context = f"{self.context}\n\n{stem}", ""
        marks = max(1, round(_number(_value(node, "defaultgrade", "1"), 1.0)))
        notes: list[str] = []
        fields: dict[str, Any] = {"stem": stem, "marks": marks}
        read = ReadQuestion(meta.ident or title, title, "short_answer", fields, notes=notes)
        if qtype == "multichoice":
            read.kind, extra = _choice(node, source, marks, notes)
            fields.update(extra)
        elif qtype == "shortanswer":
            phrases = _evidence(node, notes)
            if not phrases:
                raise NotImportedError("no accepted answer csassess can match")
            read.rubric = _short_rubric(identifier(meta.ident or title, "Q"), marks, phrases)
            notes.append("accepted answers became one marking point's evidence")
        else:
            self._essay(node, read, source)
        self.collector.add(read, meta, self._scenario(body, scenario_fields, link, meta, source))

    def _essay(self, node: etree._Element, read: ReadQuestion, source: str) -> None:
        info = fragment(_text(node, "graderinfo"), source)
        marked = find_class(info, "cs-rubric")
        if marked is not None:
            read.rubric = Rubric.model_validate(read_fields(marked, source), strict=False)
            head = find_class(info, "cs-rubric-file")
            read.rubric_file = read_fields(head, source) if head is not None else None
        else:
            read.scorer_notes = plain(info) or None

    def _scenario(
        self, body: etree._Element, fields: dict[str, Any], link: dict[str, str], meta: Meta, source: str
    ) -> ScenarioDraft | None:
        setting = find_class(body, "cs-setting")
        if "id" not in link or setting is None:
            return None
        found = self.collector.scenarios.get(link["id"])
        if found is not None:
            return found
        title = find_class(body, "cs-title")
        data = {
            "title": plain(title) if title is not None else link["id"],
            "setting": read_fields(setting, source),
            **fields,
        }
        return self.collector.open_scenario(link["id"], link["id"], data, meta.bank, meta.spec)


def read_moodle(path: Path, quiz: etree._Element, spec: str | None = None) -> Any:
    """Every question of a Moodle XML quiz, with the report."""
    reader = MoodleReader(path, spec)
    for number, node in enumerate(children(quiz, "question"), start=1):
        reader.read(node, number)
    return reader.collector.finish()
