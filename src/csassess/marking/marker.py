"""The marking pipeline for one answer: evidence, checks, rules, confidence."""

from __future__ import annotations

from collections.abc import Mapping
from functools import partial

from csassess.findings import CsassessError
from csassess.marking import review
from csassess.marking.choice import mark_choice
from csassess.marking.compile import CompiledRubric, compile_rubric
from csassess.marking.evidence import (
    MAX_EVIDENCE,
    one_point_a_stretch,
    phrase_hits,
    place_evidence,
    search_point,
)
from csassess.marking.fuzzy import corrections
from csassess.marking.lexicon import english_words
from csassess.marking.match import StemView
from csassess.marking.result import (
    AnswerMark,
    Evidence,
    MisconceptionHit,
    PointResult,
    RuleResult,
    TermResult,
)
from csassess.marking.rules import apply_levels, apply_rules
from csassess.marking.text import Tokens, is_bare_list, tokenise
from csassess.models.items import FREE_TEXT_KINDS, Question
from csassess.models.rubric import Level, Rubric
from csassess.models.script import Answer

SHORT_WORDS = 4
LONG_WORDS_PER_MARK = 80
LANGUAGE_SAMPLE = 60
LANGUAGE_MIN_WORDS = 8
MIN_ENGLISH_SHARE = 0.5


def _slip_message(point_id: str, slips: list[Evidence]) -> str:
    return f"{point_id}: credited only through a spelling slip ({', '.join(repr(e.text) for e in slips)})"


def _negated_message(point_id: str, negated: Evidence) -> str:
    return f"{point_id}: also negated elsewhere ({negated.text!r})"


class MarkingError(CsassessError):
    """A question cannot be marked (for example, a free-text question with no rubric)."""


class Marker:
    """Marks answers; compiles each rubric once and reuses it for every answer."""

    def __init__(self, *, fuzzy: bool = True, language_check: bool = True) -> None:
        self.fuzzy = fuzzy
        self.language_check = language_check
        self._compiled: dict[int, tuple[Rubric, CompiledRubric]] = {}

    def compiled(self, rubric: Rubric, synonyms: Mapping[str, list[str]] | None = None) -> CompiledRubric:
        """The compiled form of a rubric, built on first use."""
        entry = self._compiled.get(id(rubric))
        if entry is None or entry[0] is not rubric:
            entry = (rubric, compile_rubric(rubric, synonyms))
            self._compiled[id(rubric)] = entry
        return entry[1]

    def mark(
        self,
        question: Question,
        answer: Answer | None,
        rubric: Rubric | None = None,
        synonyms: Mapping[str, list[str]] | None = None,
    ) -> AnswerMark:
        """Mark one answer to one question."""
        if question.kind not in FREE_TEXT_KINDS:  # is_free_text, without a Python-level property
            return mark_choice(question, answer)  # type: ignore[arg-type]
        if rubric is None:
            raise MarkingError(f"{question.id}: free-text question has no rubric")
        text = answer if isinstance(answer, str) else " ".join(answer or [])
        return self.mark_text(question, text, self.compiled(rubric, synonyms))

    def mark_text(self, question: Question, text: str, compiled: CompiledRubric) -> AnswerMark:
        """Mark free text against a compiled rubric."""
        rubric = compiled.rubric
        max_mark = question.marks
        doubts = review.Doubts()
        tokens = tokenise(text)
        stems = tokens.stems
        if not tokens.word_count:
            doubts.add(review.EMPTY, "no answer was given")
            missing = tuple(TermResult(ct.term.term, "missing") for ct in compiled.terms)
            return self._result(question, compiled, 0, (), doubts, terms=missing)
        if max_mark >= 2 and tokens.word_count < SHORT_WORDS:
            words = tokens.word_count
            doubts.add(review.SHORT, f"only {words} word{'s' if words != 1 else ''} for {max_mark} marks")
        longest = LONG_WORDS_PER_MARK * max_mark + 100
        if tokens.word_count > longest:
            doubts.add(review.LONG, f"{tokens.word_count} words for {max_mark} marks")
        index = compiled.index(stems)
        view = StemView(tokens, index, corrections(tokens, compiled) if self.fuzzy else None)
        possible = compiled.candidates(view.index)
        explain_all = bool(rubric.levels)  # levels count explained points, whatever the flag

        findings: list[tuple[int, list[Evidence], list[Evidence], bool]] = []
        spans: list[list[tuple[int, int, int]]] = []
        for n, cp in enumerate(compiled.points):
            numbers = possible.get(n)
            if numbers is not None:
                evidence, negated, explained, point_spans = search_point(cp, numbers, view, explain_all)
                if evidence or negated:
                    findings.append((n, evidence, negated, explained))
                    spans.append([] if cp.shares_evidence else point_spans)  # [] claims nothing
        listed = bool(findings) and is_bare_list(tokens)
        if listed:
            doubts.add(review.BARE_LIST, "a bare list: items named with no sentence around them")
        if len(spans) > 1:  # one stretch of the answer earns one point
            for f, drop in enumerate(one_point_a_stretch(spans)):
                if drop:
                    n, evidence, negated, explained = findings[f]
                    kept = [e for k, e in enumerate(evidence) if k not in drop]
                    findings[f] = (n, kept, negated, explained and 0 not in drop)  # the explained one leads
        points = [PointResult(cp.id, cp.text, cp.marks, False) for cp in compiled.points]
        credited: set[str] = set()
        unexplained = 0
        explained_points: list[str] = []
        for n, evidence, negated, explained in findings:
            cp = compiled.points[n]
            explained = explained and not listed  # a bare list explains nothing
            ok = bool(evidence) and (explained or not cp.needs_explanation)
            if explained:
                explained_points.append(cp.id)
            if ok:
                credited.add(cp.id)
                self._evidence_doubts(cp.id, evidence, negated, doubts)
            elif evidence:
                unexplained += 1
            points[n] = PointResult(
                cp.id, cp.text, cp.marks, ok, tuple(evidence), tuple(negated), bool(evidence) and not ok
            )
        hits = []
        group = len(compiled.points) + 2 * len(compiled.terms)
        for number, cm in enumerate(compiled.misconceptions, start=group):
            found = phrase_hits(cm.patterns, possible.get(number), view, rubric.max_gap)
            if found:
                m = cm.misconception
                hits.append(MisconceptionHit(m.id, m.text, m.effect, tuple(found), m.feedback, m.cap))
        if self.language_check and len(credited) <= 1:
            # an answer that earned evidence is in the paper's language enough; checking only
            # the others keeps the lexicon look-up off the common path
            self._language_doubts(tokens, doubts)
        if unexplained >= 2:
            doubts.add(review.PADDING, f"{unexplained} points named without explanation")

        level = None
        rules: tuple[RuleResult, ...] = ()
        if rubric.levels:
            explained_count = sum(1 for point_id in explained_points if point_id in credited)
            decision = apply_levels(rubric.levels, len(credited), explained_count, len(rubric.marking_points))
            mark, level = decision.mark, decision.level
            if decision.borderline:
                doubts.add(review.BORDERLINE, "one point more or fewer would change the level")
        else:
            mark, rules = apply_rules(rubric, credited, max_mark, compiled.rule_plan)

        if hits:
            mark = self._apply_misconceptions(hits, mark, doubts)
        terms = self._terminology(compiled, view, possible) if compiled.terms else ()
        if view.pending:
            place_evidence(view)
        return self._result(
            question,
            compiled,
            mark,
            tuple(points),
            doubts,
            rules=rules,
            level=level,
            misconceptions=tuple(hits),
            terms=terms,
            credited=credited,
        )

    @staticmethod
    def _language_doubts(tokens: Tokens, doubts: review.Doubts) -> None:
        if tokens.word_count < LANGUAGE_MIN_WORDS:
            return
        first = tokens.analyses[0].word_texts
        if first and first[0].isalpha() and tokens.all_english(LANGUAGE_SAMPLE):
            return  # every sampled word is English (and there is one): the share is 1
        sample = {word for word in tokens.first_words(LANGUAGE_SAMPLE) if word.isalpha()}
        share = len(sample & english_words()) / max(1, len(sample))
        if share < MIN_ENGLISH_SHARE:
            doubts.add(review.LANGUAGE, f"only {share:.0%} of the words are English")

    @staticmethod
    def _evidence_doubts(
        point_id: str, evidence: list[Evidence], negated: list[Evidence], doubts: review.Doubts
    ) -> None:
        # the messages quote the candidate's words, which are placed after the search
        if all(e.fuzzy for e in evidence):
            doubts.add(review.FUZZY_ONLY, partial(_slip_message, point_id, evidence[:2]))
        if negated:
            doubts.add(review.NEGATION_CONFLICT, partial(_negated_message, point_id, negated[0]))
        if all(e.hedged for e in evidence):
            doubts.add(review.HEDGED, f"{point_id}: only said tentatively")

    @staticmethod
    def _apply_misconceptions(hits: list[MisconceptionHit], mark: int, doubts: review.Doubts) -> int:
        for hit in hits:
            if hit.effect == "no_credit":
                mark = 0
            elif hit.effect == "flag":
                doubts.add(review.FLAGGED, f"{hit.id}: {hit.text}")
        for hit in hits:
            if hit.effect == "cap":
                mark = min(mark, hit.cap or 0)
        return mark

    @staticmethod
    def _terminology(
        compiled: CompiledRubric, view: StemView, possible: dict[int, list[int]]
    ) -> tuple[TermResult, ...]:
        out = []
        gap = compiled.rubric.max_gap
        group = len(compiled.points)
        for ct in compiled.terms:
            misuse = phrase_hits(ct.misuse, possible.get(group), view, gap)
            used = phrase_hits(ct.evidence, possible.get(group + 1), view, gap, negation_cancels=False)
            group += 2
            if misuse:
                out.append(TermResult(ct.term.term, "misused", tuple(misuse[:MAX_EVIDENCE])))
            elif used:
                out.append(TermResult(ct.term.term, "used", tuple(used[:MAX_EVIDENCE])))
            else:
                out.append(TermResult(ct.term.term, "missing"))
        return tuple(out)

    @staticmethod
    def _result(
        question: Question,
        compiled: CompiledRubric,
        mark: int,
        points: tuple[PointResult, ...],
        doubts: review.Doubts,
        *,
        rules: tuple = (),
        level: Level | None = None,
        misconceptions: tuple[MisconceptionHit, ...] = (),
        terms: tuple[TermResult, ...] = (),
        credited: set[str] | None = None,
    ) -> AnswerMark:
        if not points:
            points = tuple(PointResult(cp.id, cp.text, cp.marks, False) for cp in compiled.points)
        if credited is None:
            credited = set()
        feedback = [text for point_id, text in compiled.feedback if point_id not in credited]
        feedback += [hit.feedback for hit in misconceptions]
        confidence, reasons, needs = doubts.verdict()
        return AnswerMark(
            question.id,
            question.kind,
            mark,
            question.marks,
            points,
            rules,
            None if level is None else level.level,  # not getattr: a miss on None raises inside
            None if level is None else level.descriptor,
            terms,
            misconceptions,
            tuple(feedback),
            confidence,
            reasons,
            needs,
        )


_default = Marker()


def mark_answer(
    question: Question,
    answer: Answer | None,
    rubric: Rubric | None = None,
    synonyms: Mapping[str, list[str]] | None = None,
) -> AnswerMark:
    """Mark one answer with a shared default marker (fuzzy matching on)."""
    return _default.mark(question, answer, rubric, synonyms)
