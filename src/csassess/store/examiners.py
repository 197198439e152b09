"""Who has marked an answer, and the rule both decisions and second marks keep: nobody reviews,
second-marks or moderates an answer they have already marked."""

from __future__ import annotations

from csassess.store.database import Database, StoreError


def examiner_key(name: str) -> str:
    """An examiner's name as compared: case and spacing do not make another person."""
    return " ".join(name.split()).casefold()


class Examiners(Database):
    """The examiners behind the marks of answers."""

    def examiner_answers(self, examiner: str) -> set[int]:
        """Answers this examiner has marked: decisions (carried over too) and second marks."""
        rows = self.db.execute(
            "SELECT answer_id AS answer_id, examiner AS examiner FROM mark_changes "
            "UNION ALL SELECT a.id, m.examiner FROM answers a JOIN mark_changes m ON m.id = a.decided_from "
            "WHERE a.decided_from IS NOT NULL "
            "UNION ALL SELECT answer_id, examiner FROM second_marks"
        )
        key = examiner_key(examiner)
        return {int(row["answer_id"]) for row in rows if examiner_key(str(row["examiner"])) == key}

    def _refuse_own_marking(self, answer_id: int, examiner: str) -> None:
        """Nobody reviews, second-marks or moderates an answer they have already marked."""
        rows = self.db.execute(
            "SELECT examiner AS examiner, 'decision ' || id AS what FROM mark_changes WHERE answer_id = ?1 "
            "UNION ALL SELECT m.examiner, 'decision ' || m.id || ', carried over from an earlier marking' "
            "FROM answers a JOIN mark_changes m ON m.id = a.decided_from WHERE a.id = ?1 "
            "UNION ALL SELECT examiner, 'second mark ' || id FROM second_marks WHERE answer_id = ?1",
            (answer_id,),
        )
        key = examiner_key(examiner)
        for row in rows:
            if examiner_key(str(row["examiner"])) == key:
                raise StoreError(
                    f"{examiner} already marked answer {answer_id} ({row['what']}): nobody reviews or "
                    "second-marks their own marking; ask another examiner"
                )

    def _answer_for_change(self, answer_id: int, examiner: str) -> tuple[int, int, int, int | None]:
        """(script id, the mark that counts, maximum, the decision it comes from) of a current
        answer that this examiner may mark."""
        if not examiner.strip():
            raise StoreError("say who the examiner is")
        row = self.db.execute(
            "SELECT m.script_id AS script_id, m.mark AS mark, m.max_mark AS max_mark, "
            "m.last_change AS last_change, s.current AS current FROM answer_marks m "
            "JOIN scripts s ON s.id = m.script_id WHERE m.answer_id = ?",
            (answer_id,),
        ).fetchone()
        if row is None:
            raise StoreError(f"no answer {answer_id} in {self.path}")
        if not row["current"]:
            raise StoreError(f"answer {answer_id} is from a superseded script; mark the current one")
        self._refuse_own_marking(answer_id, examiner)
        return int(row["script_id"]), int(row["mark"]), int(row["max_mark"]), row["last_change"]
