"""The columns several jobs of the store select, and the records made from their rows.

Every column is named (`AS`), and rows are `sqlite3.Row`: a record reads each value by its
name, so adding or reordering a column can never shift a value into the wrong field.
"""

from __future__ import annotations

import itertools
import sqlite3
from collections.abc import Iterable, Iterator
from typing import Any

from csassess.store.records import QueueEntry, SecondMark, StoredAnswer, StoredScript


def named(table: str, *columns: str) -> str:
    """`t.a AS a, t.b AS b`: columns selected under their own names."""
    return ", ".join(f"{table}.{column} AS {column}" for column in columns)


SCRIPT_COLUMNS = (
    "SELECT s.id AS script_id, "
    + named(
        "s",
        *("paper_hash", "paper_id", "form", "centre", "candidate", "late", "name", "total", "max_total"),
        *("grade", "status", "content_hash", "marking_key", "source"),
    )
    + ", "
    + named(
        "m",
        *("answer_id", "question_id", "answer", "engine_mark", "mark", "max_mark", "needs_review"),
        *("decisions", "marked_by", "last_change"),
    )
    + " FROM scripts s LEFT JOIN answer_marks m ON m.script_id = s.id "
)
"""A script with its answers (the marks that count), one row per answer."""
SCRIPT_ORDER = " ORDER BY s.paper_id, s.form, s.centre, s.candidate, s.id, m.position"

QUEUE_COLUMNS = (
    "SELECT "
    + named("m", "answer_id", "question_id", "mark", "max_mark")
    + ", "
    + named("s", "paper_id", "form", "centre", "candidate", "late")
    + ", (SELECT group_concat(code, ',') FROM review_reasons r WHERE r.answer_id = m.answer_id) AS reasons"
)
"""An answer waiting for an examiner; the caller adds FROM (`m` answer_marks, `s` scripts)."""
QUEUE_ORDER = " ORDER BY s.paper_id, s.form, s.centre, s.candidate, m.position"

SECOND_COLUMNS = (
    "SELECT sm.id AS mark_id, "
    + named("sm", "sample_id", "answer_id", "first_mark", "first_marker", "second_mark", "examiner")
    + ", "
    + named("sm", "tolerance", "outcome", "note", "marked_at")
    + ", a.question_id AS question_id "
    "FROM second_marks sm JOIN answers a ON a.id = sm.answer_id "
)
"""A second mark and the question it is on."""
LATEST_SECOND = (
    "sm.id = (SELECT MAX(x.id) FROM second_marks x "
    "WHERE x.sample_id = sm.sample_id AND x.answer_id = sm.answer_id)"
)
"""Whether `sm` is the latest second mark of its sample and answer."""


def reason_codes(joined: str | None) -> tuple[str, ...]:
    """Review reason codes from `group_concat(code, ',')`, each once, in order."""
    return tuple(c for c in dict.fromkeys(str(joined or "").split(",")) if c)


def candidate_fields(row: sqlite3.Row) -> dict[str, Any]:
    """The `CandidateRef` fields of a row that selects them (`late` stored as 0 or 1)."""
    return {
        "paper_id": row["paper_id"],
        "form": row["form"],
        "centre": row["centre"],
        "candidate": row["candidate"],
        "late": bool(row["late"]),
    }


def stored_scripts(rows: Iterable[sqlite3.Row]) -> Iterator[StoredScript]:
    """Scripts from rows of `SCRIPT_COLUMNS`, one row per answer, grouped by script."""
    for _, group in itertools.groupby(rows, key=lambda r: r["script_id"]):
        first, *rest = list(group)
        answers = tuple(stored_answer(r) for r in (first, *rest) if r["answer_id"] is not None)
        yield StoredScript(
            **candidate_fields(first),
            script_id=first["script_id"],
            paper_hash=first["paper_hash"],
            name=first["name"],
            total=first["total"],
            max_total=first["max_total"],
            grade=first["grade"],
            status=first["status"],
            answers=answers,
            content_hash=first["content_hash"],
            marking_key=first["marking_key"],
            source=first["source"],
        )


def stored_answer(row: sqlite3.Row) -> StoredAnswer:
    """One answer of a row of `SCRIPT_COLUMNS`."""
    last = row["last_change"]
    return StoredAnswer(
        answer_id=int(row["answer_id"]),
        question_id=str(row["question_id"]),
        answer=row["answer"],
        engine_mark=int(row["engine_mark"]),
        mark=int(row["mark"]),
        max_mark=int(row["max_mark"]),
        needs_review=bool(row["needs_review"]),
        decisions=int(row["decisions"]),
        marked_by=str(row["marked_by"]),
        last_change=None if last is None else int(last),
    )


def queue_entry(row: sqlite3.Row, **extra: Any) -> QueueEntry:
    """A row of `QUEUE_COLUMNS` as a queue entry (`extra`: what the second-marking queue adds)."""
    return QueueEntry(
        **candidate_fields(row),
        answer_id=row["answer_id"],
        question_id=row["question_id"],
        mark=row["mark"],
        max_mark=row["max_mark"],
        reasons=reason_codes(row["reasons"]),
        **extra,
    )


def second_mark(row: sqlite3.Row) -> SecondMark:
    """A row of `SECOND_COLUMNS` as a second mark."""
    return SecondMark(**row)
