"""What the interop readers return and the writers take: banks, rubric files, paper outlines.

A neutral shape keeps every format's reader and writer small and makes round trips easy to
check: export a `BankContent`, import it back, compare the models.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from csassess.content.contentset import load_content
from csassess.findings import CsassessError
from csassess.marking.plan import load_frozen
from csassess.models import Bank, Paper, RubricFile
from csassess.models.items import AnyItem, Question, questions_of
from csassess.models.rubric import Rubric

IMPORTED_SPEC = "IMPORTED"
"""The specification id of items whose outcomes a foreign file did not give."""
UNMAPPED_OUTCOME = "LO-UNMAPPED"


@dataclass(frozen=True)
class OutlineSection:
    """A section of a paper to export: its title and the ids of its items, in order."""

    id: str
    title: str
    instructions: str | None
    items: tuple[str, ...]


@dataclass(frozen=True)
class PaperOutline:
    """The order of a paper or frozen form, written as a QTI assessment test."""

    id: str
    title: str
    sections: tuple[OutlineSection, ...]


@dataclass
class BankContent:
    """Items in their banks, the rubrics that mark them, and any paper order."""

    banks: list[Bank] = field(default_factory=list)
    rubric_files: list[RubricFile] = field(default_factory=list)
    papers: list[PaperOutline] = field(default_factory=list)

    def items(self) -> Iterator[tuple[Bank, AnyItem]]:
        """Every item with its bank, in bank order."""
        for bank in self.banks:
            for item in bank.items:
                yield bank, item

    def rubric_index(self) -> dict[str, tuple[RubricFile, Rubric]]:
        """Question id -> (its rubric file, its rubric)."""
        return {r.item: (f, r) for f in self.rubric_files for r in f.rubrics}

    def questions(self) -> Iterator[Question]:
        """Every markable question, in bank order."""
        for _, item in self.items():
            yield from questions_of(item)


class ExportInputError(CsassessError):
    """Nothing to export in the given paths."""


def _outline(paper: Paper) -> PaperOutline:
    sections = tuple(OutlineSection(s.id, s.title, s.instructions, tuple(s.items)) for s in paper.sections)
    return PaperOutline(f"{paper.id}-{paper.form}", paper.title, sections)


def content_to_export(paths: Iterable[Path]) -> BankContent:
    """Banks and rubrics (and papers) under `paths`, or one frozen form's content."""
    paths = list(paths)
    if len(paths) == 1 and paths[0].suffix.lower() == ".json":
        frozen = load_frozen(paths[0])
        items = [fi.item for s in frozen.sections for fi in s.items]
        rubrics = [r for s in frozen.sections for fi in s.items for r in fi.rubrics.values()]
        synonyms = next((fi.synonyms for s in frozen.sections for fi in s.items if fi.synonyms), {})
        bank = Bank(
            kind="bank", id=frozen.id, title=frozen.title, specification=frozen.specification, items=items
        )
        files = (
            [RubricFile(kind="rubrics", id=f"{frozen.id}-rubrics", synonyms=synonyms, rubrics=rubrics)]
            if rubrics
            else []
        )
        sections = tuple(
            OutlineSection(s.id, s.title, s.instructions, tuple(fi.item.id for fi in s.items))
            for s in frozen.sections
        )
        return BankContent(
            [bank], files, [PaperOutline(f"{frozen.id}-{frozen.form}", frozen.title, sections)]
        )
    loaded = load_content(paths)
    result = BankContent(
        banks=[f.model for f in loaded.of_kind(Bank)],
        rubric_files=[f.model for f in loaded.of_kind(RubricFile)],
        papers=[_outline(f.model) for f in loaded.papers],
    )
    if not result.banks:
        raise ExportInputError(f"{', '.join(map(str, paths))}: no bank, paper or frozen form to export")
    return result
