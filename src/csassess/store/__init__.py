"""The results database: the only package that knows SQL.

`schema` holds the tables, views and triggers as numbered migrations; `database` opens a file
(pragmas, transactions, migrations); one module per job over that connection: `scripts` (runs,
which candidates to mark, writing and reading marked scripts), `decisions` (the review queue
and examiners' changes, guarded by `examiners`), `samples` (second marking) and `queries`
(what reports read); `rows` decodes shared rows by column name; `core.Store` is all the jobs
at once. `records` are the plain records handed out and taken in, `marked` what marking one
script produces. Import these names from `csassess.store`; they load on first use (PEP 562),
so the CLI reads `schema`'s constants without loading the store.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from csassess import lazy_names

if TYPE_CHECKING:
    from csassess.store.core import Store
    from csassess.store.database import (
        NoDatabaseError,
        SchemaTooOldError,
        SecondMarkRoleError,
        StoreError,
    )
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

_PUBLIC = {
    "Store": "csassess.store.core",
    "NoDatabaseError": "csassess.store.database",
    "SchemaTooOldError": "csassess.store.database",
    "SecondMarkRoleError": "csassess.store.database",
    "StoreError": "csassess.store.database",
    "MARK": "csassess.store.marked",
    "MAX_MARK": "csassess.store.marked",
    "QUESTION_ID": "csassess.store.marked",
    "AnswerRow": "csassess.store.marked",
    "MarkedScript": "csassess.store.marked",
    "NotMarked": "csassess.store.marked",
    "ReasonRow": "csassess.store.marked",
    "AnswerDetail": "csassess.store.records",
    "AnswerEvidence": "csassess.store.records",
    "CandidateRef": "csassess.store.records",
    "Change": "csassess.store.records",
    "ChangeFact": "csassess.store.records",
    "ChangeResult": "csassess.store.records",
    "Current": "csassess.store.records",
    "Decision": "csassess.store.records",
    "NewScript": "csassess.store.records",
    "Pair": "csassess.store.records",
    "QueueEntry": "csassess.store.records",
    "RunCounts": "csassess.store.records",
    "Sample": "csassess.store.records",
    "SampleAnswer": "csassess.store.records",
    "ScriptRef": "csassess.store.records",
    "SecondFact": "csassess.store.records",
    "SecondMark": "csassess.store.records",
    "StoredAnswer": "csassess.store.records",
    "StoredScript": "csassess.store.records",
    "outcome_of": "csassess.store.records",
    "CHANGE_REASONS": "csassess.store.schema",
    "DECISION_ROLES": "csassess.store.schema",
    "MIGRATIONS": "csassess.store.schema",
    "OUTCOMES": "csassess.store.schema",
    "ROLES": "csassess.store.schema",
    "SCHEMA_VERSION": "csassess.store.schema",
    "statements": "csassess.store.schema",
}
"""Public name -> the module that defines it."""

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
    "NoDatabaseError",
    "NotMarked",
    "Pair",
    "QueueEntry",
    "ReasonRow",
    "RunCounts",
    "Sample",
    "SampleAnswer",
    "SchemaTooOldError",
    "ScriptRef",
    "SecondFact",
    "SecondMark",
    "SecondMarkRoleError",
    "Store",
    "StoreError",
    "StoredAnswer",
    "StoredScript",
    "outcome_of",
    "statements",
]


__getattr__, __dir__ = lazy_names(__name__, _PUBLIC)
