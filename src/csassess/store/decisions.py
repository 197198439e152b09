"""The review queue and examiners' decisions: what the engine flagged, one answer in full, and
recording a changed mark.

History is never deleted: every decision is appended to `mark_changes` (the database refuses
to change or delete its rows), and a candidate's marks are the engine's or the latest decision
(the `answer_marks` view); a script's stored total, grade and status follow them.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator

from csassess.store.database import SecondMarkRoleError, StoreError, now
from csassess.store.examiners import Examiners
from csassess.store.records import AnswerDetail, Change, ChangeResult, Decision, QueueEntry
from csassess.store.rows import (
    QUEUE_COLUMNS,
    QUEUE_ORDER,
    SECOND_COLUMNS,
    candidate_fields,
    named,
    queue_entry,
    second_mark,
)
from csassess.store.schema import CHANGE_REASONS, DECISION_ROLES, ROLES

_DETAIL_COLUMNS = (
    "SELECT a.id AS answer_id, s.id AS script_id, "
    + named("s", "current", "paper_hash", "paper_id", "form", "centre", "candidate", "late")
    + ", a.mark AS engine_mark, m.mark AS mark, "
    + named("a", "question_id", "answer", "max_mark", "needs_review", "confidence", "level", "points")
    + " FROM answers a JOIN scripts s ON s.id = a.script_id JOIN answer_marks m ON m.answer_id = a.id "
)
_DECISION_COLUMNS = (
    "SELECT c.id AS change_id, "
    + named("c", "answer_id", "old_mark", "new_mark", "examiner", "role", "reason", "note", "changed_at")
    + " FROM mark_changes c "
)


class Decisions(Examiners):
    """The review queue and the audit trail of examiners' decisions."""

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
            f"{QUEUE_COLUMNS} FROM answer_marks m JOIN scripts s ON s.id = m.script_id "
            f"WHERE {' AND '.join(where)}{QUEUE_ORDER}",
            args,
        )
        for row in rows:
            yield queue_entry(row)

    def answer_detail(self, answer_id: int) -> AnswerDetail:
        """One answer with its evidence, review reasons, decisions and second marks."""
        row = self.db.execute(f"{_DETAIL_COLUMNS}WHERE a.id = ?", (answer_id,)).fetchone()
        if row is None:
            raise StoreError(f"no answer {answer_id} in {self.path}")
        reasons = [
            (str(r["code"]), str(r["message"]))
            for r in self.db.execute(
                "SELECT code AS code, message AS message FROM review_reasons WHERE answer_id = ?",
                (answer_id,),
            )
        ]
        decisions = [
            Decision(**r)
            for r in self.db.execute(
                f"{_DECISION_COLUMNS}WHERE c.id = (SELECT decided_from FROM answers WHERE id = ?1) "
                "OR c.answer_id = ?1 ORDER BY c.id",
                (answer_id,),
            )
        ]
        seconds = [
            second_mark(r)
            for r in self.db.execute(f"{SECOND_COLUMNS}WHERE sm.answer_id = ? ORDER BY sm.id", (answer_id,))
        ]
        answer = None if row["answer"] is None else json.loads(row["answer"])
        text = answer if isinstance(answer, str) or answer is None else ", ".join(answer)
        return AnswerDetail(
            answer_id=row["answer_id"],
            script_id=row["script_id"],
            current=bool(row["current"]),
            paper_hash=row["paper_hash"],
            **candidate_fields(row),
            question_id=row["question_id"],
            answer=text,
            engine_mark=row["engine_mark"],
            mark=row["mark"],
            max_mark=row["max_mark"],
            needs_review=bool(row["needs_review"]),
            confidence=row["confidence"],
            level=row["level"],
            points=json.loads(row["points"]),
            reasons=reasons,
            decisions=decisions,
            second_marks=seconds,
        )

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
                    now(),
                ),
            )
            after = db.execute(
                "SELECT SUM(mark) AS total, SUM(needs_review = 1 AND decisions = 0) AS pending "
                "FROM answer_marks WHERE script_id = ?",
                (script_id,),
            ).fetchone()
            total = int(after["total"])
            grade = grade_of(total)
            db.execute(
                "UPDATE scripts SET total = ?, grade = ?, status = ? WHERE id = ?",
                (total, grade, "review" if after["pending"] else "marked", script_id),
            )
        return ChangeResult(int(cursor.lastrowid or 0), old, change.new_mark, total, grade)
