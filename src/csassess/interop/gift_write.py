"""csassess banks as GIFT, Moodle's text format for questions.

GIFT has no place for marks, outcomes or a mark scheme, so csassess writes its metadata in
comment lines (`// [id:...]`, `// [tag:...]`, which GIFT readers skip) and its essays as `{}`
with no rubric: an import brings free-text questions back with a draft rubric to complete.
Reserved characters are escaped as Moodle's own GIFT writer does.
"""

from __future__ import annotations

from csassess.interop.content import BankContent
from csassess.interop.moodle_write import moodle_fraction, option_percent, stem_html
from csassess.interop.tags import item_questions
from csassess.models.items import Question, Scenario

_RESERVED = {
    "\\": "\\\\",
    "#": "\\#",
    "=": "\\=",
    "~": "\\~",
    "{": "\\{",
    "}": "\\}",
    ":": "\\:",
    "\n": "\\n",
    "\r": "",
}


def escape(text: str) -> str:
    """Text with GIFT's reserved characters escaped (Moodle's `repchar`)."""
    return "".join(_RESERVED.get(ch, ch) for ch in text)


def _stem(question: Question, scenario: Scenario | None) -> str:
    if scenario is None:
        return escape(question.stem)
    return "[html]" + escape(stem_html(question, scenario))  # the same markup as Moodle's question text


def _answers(question: Question, warnings: list[str]) -> list[str]:
    single = hasattr(question, "key")
    keys = [question.key] if single else list(question.keys)  # type: ignore[union-attr]
    lines = []
    for option in question.options:  # type: ignore[union-attr]
        if single:
            lines.append(("=" if option.id in keys else "~") + escape(option.text))
            continue
        percent = option_percent(question, option.id)
        weight, exact = moodle_fraction(percent)
        if not exact:
            warnings.append(f"{question.id}: option {option.id}: {percent:.4g}% written as {weight}%")
        lines.append(f"~%{weight}%{escape(option.text)}")
    return lines


def gift_text(content: BankContent, warnings: list[str]) -> tuple[str, int]:
    """The whole content as one GIFT file; returns (text, questions written)."""
    out: list[str] = []
    count = 0
    for bank in content.banks:
        out += [
            f"$CATEGORY: $course$/top/{bank.specification}/{bank.id}",
            "",
            f"// [bank-title:{escape(bank.title)}]",
            "",
        ]
        for item in bank.items:
            scenario = item if isinstance(item, Scenario) else None
            for question, tags in item_questions(item):
                out.append(f"// [id:{question.id}]")
                out.append("// " + " ".join(f"[tag:{t}]" for t in [*tags, f"marks:{question.marks}"]))
                head = f"::{escape(question.id)}::{_stem(question, scenario)}"
                if hasattr(question, "options"):
                    out += [head + "{", *(f"\t{a}" for a in _answers(question, warnings)), "}", ""]
                else:
                    out += [head + "{}", ""]
                count += 1
    return "\n".join(out), count
