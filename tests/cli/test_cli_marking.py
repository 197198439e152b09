"""The rubric author's playground (`csassess try`) and the agreement report (`csassess agreement`)."""

import json
import math

import pytest
from typer.testing import CliRunner

from csassess.cli.app import app
from csassess.moderation.agreement import agreement, by_group, quadratic_weighted_kappa

runner = CliRunner()
ESCALATION = "CS-COM-SC-001.b"


def invoke(*args: str):
    return runner.invoke(app, [str(a) for a in args])


def test_try_json_names_points_and_the_words_that_earned_them():
    """`try --format json` reports each credited point with spans into the answer text."""
    answer = "I would escalate the refund to my team leader and pass on her order number."
    result = invoke("try", ESCALATION, answer, "--format", "json")
    assert result.exit_code == 0, result.output
    mark = json.loads(result.stdout)
    assert 0 < mark["mark"] <= mark["max_mark"]
    credited = [p for p in mark["points"] if p["credited"]]
    assert credited
    for point in credited:
        for evidence in point["evidence"]:
            assert answer[evidence["start"] : evidence["end"]] == evidence["text"]


@pytest.mark.parametrize(
    ("answer", "listened"),
    [
        ("I would not listen to someone shouting at me.", False),
        ("I would listen without interrupting and stay calm.", True),
        ("Do not interrupt them, let them finish.", True),
        ("Never interrupt the customer.", True),
    ],
)
def test_bundled_listening_point_is_cancelled_by_negation_but_not_by_its_own_not(answer, listened):
    """CS-COM-SA-007: "not listen" earns nothing, while "not interrupt" is itself the evidence."""
    result = invoke("try", "CS-COM-SA-007", answer, "--format", "json")
    assert result.exit_code == 0, result.output
    credited = {p["id"] for p in json.loads(result.stdout)["points"] if p["credited"]}
    assert ("listen" in credited) is listened


def test_try_text_shows_mark_points_and_review_reasons():
    """The text view prints the mark line, a line per marking point and the confidence."""
    result = invoke("try", ESCALATION, "I would not escalate it.")
    assert result.exit_code == 0, result.output
    first = result.stdout.splitlines()[0]
    assert first.startswith(f"{ESCALATION}: 0/")
    assert "confidence" in result.stdout


def test_try_reads_the_answer_from_a_file(tmp_path):
    """`--file` marks the file's text exactly as if it were given on the command line."""
    text = "I would escalate it to my team leader."
    path = tmp_path / "answer.txt"
    path.write_text(text, encoding="utf-8")
    from_file = json.loads(invoke("try", ESCALATION, "--file", path, "--format", "json").stdout)
    inline = json.loads(invoke("try", ESCALATION, text, "--format", "json").stdout)
    assert from_file == inline


def test_try_unknown_question_suggests_the_nearest_id():
    """A mistyped question id is a usage error with a did-you-mean, not a traceback."""
    result = invoke("try", "CS-COM-SC-001.bb", "anything")
    assert result.exit_code == 2
    assert "no question 'CS-COM-SC-001.bb'; did you mean 'CS-COM-SC-001.b'?" in result.output
    assert "Traceback" not in result.output


def test_try_needs_exactly_one_answer_source(tmp_path):
    """Giving both an answer and --file (or neither) is a usage error."""
    path = tmp_path / "a.txt"
    path.write_text("x", encoding="utf-8")
    assert invoke("try", ESCALATION).exit_code == 2
    assert invoke("try", ESCALATION, "text", "--file", path).exit_code == 2


def test_try_marks_a_choice_question_by_its_key():
    """A multiple-choice question is marked by its key: the right letter earns the mark."""
    from csassess.content.bundled import bundled_paths
    from csassess.content.contentset import load_content

    content = load_content(bundled_paths())
    question = content.question("CS-FND-MC-002")
    right = json.loads(invoke("try", "CS-FND-MC-002", question.key, "--format", "json").stdout)
    wrong_key = next(o.id for o in question.options if o.id != question.key)
    wrong = json.loads(invoke("try", "CS-FND-MC-002", wrong_key, "--format", "json").stdout)
    assert (right["mark"], wrong["mark"]) == (1, 0)


def _reference_qwk(human, machine):
    """Quadratic weighted kappa straight from its definition, for comparison."""
    labels = range(min(human + machine), max(human + machine) + 1)
    n, k = len(human), len(labels)
    low = labels[0]
    observed = [[0.0] * k for _ in labels]
    for h, m in zip(human, machine, strict=True):
        observed[h - low][m - low] += 1
    rows = [sum(r) for r in observed]
    cols = [sum(observed[i][j] for i in range(k)) for j in range(k)]
    num = den = 0.0
    for i in range(k):
        for j in range(k):
            w = (i - j) ** 2 / (k - 1) ** 2
            num += w * observed[i][j]
            den += w * rows[i] * cols[j] / n
    return 1 - num / den


@pytest.mark.parametrize(
    ("human", "machine"),
    [
        ([0, 1, 2, 3, 4, 2, 1], [0, 1, 2, 3, 3, 2, 2]),
        ([1, 1, 2, 2, 3, 3], [3, 3, 2, 2, 1, 1]),
        ([0, 0, 1, 4, 4, 2, 3, 1], [1, 0, 1, 3, 4, 2, 2, 0]),
    ],
)
def test_qwk_matches_the_textbook_definition(human, machine):
    """The vectorised kappa equals a direct evaluation of the QWK formula."""
    assert math.isclose(quadratic_weighted_kappa(human, machine), _reference_qwk(human, machine))


def test_agreement_measures_on_known_pairs():
    """Exact and adjacent agreement, r and the confusion matrix are counted correctly."""
    a = agreement([0, 1, 2, 2], [0, 2, 2, 0])
    assert (a.exact, a.adjacent) == (0.5, 0.75)
    assert a.labels == (0, 1, 2)
    assert a.confusion == ((1, 0, 0), (0, 0, 1), (1, 0, 1))
    assert agreement([0, 1, 2], [0, 1, 2]).qwk == 1.0


def test_agreement_command_reports_per_item_and_overall(tmp_path):
    """`csassess agreement` reads a CSV and reports every item and the pooled figures."""
    marks = tmp_path / "marks.csv"
    marks.write_text("item,human,machine\nQ1,0,0\nQ1,2,2\nQ1,1,2\nQ2,3,3\nQ2,1,0\nQ2,2,2\n")
    result = invoke("agreement", marks, "--format", "json")
    assert result.exit_code == 0, result.output
    figures = json.loads(result.stdout)
    assert set(figures) == {"Q1", "Q2", "(all)"}
    expected = by_group([("Q1", 0, 0), ("Q1", 2, 2), ("Q1", 1, 2), ("Q2", 3, 3), ("Q2", 1, 0), ("Q2", 2, 2)])
    assert figures["(all)"]["qwk"] == pytest.approx(expected["(all)"].qwk)
    assert figures["Q1"]["n"] == 3


def test_agreement_command_rejects_a_bad_marks_file(tmp_path):
    """A missing column or a fractional mark is one error line naming the file and row."""
    missing = tmp_path / "missing.csv"
    missing.write_text("item,human\nQ1,1\n")
    result = invoke("agreement", missing)
    assert result.exit_code == 1
    assert "missing.csv:1: missing column(s) machine" in result.output
    fractional = tmp_path / "fractional.csv"
    fractional.write_text("item,human,machine\nQ1,1,0.5\n")
    result = invoke("agreement", fractional)
    assert result.exit_code == 1
    assert "fractional.csv:2: mark '0.5' is not a whole number" in result.output
