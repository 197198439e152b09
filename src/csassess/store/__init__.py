"""The results database: the only package that knows SQL.

`schema` holds the tables, views and triggers as numbered migrations; `database` opens a file
(pragmas, transactions, migrations); one module per job over that connection: `scripts` (runs,
which candidates to mark, writing and reading marked scripts), `decisions` (the review queue
and examiners' changes, guarded by `examiners`), `samples` (second marking) and `queries`
(what reports read); `rows` decodes shared rows by column name; `core.Store` is all the jobs
at once. `records` are the plain records handed out and taken in, `marked` what marking one
script produces. Import these names from `csassess.store`.
"""

from csassess.store.core import Store
from csassess.store.database import StoreError
from csassess.store.marked import (
    MARK,
    MAX_MARK,
    QUESTION_ID,
    AnswerRow,
    MarkedScript,
    NotMarked,
    ReasonRow,
)
from csassess.store.records import (
    AnswerDetail,
    AnswerEvidence,
    CandidateRef,
    Change,
    ChangeFact,
    ChangeResult,
    Current,
    Decision,
    NewScript,
    Pair,
    QueueEntry,
    RunCounts,
    Sample,
    SampleAnswer,
    ScriptRef,
    SecondFact,
    SecondMark,
    StoredAnswer,
    StoredScript,
    outcome_of,
)
from csassess.store.schema import (
    CHANGE_REASONS,
    DECISION_ROLES,
    MIGRATIONS,
    OUTCOMES,
    ROLES,
    SCHEMA_VERSION,
    statements,
)

__all__ = [
    "CHANGE_REASONS",
    "DECISION_ROLES",
    "MARK",
    "MAX_MARK",
    "MIGRATIONS",
    "OUTCOMES",
    "QUESTION_ID",
    "ROLES",
    "SCHEMA_VERSION",
    "AnswerDetail",
    "AnswerEvidence",
    "AnswerRow",
    "CandidateRef",
    "Change",
    "ChangeFact",
    "ChangeResult",
    "Current",
    "Decision",
    "MarkedScript",
    "NewScript",
    "NotMarked",
    "Pair",
    "QueueEntry",
    "ReasonRow",
    "RunCounts",
    "Sample",
    "SampleAnswer",
    "ScriptRef",
    "SecondFact",
    "SecondMark",
    "Store",
    "StoreError",
    "StoredAnswer",
    "StoredScript",
    "outcome_of",
    "statements",
]
