"""The harder SAF protocols: rubrics made mechanically from the reference answers, and
calibration from a seeded standardisation sample of 30 answers per question.

Used by `saf_agreement.py`; nothing here reads the answers to write a rubric, except the
calibration protocol, which reads only its sample (as an awarding body's examiners would).
"""

from __future__ import annotations

import random
import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import replace

from csassess.calibration.patch import apply_patch
from csassess.calibration.sample import SampleRow
from csassess.calibration.suggest import Calibration, Settings, calibrate
from csassess.content.contentset import ContentSet, Located
from csassess.content.rubric_lint import words_of
from csassess.marking.lexicon import STOPWORDS
from csassess.models.items import Question
from csassess.models.rubric import MarkingPoint, Rubric, Rule

SAMPLE_SIZE = 30
MAX_PHRASE = 200
_SENTENCE = re.compile(r"(?<=[.!?;:])\s+|\n+")
_CLAUSE = re.compile(r",\s+|\s+-\s+|\(|\)")


def clauses(reference: str) -> list[str]:
    """The reference answer cut into sentences, then clauses, each with a content word."""
    out = []
    for sentence in _SENTENCE.split(reference):
        for clause in _CLAUSE.split(sentence):
            text = clause.strip(" .;:!?\"'")
            if any(w not in STOPWORDS for w in words_of(text)):
                out.append(_clip(text))
    return list(dict.fromkeys(out))


def _clip(text: str) -> str:
    if len(text) <= MAX_PHRASE:
        return text
    return text[:MAX_PHRASE].rsplit(" ", 1)[0]


def mechanical_rubric(question: Question, references: Sequence[str]) -> Rubric:
    """One point per clause of the reference answers, its evidence that clause verbatim, one mark
    each up to the question's marks: what an author who does not know the engine would write."""
    texts = [c for reference in references for c in clauses(reference)]
    points = [
        MarkingPoint(id=f"ref-{n}", text=text, evidence=[text], feedback="See the reference answer.")
        for n, text in enumerate(texts, start=1)
    ]
    rule = Rule(kind="each", points=[p.id for p in points], cap=question.marks)
    return Rubric(item=question.id, version=1, marking_points=points, rules=[rule])


def with_rubrics(content: ContentSet, rubrics: dict[str, Rubric]) -> ContentSet:
    """The content with these rubrics (and no word groups) in place of its own."""
    located = {
        qid: Located(rubric, content.rubrics[qid].doc, content.rubrics[qid].path)
        for qid, rubric in rubrics.items()
    }
    return replace(content, rubrics=located, synonyms_of={qid: {} for qid in rubrics})


def split_sample(rows: Sequence[SampleRow], seed: int) -> tuple[list[SampleRow], list[SampleRow]]:
    """Per question, a seeded draw of SAMPLE_SIZE answers as the sample; the rest held out."""
    by_item: dict[str, list[SampleRow]] = defaultdict(list)
    for row in rows:
        by_item[row.item].append(row)
    rng = random.Random(seed)
    sample, held = [], []
    for item in sorted(by_item):
        answers = by_item[item]
        chosen = set(rng.sample(range(len(answers)), min(SAMPLE_SIZE, len(answers))))
        for i, row in enumerate(answers):
            (sample if i in chosen else held).append(row)
    return sample, held


def calibrated(
    content: ContentSet, sample: Sequence[SampleRow], *, fuzzy: bool
) -> tuple[dict[str, Rubric], Calibration]:
    """Every question's rubric with every suggestion from the sample accepted."""
    result = calibrate(content, sample, Settings(fuzzy=fuzzy), source="SAF sample")
    rubrics = {qid: where.model for qid, where in content.rubrics.items()}
    assert result.patch is not None
    return apply_patch(rubrics, result.patch), result
