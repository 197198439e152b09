"""Second marking: the population a sample is drawn from, drawn samples, second marks, the
second and senior examiners' queues, and the pairs of marks agreement is measured on.

Samples, their answers and second marks are append-only rows, like decisions.
"""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Iterable, Iterator, Sequence

from csassess.store.database import StoreError, now
from csassess.store.examiners import Examiners, examiner_key
from csassess.store.records import Pair, QueueEntry, Sample, SampleAnswer, SecondMark, outcome_of
from csassess.store.rows import (
    LATEST_SECOND,
    QUEUE_COLUMNS,
    QUEUE_ORDER,
    SECOND_COLUMNS,
    named,
    queue_entry,
    second_mark,
)


def sample_rank(seed: int, answer_id: int) -> int:
    """A fixed pseudo-random place of an answer in the sampling order of `seed`."""
    digest = hashlib.sha256(f"{seed}:{answer_id}".encode()).digest()
    return int.from_bytes(digest[:7], "big")  # 56 bits: within SQLite's signed 64-bit integers


_POPULATION = (
    "FROM scripts s JOIN answer_marks m ON m.script_id = s.id "
    "JOIN temp.judged j ON j.paper_hash = s.paper_hash AND j.question_id = m.question_id "
    "WHERE s.current = 1 AND NOT (m.needs_review = 1 AND m.decisions = 0) "
    "AND m.answer_id NOT IN (SELECT answer_id FROM temp.excluded)"
)
_SAMPLE_COLUMNS = (
    "SELECT s.id AS sample_id, "
    + named("s", "examiner", "seed", "share", "tolerance", "population", "drawn_at")
    + ", (SELECT COUNT(*) FROM sample_answers a WHERE a.sample_id = s.id AND a.chosen_for = 'random') "
    "AS random, (SELECT COUNT(*) FROM sample_answers a WHERE a.sample_id = s.id "
    "AND a.chosen_for = 'coverage') AS coverage FROM samples s "
)


def _queued(row: sqlite3.Row) -> QueueEntry:
    return queue_entry(row, sample_id=row["sample_id"], tolerance=row["tolerance"], examiner=row["examiner"])


class Samples(Examiners):
    """Second-marking samples and second marks."""

    def prepare_connection(self) -> None:
        """The seeded order samples are drawn in, as an SQL function (see `sample_population`)."""
        super().prepare_connection()
        self.db.create_function("sample_rank", 2, sample_rank, deterministic=True)

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
        return int(self.db.execute(f"SELECT COUNT(*) AS size {_POPULATION}").fetchone()["size"])

    def sample_population(self, seed: int) -> Iterator[SampleAnswer]:
        """The population `prepare_population` set, in the pseudo-random order of `seed`.

        SQLite sorts, spilling to disk, so memory stays flat however many answers there are.
        """
        rows = self.db.execute(
            "SELECT "
            + named("m", "answer_id", "question_id", "mark", "max_mark")
            + ", "
            + named("s", "paper_hash", "centre")
            + f" {_POPULATION} ORDER BY sample_rank(?, m.answer_id), m.answer_id",
            (seed,),
        )
        for row in rows:
            yield SampleAnswer(
                answer_id=row["answer_id"],
                question_key=(row["paper_hash"], row["question_id"]),
                centre=row["centre"],
                mark=row["mark"],
                max_mark=row["max_mark"],
            )

    def _samples(self, where: str = "", args: Sequence[object] = ()) -> list[Sample]:
        rows = self.db.execute(f"{_SAMPLE_COLUMNS}{where} ORDER BY s.id", args)
        return [Sample(**row) for row in rows]

    def find_sample(self, examiner: str, seed: int, share: float, tolerance: int | None) -> Sample | None:
        """The sample already drawn with these settings for this examiner, if any."""
        found = [
            s
            for s in self._samples(
                "WHERE s.seed = ? AND s.share = ? AND s.tolerance IS ?", (seed, share, tolerance)
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
                (examiner, seed, share, tolerance, population, now()),
            )
            sample_id = int(cursor.lastrowid or 0)
            db.executemany(
                "INSERT INTO sample_answers (sample_id, answer_id, tolerance, chosen_for) "
                "VALUES (?, ?, ?, ?)",
                [(sample_id, *row) for row in chosen],
            )
        return self._samples("WHERE s.id = ?", (sample_id,))[0]

    def samples(self) -> list[Sample]:
        """Every second-marking sample drawn, oldest first."""
        return self._samples()

    def sample_holding(self, answer_id: int, examiner: str) -> tuple[int, int] | None:
        """(sample id, tolerance) of the latest sample for this examiner that holds the answer."""
        rows = self.db.execute(
            "SELECT s.id AS sample_id, a.tolerance AS tolerance, s.examiner AS examiner "
            "FROM sample_answers a JOIN samples s ON s.id = a.sample_id "
            "WHERE a.answer_id = ? ORDER BY s.id DESC",
            (answer_id,),
        )
        key = examiner_key(examiner)
        return next(
            (
                (int(row["sample_id"]), int(row["tolerance"]))
                for row in rows
                if examiner_key(str(row["examiner"])) == key
            ),
            None,
        )

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
                query = "SELECT examiner AS examiner FROM mark_changes WHERE id = ?"
                marker = str(db.execute(query, (last,)).fetchone()["examiner"])
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
                    now(),
                ),
            )
        return self._second_mark(int(cursor.lastrowid or 0))

    def _second_mark(self, mark_id: int) -> SecondMark:
        return second_mark(self.db.execute(f"{SECOND_COLUMNS}WHERE sm.id = ?", (mark_id,)).fetchone())

    def second_queue(self, examiner: str | None = None) -> list[QueueEntry]:
        """Sampled answers of current scripts still waiting for their second mark."""
        rows = self.db.execute(
            f"{QUEUE_COLUMNS}, "
            + named("sa", "sample_id", "tolerance")
            + ", sp.examiner AS examiner FROM sample_answers sa "
            "JOIN samples sp ON sp.id = sa.sample_id JOIN answer_marks m ON m.answer_id = sa.answer_id "
            "JOIN scripts s ON s.id = m.script_id WHERE s.current = 1 AND NOT EXISTS "
            "(SELECT 1 FROM second_marks x WHERE x.sample_id = sa.sample_id AND x.answer_id = sa.answer_id)"
            f"{QUEUE_ORDER}, sa.sample_id"
        )
        key = None if examiner is None else examiner_key(examiner)
        return [_queued(row) for row in rows if key is None or examiner_key(str(row["examiner"])) == key]

    def senior_queue(self) -> list[tuple[QueueEntry, SecondMark]]:
        """Answers whose latest second mark is beyond tolerance and that no senior examiner has
        decided since."""
        rows = self.db.execute(
            f"{QUEUE_COLUMNS}, sm.id AS mark_id FROM second_marks sm "
            "JOIN answer_marks m ON m.answer_id = sm.answer_id "
            "JOIN scripts s ON s.id = m.script_id WHERE s.current = 1 AND sm.outcome = 'beyond' "
            "AND sm.id = (SELECT MAX(x.id) FROM second_marks x WHERE x.answer_id = sm.answer_id) "
            "AND NOT EXISTS (SELECT 1 FROM mark_changes c WHERE c.answer_id = sm.answer_id "
            "AND c.role = 'senior_examiner' AND c.id > COALESCE(sm.first_change, 0))"
            f"{QUEUE_ORDER}"
        )
        return [(queue_entry(row), self._second_mark(row["mark_id"])) for row in rows.fetchall()]

    def second_pairs(self, sample_id: int | None = None) -> Iterator[Pair]:
        """The first and latest second mark of every second-marked answer (of one sample, or all)."""
        where = "" if sample_id is None else " AND sm.sample_id = ?"
        rows = self.db.execute(
            "SELECT "
            + named("sm", "sample_id", "first_mark", "second_mark", "tolerance", "outcome")
            + ", a.question_id AS question_id "
            f"FROM second_marks sm JOIN answers a ON a.id = sm.answer_id WHERE {LATEST_SECOND}{where} "
            "ORDER BY a.question_id, sm.id",
            () if sample_id is None else (sample_id,),
        )
        for row in rows:
            yield Pair(**row)
