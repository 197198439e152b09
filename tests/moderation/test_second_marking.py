"""Second marking: a reproducible sample covering every item, centre and mark band; second marks
compared with a tolerance; disagreements to a senior examiner; nobody marks their own marking."""

from __future__ import annotations

import math
import sqlite3

import pytest

from batchdata import answer_id
from csassess.marking.plan import paper_questions
from csassess.moderation.second import draw_sample, item_tolerance, mark_band
from csassess.store import Store


def _sample_ids(sql, db, sample=1):
    with sql(db) as conn:
        return [
            a for (a,) in conn.execute("SELECT answer_id FROM sample_answers WHERE sample_id = ?", (sample,))
        ]


def _copy(db, target):
    with sqlite3.connect(db) as source, sqlite3.connect(target) as copy:
        source.backup(copy)
    return target


def _second_queue(invoke, db, examiner):
    result = invoke("review", "list", "--queue", "second", "--examiner", examiner, "--db", db)
    assert result.exit_code == 0, result.output
    return [line.split() for line in result.stdout.splitlines()[:-1]]


def _first_mark(sql, db, answer):
    with sql(db) as conn:
        return conn.execute(
            "SELECT mark, max_mark FROM answer_marks WHERE answer_id = ?", (answer,)
        ).fetchone()


def _sampled(invoke, db, examiner="J. Patel", seed=7, *options):
    result = invoke("review", "sample", "--examiner", examiner, "--seed", seed, "--db", db, *options)
    assert result.exit_code == 0, result.output
    return result


def test_same_seed_draws_the_same_sample_and_another_seed_another(invoke, db_copy, sql, tmp_path):
    """Two copies of the same results give the same sample for one seed; a new seed draws anew."""
    other = _copy(db_copy, tmp_path / "other.db")
    _sampled(invoke, db_copy)
    _sampled(invoke, other)
    _sampled(invoke, other, "J. Patel", 8)
    assert _sample_ids(sql, db_copy) == _sample_ids(sql, other)
    assert _sample_ids(sql, other, 2) != _sample_ids(sql, other)


def test_sample_covers_every_item_centre_and_mark_band(db_copy, sql, frozen):
    """Beyond the random share, the sample holds every rubric-marked item, centre and mark band."""
    with Store(db_copy) as store:
        draw = draw_sample(store, "J. Patel", share=0.05, seed=3)
    sample = draw.sample
    assert sample.random == math.ceil(0.05 * sample.population)
    assert sample.coverage > 0  # 5% alone misses some: coverage adds them
    assert draw.coverage.items[0] == draw.coverage.items[1]
    assert draw.coverage.centres[0] == draw.coverage.centres[1] == 3
    assert draw.coverage.bands[0] == draw.coverage.bands[1]
    judged = {pq.question.id for pq in paper_questions(frozen) if pq.rubric is not None}
    with sql(db_copy) as conn:
        rows = conn.execute(
            "SELECT m.question_id, s.centre, m.mark, m.max_mark FROM sample_answers x "
            "JOIN answer_marks m ON m.answer_id = x.answer_id JOIN scripts s ON s.id = m.script_id"
        ).fetchall()
        everyone = {c for (c,) in conn.execute("SELECT DISTINCT centre FROM scripts")}
    assert {q for q, *_ in rows} == judged
    assert {c for _, c, *_ in rows} == everyone
    assert len({(q, mark_band(m, x)) for q, _, m, x in rows}) == draw.coverage.bands[1]


def test_drawing_again_finds_the_same_sample(invoke, db_copy):
    """The same command run twice draws once and says so the second time."""
    _sampled(invoke, db_copy)
    again = _sampled(invoke, db_copy).stdout.splitlines()
    assert again[0].startswith("sample 1 for J. Patel (seed 7, share 0.1) was drawn on ")
    assert again[0].endswith("; nothing new drawn")


def test_an_examiners_own_marking_is_never_in_their_sample(invoke, db_copy, sql):
    """Answers an examiner decided are left out of the sample drawn for them."""
    decided = [answer_id(db_copy, c, "CS-FND-SA-001") for c in ("0001", "0002", "0003", "0005", "0007")]
    for answer in decided:
        mark, _ = _first_mark(sql, db_copy, answer)
        result = invoke(
            "review", "decide", answer, "--mark", mark, "--reason", "engine_mark_confirmed",
            "--examiner", "J. Patel", "--db", db_copy,
        )  # fmt: skip
        assert result.exit_code == 0, result.output
    with Store(db_copy) as store:
        draw_sample(store, "j. PATEL", share=1.0, seed=1)  # everything else, whatever the spelling
    sampled = set(_sample_ids(sql, db_copy))
    assert sampled
    assert not sampled & set(decided)


def test_second_marks_within_and_beyond_tolerance(invoke, db_copy, sql):
    """Agreeing marks leave the first mark standing; a gap beyond tolerance goes to a senior examiner."""
    _sampled(invoke, db_copy, "J. Patel", 7, "--tolerance", "0")
    (same, *_), (gap, *_) = _second_queue(invoke, db_copy, "J. Patel")[:2]
    same_mark, _ = _first_mark(sql, db_copy, same)
    gap_mark, gap_max = _first_mark(sql, db_copy, gap)
    other = 0 if gap_mark else gap_max
    result = invoke("review", "second", same, "--mark", same_mark, "--examiner", "J. Patel", "--db", db_copy)
    assert result.stdout.strip() == (
        f"answer {same}: second mark {same_mark} by J. Patel, first mark {same_mark} by engine: "
        "the same: the first mark stands"
    )
    result = invoke("review", "second", gap, "--mark", other, "--examiner", "J. Patel", "--db", db_copy)
    assert result.stdout.strip().endswith("beyond the tolerance of 0: sent to a senior examiner")
    assert _first_mark(sql, db_copy, gap)[0] == gap_mark  # a second mark alone changes nothing
    senior = invoke("review", "list", "--queue", "senior", "--db", db_copy).stdout.splitlines()
    assert senior[-1] == "1 answer waiting for a senior examiner"
    assert senior[0].split()[0] == gap
    assert f"first {gap_mark}/{gap_max} (engine), second {other}/{gap_max} (J. Patel)" in senior[0]
    assert [row[0] for row in _second_queue(invoke, db_copy, "J. Patel")][:1] != [same]


def test_senior_examiner_settles_and_the_second_marker_cannot(invoke, db_copy, sql):
    """The second marker may not settle their own disagreement; a senior examiner's decision counts."""
    _sampled(invoke, db_copy, "J. Patel", 7, "--tolerance", "0")
    gap = _second_queue(invoke, db_copy, "J. Patel")[0][0]
    mark, maximum = _first_mark(sql, db_copy, gap)
    invoke(
        "review", "second", gap, "--mark", 0 if mark else maximum, "--examiner", "J. Patel", "--db", db_copy
    )
    own = invoke(
        "review", "decide", gap, "--mark", 1, "--reason", "marking_error", "--role", "senior_examiner",
        "--examiner", "J. Patel", "--db", db_copy,
    )  # fmt: skip
    assert own.exit_code == 1
    assert own.stderr.splitlines() == [
        f"Error: J. Patel already marked answer {gap} (second mark 1): nobody reviews or second-marks "
        "their own marking; ask another examiner"
    ]
    settled = invoke(
        "review", "decide", gap, "--mark", 1, "--reason", "marking_error", "--role", "senior_examiner",
        "--examiner", "S. Senior", "--db", db_copy,
    )  # fmt: skip
    assert settled.exit_code == 0, settled.output
    assert _first_mark(sql, db_copy, gap)[0] == 1
    senior = invoke("review", "list", "--queue", "senior", "--db", db_copy).stdout
    assert senior.strip() == "0 answers waiting for a senior examiner"
    assert invoke("verify", "--db", db_copy, "--workers", "0").exit_code == 0


def test_the_last_decider_cannot_review_their_own_decision(invoke, db_copy):
    """An examiner cannot decide again on an answer they decided: another examiner must."""
    answer = answer_id(db_copy, "0010", "CS-FND-SA-001")
    args = ["--reason", "marking_error", "--examiner", "E. Khan", "--db", db_copy]
    assert invoke("review", "decide", answer, "--mark", 1, *args).exit_code == 0
    again = invoke("review", "decide", answer, "--mark", 2, *args)
    assert again.exit_code == 1
    assert again.stderr.startswith(f"Error: E. Khan already marked answer {answer} (decision 1)")


def test_second_mark_outside_the_examiners_sample_is_refused(invoke, db_copy):
    """Only the examiner a sample was drawn for records second marks on it."""
    _sampled(invoke, db_copy)
    answer = _second_queue(invoke, db_copy, "J. Patel")[0][0]
    result = invoke("review", "second", answer, "--mark", 0, "--examiner", "A. Other", "--db", db_copy)
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"Error: answer {answer} is in no second-marking sample for A. Other; "
        "draw one with `csassess review sample`"
    ]


def test_second_queue_hides_the_first_mark(invoke, db_copy):
    """The second marker's list and blind view show the words and the maximum, not the marks."""
    _sampled(invoke, db_copy)
    row = _second_queue(invoke, db_copy, "J. Patel")[0]
    assert row[5:8] == ["out", "of", row[7]]
    shown = invoke("review", "show", row[0], "--blind", "--db", db_copy).stdout
    assert "engine" not in shown
    assert "decision" not in shown
    assert shown.splitlines()[1] == f"out of {row[7]}"


def test_agreement_listing(invoke, db_copy, sql):
    """Exact agreement, agreement within tolerance and QWK are listed per item and overall."""
    _sampled(invoke, db_copy, "J. Patel", 7, "--tolerance", "1")
    rows = _second_queue(invoke, db_copy, "J. Patel")[:4]
    for n, (answer, *_) in enumerate(rows):
        mark, maximum = _first_mark(sql, db_copy, answer)
        second = mark if n < 2 else (min(maximum, mark + 1) if n == 2 else (0 if mark > 1 else maximum))
        invoke("review", "second", answer, "--mark", second, "--examiner", "J. Patel", "--db", db_copy)
    lines = invoke("review", "agreement", "--db", db_copy).stdout.splitlines()
    header = lines.index("item                         n   exact  within tol  beyond    QWK")
    overall = lines[header + 1 :][-2].split()
    assert overall[:2] == ["(all)", "4"]
    assert float(overall[2].rstrip("%")) >= 50
    assert lines[-1].startswith("waiting: ") and lines[-1].endswith(" for a senior examiner")


def test_sample_and_second_mark_rows_are_append_only(invoke, db_copy, sql):
    """Samples and second marks cannot be changed or deleted in the database."""
    _sampled(invoke, db_copy)
    answer = _second_queue(invoke, db_copy, "J. Patel")[0][0]
    invoke("review", "second", answer, "--mark", 0, "--examiner", "J. Patel", "--db", db_copy)
    with sql(db_copy) as conn:
        for statement in (
            "UPDATE second_marks SET second_mark = 1",
            "DELETE FROM second_marks",
            "DELETE FROM sample_answers",
            "UPDATE samples SET seed = 8",
        ):
            with pytest.raises(sqlite3.IntegrityError, match="append-only"):
                conn.execute(statement)


def test_item_tolerance_follows_the_rubric(frozen):
    """Levels of response: the width of a band; marking points: a quarter of the marks."""
    seen = set()
    for pq in paper_questions(frozen):
        if pq.rubric is None:
            continue
        if pq.rubric.levels:
            widths = [lv.max_mark - lv.min_mark for lv in pq.rubric.levels]
            assert item_tolerance(pq) == max(widths)
            seen.add("levels")
        else:
            assert item_tolerance(pq) == pq.question.marks // 4
            seen.add("points")
    assert seen == {"levels", "points"}


@pytest.mark.parametrize(
    ("mark", "maximum", "band"),
    [(0, 1, "low"), (1, 1, "high"), (1, 2, "middle"), (1, 6, "low"), (2, 6, "middle"), (4, 6, "middle"),
     (5, 6, "high")],
)  # fmt: skip
def test_mark_bands_are_thirds(mark, maximum, band):
    """A mark falls in the bottom, middle or top third of the question's marks."""
    assert mark_band(mark, maximum) == band
