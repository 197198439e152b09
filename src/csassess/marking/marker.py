"""The marking pipeline for one answer: evidence, checks, rules, confidence."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from csassess.findings import CsassessError
from csassess.marking import review
from csassess.marking.choice import mark_choice
from csassess.marking.compile import CompiledPoint, CompiledRubric, Phrase, compile_rubric
from csassess.marking.fuzzy import corrections
from csassess.marking.lexicon import english_words
from csassess.marking.match import Match, StemView, find, is_explained, is_hedged, is_negated
from csassess.marking.result import (
    AnswerMark,
    Evidence,
    MisconceptionHit,
    PointResult,
    TermResult,
)
from csassess.marking.rules import apply_levels, apply_rules
from csassess.marking.text import Tokens, tokenise
from csassess.models.items import Question
from csassess.models.rubric import Rubric
from csassess.models.script import Answer

MAX_EVIDENCE = 3
SHORT_WORDS = 4
LONG_WORDS_PER_MARK = 80
LANGUAGE_SAMPLE = 60
LANGUAGE_MIN_WORDS = 8
MIN_ENGLISH_SHARE = 0.5


class MarkingError(CsassessError):
    """A question cannot be marked (for example, a free-text question with no rubric)."""


def _evidence(tokens: Tokens, view: StemView, phrase: Phrase, match: Match, *, hedged: bool) -> Evidence:
    start, end = tokens.span(match.first, match.last)
    fuzzy = bool(view.fuzzy) and any(p in view.fuzzy for p in match.positions)
    return Evidence(phrase.source, start, end, tokens.text[start:end], fuzzy, hedged)


class _PointFinding:
    __slots__ = ("evidence", "explained", "negated")

    def __init__(self) -> None:
        self.evidence: list[Evidence] = []
        self.negated: list[Evidence] = []
        self.explained = False


def _search(
    point: CompiledPoint, phrases: list[int], tokens: Tokens, view: StemView, explain_all: bool
) -> _PointFinding:
    found = _PointFinding()
    seen: set[tuple[int, int]] = set()
    needs_explaining = point.point.needs_explanation or explain_all
    cancels = point.point.negation_cancels
    for number in phrases:
        phrase = point.phrases[number]
        for match in find(phrase, tokens, view, point.max_gap):
            key = (match.first, match.last)
            if key in seen:
                continue
            seen.add(key)
            if cancels and not phrase.has_negator and is_negated(tokens, match):
                if len(found.negated) < MAX_EVIDENCE:
                    found.negated.append(_evidence(tokens, view, phrase, match, hedged=False))
                continue
            explained = needs_explaining and not found.explained and is_explained(tokens, match)
            if len(found.evidence) < MAX_EVIDENCE or explained:
                evidence = _evidence(tokens, view, phrase, match, hedged=is_hedged(tokens, match))
                if explained:  # the explained mention leads: it is what earned the point
                    found.evidence.insert(0, evidence)
                    del found.evidence[MAX_EVIDENCE:]
                else:
                    found.evidence.append(evidence)
            found.explained = found.explained or explained
    return found


def _phrase_hits(
    phrases: Iterable[Phrase], tokens: Tokens, view: StemView, max_gap: int, *, negation_cancels: bool = True
) -> list[Evidence]:
    hits = []
    for phrase in phrases:
        for match in find(phrase, tokens, view, max_gap):
            if negation_cancels and not phrase.has_negator and is_negated(tokens, match):
                continue
            hits.append(_evidence(tokens, view, phrase, match, hedged=False))
    return hits


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
        if not question.is_free_text:
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
        if not tokens.content and not tokens.word_count:
            doubts.add(review.EMPTY, "no answer was given")
            missing = tuple(TermResult(ct.term.term, "missing") for ct in compiled.terms)
            return self._result(question, rubric, 0, (), doubts, tokens=None, terms=missing)
        self._length_doubts(tokens, max_mark, doubts)
        view = StemView(tokens, corrections(tokens, compiled) if self.fuzzy else None)
        explain_all = bool(rubric.levels)  # levels count explained points, whatever the flag

        possible = compiled.candidates(view.index.keys())
        findings = [
            (cp, _search(cp, possible[n], tokens, view, explain_all) if n in possible else _PointFinding())
            for n, cp in enumerate(compiled.points)
        ]
        hits = []
        for cm in compiled.misconceptions:
            evidence = _phrase_hits(cm.patterns, tokens, view, rubric.max_gap)
            if evidence:
                m = cm.misconception
                hits.append(
                    MisconceptionHit(
                        m.id, m.text, m.effect, tuple(evidence[:MAX_EVIDENCE]), m.feedback, m.cap
                    )
                )

        points = []
        credited: set[str] = set()
        unexplained = 0
        for cp, found in findings:
            mp = cp.point
            has = bool(found.evidence)
            ok = has and (found.explained or not mp.needs_explanation)
            if ok:
                credited.add(mp.id)
                self._evidence_doubts(mp.id, found, doubts)
            elif has:
                unexplained += 1
            points.append(
                PointResult(
                    mp.id,
                    mp.text,
                    mp.marks,
                    ok,
                    tuple(found.evidence[:MAX_EVIDENCE]),
                    tuple(found.negated[:MAX_EVIDENCE]),
                    has and not ok,
                )
            )
        if self.language_check and len(credited) <= 1:
            # an answer that earned evidence is in the paper's language enough; checking only
            # the others keeps the lexicon look-up off the common path
            self._language_doubts(tokens, doubts)
        if unexplained >= 2:
            doubts.add(review.PADDING, f"{unexplained} points named without explanation")

        level = None
        if rubric.levels:
            explained_count = sum(1 for cp, f in findings if f.explained and cp.point.id in credited)
            decision = apply_levels(rubric.levels, len(credited), explained_count, len(rubric.marking_points))
            mark, rules, level = decision.mark, (), decision.level
            if decision.borderline:
                doubts.add(review.BORDERLINE, "one point more or fewer would change the level")
        else:
            mark, rules = apply_rules(rubric, credited, max_mark, compiled.rule_words)

        mark = self._apply_misconceptions(hits, mark, doubts)
        terms = self._terminology(compiled, tokens, view)
        return self._result(
            question,
            rubric,
            mark,
            tuple(points),
            doubts,
            tokens=tokens,
            rules=rules,
            level=level,
            misconceptions=tuple(hits),
            terms=terms,
        )

    def _length_doubts(self, tokens: Tokens, max_mark: int, doubts: review.Doubts) -> None:
        words = tokens.word_count
        if max_mark >= 2 and words < SHORT_WORDS:
            doubts.add(review.SHORT, f"only {words} word{'s' if words != 1 else ''} for {max_mark} marks")
        if words > LONG_WORDS_PER_MARK * max_mark + 100:
            doubts.add(review.LONG, f"{words} words for {max_mark} marks")

    @staticmethod
    def _language_doubts(tokens: Tokens, doubts: review.Doubts) -> None:
        if tokens.word_count < LANGUAGE_MIN_WORDS:
            return
        sample = {w for w in tokens.words[:LANGUAGE_SAMPLE] if w.isalpha()}
        share = len(sample & english_words()) / max(1, len(sample))
        if share < MIN_ENGLISH_SHARE:
            doubts.add(review.LANGUAGE, f"only {share:.0%} of the words are English")

    @staticmethod
    def _evidence_doubts(point_id: str, found: _PointFinding, doubts: review.Doubts) -> None:
        if all(e.fuzzy for e in found.evidence):
            words = ", ".join(repr(e.text) for e in found.evidence[:2])
            doubts.add(review.FUZZY_ONLY, f"{point_id}: credited only through a spelling slip ({words})")
        if found.negated:
            doubts.add(
                review.NEGATION_CONFLICT, f"{point_id}: also negated elsewhere ({found.negated[0].text!r})"
            )
        if all(e.hedged for e in found.evidence):
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
    def _terminology(compiled: CompiledRubric, tokens: Tokens, view: StemView) -> tuple[TermResult, ...]:
        out = []
        gap = compiled.rubric.max_gap
        for ct in compiled.terms:
            misuse = _phrase_hits(ct.misuse, tokens, view, gap)
            used = _phrase_hits(ct.evidence, tokens, view, gap, negation_cancels=False)
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
        rubric: Rubric,
        mark: int,
        points: tuple[PointResult, ...],
        doubts: review.Doubts,
        *,
        tokens: Tokens | None,
        rules: tuple = (),
        level: object = None,
        misconceptions: tuple[MisconceptionHit, ...] = (),
        terms: tuple[TermResult, ...] = (),
    ) -> AnswerMark:
        if not points:
            points = tuple(PointResult(mp.id, mp.text, mp.marks, False) for mp in rubric.marking_points)
        credited = {p.id for p in points if p.credited}
        feedback = [mp.feedback for mp in rubric.marking_points if mp.id not in credited]
        feedback += [hit.feedback for hit in misconceptions]
        confidence, reasons, needs = doubts.verdict()
        del tokens
        return AnswerMark(
            question_id=question.id,
            kind=question.kind,
            mark=mark,
            max_mark=question.marks,
            points=points,
            rules=rules,
            level=getattr(level, "level", None),
            level_descriptor=getattr(level, "descriptor", None),
            terminology=terms,
            misconceptions=misconceptions,
            feedback=tuple(feedback),
            confidence=confidence,
            review_reasons=reasons,
            needs_review=needs,
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
