"""What the results database hands out and takes in: plain frozen records, no SQL.

The store's jobs build and read these; every other module sees results only through them.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field

from csassess.models.script import Answer


@dataclass(frozen=True)
class Current:
    """The current result for a candidate: enough to decide whether to mark again."""

    script_id: int
    content_hash: str
    marking_key: str


@dataclass(frozen=True)
class NewScript:
    """Who a marked script belongs to and where it came from."""

    paper_id: str
    form: str
    centre: str
    candidate: str
    name: str | None
    content_hash: str
    source: str
    previous: int | None
    """The current script this one replaces (a changed script or rubric), if any."""
    late: bool = False
    """Handed in after the time by the offline exam's "mark as late" setting."""
    carried: Mapping[int, int] = field(default_factory=dict)
    """Answer position -> the earlier decision whose mark that answer keeps (see `csassess.carry`)."""


@dataclass(frozen=True)
class StoredAnswer:
    """One answer as stored: the engine's mark and the mark that counts."""

    answer_id: int
    question_id: str
    answer: str | None
    """The candidate's answer as JSON, None when left out."""
    engine_mark: int
    mark: int
    max_mark: int
    needs_review: bool
    decisions: int
    """Examiner decisions behind `mark` (one carried over from an earlier marking counts)."""
    marked_by: str = ""
    """The hash of what marked the question (see `csassess.marking.plan.PaperQuestion`)."""
    last_change: int | None = None
    """The id of the decision `mark` comes from; None when it is the engine's."""


@dataclass(frozen=True)
class CandidateRef:
    """Whose result, on which paper: shared by every record about a candidate's script."""

    paper_id: str
    form: str
    centre: str
    candidate: str
    late: bool
    """Handed in after the time (the offline exam's "mark as late")."""

    @property
    def who(self) -> str:
        """`PAPER/FORM centre C candidate N`, for one-line messages."""
        return f"{self.paper_id}/{self.form} centre {self.centre} candidate {self.candidate}"


@dataclass(frozen=True)
class ScriptRef(CandidateRef):
    """One stored script of a candidate, marked against one frozen paper."""

    script_id: int
    paper_hash: str


@dataclass(frozen=True)
class StoredScript(ScriptRef):
    """A candidate's current result with its answers in paper order."""

    name: str | None
    total: int
    max_total: int
    grade: str
    status: str
    answers: tuple[StoredAnswer, ...]
    content_hash: str = ""
    marking_key: str = ""
    source: str = ""

    def answer_map(self) -> dict[str, Answer]:
        """The candidate's answers by question id, as the marker takes them (left out: absent)."""
        return {a.question_id: json.loads(a.answer) for a in self.answers if a.answer is not None}


@dataclass(frozen=True)
class RunCounts:
    """What one `mark` run did, kept on its row in `runs`."""

    marked: int
    remarked: int
    skipped: int
    set_aside: int


@dataclass(frozen=True)
class Change:
    """An examiner's decision on one answer, as the audit table keeps it."""

    answer_id: int
    new_mark: int
    examiner: str
    role: str
    reason: str
    note: str = ""


@dataclass(frozen=True)
class ChangeResult:
    """What a recorded decision did to the candidate's result."""

    change_id: int
    old_mark: int
    new_mark: int
    total: int
    grade: str


@dataclass(frozen=True)
class QueueEntry(CandidateRef):
    """An answer waiting for an examiner: flagged by the engine, sampled for a second mark, or
    beyond tolerance and waiting for a senior examiner."""

    answer_id: int
    question_id: str
    mark: int
    max_mark: int
    reasons: tuple[str, ...]
    sample_id: int | None = None
    """In the second-marking queue: the sample the answer was drawn in."""
    tolerance: int | None = None
    """In the second-marking queue: how far the second mark may differ from the first."""
    examiner: str | None = None
    """In the second-marking queue: the examiner the sample was drawn for."""


@dataclass(frozen=True)
class Decision:
    """One row of the audit trail of an answer."""

    change_id: int
    old_mark: int
    new_mark: int
    examiner: str
    role: str
    reason: str
    note: str
    changed_at: str
    answer_id: int = 0
    """The answer it was made on: an earlier marking's answer when it was carried over."""


def outcome_of(first: int, second: int, tolerance: int) -> str:
    """How a second mark compares with the first: `exact`, `within` the tolerance, or `beyond` it."""
    difference = abs(first - second)
    if difference == 0:
        return "exact"
    return "within" if difference <= tolerance else "beyond"


@dataclass(frozen=True)
class SecondMark:
    """A second examiner's mark on a sampled answer, compared with the mark it checked."""

    mark_id: int
    sample_id: int
    answer_id: int
    question_id: str
    first_mark: int
    first_marker: str
    """The examiner behind the first mark, or `engine`."""
    second_mark: int
    examiner: str
    tolerance: int
    outcome: str
    """`exact`, `within` (the tolerance) or `beyond` (sent to a senior examiner)."""
    note: str
    marked_at: str


@dataclass(frozen=True)
class AnswerDetail(ScriptRef):
    """Everything stored about one answer: the candidate's words, the engine's judgement and
    every examiner decision and second mark on it."""

    answer_id: int
    current: bool
    question_id: str
    answer: str | None
    """The candidate's words (chosen options joined with ", "), None when left out."""
    engine_mark: int
    mark: int
    max_mark: int
    needs_review: bool
    confidence: float
    level: int | None
    points: list[dict[str, object]]
    reasons: list[tuple[str, str]]
    decisions: list[Decision]
    second_marks: list[SecondMark] = field(default_factory=list)


@dataclass(frozen=True)
class SampleAnswer:
    """One answer of the second-marking population: what sampling looks at."""

    answer_id: int
    question_key: tuple[str, str]
    """(paper hash, question id): the item, as tolerances and coverage see it."""
    centre: str
    mark: int
    max_mark: int


@dataclass(frozen=True)
class Sample:
    """A drawn second-marking sample."""

    sample_id: int
    examiner: str
    seed: int
    share: float
    tolerance: int | None
    population: int
    drawn_at: str
    random: int
    coverage: int


@dataclass(frozen=True)
class Pair:
    """A first and a second mark of one answer, for agreement figures."""

    sample_id: int
    question_id: str
    first_mark: int
    second_mark: int
    tolerance: int
    outcome: str


@dataclass(frozen=True)
class AnswerEvidence:
    """What the engine found in one answer, beyond its mark: for feedback and item statistics."""

    answer_id: int
    points: str
    """The point results as stored (a JSON list; see `csassess.store.marked.AnswerRow`)."""
    misconceptions: str | None
    level: int | None
    reasons: tuple[str, ...]
    """Codes of the reasons the engine sent the answer to review."""


@dataclass(frozen=True)
class ChangeFact:
    """An examiner decision on a current answer, with where it happened: for marking quality."""

    answer_id: int
    centre: str
    question_id: str
    engine_mark: int
    old_mark: int
    new_mark: int
    examiner: str
    role: str
    reason: str


@dataclass(frozen=True)
class SecondFact:
    """The latest second mark of a current answer in one sample, with where it happened."""

    answer_id: int
    centre: str
    question_id: str
    first_mark: int
    second_mark: int
    tolerance: int
    outcome: str
