"""The results database: the only module that knows the SQL schema.

SQLite from the standard library, in WAL mode with synchronous=FULL and foreign keys on. The
batch writes each chunk of scripts in one transaction, so a process killed at any moment
leaves whole chunks or nothing, and a rerun marks each missing script exactly once.

History is never deleted. A re-marked script gets a new row and the old row stops being
`current` (pointing at its successor); the database itself refuses to delete scripts or
answers, to change an engine mark, or to touch the append-only `mark_changes` audit table.
A candidate's marks are the engine's, or the latest examiner decision where there is one
(the `answer_marks` view); a script's stored total and grade follow those.

Point results are kept for points that were credited or had evidence (named but not
explained, or negated); a point without a row earned nothing and matched no words. They are
stored as one JSON list per answer and read through the `point_results` view (one row per
answer and point): one insert per answer instead of one per point more than halves the
writing the single writer does, which is what lets marking scale with worker processes.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import itertools
import json
import sqlite3
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import Any

from csassess import __version__
from csassess.findings import CsassessError
from csassess.intake.model import SetAside
from csassess.models import FrozenPaper
from csassess.store.marked import MarkedScript
from csassess.store.records import (
    AnswerDetail,
    Change,
    ChangeResult,
    Current,
    Decision,
    NewScript,
    Pair,
    QueueEntry,
    RunCounts,
    Sample,
    SampleAnswer,
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
    "OUTCOMES",
    "ROLES",
    "SCHEMA_VERSION",
    "AnswerDetail",
    "Change",
    "ChangeResult",
    "Current",
    "Decision",
    "NewScript",
    "Pair",
    "QueueEntry",
    "RunCounts",
    "Sample",
    "SampleAnswer",
    "SecondMark",
    "Store",
    "StoreError",
    "StoredAnswer",
    "StoredScript",
]


class StoreError(CsassessError):
    """The results database cannot be used (one line saying why)."""


class NoDatabaseError(StoreError):
    """There is no results database where one was expected."""


class SchemaTooOldError(StoreError):
    """A database opened read-only is at an older schema; only a writer may upgrade it."""

    def __init__(self, message: str, path: Path) -> None:
        super().__init__(message)
        self.path = path


class SecondMarkRoleError(StoreError):
    """A decision was recorded under a second-marking role, which records second marks instead."""


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def examiner_key(name: str) -> str:
    """An examiner's name as compared: case and spacing do not make another person."""
    return " ".join(name.split()).casefold()


def _sample_rank(seed: int, answer_id: int) -> int:
    """A fixed pseudo-random place of an answer in the sampling order of `seed`."""
    digest = hashlib.sha256(f"{seed}:{answer_id}".encode()).digest()
    return int.from_bytes(digest[:7], "big")  # 56 bits: within SQLite's signed 64-bit integers


PAGE_SIZE = 8192
"""Bytes a database page holds, set when a results database is created."""

_SCRIPT_COLUMNS = (
    "SELECT s.id, s.paper_hash, s.paper_id, s.form, s.centre, s.candidate, s.late, s.name, s.total, "
    "s.max_total, s.grade, s.status, s.content_hash, s.marking_key, s.source, "
    "m.answer_id, m.question_id, m.answer, m.engine_mark, m.mark, m.max_mark, m.needs_review, m.decisions, "
    "m.marked_by, m.last_change "
    "FROM scripts s LEFT JOIN answer_marks m ON m.script_id = s.id "
)
_SCRIPT_ORDER = " ORDER BY s.paper_id, s.form, s.centre, s.candidate, s.id, m.position"
_QUEUE_COLUMNS = (
    "SELECT m.answer_id, s.paper_id, s.form, s.centre, s.candidate, m.question_id, m.mark, m.max_mark, "
    "(SELECT group_concat(code, ',') FROM review_reasons r WHERE r.answer_id = m.answer_id), s.late"
)
_QUEUE_ORDER = " ORDER BY s.paper_id, s.form, s.centre, s.candidate, m.position"
_SECOND_COLUMNS = (
    "SELECT sm.id, sm.sample_id, sm.answer_id, a.question_id, sm.first_mark, sm.first_marker, "
    "sm.second_mark, sm.examiner, sm.tolerance, sm.outcome, sm.note, sm.marked_at "
    "FROM second_marks sm JOIN answers a ON a.id = sm.answer_id "
)


def _stored_scripts(rows: Iterable[Any]) -> Iterator[StoredScript]:
    """Scripts from rows of `_SCRIPT_COLUMNS`, one row per answer, grouped by script."""
    for _, group in itertools.groupby(rows, key=lambda r: r[0]):
        first, *rest = list(group)
        answers = tuple(_stored_answer(r) for r in (first, *rest) if r[15] is not None)
        script_id, paper_hash, paper_id, form, centre, candidate, late, name, total, maximum, grade = first[
            :11
        ]
        yield StoredScript(
            paper_id=paper_id,
            form=form,
            centre=centre,
            candidate=candidate,
            late=bool(late),
            script_id=script_id,
            paper_hash=paper_hash,
            name=name,
            total=total,
            max_total=maximum,
            grade=grade,
            status=first[11],
            answers=answers,
            content_hash=first[12],
            marking_key=first[13],
            source=first[14],
        )


def _stored_answer(r: Any) -> StoredAnswer:
    answer_id, qid, answer, engine, mark, maximum, review, decisions, marked_by, last = r[15:]
    return StoredAnswer(
        answer_id=int(answer_id),
        question_id=str(qid),
        answer=answer,
        engine_mark=int(engine),
        mark=int(mark),
        max_mark=int(maximum),
        needs_review=bool(review),
        decisions=int(decisions),
        marked_by=str(marked_by),
        last_change=None if last is None else int(last),
    )


def _queue_entry(row: Sequence[Any], **extra: Any) -> QueueEntry:
    answer_id, paper_id, form, centre, candidate, question_id, mark, maximum, codes, late = row
    return QueueEntry(
        paper_id=paper_id,
        form=form,
        centre=centre,
        candidate=candidate,
        late=bool(late),
        answer_id=answer_id,
        question_id=question_id,
        mark=mark,
        max_mark=maximum,
        reasons=tuple(c for c in dict.fromkeys(str(codes or "").split(",")) if c),
        **extra,
    )


class Store:
    """An open results database; use as a context manager.

    `read_only` opens it so that SQLite itself refuses every write (dry runs); the file must
    exist and be at the current schema.
    """

    def __init__(self, path: Path, *, create: bool = True, read_only: bool = False) -> None:
        self.path = path
        if (read_only or not create) and not path.is_file():
            raise NoDatabaseError(f"{path}: no such results database")
        new_file = not read_only and (not path.exists() or path.stat().st_size == 0)
        try:
            if read_only:
                uri = f"{path.resolve().as_uri()}?mode=ro"
                self.db = sqlite3.connect(uri, uri=True, isolation_level=None)
            else:
                self.db = sqlite3.connect(path, isolation_level=None)  # we manage transactions
        except sqlite3.Error as exc:
            raise StoreError(f"{path}: cannot open the results database: {exc}") from exc
        try:
            if new_file:
                # answer rows run to a kilobyte or so (text and evidence): larger pages hold
                # more of them, and writing them costs measurably less CPU than at 4 KiB
                self.db.execute(f"PRAGMA page_size = {PAGE_SIZE}")
            if not read_only:
                self.db.execute("PRAGMA journal_mode = WAL")
                self.db.execute("PRAGMA synchronous = FULL")
            self.db.execute("PRAGMA foreign_keys = ON")
            self.db.execute("PRAGMA busy_timeout = 10000")
            if read_only:
                self._checked_version(read_only=True)
            else:
                self.migrate()
            self.db.execute(
                "CREATE TEMP TABLE IF NOT EXISTS seen (key TEXT PRIMARY KEY, source TEXT NOT NULL) "
                "WITHOUT ROWID"
            )
            self.db.create_function("sample_rank", 2, _sample_rank, deterministic=True)
        except (sqlite3.DatabaseError, StoreError) as exc:
            self.db.close()
            if isinstance(exc, StoreError):
                raise
            raise StoreError(f"{path}: cannot use as a results database: {exc}") from exc

    def __enter__(self) -> Store:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def close(self) -> None:
        """Close the connection (WAL content stays safe on disk)."""
        self.db.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One write transaction: all of it is committed, or none of it.

        A database failure (disk full, locked too long) becomes one StoreError line.
        """
        try:
            self.db.execute("BEGIN IMMEDIATE")
            try:
                yield self.db
            except BaseException:
                if self.db.in_transaction:
                    self.db.execute("ROLLBACK")
                raise
            self.db.execute("COMMIT")
        except sqlite3.Error as exc:
            raise StoreError(f"{self.path}: {exc}") from exc

    # --- schema -------------------------------------------------------------------------

    def schema_version(self) -> int:
        """The schema version of this database (0 for a new, empty file)."""
        exists = self.db.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_version'"
        ).fetchone()
        if not exists:
            return 0
        return int(self.db.execute("SELECT version FROM schema_version").fetchone()[0])

    def _checked_version(self, *, read_only: bool) -> int:
        """The schema version, refused when newer than this csassess (or older, read-only)."""
        version = self.schema_version()
        if version > SCHEMA_VERSION:
            raise StoreError(
                f"{self.path} was written by a newer csassess (schema {version}, this one knows "
                f"{SCHEMA_VERSION}); upgrade csassess to use it"
            )
        if read_only and version < SCHEMA_VERSION:
            raise SchemaTooOldError(
                f"{self.path} is at results schema {version} and a dry run writes nothing, not even "
                f"the upgrade to {SCHEMA_VERSION}",
                self.path,
            )
        return version

    def migrate(self) -> None:
        """Bring the schema up to date, one migration per transaction."""
        version = self._checked_version(read_only=False)
        for number in range(version, SCHEMA_VERSION):
            with self.transaction() as db:
                if self.schema_version() != number:  # another process migrated it meanwhile
                    continue
                for statement in statements(MIGRATIONS[number]):
                    db.execute(statement)
                db.execute("UPDATE schema_version SET version = ?", (number + 1,))

    # --- runs and papers ----------------------------------------------------------------

    def save_paper(self, paper: FrozenPaper, marking_key: str) -> None:
        """Keep the frozen paper, so results can be verified and re-marked from this file."""
        with self.transaction() as db:
            db.execute(
                "INSERT OR IGNORE INTO papers VALUES (?, ?, ?, ?, ?, ?, ?)",
                (
                    paper.content_hash,
                    paper.id,
                    paper.form,
                    marking_key,
                    paper.total_marks,
                    json.dumps(paper.model_dump(mode="json"), ensure_ascii=False),
                    _now(),
                ),
            )

    def paper_bodies(self) -> list[tuple[str, str]]:
        """(hash, frozen paper JSON) of every paper that has current results."""
        rows = self.db.execute(
            "SELECT hash, body FROM papers WHERE hash IN (SELECT DISTINCT paper_hash FROM scripts "
            "WHERE current = 1) ORDER BY paper_id, form, added_at"
        )
        return [(str(h), str(b)) for h, b in rows]

    def begin_run(self, paper_hash: str, workers: int, sources: Sequence[str]) -> int:
        """Record the start of a marking run and return its id."""
        with self.transaction() as db:
            cursor = db.execute(
                "INSERT INTO runs (paper_hash, started_at, engine_version, workers, sources) "
                "VALUES (?, ?, ?, ?, ?)",
                (paper_hash, _now(), __version__, workers, json.dumps(list(sources), ensure_ascii=False)),
            )
        return int(cursor.lastrowid or 0)

    def finish_run(self, run_id: int, counts: RunCounts) -> None:
        """Record that a run reached its end (a killed run keeps finished_at empty)."""
        with self.transaction() as db:
            db.execute(
                "UPDATE runs SET finished_at = ?, marked = ?, remarked = ?, skipped = ?, set_aside = ? "
                "WHERE id = ?",
                (_now(), counts.marked, counts.remarked, counts.skipped, counts.set_aside, run_id),
            )

    # --- deciding what to mark ----------------------------------------------------------

    def claim(self, paper_id: str, form: str, centre: str, candidate: str, source: str) -> str | None:
        """None when this candidate is new to this run; else where the run first saw them.

        Kept in a temporary table on disk, so memory stays flat however many candidates.
        """
        key = "\x1f".join((paper_id, form, centre, candidate))  # identifiers: never hold \x1f
        cursor = self.db.execute("INSERT OR IGNORE INTO temp.seen VALUES (?, ?)", (key, source))
        if cursor.rowcount == 1:
            return None
        return str(self.db.execute("SELECT source FROM temp.seen WHERE key = ?", (key,)).fetchone()[0])

    def current(self, paper_id: str, form: str, centre: str, candidate: str) -> Current | None:
        """The candidate's current result, if they have one."""
        row = self.db.execute(
            "SELECT id, content_hash, marking_key FROM scripts WHERE paper_id = ? AND form = ? "
            "AND centre = ? AND candidate = ? AND current = 1",
            (paper_id, form, centre, candidate),
        ).fetchone()
        return Current(int(row[0]), str(row[1]), str(row[2])) if row else None

    # --- writing results ----------------------------------------------------------------

    def write_chunk(
        self,
        run_id: int,
        paper_hash: str,
        marking_key: str,
        scripts: Sequence[tuple[NewScript, MarkedScript]],
        set_aside: Sequence[SetAside] = (),
    ) -> None:
        """Write marked scripts and set-aside records in one transaction."""
        now = _now()
        with self.transaction() as db:
            # BEGIN IMMEDIATE holds the write lock, so ids numbered from the current maxima
            # cannot collide; numbering them here lets every row go in with executemany.
            script_id = int(db.execute("SELECT COALESCE(MAX(id), 0) FROM scripts").fetchone()[0])
            answer_id = int(db.execute("SELECT COALESCE(MAX(id), 0) FROM answers").fetchone()[0])
            script_rows, answer_rows, reason_rows = [], [], []
            replaced: list[tuple[int, int]] = []
            for meta, marked in scripts:
                script_id += 1
                if meta.previous is not None:
                    replaced.append((script_id, meta.previous))
                script_rows.append(
                    (
                        script_id,
                        run_id,
                        paper_hash,
                        marking_key,
                        meta.paper_id,
                        meta.form,
                        meta.centre,
                        meta.candidate,
                        meta.name,
                        meta.content_hash,
                        meta.source,
                        "review" if marked.review_count else "marked",
                        marked.total,
                        marked.max_total,
                        marked.grade,
                        now,
                        int(meta.late),  # see results.AnswerRow on bools
                    )
                )
                # answer ids follow positions (0..n-1 on every script), so rows that name a
                # position find their answer's id by adding it to this script's base
                base = answer_id + 1
                carried = meta.carried
                answer_rows += [
                    (base + row[1], script_id, *row, __version__, carried.get(row[1]))
                    for row in marked.answers
                ]
                reason_rows += [(base + row[0], *row[1:]) for row in marked.reasons]
                answer_id += len(marked.answers)
            for _, old in replaced:
                cursor = db.execute("UPDATE scripts SET current = 0 WHERE id = ? AND current = 1", (old,))
                if cursor.rowcount != 1:
                    raise StoreError(f"script {old} was replaced by another process while marking; rerun")
            db.executemany(
                "INSERT INTO scripts (id, run_id, paper_hash, marking_key, paper_id, form, centre, "
                "candidate, name, content_hash, source, status, total, max_total, grade, marked_at, late) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                script_rows,
            )
            db.executemany("UPDATE scripts SET superseded_by = ? WHERE id = ?", replaced)
            db.executemany(
                "INSERT INTO answers (id, script_id, question_id, position, answer, mark, max_mark, "
                "needs_review, confidence, level, misconceptions, marked_by, points, engine_version, "
                "decided_from) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                answer_rows,
            )
            db.executemany(
                "INSERT INTO review_reasons (answer_id, code, message) VALUES (?, ?, ?)", reason_rows
            )
            db.executemany(
                "INSERT INTO set_aside (run_id, source, line, unit, field, reason) VALUES (?, ?, ?, ?, ?, ?)",
                [(run_id, s.source, s.line_or_row, s.unit, s.field, s.reason) for s in set_aside],
            )

    def _refuse_own_marking(self, answer_id: int, examiner: str) -> None:
        """Nobody reviews, second-marks or moderates an answer they have already marked."""
        rows = self.db.execute(
            "SELECT examiner, 'decision ' || id FROM mark_changes WHERE answer_id = ?1 "
            "UNION ALL SELECT m.examiner, 'decision ' || m.id || ', carried over from an earlier marking' "
            "FROM answers a JOIN mark_changes m ON m.id = a.decided_from WHERE a.id = ?1 "
            "UNION ALL SELECT examiner, 'second mark ' || id FROM second_marks WHERE answer_id = ?1",
            (answer_id,),
        )
        key = examiner_key(examiner)
        for name, what in rows:
            if examiner_key(str(name)) == key:
                raise StoreError(
                    f"{examiner} already marked answer {answer_id} ({what}): nobody reviews or "
                    "second-marks their own marking; ask another examiner"
                )

    def _answer_for_change(self, answer_id: int, examiner: str) -> tuple[int, int, int, int | None]:
        """(script id, the mark that counts, maximum, the decision it comes from) of a current
        answer that this examiner may mark."""
        if not examiner.strip():
            raise StoreError("say who the examiner is")
        row = self.db.execute(
            "SELECT m.script_id, m.mark, m.max_mark, m.last_change, s.current FROM answer_marks m "
            "JOIN scripts s ON s.id = m.script_id WHERE m.answer_id = ?",
            (answer_id,),
        ).fetchone()
        if row is None:
            raise StoreError(f"no answer {answer_id} in {self.path}")
        script_id, mark, maximum, last, current = row
        if not current:
            raise StoreError(f"answer {answer_id} is from a superseded script; mark the current one")
        self._refuse_own_marking(answer_id, examiner)
        return int(script_id), int(mark), int(maximum), last

    def record_change(self, change: Change, grade_of: Callable[[int], str]) -> ChangeResult:
        """Append a decision to the audit table; the script's total, grade and status follow it.

        `grade_of` turns a total into a grade under the script's paper.
        """
        if change.reason not in CHANGE_REASONS:
            raise StoreError(f"reason {change.reason!r} is not one of: {', '.join(CHANGE_REASONS)}")
        if change.role not in DECISION_ROLES:
            wrong = SecondMarkRoleError if change.role in ROLES else StoreError
            raise wrong(f"role {change.role!r} is not one of: {', '.join(DECISION_ROLES)}")
        with self.transaction() as db:
            script_id, old, maximum, _ = self._answer_for_change(change.answer_id, change.examiner)
            if not 0 <= change.new_mark <= maximum:
                raise StoreError(f"mark {change.new_mark} is outside 0-{maximum} for this question")
            cursor = db.execute(
                "INSERT INTO mark_changes (answer_id, old_mark, new_mark, examiner, role, reason, note, "
                "changed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    change.answer_id,
                    old,
                    change.new_mark,
                    change.examiner,
                    change.role,
                    change.reason,
                    change.note,
                    _now(),
                ),
            )
            total, pending = db.execute(
                "SELECT SUM(mark), SUM(needs_review = 1 AND decisions = 0) FROM answer_marks "
                "WHERE script_id = ?",
                (script_id,),
            ).fetchone()
            grade = grade_of(int(total))
            db.execute(
                "UPDATE scripts SET total = ?, grade = ?, status = ? WHERE id = ?",
                (total, grade, "review" if pending else "marked", script_id),
            )
        return ChangeResult(int(cursor.lastrowid or 0), old, change.new_mark, int(total), grade)

    # --- reading results ----------------------------------------------------------------

    def paper_body(self, paper_hash: str) -> str:
        """The frozen paper JSON stored under this hash."""
        row = self.db.execute("SELECT body FROM papers WHERE hash = ?", (paper_hash,)).fetchone()
        if row is None:
            raise StoreError(f"no paper {paper_hash} in {self.path}")
        return str(row[0])

    def review_queue(
        self, *, reason: str | None = None, question: str | None = None, centre: str | None = None
    ) -> Iterator[QueueEntry]:
        """Flagged, undecided answers of current scripts, by centre, candidate and paper order."""
        where, args = ["s.current = 1", "m.needs_review = 1", "m.decisions = 0"], []
        if question:
            where.append("m.question_id = ?")
            args.append(question)
        if centre:
            where.append("s.centre = ?")
            args.append(centre)
        if reason:
            where.append(
                "EXISTS (SELECT 1 FROM review_reasons r WHERE r.answer_id = m.answer_id AND r.code = ?)"
            )
            args.append(reason)
        rows = self.db.execute(
            f"{_QUEUE_COLUMNS} FROM answer_marks m JOIN scripts s ON s.id = m.script_id "
            f"WHERE {' AND '.join(where)}{_QUEUE_ORDER}",
            args,
        )
        for row in rows:
            yield _queue_entry(row)

    def answer_detail(self, answer_id: int) -> AnswerDetail:
        """One answer with its evidence, review reasons, decisions and second marks."""
        row = self.db.execute(
            "SELECT a.id, s.id, s.current, s.paper_hash, s.paper_id, s.form, s.centre, s.candidate, s.late, "
            "a.question_id, a.answer, a.mark, m.mark, a.max_mark, a.needs_review, a.confidence, a.level, "
            "a.points "
            "FROM answers a JOIN scripts s ON s.id = a.script_id JOIN answer_marks m ON m.answer_id = a.id "
            "WHERE a.id = ?",
            (answer_id,),
        ).fetchone()
        if row is None:
            raise StoreError(f"no answer {answer_id} in {self.path}")
        reasons = [
            (str(c), str(m))
            for c, m in self.db.execute(
                "SELECT code, message FROM review_reasons WHERE answer_id = ?", (answer_id,)
            )
        ]
        decisions = [
            Decision(*r)
            for r in self.db.execute(
                "SELECT id, old_mark, new_mark, examiner, role, reason, note, changed_at, answer_id "
                "FROM mark_changes WHERE id = (SELECT decided_from FROM answers WHERE id = ?1) "
                "OR answer_id = ?1 ORDER BY id",
                (answer_id,),
            )
        ]
        seconds = [
            SecondMark(*r)
            for r in self.db.execute(
                f"{_SECOND_COLUMNS}WHERE sm.answer_id = ? ORDER BY sm.id",
                (answer_id,),
            )
        ]
        answer = None if row[10] is None else json.loads(row[10])
        text = answer if isinstance(answer, str) or answer is None else ", ".join(answer)
        return AnswerDetail(
            answer_id=row[0],
            script_id=row[1],
            current=bool(row[2]),
            paper_hash=row[3],
            paper_id=row[4],
            form=row[5],
            centre=row[6],
            candidate=row[7],
            late=bool(row[8]),
            question_id=row[9],
            answer=text,
            engine_mark=row[11],
            mark=row[12],
            max_mark=row[13],
            needs_review=bool(row[14]),
            confidence=row[15],
            level=row[16],
            points=json.loads(row[17]),
            reasons=reasons,
            decisions=decisions,
            second_marks=seconds,
        )

    def grade_counts(self, paper_id: str, form: str) -> dict[str, int]:
        """How many current candidates of a paper have each grade."""
        rows = self.db.execute(
            "SELECT grade, COUNT(*) FROM scripts WHERE paper_id = ? AND form = ? AND current = 1 "
            "GROUP BY grade ORDER BY MIN(total) DESC",
            (paper_id, form),
        )
        return {str(grade): int(count) for grade, count in rows}

    @staticmethod
    def _current_where(
        paper_hash: str | None, paper: tuple[str, str] | None, other_than_key: str | None
    ) -> tuple[str, list[str]]:
        where, args = ["current = 1"], []
        if paper_hash:
            where.append("paper_hash = ?")
            args.append(paper_hash)
        if paper:
            where += ["paper_id = ?", "form = ?"]
            args += list(paper)
        if other_than_key:
            where.append("marking_key != ?")
            args.append(other_than_key)
        return " AND ".join(where), args

    def current_scripts(
        self,
        paper_hash: str | None = None,
        *,
        paper: tuple[str, str] | None = None,
        other_than_key: str | None = None,
    ) -> Iterator[StoredScript]:
        """Every current result, streamed in candidate order: of one frozen paper (its hash), or
        of one paper id and form, optionally only those marked under another marking key."""
        where, args = self._current_where(paper_hash, paper, other_than_key)
        rows = self.db.execute(
            f"{_SCRIPT_COLUMNS}WHERE s.id IN (SELECT id FROM scripts WHERE {where}){_SCRIPT_ORDER}", args
        )
        yield from _stored_scripts(rows)

    def current_scripts_by_id(
        self, paper_id: str, form: str, *, other_than_key: str, page: int = 200
    ) -> Iterator[StoredScript]:
        """Current results of a paper and form marked under another key, in id order, read a page
        at a time: results written between pages (a re-marking) never disturb the reading."""
        where, args = self._current_where(None, (paper_id, form), other_than_key)
        after = 0
        while True:
            rows = self.db.execute(
                f"{_SCRIPT_COLUMNS}WHERE s.id IN (SELECT id FROM scripts WHERE {where} AND id > ? "
                "ORDER BY id LIMIT ?) ORDER BY s.id, m.position",
                [*args, after, page],
            ).fetchall()
            if not rows:
                return
            yield from _stored_scripts(rows)
            after = int(rows[-1][0])

    def stored_script(self, script_id: int) -> StoredScript:
        """One stored result, current or not, with its answers."""
        rows = self.db.execute(f"{_SCRIPT_COLUMNS}WHERE s.id = ?{_SCRIPT_ORDER}", (script_id,))
        found = next(_stored_scripts(rows), None)
        if found is None:
            raise StoreError(f"no script {script_id} in {self.path}")
        return found

    def count_current(
        self,
        paper_hash: str | None = None,
        *,
        paper: tuple[str, str] | None = None,
        other_than_key: str | None = None,
    ) -> int:
        """How many candidates have a current result (of a paper, under another key...)."""
        where, args = self._current_where(paper_hash, paper, other_than_key)
        return int(self.db.execute(f"SELECT COUNT(*) FROM scripts WHERE {where}", args).fetchone()[0])

    # --- second marking -----------------------------------------------------------------

    _POPULATION = (
        "FROM scripts s JOIN answer_marks m ON m.script_id = s.id "
        "JOIN temp.judged j ON j.paper_hash = s.paper_hash AND j.question_id = m.question_id "
        "WHERE s.current = 1 AND NOT (m.needs_review = 1 AND m.decisions = 0) "
        "AND m.answer_id NOT IN (SELECT answer_id FROM temp.excluded)"
    )

    def prepare_population(self, judged: Iterable[tuple[str, str]], examiner: str) -> int:
        """Set the second-marking population: settled answers of current scripts to the `judged`
        (paper hash, question id) items that this examiner has not marked. Returns its size.

        An answer still waiting in the review queue is not settled.
        """
        for table, columns in (("judged", "paper_hash TEXT, question_id TEXT"), ("excluded", "answer_id")):
            self.db.execute(f"CREATE TEMP TABLE IF NOT EXISTS {table} ({columns})")
            self.db.execute(f"DELETE FROM temp.{table}")
        self.db.executemany("INSERT INTO temp.judged VALUES (?, ?)", judged)
        self.db.executemany(
            "INSERT INTO temp.excluded VALUES (?)", ((a,) for a in self.examiner_answers(examiner))
        )
        return int(self.db.execute(f"SELECT COUNT(*) {self._POPULATION}").fetchone()[0])

    def sample_population(self, seed: int) -> Iterator[SampleAnswer]:
        """The population `prepare_population` set, in the pseudo-random order of `seed`.

        SQLite sorts, spilling to disk, so memory stays flat however many answers there are.
        """
        rows = self.db.execute(
            "SELECT m.answer_id, s.paper_hash, m.question_id, s.centre, m.mark, m.max_mark "
            f"{self._POPULATION} ORDER BY sample_rank(?, m.answer_id), m.answer_id",
            (seed,),
        )
        for answer_id, paper_hash, question_id, centre, mark, maximum in rows:
            yield SampleAnswer(answer_id, (paper_hash, question_id), centre, mark, maximum)

    def examiner_answers(self, examiner: str) -> set[int]:
        """Answers this examiner has marked: decisions (carried over too) and second marks."""
        rows = self.db.execute(
            "SELECT answer_id, examiner FROM mark_changes "
            "UNION ALL SELECT a.id, m.examiner FROM answers a JOIN mark_changes m ON m.id = a.decided_from "
            "WHERE a.decided_from IS NOT NULL "
            "UNION ALL SELECT answer_id, examiner FROM second_marks"
        )
        key = examiner_key(examiner)
        return {int(answer) for answer, name in rows if examiner_key(str(name)) == key}

    def _samples(self, where: str = "", args: Sequence[object] = ()) -> list[Sample]:
        rows = self.db.execute(
            "SELECT id, examiner, seed, share, tolerance, population, drawn_at, "
            "(SELECT COUNT(*) FROM sample_answers a WHERE a.sample_id = s.id AND a.chosen_for = 'random'), "
            "(SELECT COUNT(*) FROM sample_answers a WHERE a.sample_id = s.id AND a.chosen_for = 'coverage') "
            f"FROM samples s {where} ORDER BY id",
            args,
        )
        return [Sample(*row) for row in rows]

    def find_sample(self, examiner: str, seed: int, share: float, tolerance: int | None) -> Sample | None:
        """The sample already drawn with these settings for this examiner, if any."""
        found = [
            s
            for s in self._samples(
                "WHERE seed = ? AND share = ? AND tolerance IS ?", (seed, share, tolerance)
            )
            if examiner_key(s.examiner) == examiner_key(examiner)
        ]
        return found[0] if found else None

    def save_sample(
        self,
        examiner: str,
        seed: int,
        share: float,
        tolerance: int | None,
        population: int,
        chosen: Sequence[tuple[int, int, str]],
    ) -> Sample:
        """Record a drawn sample: (answer id, tolerance, chosen for) for each answer in it."""
        with self.transaction() as db:
            cursor = db.execute(
                "INSERT INTO samples (examiner, seed, share, tolerance, population, drawn_at) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                (examiner, seed, share, tolerance, population, _now()),
            )
            sample_id = int(cursor.lastrowid or 0)
            db.executemany(
                "INSERT INTO sample_answers (sample_id, answer_id, tolerance, chosen_for) "
                "VALUES (?, ?, ?, ?)",
                [(sample_id, *row) for row in chosen],
            )
        return self._samples("WHERE id = ?", (sample_id,))[0]

    def samples(self) -> list[Sample]:
        """Every second-marking sample drawn, oldest first."""
        return self._samples()

    def sample_holding(self, answer_id: int, examiner: str) -> tuple[int, int] | None:
        """(sample id, tolerance) of the latest sample for this examiner that holds the answer."""
        rows = self.db.execute(
            "SELECT s.id, a.tolerance, s.examiner FROM sample_answers a JOIN samples s ON s.id = a.sample_id "
            "WHERE a.answer_id = ? ORDER BY s.id DESC",
            (answer_id,),
        )
        key = examiner_key(examiner)
        return next(((int(s), int(t)) for s, t, name in rows if examiner_key(str(name)) == key), None)

    def record_second_mark(
        self,
        sample_id: int,
        tolerance: int,
        answer_id: int,
        mark: int,
        examiner: str,
        note: str = "",
    ) -> SecondMark:
        """Append a second mark, compared with the mark that counts now (`outcome_of`)."""
        with self.transaction() as db:
            _, first, maximum, last = self._answer_for_change(answer_id, examiner)
            if not 0 <= mark <= maximum:
                raise StoreError(f"mark {mark} is outside 0-{maximum} for this question")
            marker = "engine"
            if last is not None:
                query = "SELECT examiner FROM mark_changes WHERE id = ?"
                marker = str(db.execute(query, (last,)).fetchone()[0])
            cursor = db.execute(
                "INSERT INTO second_marks (sample_id, answer_id, first_mark, first_marker, first_change, "
                "second_mark, examiner, tolerance, outcome, note, marked_at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    sample_id,
                    answer_id,
                    first,
                    marker,
                    last,
                    mark,
                    examiner,
                    tolerance,
                    outcome_of(first, mark, tolerance),
                    note,
                    _now(),
                ),
            )
        return self._second_mark(int(cursor.lastrowid or 0))

    def _second_mark(self, mark_id: int) -> SecondMark:
        return SecondMark(*self.db.execute(f"{_SECOND_COLUMNS}WHERE sm.id = ?", (mark_id,)).fetchone())

    def second_queue(self, examiner: str | None = None) -> list[QueueEntry]:
        """Sampled answers of current scripts still waiting for their second mark."""
        rows = self.db.execute(
            f"{_QUEUE_COLUMNS}, sa.sample_id, sa.tolerance, sp.examiner FROM sample_answers sa "
            "JOIN samples sp ON sp.id = sa.sample_id JOIN answer_marks m ON m.answer_id = sa.answer_id "
            "JOIN scripts s ON s.id = m.script_id WHERE s.current = 1 AND NOT EXISTS "
            "(SELECT 1 FROM second_marks x WHERE x.sample_id = sa.sample_id AND x.answer_id = sa.answer_id)"
            f"{_QUEUE_ORDER}, sa.sample_id"
        )
        key = None if examiner is None else examiner_key(examiner)
        return [
            _queue_entry(row[:10], sample_id=row[10], tolerance=row[11], examiner=row[12])
            for row in rows
            if key is None or examiner_key(str(row[12])) == key
        ]

    def senior_queue(self) -> list[tuple[QueueEntry, SecondMark]]:
        """Answers whose latest second mark is beyond tolerance and that no senior examiner has
        decided since."""
        rows = self.db.execute(
            f"{_QUEUE_COLUMNS}, sm.id FROM second_marks sm JOIN answer_marks m ON m.answer_id = sm.answer_id "
            "JOIN scripts s ON s.id = m.script_id WHERE s.current = 1 AND sm.outcome = 'beyond' "
            "AND sm.id = (SELECT MAX(x.id) FROM second_marks x WHERE x.answer_id = sm.answer_id) "
            "AND NOT EXISTS (SELECT 1 FROM mark_changes c WHERE c.answer_id = sm.answer_id "
            "AND c.role = 'senior_examiner' AND c.id > COALESCE(sm.first_change, 0))"
            f"{_QUEUE_ORDER}"
        )
        return [(_queue_entry(row[:10]), self._second_mark(row[10])) for row in rows.fetchall()]

    def second_pairs(self, sample_id: int | None = None) -> Iterator[Pair]:
        """The first and latest second mark of every second-marked answer (of one sample, or all)."""
        where = "" if sample_id is None else " AND sm.sample_id = ?"
        rows = self.db.execute(
            "SELECT sm.sample_id, a.question_id, sm.first_mark, sm.second_mark, sm.tolerance, sm.outcome "
            "FROM second_marks sm JOIN answers a ON a.id = sm.answer_id "
            "WHERE sm.id = (SELECT MAX(x.id) FROM second_marks x WHERE x.sample_id = sm.sample_id "
            f"AND x.answer_id = sm.answer_id){where} ORDER BY a.question_id, sm.id",
            () if sample_id is None else (sample_id,),
        )
        for row in rows:
            yield Pair(*row)


# --- reading for reports (csassess.reports) -----------------------------------------------


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


def current_answer_evidence(store: Store, paper_hash: str) -> Iterator[AnswerEvidence]:
    """Point results and review reasons of every current answer of one paper, in the order
    `Store.current_scripts(paper_hash)` gives the answers."""
    rows = store.db.execute(
        "SELECT a.id, a.points, a.misconceptions, a.level, "
        "(SELECT group_concat(code, ',') FROM review_reasons r WHERE r.answer_id = a.id) "
        "FROM scripts s JOIN answers a ON a.script_id = s.id WHERE s.current = 1 AND s.paper_hash = ? "
        "ORDER BY s.paper_id, s.form, s.centre, s.candidate, s.id, a.position",
        (paper_hash,),
    )
    for answer_id, points, misconceptions, level, codes in rows:
        reasons = tuple(c for c in dict.fromkeys((codes or "").split(",")) if c)
        yield AnswerEvidence(int(answer_id), str(points), misconceptions, level, reasons)


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


def current_mark_changes(store: Store, paper_hash: str) -> list[ChangeFact]:
    """Every examiner decision behind the current answers of one paper, oldest first: those made
    on them, and those carried over to them from an earlier marking of the same words."""
    rows = store.db.execute(
        "SELECT a.id, s.centre, a.question_id, a.mark, m.old_mark, m.new_mark, m.examiner, m.role, m.reason "
        "FROM mark_changes m JOIN answers a ON a.id = m.answer_id OR a.decided_from = m.id "
        "JOIN scripts s ON s.id = a.script_id WHERE s.current = 1 AND s.paper_hash = ? ORDER BY m.id",
        (paper_hash,),
    )
    return [ChangeFact(*row) for row in rows]


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


def current_second_marks(store: Store, paper_hash: str) -> list[SecondFact]:
    """Second marks of the current answers of one paper: the latest per sample and answer."""
    rows = store.db.execute(
        "SELECT a.id, s.centre, a.question_id, sm.first_mark, sm.second_mark, sm.tolerance, sm.outcome "
        "FROM second_marks sm JOIN answers a ON a.id = sm.answer_id JOIN scripts s ON s.id = a.script_id "
        "WHERE s.current = 1 AND s.paper_hash = ? AND sm.id = (SELECT MAX(x.id) FROM second_marks x "
        "WHERE x.sample_id = sm.sample_id AND x.answer_id = sm.answer_id) ORDER BY sm.id",
        (paper_hash,),
    )
    return [SecondFact(*row) for row in rows]
