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
import itertools
import json
import sqlite3
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType

from csassess import __version__
from csassess.findings import CsassessError
from csassess.models import FrozenPaper
from csassess.results import MarkedScript
from csassess.scripts_in.model import SetAside

CHANGE_REASONS = (
    "marking_error",
    "rubric_misapplied",
    "auto_marking_error",
    "clerical_error",
    "engine_mark_confirmed",
)
"""Why an examiner changed a mark: the fixed list the audit table accepts."""
ROLES = ("reviewer", "second_marker", "senior_examiner", "moderator")

_V1 = f"""
CREATE TABLE schema_version (version INTEGER NOT NULL);
INSERT INTO schema_version VALUES (0);

CREATE TABLE papers (
    hash TEXT PRIMARY KEY,
    paper_id TEXT NOT NULL,
    form TEXT NOT NULL,
    marking_key TEXT NOT NULL,
    total_marks INTEGER NOT NULL,
    body TEXT NOT NULL,
    added_at TEXT NOT NULL
);

CREATE TABLE runs (
    id INTEGER PRIMARY KEY,
    paper_hash TEXT NOT NULL REFERENCES papers(hash),
    started_at TEXT NOT NULL,
    finished_at TEXT,
    engine_version TEXT NOT NULL,
    workers INTEGER NOT NULL,
    sources TEXT NOT NULL,
    marked INTEGER,
    remarked INTEGER,
    skipped INTEGER,
    set_aside INTEGER
);

CREATE TABLE scripts (
    id INTEGER PRIMARY KEY,
    run_id INTEGER NOT NULL REFERENCES runs(id),
    paper_hash TEXT NOT NULL REFERENCES papers(hash),
    marking_key TEXT NOT NULL,
    paper_id TEXT NOT NULL,
    form TEXT NOT NULL,
    centre TEXT NOT NULL,
    candidate TEXT NOT NULL,
    name TEXT,
    content_hash TEXT NOT NULL,
    source TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('marked', 'review')),
    total INTEGER NOT NULL,
    max_total INTEGER NOT NULL,
    grade TEXT NOT NULL,
    current INTEGER NOT NULL DEFAULT 1 CHECK (current IN (0, 1)),
    superseded_by INTEGER REFERENCES scripts(id),
    marked_at TEXT NOT NULL
);
-- exactly one current result per candidate: the database itself forbids a double count
CREATE UNIQUE INDEX scripts_one_current ON scripts(paper_id, form, centre, candidate) WHERE current = 1;

CREATE TABLE answers (
    id INTEGER PRIMARY KEY,
    script_id INTEGER NOT NULL REFERENCES scripts(id),
    question_id TEXT NOT NULL,
    position INTEGER NOT NULL,
    answer TEXT,
    mark INTEGER NOT NULL,
    max_mark INTEGER NOT NULL,
    needs_review INTEGER NOT NULL,
    confidence REAL NOT NULL,
    level INTEGER,
    misconceptions TEXT,
    marked_by TEXT NOT NULL,
    engine_version TEXT NOT NULL,
    points TEXT NOT NULL DEFAULT '[]',
    UNIQUE (script_id, question_id)
);
CREATE INDEX answers_to_review ON answers(script_id) WHERE needs_review = 1;

CREATE VIEW point_results AS
SELECT a.id AS answer_id,
       json_extract(p.value, '$.id') AS point_id,
       json_extract(p.value, '$.credited') AS credited,
       json_extract(p.value, '$.unexplained') AS unexplained,
       json_extract(p.value, '$.evidence') AS evidence,
       json_extract(p.value, '$.negated') AS negated
FROM answers a, json_each(a.points) p;

CREATE TABLE review_reasons (
    answer_id INTEGER NOT NULL REFERENCES answers(id),
    code TEXT NOT NULL,
    message TEXT NOT NULL
);
CREATE INDEX review_reasons_answer ON review_reasons(answer_id);

CREATE TABLE set_aside (
    id INTEGER PRIMARY KEY,
    run_id INTEGER NOT NULL REFERENCES runs(id),
    source TEXT NOT NULL,
    line INTEGER NOT NULL,
    unit TEXT NOT NULL CHECK (unit IN ('line', 'row')),
    field TEXT NOT NULL,
    reason TEXT NOT NULL
);

CREATE TABLE mark_changes (
    id INTEGER PRIMARY KEY,
    answer_id INTEGER NOT NULL REFERENCES answers(id),
    old_mark INTEGER NOT NULL,
    new_mark INTEGER NOT NULL,
    examiner TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ({", ".join(f"'{r}'" for r in ROLES)})),
    reason TEXT NOT NULL CHECK (reason IN ({", ".join(f"'{r}'" for r in CHANGE_REASONS)})),
    note TEXT NOT NULL DEFAULT '',
    changed_at TEXT NOT NULL
);
CREATE INDEX mark_changes_answer ON mark_changes(answer_id, id);

CREATE TRIGGER mark_changes_append_only_update BEFORE UPDATE ON mark_changes
BEGIN SELECT RAISE(ABORT, 'mark_changes is append-only: record a new decision instead'); END;
CREATE TRIGGER mark_changes_append_only_delete BEFORE DELETE ON mark_changes
BEGIN SELECT RAISE(ABORT, 'mark_changes is append-only: decisions are never deleted'); END;
CREATE TRIGGER answers_engine_mark_fixed BEFORE UPDATE ON answers
BEGIN SELECT RAISE(ABORT, 'engine marks are never changed: record a decision in mark_changes'); END;
CREATE TRIGGER answers_kept BEFORE DELETE ON answers
BEGIN SELECT RAISE(ABORT, 'answers are history and are never deleted'); END;
CREATE TRIGGER scripts_kept BEFORE DELETE ON scripts
BEGIN SELECT RAISE(ABORT, 'scripts are history and are never deleted'); END;

-- the mark that counts: the latest examiner decision, else the engine's
CREATE VIEW answer_marks AS
SELECT a.id AS answer_id, a.script_id, a.question_id, a.position, a.answer,
       a.mark AS engine_mark, a.max_mark, a.needs_review,
       COALESCE((SELECT m.new_mark FROM mark_changes m WHERE m.answer_id = a.id
                 ORDER BY m.id DESC LIMIT 1), a.mark) AS mark,
       (SELECT COUNT(*) FROM mark_changes m WHERE m.answer_id = a.id) AS decisions
FROM answers a;
"""

MIGRATIONS: tuple[str, ...] = (_V1,)
"""MIGRATIONS[n] takes a database from schema version n to n + 1."""
SCHEMA_VERSION = len(MIGRATIONS)


class StoreError(CsassessError):
    """The results database cannot be used (one line saying why)."""


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


@dataclass(frozen=True)
class StoredAnswer:
    """One answer as stored: the engine's mark and the mark that counts."""

    answer_id: int
    question_id: str
    answer: str | None
    engine_mark: int
    mark: int
    max_mark: int
    needs_review: bool
    decisions: int


@dataclass(frozen=True)
class StoredScript:
    """A candidate's current result with its answers in paper order."""

    script_id: int
    paper_hash: str
    paper_id: str
    form: str
    centre: str
    candidate: str
    name: str | None
    total: int
    max_total: int
    grade: str
    status: str
    answers: tuple[StoredAnswer, ...]


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
class QueueEntry:
    """An answer the engine flagged for a human that no examiner has decided yet."""

    answer_id: int
    paper_id: str
    form: str
    centre: str
    candidate: str
    question_id: str
    mark: int
    max_mark: int
    reasons: tuple[str, ...]


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


@dataclass(frozen=True)
class AnswerDetail:
    """Everything stored about one answer: the candidate's words, the engine's judgement and
    every examiner decision on it."""

    answer_id: int
    script_id: int
    current: bool
    paper_hash: str
    paper_id: str
    form: str
    centre: str
    candidate: str
    question_id: str
    answer: str | None
    engine_mark: int
    mark: int
    max_mark: int
    needs_review: bool
    confidence: float
    level: int | None
    points: list[dict[str, object]]
    reasons: list[tuple[str, str]]
    decisions: list[Decision]


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


class Store:
    """An open results database; use as a context manager."""

    def __init__(self, path: Path, *, create: bool = True) -> None:
        self.path = path
        if not create and not path.is_file():
            raise StoreError(f"{path}: no such results database; run `csassess mark` first")
        try:
            self.db = sqlite3.connect(path, isolation_level=None)  # we manage transactions
        except sqlite3.Error as exc:
            raise StoreError(f"{path}: cannot open the results database: {exc}") from exc
        try:
            self.db.execute("PRAGMA journal_mode = WAL")
            self.db.execute("PRAGMA synchronous = FULL")
            self.db.execute("PRAGMA foreign_keys = ON")
            self.db.execute("PRAGMA busy_timeout = 10000")
            self.migrate()
            self.db.execute(
                "CREATE TEMP TABLE IF NOT EXISTS seen (key TEXT PRIMARY KEY, source TEXT NOT NULL) "
                "WITHOUT ROWID"
            )
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

    def migrate(self) -> None:
        """Bring the schema up to date, one migration per transaction."""
        version = self.schema_version()
        if version > SCHEMA_VERSION:
            raise StoreError(
                f"{self.path} was written by a newer csassess (schema {version}, this one knows "
                f"{SCHEMA_VERSION}); upgrade csassess to use it"
            )
        for number in range(version, SCHEMA_VERSION):
            with self.transaction() as db:
                if self.schema_version() != number:  # another process migrated it meanwhile
                    continue
                for statement in _statements(MIGRATIONS[number]):
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
        key = json.dumps([paper_id, form, centre, candidate])
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
                    )
                )
                # answer ids follow positions (0..n-1 on every script), so rows that name a
                # position find their answer's id by adding it to this script's base
                base = answer_id + 1
                answer_rows += [(base + row[1], script_id, *row, __version__) for row in marked.answers]
                reason_rows += [(base + row[0], *row[1:]) for row in marked.reasons]
                answer_id += len(marked.answers)
            for _, old in replaced:
                cursor = db.execute("UPDATE scripts SET current = 0 WHERE id = ? AND current = 1", (old,))
                if cursor.rowcount != 1:
                    raise StoreError(f"script {old} was replaced by another process while marking; rerun")
            db.executemany(
                "INSERT INTO scripts (id, run_id, paper_hash, marking_key, paper_id, form, centre, "
                "candidate, name, content_hash, source, status, total, max_total, grade, marked_at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                script_rows,
            )
            db.executemany("UPDATE scripts SET superseded_by = ? WHERE id = ?", replaced)
            db.executemany(
                "INSERT INTO answers (id, script_id, question_id, position, answer, mark, max_mark, "
                "needs_review, confidence, level, misconceptions, marked_by, points, engine_version) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                answer_rows,
            )
            db.executemany(
                "INSERT INTO review_reasons (answer_id, code, message) VALUES (?, ?, ?)", reason_rows
            )
            db.executemany(
                "INSERT INTO set_aside (run_id, source, line, unit, field, reason) VALUES (?, ?, ?, ?, ?, ?)",
                [(run_id, s.source, s.line_or_row, s.unit, s.field, s.reason) for s in set_aside],
            )

    def record_change(self, change: Change, grade_of: Callable[[int], str]) -> ChangeResult:
        """Append a decision to the audit table; the script's total, grade and status follow it.

        `grade_of` turns a total into a grade under the script's paper.
        """
        if change.reason not in CHANGE_REASONS:
            raise StoreError(f"reason {change.reason!r} is not one of: {', '.join(CHANGE_REASONS)}")
        if change.role not in ROLES:
            raise StoreError(f"role {change.role!r} is not one of: {', '.join(ROLES)}")
        if not change.examiner.strip():
            raise StoreError("say who the examiner is")
        with self.transaction() as db:
            row = db.execute(
                "SELECT m.script_id, m.mark, m.max_mark, s.current FROM answer_marks m "
                "JOIN scripts s ON s.id = m.script_id WHERE m.answer_id = ?",
                (change.answer_id,),
            ).fetchone()
            if row is None:
                raise StoreError(f"no answer {change.answer_id}")
            script_id, old, maximum, current = (int(v) for v in row)
            if not current:
                raise StoreError(
                    f"answer {change.answer_id} is from a superseded script; decide on the current one"
                )
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
            "SELECT m.answer_id, s.paper_id, s.form, s.centre, s.candidate, m.question_id, m.mark, "
            "m.max_mark, "
            "(SELECT group_concat(code, ',') FROM review_reasons r WHERE r.answer_id = m.answer_id) "
            "FROM answer_marks m JOIN scripts s ON s.id = m.script_id "
            f"WHERE {' AND '.join(where)} ORDER BY s.paper_id, s.form, s.centre, s.candidate, m.position",
            args,
        )
        for *head, codes in rows:
            yield QueueEntry(*head, reasons=tuple(c for c in dict.fromkeys((codes or "").split(",")) if c))

    def answer_detail(self, answer_id: int) -> AnswerDetail:
        """One answer with its evidence, review reasons and decisions."""
        row = self.db.execute(
            "SELECT a.id, s.id, s.current, s.paper_hash, s.paper_id, s.form, s.centre, s.candidate, "
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
                "SELECT id, old_mark, new_mark, examiner, role, reason, note, changed_at FROM mark_changes "
                "WHERE answer_id = ? ORDER BY id",
                (answer_id,),
            )
        ]
        answer = None if row[9] is None else json.loads(row[9])
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
            question_id=row[8],
            answer=text,
            engine_mark=row[10],
            mark=row[11],
            max_mark=row[12],
            needs_review=bool(row[13]),
            confidence=row[14],
            level=row[15],
            points=json.loads(row[16]),
            reasons=reasons,
            decisions=decisions,
        )

    def grade_counts(self, paper_id: str, form: str) -> dict[str, int]:
        """How many current candidates of a paper have each grade."""
        rows = self.db.execute(
            "SELECT grade, COUNT(*) FROM scripts WHERE paper_id = ? AND form = ? AND current = 1 "
            "GROUP BY grade ORDER BY MIN(total) DESC",
            (paper_id, form),
        )
        return {str(grade): int(count) for grade, count in rows}

    def current_scripts(self, paper_hash: str | None = None) -> Iterator[StoredScript]:
        """Every current result (of one paper, or all), streamed in candidate order."""
        where = "s.current = 1" + (" AND s.paper_hash = ?" if paper_hash else "")
        rows = self.db.execute(
            "SELECT s.id, s.paper_hash, s.paper_id, s.form, s.centre, s.candidate, s.name, s.total, "
            "s.max_total, s.grade, s.status, m.answer_id, m.question_id, m.answer, m.engine_mark, m.mark, "
            "m.max_mark, m.needs_review, m.decisions "
            f"FROM scripts s LEFT JOIN answer_marks m ON m.script_id = s.id WHERE {where} "
            "ORDER BY s.paper_id, s.form, s.centre, s.candidate, m.position",
            (paper_hash,) if paper_hash else (),
        )
        for _, group in itertools.groupby(rows, key=lambda r: r[0]):
            first, *rest = list(group)
            answers = tuple(
                StoredAnswer(r[11], r[12], r[13], r[14], r[15], r[16], bool(r[17]), r[18])
                for r in (first, *rest)
                if r[11] is not None
            )
            yield StoredScript(*first[:11], answers=answers)

    def count_current(self, paper_hash: str | None = None) -> int:
        """How many candidates have a current result."""
        if paper_hash:
            query = "SELECT COUNT(*) FROM scripts WHERE current = 1 AND paper_hash = ?"
            return int(self.db.execute(query, (paper_hash,)).fetchone()[0])
        return int(self.db.execute("SELECT COUNT(*) FROM scripts WHERE current = 1").fetchone()[0])


def _statements(script: str) -> list[str]:
    """Split a migration into statements (triggers hold semicolons, so split on complete ones)."""
    out, buffer = [], ""
    for line in script.splitlines(keepends=True):
        buffer += line
        if sqlite3.complete_statement(buffer):
            if buffer.strip():
                out.append(buffer.strip())
            buffer = ""
    if buffer.strip():
        out.append(buffer.strip())
    return out
