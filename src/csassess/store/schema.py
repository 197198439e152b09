"""The results database's tables, views and triggers, as numbered migrations.

Only the modules of `csassess.store` read this: together they are the one place that knows the schema.
A database records its version in `schema_version`; `MIGRATIONS[n]` takes it from n to n + 1,
so an older database is upgraded in place, one transaction per step, and never rebuilt.
"""

from __future__ import annotations

import sqlite3

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


DECISION_ROLES = ("reviewer", "senior_examiner", "moderator")
"""Roles that record a decision with `review decide` (second marks have their own table)."""
OUTCOMES = ("exact", "within", "beyond")
"""How a second mark compares with the first: the same, within the item's tolerance, or beyond it."""


def _append_only(*tables: str) -> str:
    return "".join(
        f"""
CREATE TRIGGER {table}_append_only_update BEFORE UPDATE ON {table}
BEGIN SELECT RAISE(ABORT, '{table} is append-only: record a new row instead'); END;
CREATE TRIGGER {table}_append_only_delete BEFORE DELETE ON {table}
BEGIN SELECT RAISE(ABORT, '{table} is append-only: rows are never deleted'); END;
"""
        for table in tables
    )


# Version 2: the `late` flag of offline-exam scripts; examiner decisions carried over to an
# unchanged answer when its script is re-marked; second marking (samples, second marks); and
# triggers that keep a marked script's identity and content fixed.
_V2 = f"""
ALTER TABLE scripts ADD COLUMN late INTEGER NOT NULL DEFAULT 0 CHECK (late IN (0, 1));

-- the decision an answer's mark starts from: the earlier answer's latest decision, carried
-- over when the same words were re-marked under the same marking (a rubric change elsewhere)
ALTER TABLE answers ADD COLUMN decided_from INTEGER REFERENCES mark_changes(id);
CREATE INDEX answers_carried ON answers(decided_from) WHERE decided_from IS NOT NULL;

CREATE TRIGGER scripts_content_fixed BEFORE UPDATE OF run_id, paper_hash, marking_key, paper_id, form,
    centre, candidate, name, content_hash, source, max_total, marked_at, late ON scripts
BEGIN SELECT RAISE(ABORT, 'a marked script keeps who it belongs to and what it said: mark it again'); END;
CREATE TRIGGER scripts_stay_superseded BEFORE UPDATE OF current ON scripts
WHEN OLD.current = 0 AND NEW.current = 1
BEGIN SELECT RAISE(ABORT, 'a superseded result never becomes current again: mark the script again'); END;

DROP VIEW answer_marks;
-- the mark that counts: the latest examiner decision (on this answer, else carried over from
-- an earlier marking of the same words), else the engine's
CREATE VIEW answer_marks AS
SELECT a.id AS answer_id, a.script_id, a.question_id, a.position, a.answer,
       a.mark AS engine_mark, a.max_mark, a.needs_review, a.marked_by,
       COALESCE((SELECT m.new_mark FROM mark_changes m WHERE m.answer_id = a.id
                 ORDER BY m.id DESC LIMIT 1),
                (SELECT m.new_mark FROM mark_changes m WHERE m.id = a.decided_from),
                a.mark) AS mark,
       (SELECT COUNT(*) FROM mark_changes m WHERE m.answer_id = a.id)
           + (a.decided_from IS NOT NULL) AS decisions,
       COALESCE((SELECT m.id FROM mark_changes m WHERE m.answer_id = a.id ORDER BY m.id DESC LIMIT 1),
                a.decided_from) AS last_change
FROM answers a;

CREATE TABLE samples (
    id INTEGER PRIMARY KEY,
    examiner TEXT NOT NULL,
    seed INTEGER NOT NULL,
    share REAL NOT NULL CHECK (share > 0 AND share <= 1),
    tolerance INTEGER CHECK (tolerance >= 0),
    population INTEGER NOT NULL,
    drawn_at TEXT NOT NULL
);

CREATE TABLE sample_answers (
    sample_id INTEGER NOT NULL REFERENCES samples(id),
    answer_id INTEGER NOT NULL REFERENCES answers(id),
    tolerance INTEGER NOT NULL CHECK (tolerance >= 0),
    chosen_for TEXT NOT NULL CHECK (chosen_for IN ('random', 'coverage')),
    PRIMARY KEY (sample_id, answer_id)
) WITHOUT ROWID;
CREATE INDEX sample_answers_answer ON sample_answers(answer_id);

CREATE TABLE second_marks (
    id INTEGER PRIMARY KEY,
    sample_id INTEGER NOT NULL,
    answer_id INTEGER NOT NULL,
    first_mark INTEGER NOT NULL,
    first_marker TEXT NOT NULL,
    first_change INTEGER REFERENCES mark_changes(id),
    second_mark INTEGER NOT NULL,
    examiner TEXT NOT NULL,
    tolerance INTEGER NOT NULL,
    outcome TEXT NOT NULL CHECK (outcome IN ({", ".join(f"'{o}'" for o in OUTCOMES)})),
    note TEXT NOT NULL DEFAULT '',
    marked_at TEXT NOT NULL,
    FOREIGN KEY (sample_id, answer_id) REFERENCES sample_answers(sample_id, answer_id)
);
CREATE INDEX second_marks_answer ON second_marks(answer_id, id);
{_append_only("samples", "sample_answers", "second_marks")}"""

MIGRATIONS: tuple[str, ...] = (_V1, _V2)
"""MIGRATIONS[n] takes a database from schema version n to n + 1."""
SCHEMA_VERSION = len(MIGRATIONS)


def statements(script: str) -> list[str]:
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
