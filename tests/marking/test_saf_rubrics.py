"""The SAF benchmark rubrics (written from questions and reference answers only) stay valid."""

from pathlib import Path

from csassess.content.checks import check_content
from csassess.content.contentset import load_content
from csassess.marking import Marker

SAF = Path(__file__).resolve().parents[2] / "benchmarks" / "agreement" / "saf"


def test_saf_content_validates_clean():
    """The SAF specification, bank and rubrics load and pass every cross-file check (warnings
    about their phrases are reported, not errors: these rubrics are never edited to fit)."""
    content = load_content([SAF])
    assert [f for f in check_content(content) if f.severity == "error"] == []
    assert len(content.rubrics) == len(content.questions) == 31


def test_saf_rubrics_credit_their_own_reference_style_answer():
    """An answer made of each point's first evidence phrase earns at least one mark per question."""
    content = load_content([SAF])
    marker = Marker()
    for qid, where in content.rubrics.items():
        rubric = where.model
        answer = ". ".join(mp.evidence[0] for mp in rubric.marking_points) + "."
        result = marker.mark(content.question(qid), answer, rubric, content.synonyms_of[qid])
        assert result.mark >= 1, qid
