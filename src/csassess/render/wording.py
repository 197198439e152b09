"""Numbers, marks, times and marking rules in the words a printed paper uses."""

from __future__ import annotations

from collections.abc import Sequence

from csassess.models.items import MultipleChoice, MultipleResponse, PartMultipleChoice, PartMultipleResponse
from csassess.models.rubric import Level, Misconception, Rule

_WORDS = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten")


def number_word(n: int) -> str:
    """`two` for 2; digits from 11 up, as printed papers write them."""
    return _WORDS[n] if 0 <= n < len(_WORDS) else str(n)


def marks_text(n: int) -> str:
    """`1 mark`, `3 marks`."""
    return f"{n} mark" if n == 1 else f"{n} marks"


def duration_text(minutes: int) -> str:
    """`1 hour 30 minutes`, `45 minutes`, `2 hours`."""
    hours, rest = divmod(minutes, 60)
    parts = []
    if hours:
        parts.append(f"{hours} hour" + ("s" if hours != 1 else ""))
    if rest or not hours:
        parts.append(f"{rest} minute" + ("s" if rest != 1 else ""))
    return " ".join(parts)


def join_and(words: Sequence[str]) -> str:
    """`1, 2 and 3`."""
    if len(words) <= 1:
        return "".join(words)
    return ", ".join(words[:-1]) + " and " + words[-1]


def span_text(first: str, last: str, count: int) -> str:
    """`5(a) and 5(b)` for two, `5(a) to 5(d)` for more."""
    return f"{first} {'and' if count == 2 else 'to'} {last}"


def _points(ids: Sequence[str], number_of: dict[str, int]) -> str:
    labels = [str(number_of.get(p, p)) for p in ids]
    return ("point " if len(labels) == 1 else "points ") + join_and(labels)


def _table(table: dict[int, int]) -> str:
    """`4 or more: 3 marks; 3: 2 marks; 1-2: 1 mark`, read as the marker reads it."""
    counts = sorted(table)
    parts = []
    for i in reversed(range(len(counts))):
        low = counts[i]
        high = counts[i + 1] - 1 if i + 1 < len(counts) else None
        span = f"{low} or more" if high is None else (str(low) if high == low else f"{low}\u2013{high}")
        parts.append(f"{span}: {marks_text(table[low])}")
    return "; ".join(parts)


def rule_text(rule: Rule, number_of: dict[str, int]) -> str:
    """A rule as the mark scheme prints it: the author's own words with the points they cover, or
    words made from the rule."""
    scope = _points(rule.points, number_of)
    if rule.description:
        return f"{rule.description.rstrip('.')} ({scope})."
    if rule.kind == "each":
        made = f"Each of {scope} earns its marks" + (f", up to {marks_text(rule.cap)}" if rule.cap else "")
    elif rule.kind == "at_least":
        made = f"{marks_text(rule.marks or 0)} when at least {rule.n} of {scope} are credited"
    elif rule.kind == "all_of":
        made = f"{marks_text(rule.marks or 0)} only when all of {scope} are credited together"
    else:
        made = f"By how many of {scope} are credited: {_table(rule.table or {})}"
    return made + "."


def loose_points_text(ids: Sequence[str], number_of: dict[str, int], has_rules: bool) -> str:
    """How points that no rule names are credited."""
    scope = _points(ids, number_of)
    return f"{scope[0].upper()}{scope[1:]}: {'each also' if has_rules else 'each'} earns its marks."


def level_needs(level: Level) -> str:
    """What an answer must show to reach a level, from its thresholds."""
    needs = f"at least {number_word(level.min_points)} point" + ("s" if level.min_points != 1 else "")
    if level.min_explained:
        needs += f", {number_word(level.min_explained)} of them explained"
    return needs


def level_marks(level: Level) -> str:
    """`3\u20134`, or one number for a one-mark band."""
    if level.min_mark == level.max_mark:
        return str(level.min_mark)
    return f"{level.min_mark}\u2013{level.max_mark}"


def effect_text(misconception: Misconception) -> str:
    """What the misconception does to the mark, as an examiner applies it."""
    if misconception.effect == "no_credit":
        return "No marks for the answer."
    if misconception.effect == "cap":
        return f"Award at most {marks_text(misconception.cap or 0)}."
    return "Mark as usual and refer the answer for review."


ChoiceQuestion = MultipleChoice | MultipleResponse | PartMultipleChoice | PartMultipleResponse


def choice_scoring(question: ChoiceQuestion) -> str:
    """How a choice question is scored, as `csassess.marking.choice` scores it."""
    if isinstance(question, MultipleChoice | PartMultipleChoice):
        return f"{marks_text(question.marks)} for the correct answer; no mark if more than one box is ticked."
    n = len(question.keys)
    if question.scoring == "all_or_nothing":
        return (
            f"{marks_text(question.marks)} "
            f"only when all {number_word(n)} correct boxes, and no others, are ticked."
        )
    if question.marks % n == 0:
        each = f"{marks_text(question.marks // n)} for each correct box ticked"
    else:
        each = f"{question.marks} \u00d7 (correct boxes ticked \u00f7 {n}), rounded down"
    return f"{each}; take off {marks_text(question.wrong_penalty)} for each wrong box ticked, never below 0."
