"""What reports read beyond the scripts themselves: evidence, decisions and second marks of the
current answers of a paper, and how many candidates have each grade."""

from __future__ import annotations

from collections.abc import Iterator

from csassess.store.database import Database
from csassess.store.records import AnswerEvidence, ChangeFact, SecondFact
from csassess.store.rows import LATEST_SECOND, named, reason_codes


class Queries(Database):
    """Read-only figures over the current results, for `csassess.reports` and run summaries."""

    def grade_counts(self, paper_id: str, form: str) -> dict[str, int]:
        """How many current candidates of a paper have each grade."""
        rows = self.db.execute(
            "SELECT grade AS grade, COUNT(*) AS count FROM scripts "
            "WHERE paper_id = ? AND form = ? AND current = 1 GROUP BY grade ORDER BY MIN(total) DESC",
            (paper_id, form),
        )
        return {str(row["grade"]): int(row["count"]) for row in rows}

    def current_answer_evidence(self, paper_hash: str) -> Iterator[AnswerEvidence]:
        """Point results and review reasons of every current answer of one paper, in the order
        `current_scripts(paper_hash)` gives the answers."""
        rows = self.db.execute(
            "SELECT a.id AS answer_id, "
            + named("a", "points", "misconceptions", "level")
            + ", (SELECT group_concat(code, ',') FROM review_reasons r WHERE r.answer_id = a.id) AS reasons "
            "FROM scripts s JOIN answers a ON a.script_id = s.id WHERE s.current = 1 AND s.paper_hash = ? "
            "ORDER BY s.paper_id, s.form, s.centre, s.candidate, s.id, a.position",
            (paper_hash,),
        )
        for row in rows:
            yield AnswerEvidence(
                answer_id=int(row["answer_id"]),
                points=str(row["points"]),
                misconceptions=row["misconceptions"],
                level=row["level"],
                reasons=reason_codes(row["reasons"]),
            )

    def current_mark_changes(self, paper_hash: str) -> list[ChangeFact]:
        """Every examiner decision behind the current answers of one paper, oldest first: those
        made on them, and those carried over to them from an earlier marking of the same words."""
        rows = self.db.execute(
            "SELECT a.id AS answer_id, s.centre AS centre, a.question_id AS question_id, "
            "a.mark AS engine_mark, "
            + named("m", "old_mark", "new_mark", "examiner", "role", "reason")
            + " FROM mark_changes m JOIN answers a ON a.id = m.answer_id OR a.decided_from = m.id "
            "JOIN scripts s ON s.id = a.script_id WHERE s.current = 1 AND s.paper_hash = ? ORDER BY m.id",
            (paper_hash,),
        )
        return [ChangeFact(**row) for row in rows]

    def current_second_marks(self, paper_hash: str) -> list[SecondFact]:
        """Second marks of the current answers of one paper: the latest per sample and answer."""
        rows = self.db.execute(
            "SELECT a.id AS answer_id, s.centre AS centre, a.question_id AS question_id, "
            + named("sm", "first_mark", "second_mark", "tolerance", "outcome")
            + " FROM second_marks sm JOIN answers a ON a.id = sm.answer_id "
            "JOIN scripts s ON s.id = a.script_id WHERE s.current = 1 AND s.paper_hash = ? "
            f"AND {LATEST_SECOND} ORDER BY sm.id",
            (paper_hash,),
        )
        return [SecondFact(**row) for row in rows]
