"""Scripts sat with access arrangements and rest breaks: read, checked by their digest, shown."""

from __future__ import annotations

import json
from pathlib import Path

from csassess.content.hashing import sha256_text
from csassess.fileio import canonical_json
from csassess.intake import ReadScript, read_scripts
from csassess.intake.access import access_note
from csassess.intake.checks import check_against_paper
from csassess.intake.digest import answers_digest, legacy_content_hash, script_content_hash, script_digest
from csassess.marking.plan import paper_questions
from csassess.models.script import AnswerScript

DATA = Path(__file__).parents[1] / "data" / "access"


def _read(name: str) -> ReadScript:
    [read] = list(read_scripts([DATA / name]))
    assert isinstance(read, ReadScript), read
    return read


def test_arrangements_and_breaks_are_read_and_covered_by_the_digest(frozen):
    """The exam's script with 25% extra time and a break loads, and its digest covers both."""
    read = _read("extra-time-and-a-break.json")
    script = read.script
    assert script.arrangements is not None
    assert (script.arrangements.extra_time, script.arrangements.rest_breaks) == (25, True)
    assert [b.seconds for b in script.breaks] == [450]
    assert script.digest == script_digest(script) != answers_digest(script.answers)
    ids = frozenset(q.question.id for q in paper_questions(frozen))
    assert check_against_paper(read, frozen, ids) is None


def test_arrangements_changed_after_the_exam_are_set_aside(frozen):
    """Raising the extra time, or deleting a break, after the exam breaks the digest."""
    ids = frozenset(q.question.id for q in paper_questions(frozen))
    for name, line in (
        ("extra-time-raised-after-the-exam.json", 17),
        ("rest-break-removed-after-the-exam.json", 17),
    ):
        problem = check_against_paper(_read(name), frozen, ids)
        assert str(problem) == (
            f"tests/data/access/{name}:{line}: digest: answers, arrangements or breaks do not match their "
            "digest (changed after the exam?)"
        )


def test_the_marker_is_told_what_was_granted_and_taken():
    """One line: extra time, breaks allowed, display settings, breaks taken and who granted them."""
    script = _read("extra-time-and-a-break.json").script
    assert access_note(script) == (
        "25% extra time, rest breaks allowed, cream background, reader-friendly font, text at 150%, "
        "1 rest break (7 min 30 s, clock stopped); granted by the centre"
    )


def test_scripts_without_arrangements_hash_as_before(tmp_path):
    """Without arrangements a script keeps its hashes (old results are not re-marked); with them, not."""
    body = json.loads((DATA / "extra-time-and-a-break.json").read_text(encoding="utf-8"))
    plain = {k: v for k, v in body.items() if k not in ("arrangements", "breaks", "late")}
    plain["digest"] = answers_digest(plain["answers"])
    (tmp_path / "plain.json").write_text(json.dumps(plain), encoding="utf-8")
    [read] = list(read_scripts([tmp_path / "plain.json"]))
    assert isinstance(read, ReadScript)
    assert access_note(read.script) is None
    # the definition before these fields existed: SHA-256 of the script's canonical JSON
    assert legacy_content_hash(read.script) == sha256_text(canonical_json({**plain, "paper_hash": None}))
    stripped = replace_access(_read("extra-time-and-a-break.json").script)
    assert script_content_hash(stripped) == script_content_hash(read.script)
    assert script_content_hash(_read("extra-time-and-a-break.json").script) != script_content_hash(
        read.script
    )


def replace_access(script: AnswerScript) -> AnswerScript:
    """The same script without its arrangements and breaks (and the digest of its answers alone)."""
    return script.model_copy(
        update={"arrangements": None, "breaks": [], "digest": answers_digest(script.answers)}
    )


def test_mark_lists_the_candidates_sat_with_arrangements(invoke, frozen_file, tmp_path):
    """`csassess mark` says which candidates had arrangements, with what, in its summary."""
    result = invoke(
        "mark", frozen_file, DATA / "extra-time-and-a-break.json", "--db", tmp_path / "r.db", "--workers", "0"
    )
    assert result.exit_code == 0, result.output
    assert "  arrangements:        1  (sat with access arrangements or rest breaks)" in result.output
    assert "    C40001/9101: 25% extra time, rest breaks allowed," in result.output
