"""View models: a frozen paper turned into plain dicts for the paper and mark-scheme templates.

The candidate view takes its fields from `render.candidate`, the allow-list shared with the
offline exam, and adds only presentation (numbers, anchors, wording, answer lines). The
mark-scheme view adds, per question, everything an examiner marks with.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from csassess.models import FrozenPaper, Specification
from csassess.models.items import FREE_TEXT_KINDS, AnyItem, Question, Scenario
from csassess.models.paper import FrozenItem
from csassess.models.rubric import Rubric
from csassess.render import wording
from csassess.render.candidate import Numbered, head_fields, numbered, question_fields, scenario_fields
from csassess.render.layout import LINES_PER_MARK

View = dict[str, Any]
MATERIALS = ("A black ink or ball-point pen.",)
"""What a candidate brings to every paper csassess prints."""


def _anchor(number: str) -> str:
    return "q" + number.replace("(", "").replace(")", "")


def _head(paper: FrozenPaper, spec: Specification | None) -> View:
    """The cover: from the paper, plus the qualification and unit names when the specification is known."""
    unit = next((u for u in spec.units if u.id == paper.unit), None) if spec else None
    questions = sum(len(s.items) for s in paper.sections)
    return {
        **head_fields(paper),
        "qualification": spec.qualification if spec else f"Specification {paper.specification}",
        "awarding_body": spec.awarding_body if spec else None,
        "unit": f"Unit {paper.unit}: {unit.title}" if unit else f"Unit {paper.unit}",
        "duration": wording.duration_text(paper.duration_minutes),
        "questions": f"{questions} in {wording.number_word(len(paper.sections))} "
        f"section{'s' if len(paper.sections) != 1 else ''}",
        "series": paper.series,
        "date": paper.date,
        "materials": list(MATERIALS),
        "information": [
            f"The total mark for this paper is {paper.total_marks}.",
            "The marks for each question are shown in brackets [ ].",
            f"There are {questions} questions in {wording.number_word(len(paper.sections))} "
            f"section{'s' if len(paper.sections) != 1 else ''}.",
        ],
        "examiner_grid": [
            {"number": str(number), "marks": fi.item.marks} for number, fi, _ in numbered(paper)
        ],
        # The digest ties a printed script to this exact freeze and reveals nothing it covers.
        "digest": paper.content_hash.removeprefix("sha256:")[:12],
    }


def _candidate_question(q: Numbered) -> View:
    """The shared candidate fields of a question, numbered and worded for print."""
    question = q.question
    view: View = {
        **question_fields(question),
        "number": q.number,
        "label": q.label,
        "anchor": _anchor(q.number),
        "marks_text": wording.marks_text(question.marks),
        "free_text": question.kind in FREE_TEXT_KINDS,
    }
    if "options" in view:
        choose = view.setdefault("choose", 1)
        view["choose_text"] = (
            f"Choose {wording.number_word(choose)} answer{'s' if choose != 1 else ''}: "
            f"tick (\u2713) {wording.number_word(choose)} box{'es' if choose != 1 else ''}."
        )
    else:
        per_mark = LINES_PER_MARK[question.kind]
        view["answer_lines"] = question.answer_lines or per_mark * question.marks  # type: ignore[union-attr]
    return view


def _candidate_item(number: int, frozen: FrozenItem, questions: list[Numbered]) -> View:
    item: AnyItem = frozen.item
    if not isinstance(item, Scenario):
        return _candidate_question(questions[0])
    return {
        **scenario_fields(item),
        "number": str(number),
        "anchor": _anchor(str(number)),
        "marks_text": wording.marks_text(item.marks),
        "parts": [_candidate_question(q) for q in questions],
        "parts_text": wording.span_text(questions[0].number, questions[-1].number, len(questions)),
    }


ItemView = Callable[[int, FrozenItem, list[Numbered]], View]


def _sections(paper: FrozenPaper, item_view: ItemView) -> list[View]:
    out: list[View] = []
    entries = iter(numbered(paper))
    for section in paper.sections:
        out.append(
            {
                "id": section.id,
                "title": section.title,
                "instructions": section.instructions,
                "questions": [item_view(*next(entries)) for _ in section.items],
            }
        )
    return out


def candidate_view(paper: FrozenPaper, spec: Specification | None = None) -> View:
    """Everything the candidate paper prints, and nothing a candidate may not see."""
    return {"paper": _head(paper, spec), "sections": _sections(paper, _candidate_item)}


# --- the mark scheme ----------------------------------------------------------------------


def _choice_scheme(question: Question) -> View:
    options = {o.id: o.text for o in question.options}  # type: ignore[union-attr]
    keys = [question.key] if question.kind == "multiple_choice" else list(question.keys)  # type: ignore[union-attr]
    return {
        "kind": "choice",
        "keys": [{"id": k, "text": options[k]} for k in keys],
        "scoring": wording.choice_scoring(question),  # type: ignore[arg-type]
    }


def _synonyms_used(rubric: Rubric, groups: dict[str, list[str]]) -> list[View]:
    """The file's word groups that this rubric's phrases use: what else each word accepts."""
    phrases = [p for mp in rubric.marking_points for p in mp.evidence]
    phrases += [p for t in rubric.terminology for p in t.evidence]
    words = {w.lower() for p in phrases for w in p.split()}
    return [{"word": w, "also": list(alts)} for w, alts in sorted(groups.items()) if w.lower() in words]


def _rubric_scheme(rubric: Rubric, synonyms: dict[str, list[str]]) -> View:
    number_of = {mp.id: i for i, mp in enumerate(rubric.marking_points, 1)}
    ruled = {p for rule in rubric.rules for p in rule.points}
    loose = [mp.id for mp in rubric.marking_points if mp.id not in ruled]
    rules = [wording.rule_text(rule, number_of) for rule in rubric.rules]
    if loose and not rubric.levels:
        rules.append(wording.loose_points_text(loose, number_of, bool(rubric.rules)))
    return {
        "kind": "rubric",
        "points": [
            {
                "n": number_of[mp.id],
                "id": mp.id,
                "text": mp.text,
                "marks_text": wording.marks_text(mp.marks),
                "evidence": list(mp.evidence),
                "needs_explanation": mp.needs_explanation,
            }
            for mp in rubric.marking_points
        ],
        "rules": rules,
        "levels": [
            {
                "level": lv.level,
                "marks": wording.level_marks(lv),
                "descriptor": lv.descriptor,
                "needs": wording.level_needs(lv),
            }
            for lv in sorted(rubric.levels, key=lambda lv: lv.level, reverse=True)
        ],
        "indicative_content": list(rubric.indicative_content),
        "terminology": [
            {"term": t.term, "evidence": list(t.evidence), "misuse": list(t.misuse)}
            for t in rubric.terminology
        ],
        "synonyms": _synonyms_used(rubric, synonyms),
        "misconceptions": [
            {"text": m.text, "effect": wording.effect_text(m), "patterns": list(m.patterns)}
            for m in rubric.misconceptions
        ],
        "examiner_notes": rubric.examiner_notes,
    }


def _scheme_question(q: Numbered) -> View:
    question = q.question
    view = _candidate_question(q)
    view["id"] = question.id
    if not question.is_free_text:
        view["scheme"] = _choice_scheme(question)
    elif (rubric := q.frozen.rubrics.get(question.id)) is not None:
        view["scheme"] = _rubric_scheme(rubric, q.frozen.synonyms)
    else:  # freezing checks every free-text question has one; say so rather than print nothing
        view["scheme"] = {"kind": "missing"}
    return view


def _scheme_item(number: int, frozen: FrozenItem, questions: list[Numbered]) -> View:
    view = _candidate_item(number, frozen, questions)
    view["id"] = frozen.item.id
    if view["kind"] == "scenario":
        view["parts"] = [_scheme_question(q) for q in questions]
        return view
    return _scheme_question(questions[0])


def markscheme_view(paper: FrozenPaper, spec: Specification | None = None) -> View:
    """The paper with, per question, the key or marking points, rules, levels and notes."""
    head = _head(paper, spec)
    head["content_hash"] = paper.content_hash
    head["frozen_by"] = paper.frozen_by
    boundaries = sorted(paper.grade_boundaries, key=lambda b: b.min_mark, reverse=True)
    head["grade_boundaries"] = [{"grade": b.grade, "min_mark": b.min_mark} for b in boundaries]
    head["fail_grade"] = paper.fail_grade
    return {"paper": head, "sections": _sections(paper, _scheme_item)}
