"""The candidate feedback report: the candidate's words highlighted exactly where they earned
credit, everything escaped, and nothing of the mark scheme a candidate must not see."""

from __future__ import annotations

import html
import re
import shutil
from pathlib import Path

import pytest
from reportdata import ESCALATION_ANSWER, ROOT, visible_text

from csassess.marking.plan import paper_questions
from csassess.models import FrozenPaper
from csassess.moderation.review import decide
from csassess.reports import ReportOptions, write_reports
from csassess.reports.advice import THEMES
from csassess.reports.data import candidate_records
from csassess.store import Change, Store


def _report(out: Path, centre: str, candidate: str) -> str:
    return (out / "candidates" / "CS201-SAMPLE-A" / centre / f"{candidate}.html").read_text(encoding="utf-8")


def _article(page: str, anchor: str) -> str:
    found = re.search(rf'<(article|tr) [^>]*id="{anchor}"[^>]*>(.*?)</\1>', page, flags=re.DOTALL)
    assert found, anchor
    return found.group(2)


def _highlighted(article: str) -> tuple[str, set[int]]:
    """The answer text in an article's blockquote and the positions inside <mark> elements."""
    quote = re.search(r'<blockquote class="words">(.*?)</blockquote>', article, flags=re.DOTALL)
    assert quote
    body = re.sub(r"<sup>\d+</sup>", "", quote.group(1))
    text, marked = "", set()
    for plain, inside in re.findall(r"([^<]*)(?:<mark class=\"c\d\">([^<]*)</mark>)?", body):
        text += html.unescape(plain)
        if inside:
            start = len(text)
            text += html.unescape(inside)
            marked |= set(range(start, len(text)))
    return text, marked


def test_highlights_are_exactly_the_credited_evidence(examples_db: Path, examples_html: Path):
    """For every free-text answer of every example candidate, the highlighted characters are the
    union of the stored evidence spans of the credited points: no more, no less."""
    checked = 0
    with Store(examples_db, create=False) as store:
        ((paper_hash, _),) = store.paper_bodies()
        records = list(candidate_records(store, paper_hash))
    numbers = {pq.question.id: pq for pq in paper_questions(_paper(examples_db))}
    anchors = _anchors(_paper(examples_db))
    for record in records:
        page = _report(examples_html, record.centre, record.candidate)
        for answer in record.answers:
            if numbers[answer.question_id].rubric is None or not answer.text.strip():
                continue
            text, marked = _highlighted(_article(page, anchors[answer.question_id]))
            assert text == answer.text
            expected = {
                i
                for p in answer.points
                if p["credited"]
                for e in p["evidence"]
                for i in range(e["start"], e["end"])
            }
            assert marked == expected, (record.candidate, answer.question_id)
            checked += 1
    assert checked > 300


def _paper(db: Path) -> FrozenPaper:
    with Store(db, create=False) as store:
        ((_, body),) = store.paper_bodies()
    return FrozenPaper.model_validate_json(body)


def _anchors(paper: FrozenPaper) -> dict[str, str]:
    from csassess.reports.candidate import anchor
    from csassess.reports.paperinfo import paper_info

    return {q.id: anchor(q.number) for q in paper_info(paper).questions}


def test_candidate_text_and_names_are_escaped(crafted_db: Path, tmp_path: Path):
    """A <script> in an answer and markup in a name print as text, never as HTML."""
    out = tmp_path / "out"
    with Store(crafted_db) as store:
        write_reports(store, ReportOptions(out, ("html",)))
    page = _report(out, "C00001", "0001")
    assert "<script>alert" not in page and "<img src=x" not in page
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page
    index = (out / "index.html").read_text(encoding="utf-8")
    assert "<img src=x" not in index and "&lt;img src=x" in index
    text, marked = _highlighted(_article(page, "q20b"))
    assert text == ESCALATION_ANSWER and marked
    assert not marked & set(range(text.index("</script>") + 9))


def _rubric_internals(paper: FrozenPaper) -> set[str]:
    """Every piece of marking wording a candidate must never be shown."""
    out: set[str] = set()
    for pq in paper_questions(paper):
        rubric = pq.rubric
        if rubric is None:
            continue
        for mp in rubric.marking_points:
            out |= {mp.id, mp.text, *mp.evidence}
        for m in rubric.misconceptions:
            out |= {m.id, m.text, *m.patterns}
        for t in rubric.terminology:
            out |= {*t.evidence, *t.misuse}
        for level in rubric.levels:
            out.add(level.descriptor)
        out |= set(rubric.indicative_content)
        out |= {r.description for r in rubric.rules if r.description}
        if rubric.examiner_notes:
            out.add(rubric.examiner_notes)
        for words in pq.synonyms.values():
            out |= set(words)
    return {s.lower() for s in out}


def _meant_for_candidates(paper: FrozenPaper) -> str:
    """Text a candidate may see: the paper, the feedback written for them, term names, advice,
    and the template's own words."""
    parts = [paper.title, *(s.title for s in paper.sections)]
    for pq in paper_questions(paper):
        q = pq.question
        parts += [q.stem, *(o.text for o in getattr(q, "options", []))]
        if pq.rubric:
            parts += [mp.feedback for mp in pq.rubric.marking_points]
            parts += [m.feedback for m in pq.rubric.misconceptions]
            parts += [t.term for t in pq.rubric.terminology]
    for section in paper.sections:
        parts += [getattr(fi.item, "title", "") for fi in section.items]
    parts += [t.title + " " + t.advice for t in THEMES]
    parts.append((ROOT / "templates" / "reports" / "candidate.html.j2").read_text(encoding="utf-8"))
    return " ".join(parts).lower()


def test_no_rubric_internals_reach_any_candidate(examples_db: Path, examples_html: Path):
    """Outside the candidate's own words, no report holds a point id, mark-scheme wording,
    evidence phrase, misconception or examiner note, unless the same words are also in text
    meant for candidates (a feedback sentence, a question, a term name)."""
    paper = _paper(examples_db)
    allowed = _meant_for_candidates(paper)
    internals = sorted(s for s in _rubric_internals(paper) if not re.search(rf"\b{re.escape(s)}\b", allowed))
    assert len(internals) > 500  # the check has teeth: most marking wording is internal
    pages = sorted((examples_html / "candidates").rglob("*.html"))
    assert len(pages) == 50
    any_internal = re.compile(r"\b(?:" + "|".join(map(re.escape, internals)) + r")\b")
    for path in pages:
        text = visible_text(path.read_text(encoding="utf-8"), ["words", "own"]).lower()
        assert any_internal.findall(text) == [], path.name


def test_a_wrong_choice_never_shows_the_key(examples_db: Path, examples_html: Path):
    """Where a candidate chose wrongly, the report shows their option, never the correct one."""
    paper = _paper(examples_db)
    anchors = _anchors(paper)
    questions = {pq.question.id: pq.question for pq in paper_questions(paper)}
    with Store(examples_db, create=False) as store:
        ((paper_hash, _),) = store.paper_bodies()
        records = list(candidate_records(store, paper_hash))
    checked = 0
    for record in records:
        page = _report(examples_html, record.centre, record.candidate)
        for answer in record.answers:
            q = questions[answer.question_id]
            if q.kind != "multiple_choice" or not answer.chosen or q.key in answer.chosen:
                continue
            key_text = next(o.text for o in q.options if o.id == q.key)
            row = html.unescape(_article(page, anchors[q.id]))
            assert key_text not in row
            checked += 1
    assert checked > 50


def test_examiner_decisions_and_pending_review_are_explained(crafted_db: Path, tmp_path: Path):
    """A mark set by an examiner says so; an answer still in review says the mark may change."""
    db = tmp_path / "results.db"
    shutil.copy(crafted_db, db)
    out = tmp_path / "out"
    with Store(db, create=False) as store:
        detail = next(a for a in store.current_scripts() if a.candidate == "0002").answers[0]
        decide(store, Change(detail.answer_id, 0, "E. Khan", "reviewer", "marking_error", "key misread"))
        write_reports(store, ReportOptions(out, ("html",)))
    row = _article(_report(out, "C00001", "0002"), "q1")
    assert "An examiner reviewed this answer and set the mark shown." in row
    assert "0/1" in row
    first = _report(out, "C00001", "0001")
    assert "An examiner is checking this answer; the mark may change." in first
    assert "Provisional:" in first


@pytest.mark.parametrize(("candidate", "advice"), [("0015", "Say who you would pass a problem on to")])
def test_weak_candidates_get_general_advice(examples_html: Path, candidate: str, advice: str):
    """The weak, vague example candidate never says who a problem goes to: one piece of advice."""
    page = next((examples_html / "candidates").rglob(f"{candidate}.html")).read_text(encoding="utf-8")
    assert "Advice for next time" in page
    assert advice in page
    strong = next((examples_html / "candidates").rglob("0001.html")).read_text(encoding="utf-8")
    assert advice not in strong
