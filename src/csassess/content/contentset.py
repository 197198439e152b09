"""A set of loaded content files, indexed by id: what checks, freezing and marking read."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from csassess.content.loading import Loaded, content_files, load_file
from csassess.content.yamlsafe import Document, Path_, YamlError, read_file
from csassess.findings import ContentError, Finding
from csassess.models import Bank, Paper, RubricFile, Specification
from csassess.models.items import AnyItem, Question, Scenario, questions_of
from csassess.models.rubric import Rubric


@dataclass(frozen=True)
class Located:
    """A model and where it sits: its document and its path inside it."""

    model: Any
    doc: Document
    path: Path_

    def finding(self, sub: Path_, message: str, *, on_key: bool = False) -> Finding:
        """A finding at `sub` below this model's node."""
        return self.doc.finding((*self.path, *sub), message, on_key=on_key)


@dataclass
class ContentSet:
    """Specifications, banks, rubrics and papers, indexed by id (first definition wins)."""

    files: list[Loaded] = field(default_factory=list)
    load_findings: list[Finding] = field(default_factory=list)
    failed_ids: set[str] = field(default_factory=set)
    """Ids that files which failed to load define or mark (read leniently): a reference to one
    of them is not reported as dangling, which would only repeat that file's failure."""
    items: dict[str, Located] = field(default_factory=dict)
    questions: dict[str, Located] = field(default_factory=dict)
    parent_of: dict[str, str] = field(default_factory=dict)
    """Question id -> the id of the item (itself or its scenario) that holds it."""
    rubrics: dict[str, Located] = field(default_factory=dict)
    synonyms_of: dict[str, dict[str, list[str]]] = field(default_factory=dict)
    """Question id -> the word groups of the rubric file that marks it."""

    def dangling(self, ident: str) -> bool:
        """Whether a reference to `ident` that resolves to nothing should be reported: not
        when a file that failed to load defines it."""
        return ident not in self.failed_ids

    def of_kind(self, model: type) -> list[Loaded]:
        """Loaded files whose model is of this type."""
        return [f for f in self.files if isinstance(f.model, model)]

    @property
    def specifications(self) -> list[Specification]:
        """Every loaded specification."""
        return [f.model for f in self.of_kind(Specification)]

    def item(self, item_id: str) -> AnyItem:
        """The item with this id."""
        return self.items[item_id].model  # type: ignore[no-any-return]

    def rubric(self, question_id: str) -> Rubric | None:
        """The rubric that marks this question, if any."""
        found = self.rubrics.get(question_id)
        return found.model if found else None

    def add(self, loaded: Loaded) -> None:
        """Index one validated file."""
        self.files.append(loaded)
        model, doc = loaded.model, loaded.doc
        if isinstance(model, Bank):
            for i, item in enumerate(model.items):
                where = Located(item, doc, ("items", i))
                self.items.setdefault(item.id, where)
                for j, question in enumerate(questions_of(item)):
                    qpath = ("items", i, "parts", j) if isinstance(item, Scenario) else ("items", i)
                    self.questions.setdefault(question.id, Located(question, doc, qpath))
                    self.parent_of.setdefault(question.id, item.id)
        elif isinstance(model, RubricFile):
            for i, rubric in enumerate(model.rubrics):
                if rubric.item not in self.rubrics:
                    self.rubrics[rubric.item] = Located(rubric, doc, ("rubrics", i))
                    self.synonyms_of[rubric.item] = model.synonyms

    def question(self, question_id: str) -> Question:
        """The question (standalone item or scenario part) with this id."""
        return self.questions[question_id].model  # type: ignore[no-any-return]

    @property
    def papers(self) -> list[Loaded]:
        """Hand-written papers among the loaded files."""
        return self.of_kind(Paper)


def load_content(paths: Iterable[Path], *, strict: bool = True) -> ContentSet:
    """Load every content file under `paths`. With strict, any file error raises at the end."""
    content = ContentSet()
    for path in content_files(paths):
        try:
            content.add(load_file(path))
        except ContentError as exc:
            content.load_findings.extend(exc.findings)
            content.failed_ids |= _ids_in(path)
    if strict and content.load_findings:
        raise ContentError(content.load_findings)
    return content


_ID_LINE = re.compile(r"(?:^|[\s{,-])(?:id|item):\s*[\"']?([A-Za-z0-9][A-Za-z0-9_.\-]*)", re.MULTILINE)


def _ids_in(path: Path) -> set[str]:
    """Ids a failed file defines or marks, read as leniently as possible (even from YAML that
    does not parse), so other files' references to them are not reported twice."""
    try:
        return set(_walk_ids(read_file(path).data))
    except YamlError:
        try:
            return set(_ID_LINE.findall(path.read_text(encoding="utf-8", errors="replace")))
        except OSError:
            return set()


def _walk_ids(data: object) -> Iterable[str]:
    if isinstance(data, dict):
        for key, value in data.items():
            if key in ("id", "item") and isinstance(value, str):
                yield value
            else:
                yield from _walk_ids(value)
    elif isinstance(data, list):
        for value in data:
            yield from _walk_ids(value)
