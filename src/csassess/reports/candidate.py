"""The candidate feedback report's view: one candidate's result as plain dicts for the template.

Built from an allow-list, as the candidate paper is: the candidate's own words, marks, the
feedback sentences rubric authors write for candidates, expected term names and general
advice. Point ids, mark-scheme wording, evidence phrases, misconception patterns and keys
are never copied into the view, so no template can print them. Expected terminology is
found by marking the stored answer again (the engine is deterministic), because the results
database keeps marks and evidence, not the terminology report.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from csassess.marking import Marker
from csassess.marking.result import TermResult
from csassess.reports.advice import AnswerWeakness, recurring_advice
from csassess.reports.data import AnswerRecord, CandidateRecord
from csassess.reports.highlight import segments, valid_spans
from csassess.reports.paperinfo import PaperInfo, QuestionInfo

View = dict[str, Any]
MAX_MISSED = 3
"""Feedback sentences listed per answer: enough to act on, not the whole mark scheme."""


def anchor(number: str) -> str:
    """An HTML id for a question number: `q14b` for 14(b)."""
    return "q" + "".join(c for c in number if c.isalnum())


class CandidateViews:
    """Builds candidate views for one paper; rubrics are compiled once, on first use."""

    def __init__(self, info: PaperInfo, marker: Marker | None = None) -> None:
        self.info = info
        self.marker = marker or Marker()

    def terminology(self, q: QuestionInfo, text: str) -> tuple[TermResult, ...]:
        """The expected terms of a free-text answer: used, missing or misused."""
        if q.rubric is None or not q.rubric.terminology or not text.strip():
            return ()
        return self.marker.mark(q.question, text, q.rubric, q.synonyms).terminology

    def view(self, record: CandidateRecord) -> View:
        """Everything the candidate report shows, and nothing else."""
        weaknesses: list[AnswerWeakness] = []
        blocks: list[View] = []
        blank = 0
        for answer in record.answers:
            q = self.info.question(answer.question_id)
            question = _question_view(q, answer)
            if question["blank"]:
                blank += 1
            elif q.rubric is not None:
                terms = self.terminology(q, answer.text)
                question["terms"] = _terms_view(terms)
                credited = {str(p["id"]) for p in answer.points if p.get("credited")}
                missed = frozenset(p.id for p in q.rubric.marking_points if p.id not in credited)
                weaknesses.append(
                    AnswerWeakness(
                        q.rubric.marking_points,
                        missed,
                        [(t.term, t.status) for t in terms],
                        answer.mark >= answer.max_mark,
                    )
                )
            _place(blocks, q, question)
        advice = [
            {"title": a.title, "text": a.text, "missed": a.missed, "chances": a.chances, "never": a.never}
            for a in recurring_advice(weaknesses)
        ]
        if blank >= 2:
            advice.insert(
                0,
                {
                    "title": "Answer every question",
                    "text": "Even a short answer can earn marks; a blank one never does. Leave time at the "
                    "end to go back to any question you skipped.",
                    "missed": blank,
                    "chances": len(record.answers),
                    "never": False,
                },
            )
        paper = self.info.paper
        return {
            "candidate": {"number": record.candidate, "name": record.name, "centre": record.centre},
            "paper": {"id": paper.id, "title": paper.title, "form": paper.form, "unit": paper.unit},
            "result": {
                "total": record.total,
                "max_total": record.max_total,
                "grade": record.grade,
                "percent": round(100 * record.total / record.max_total) if record.max_total else 0,
                "provisional": any(a.needs_review and not a.decisions for a in record.answers),
            },
            "summary": [
                {"number": q["number"], "anchor": q["anchor"], "mark": q["mark"], "max": q["max"]}
                for block in blocks
                for group in block["groups"]
                for q in group["questions"]
            ],
            "sections": blocks,
            "advice": advice,
        }


def _place(blocks: list[View], q: QuestionInfo, question: View) -> None:
    """Add a question under its section, grouping a scenario's parts under the scenario's title."""
    if not blocks or blocks[-1]["title"] != q.section:
        blocks.append({"title": q.section, "groups": []})
    groups = blocks[-1]["groups"]
    if not groups or groups[-1]["scenario"] != q.scenario:
        groups.append({"scenario": q.scenario, "questions": [], "runs": []})
    group = groups[-1]
    group["questions"].append(question)
    # consecutive choice questions print as one compact table
    choice = not question["free"]
    if not group["runs"] or group["runs"][-1]["choice"] != choice:
        group["runs"].append({"choice": choice, "questions": []})
    group["runs"][-1]["questions"].append(question)


def _question_view(q: QuestionInfo, answer: AnswerRecord) -> View:
    text = answer.text
    view: View = {
        "number": q.number,
        "anchor": anchor(q.number),
        "stem": q.question.stem,
        "free": q.rubric is not None,
        "mark": answer.mark,
        "max": answer.max_mark,
        "outcome": "full" if answer.mark >= answer.max_mark else ("part" if answer.mark else "none"),
        "blank": not text.strip(),
        # an examiner's decision explains a mark the highlights alone may not
        "examiner": "changed"
        if answer.decisions and answer.mark != answer.engine_mark
        else ("checked" if answer.decisions else ("pending" if answer.needs_review else None)),
    }
    if q.rubric is None:
        view["chosen"] = [{"id": o, "text": q.options.get(o, "")} for o in answer.chosen]
        return view
    runs, credits = segments(text, answer.points)
    view["segments"] = [{"text": r.text, "credit": r.credit} for r in runs]
    view["credits"] = [{"number": c.number, "words": list(c.words)} for c in credits]
    feedback = {p.id: p.feedback for p in q.rubric.marking_points}
    unexplained, shown = [], set()
    for point in answer.points:
        if point.get("unexplained") and not point.get("credited"):
            words = [text[s:e] for s, e in valid_spans(text, point.get("evidence"))]
            unexplained.append(
                {"words": list(dict.fromkeys(words))[:2], "feedback": feedback[str(point["id"])]}
            )
            shown.add(str(point["id"]))
    credited = {str(p["id"]) for p in answer.points if p.get("credited")}
    missed = (
        []
        if view["outcome"] == "full"
        else [mp.feedback for mp in q.rubric.marking_points if mp.id not in credited and mp.id not in shown]
    )
    view["unexplained"] = unexplained
    view["missed"] = missed[: max(0, MAX_MISSED - len(unexplained))]
    misconceptions = {m.id: m.feedback for m in q.rubric.misconceptions}
    view["watch"] = list(
        dict.fromkeys(misconceptions[m] for m in answer.misconceptions if m in misconceptions)
    )
    view["terms"] = {"used": [], "missing": [], "misused": []}
    return view


def _terms_view(terms: Iterable[TermResult]) -> View:
    out: View = {"used": [], "missing": [], "misused": []}
    for t in terms:
        out[t.status].append(t.term)
    return out
