"""Marking runs and their results: papers, runs, which candidates to mark, and marked scripts.

The batch writes each chunk of scripts in one transaction, so a process killed at any moment
leaves whole chunks or nothing, and a rerun marks each missing script exactly once. A re-marked
script gets a new row and the old row stops being `current` (pointing at its successor).

Point results are stored as one JSON list per answer and read through the `point_results` view
(one row per answer and point): one insert per answer instead of one per point more than halves
the writing the single writer does, which is what lets marking scale with worker processes.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence

from csassess import __version__
from csassess.intake.model import SetAside
from csassess.models import FrozenPaper
from csassess.store.database import Database, StoreError, now
from csassess.store.marked import MarkedScript
from csassess.store.records import Current, NewScript, RunCounts, StoredScript
from csassess.store.rows import SCRIPT_COLUMNS, SCRIPT_ORDER, stored_scripts


def _current_where(
    paper_hash: str | None, paper: tuple[str, str] | None, other_than_key: str | None
) -> tuple[str, list[str]]:
    """The WHERE clause (and its arguments) choosing current scripts of a paper."""
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


class Scripts(Database):
    """Papers, runs and marked scripts: what batch marking writes and what re-marking reads."""

    def prepare_connection(self) -> None:
        """The candidates this connection's run has seen, on disk (see `claim`)."""
        super().prepare_connection()
        self.db.execute(
            "CREATE TEMP TABLE IF NOT EXISTS seen (key TEXT PRIMARY KEY, source TEXT NOT NULL) WITHOUT ROWID"
        )

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
                    now(),
                ),
            )

    def paper_bodies(self) -> list[tuple[str, str]]:
        """(hash, frozen paper JSON) of every paper that has current results."""
        rows = self.db.execute(
            "SELECT hash AS hash, body AS body FROM papers WHERE hash IN "
            "(SELECT DISTINCT paper_hash FROM scripts WHERE current = 1) ORDER BY paper_id, form, added_at"
        )
        return [(str(row["hash"]), str(row["body"])) for row in rows]

    def paper_body(self, paper_hash: str) -> str:
        """The frozen paper JSON stored under this hash."""
        row = self.db.execute("SELECT body AS body FROM papers WHERE hash = ?", (paper_hash,)).fetchone()
        if row is None:
            raise StoreError(f"no paper {paper_hash} in {self.path}")
        return str(row["body"])

    def begin_run(self, paper_hash: str, workers: int, sources: Sequence[str]) -> int:
        """Record the start of a marking run and return its id."""
        with self.transaction() as db:
            cursor = db.execute(
                "INSERT INTO runs (paper_hash, started_at, engine_version, workers, sources) "
                "VALUES (?, ?, ?, ?, ?)",
                (paper_hash, now(), __version__, workers, json.dumps(list(sources), ensure_ascii=False)),
            )
        return int(cursor.lastrowid or 0)

    def finish_run(self, run_id: int, counts: RunCounts) -> None:
        """Record that a run reached its end (a killed run keeps finished_at empty)."""
        with self.transaction() as db:
            db.execute(
                "UPDATE runs SET finished_at = ?, marked = ?, remarked = ?, skipped = ?, set_aside = ? "
                "WHERE id = ?",
                (now(), counts.marked, counts.remarked, counts.skipped, counts.set_aside, run_id),
            )

    # --- deciding what to mark ----------------------------------------------------------

    def forget_claims(self) -> None:
        """Start a new run's claims: an earlier run on this connection saw its candidates, not this one's."""
        self.db.execute("DELETE FROM temp.seen")

    def claim(self, paper_id: str, form: str, centre: str, candidate: str, source: str) -> str | None:
        """None when this candidate is new to this run; else where the run first saw them.

        Kept in a temporary table on disk, so memory stays flat however many candidates.
        """
        key = "\x1f".join((paper_id, form, centre, candidate))  # identifiers: never hold \x1f
        cursor = self.db.execute("INSERT OR IGNORE INTO temp.seen VALUES (?, ?)", (key, source))
        if cursor.rowcount == 1:
            return None
        first = self.db.execute("SELECT source AS source FROM temp.seen WHERE key = ?", (key,)).fetchone()
        return str(first["source"])

    def current(self, paper_id: str, form: str, centre: str, candidate: str) -> Current | None:
        """The candidate's current result, if they have one."""
        row = self.db.execute(
            "SELECT id AS id, content_hash AS content_hash, marking_key AS marking_key FROM scripts "
            "WHERE paper_id = ? AND form = ? AND centre = ? AND candidate = ? AND current = 1",
            (paper_id, form, centre, candidate),
        ).fetchone()
        if row is None:
            return None
        return Current(int(row["id"]), str(row["content_hash"]), str(row["marking_key"]))

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
        marked_at = now()
        with self.transaction() as db:
            # BEGIN IMMEDIATE holds the write lock, so ids numbered from the current maxima
            # cannot collide; numbering them here lets every row go in with executemany.
            script_id = int(db.execute("SELECT COALESCE(MAX(id), 0) AS top FROM scripts").fetchone()["top"])
            answer_id = int(db.execute("SELECT COALESCE(MAX(id), 0) AS top FROM answers").fetchone()["top"])
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
                        marked_at,
                        int(meta.late),  # see marked.AnswerRow on bools
                    )
                )
                # answer ids follow positions (0..n-1 on every script), so rows that name a
                # position find their answer's id by adding it to this script's base
                base = answer_id + 1
                carried = meta.carried
                answer_rows += [  # row[1]: the answer's position (see marked.AnswerRow)
                    (base + row[1], script_id, *row, __version__, carried.get(row[1]))
                    for row in marked.answers
                ]
                reason_rows += [(base + position, code, why) for position, code, why in marked.reasons]
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
            # the column list follows marked.AnswerRow's field order
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

    # --- reading results ----------------------------------------------------------------

    def current_scripts(
        self,
        paper_hash: str | None = None,
        *,
        paper: tuple[str, str] | None = None,
        other_than_key: str | None = None,
    ) -> Iterator[StoredScript]:
        """Every current result, streamed in candidate order: of one frozen paper (its hash), or
        of one paper id and form, optionally only those marked under another marking key."""
        where, args = _current_where(paper_hash, paper, other_than_key)
        rows = self.db.execute(
            f"{SCRIPT_COLUMNS}WHERE s.id IN (SELECT id FROM scripts WHERE {where}){SCRIPT_ORDER}", args
        )
        yield from stored_scripts(rows)

    def current_scripts_by_id(
        self, paper_id: str, form: str, *, other_than_key: str, page: int = 200
    ) -> Iterator[StoredScript]:
        """Current results of a paper and form marked under another key, in id order, read a page
        at a time: results written between pages (a re-marking) never disturb the reading."""
        where, args = _current_where(None, (paper_id, form), other_than_key)
        after = 0
        while True:
            rows = self.db.execute(
                f"{SCRIPT_COLUMNS}WHERE s.id IN (SELECT id FROM scripts WHERE {where} AND id > ? "
                "ORDER BY id LIMIT ?) ORDER BY s.id, m.position",
                [*args, after, page],
            ).fetchall()
            if not rows:
                return
            yield from stored_scripts(rows)
            after = int(rows[-1]["script_id"])

    def stored_script(self, script_id: int) -> StoredScript:
        """One stored result, current or not, with its answers."""
        rows = self.db.execute(f"{SCRIPT_COLUMNS}WHERE s.id = ?{SCRIPT_ORDER}", (script_id,))
        found = next(stored_scripts(rows), None)
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
        where, args = _current_where(paper_hash, paper, other_than_key)
        query = f"SELECT COUNT(*) AS count FROM scripts WHERE {where}"
        return int(self.db.execute(query, args).fetchone()["count"])
