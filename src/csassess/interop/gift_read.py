"""GIFT text into csassess content, read as Moodle's own GIFT reader reads it.

Questions are separated by blank lines; `//` lines are comments (csassess reads its
`[id:...]`, `[tag:...]` and `[bank-title:...]` tokens from them); `\\` escapes the reserved
characters `: # = { } ~` and `n`; `$CATEGORY:` sets the category; `::title::` names a
question; the first `{` and `}` bound the answers; `[html]`, `[markdown]`, `[plain]` and
`[moodle]` prefix a text's format; `#` starts an answer's feedback and `####` the general
feedback; `~%50%` weights an answer.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from csassess.interop.collect import Collector, Meta, ReadQuestion, ScenarioDraft
from csassess.interop.htmltext import fragment, plain
from csassess.interop.imported import ImportResult, NotImportedError, identifier
from csassess.interop.markup import find_class, read_fields
from csassess.interop.moodle_read import _WILDCARD_STEM, _short_rubric
from csassess.interop.qti3_item_read import LETTERS
from csassess.interop.safexml import InteropError
from csassess.interop.tags import read_tags

_ESCAPABLE = ":#={}~n"
# private-use characters stand for escaped ones while the question is taken apart
_HIDE = {ch: chr(0xE000 + i) for i, ch in enumerate(_ESCAPABLE)}
_SHOW = {v: ("\n" if k == "n" else k) for k, v in _HIDE.items()}
_WEIGHT = re.compile(r"^%(-*[0-9]{1,2}\.?[0-9]*)%")
_TOKEN = re.compile(r"\[(id|tag):([^\]]*)\]")
_BANK_TITLE = re.compile(r"\[bank-title:(.*)\]\s*$")
_FORMATS = ("html", "markdown", "plain", "moodle")


def hide_escapes(text: str) -> str:
    """`\\:` and the like replaced by placeholders; `\\\\` becomes one backslash."""
    out, i = [], 0
    while i < len(text):
        ch = text[i]
        if ch == "\\" and i + 1 < len(text) and (text[i + 1] in _HIDE or text[i + 1] == "\\"):
            nxt = text[i + 1]
            out.append("\\" if nxt == "\\" else _HIDE[nxt])
            i += 2
            continue
        out.append(ch)
        i += 1
    return "".join(out)


def show_escapes(text: str) -> str:
    """Placeholders back to the characters they stand for."""
    return "".join(_SHOW.get(ch, ch) for ch in text)


@dataclass
class Block:
    """One question's lines, with what its comments said."""

    line: int
    text: str
    ids: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    bank_title: str | None = None


def blocks(text: str) -> list[Block]:
    """The file cut at blank lines, comment lines read for tokens and blanked."""
    found: list[Block] = []
    lines: list[str] = []
    current = Block(1, "")
    for number, raw in enumerate([*text.splitlines(), ""], start=1):
        stripped = raw.strip()
        if not stripped:
            if lines or current.ids or current.tags or current.bank_title:
                current.text = "\n".join(lines).strip()
                found.append(current)
            lines, current = [], Block(number + 1, "")
            continue
        if stripped.startswith("//"):
            for kind, value in _TOKEN.findall(stripped):
                (current.ids if kind == "id" else current.tags).append(value.strip())
            title = _BANK_TITLE.search(stripped)
            if title:
                current.bank_title = show_escapes(hide_escapes(title.group(1)))
            continue
        lines.append(raw)
    return found


def with_format(text: str, default: str = "moodle") -> tuple[str, str]:
    """(format, text) of a GIFT text, its `[format]` prefix removed, escapes restored, trimmed."""
    fmt = default
    if text.startswith("["):
        end = text.find("]")
        if end > 0 and text[1:end] in _FORMATS:
            fmt, text = text[1:end], text[end + 1 :]
    return fmt, show_escapes(text).strip()


@dataclass
class Parsed:
    """A question as Moodle's GIFT reader sees it."""

    qtype: str
    name: str | None
    text: str
    fmt: str
    answers: list[tuple[float, str, str]]
    """(weight, answer text, feedback)"""


def _weighted(answer: str, default: float) -> tuple[float, str]:
    match = _WEIGHT.match(answer)
    if not match:
        return default, answer
    return float(match.group(1).replace("--", "-")) / 100, answer[match.end() :]


def _split_answers(answertext: str, qtype: str, fmt: str) -> list[tuple[float, str, str]]:
    parts = answertext.replace("=", "~=").split("~") if qtype == "multichoice" else answertext.split("=")
    if parts and not parts[0].strip():
        parts = parts[1:]
    answers = []
    for raw in parts:
        answer = raw.strip()
        if qtype == "multichoice" and answer.startswith("="):
            weight, answer = 1.0, answer[1:]
        else:
            weight, answer = _weighted(answer, 0.0 if qtype == "multichoice" else 1.0)
        text, _, feedback = answer.partition("#")
        answers.append((weight, with_format(text.strip(), fmt)[1], with_format(feedback.strip(), fmt)[1]))
    return answers


def parse_question(text: str, where: str) -> Parsed | str:
    """One block as a question, or the category path of a `$CATEGORY:` block."""
    text = hide_escapes(text)
    if text.startswith("$CATEGORY:"):
        return show_escapes(text[len("$CATEGORY:") :]).strip()
    name = None
    if text.startswith("::"):
        end = text.find("::", 2)
        if end >= 0:
            name, text = show_escapes(text[2:end]).strip(), text[end + 2 :].strip()
    start, finish = text.find("{"), text.find("}")
    if start < 0 and finish < 0:
        fmt, body = with_format(text)
        return Parsed("description", name, body, fmt, [])
    if start < 0 or finish < 0 or finish < start:
        raise InteropError(
            f"{where}: unbalanced {{ }}: an answer section needs both braces (escape a literal one as \\{{)"
        )
    answertext = text[start + 1 : finish].strip()
    question = text[:start] + (text[finish + 1 :] if not text.endswith("}") else "")
    if not text.endswith("}"):
        question = text[:start] + "_____" + text[finish + 1 :]  # the missing-word format
    if "####" in answertext:
        answertext = answertext[: answertext.rfind("####")].strip()
    fmt, body = with_format(question)
    if not answertext:
        qtype = "essay"
    elif answertext.startswith("#"):
        qtype = "numerical"
    elif "~" in answertext:
        qtype = "multichoice"
    elif "=" in answertext and "->" in answertext:
        qtype = "match"
    elif answertext.split("#")[0].strip() in {"T", "TRUE", "F", "FALSE"}:
        qtype = "truefalse"
    else:
        qtype = "shortanswer"
    answers = _split_answers(answertext, qtype, fmt) if qtype in {"multichoice", "shortanswer"} else []
    return Parsed(qtype, name, body, fmt, answers)


_OTHER = {
    "numerical": "csassess has no numerical items",
    "match": "csassess has no matching items",
    "truefalse": "true/false has 2 options; csassess multiple choice needs 3 to 8",
}


def _text_of(text: str, fmt: str, where: str) -> str:
    return plain(fragment(text, where)) if fmt == "html" else text


class GiftReader:
    """Turns parsed questions into csassess questions through the shared collector."""

    def __init__(self, path: Path, spec: str | None) -> None:
        self.path = path
        self.collector = Collector(path, spec, "gift")
        self.category: list[str] = []
        self.bank_title: str | None = None
        self.context = ""

    def add(self, block: Block, parsed: Parsed, where: str) -> None:
        title = parsed.name or f"question at line {block.line}"
        own, scenario_fields, link = read_tags(block.tags)
        meta = Meta(ident=block.ids[0] if block.ids else None, fields=own)
        if len(self.category) >= 2 and "outcomes" in own:
            meta.spec, meta.bank = (
                self.category[-2],
                (self.category[-1], self.bank_title or self.category[-1]),
            )
        elif self.category:
            own.setdefault("tags", []).append(identifier("category-" + "-".join(self.category), "category"))
        if parsed.qtype == "description":
            self.context = _text_of(parsed.text, parsed.fmt, where)
            self.collector.line(
                title, "description", notes=["its text is put before the next question's stem"]
            )
            return
        if parsed.qtype in _OTHER:
            raise NotImportedError(_OTHER[parsed.qtype], parsed.qtype)
        body = fragment(parsed.text, where) if parsed.fmt == "html" else None
        stem_node = find_class(body, "cs-stem") if body is not None else None
        stem = plain(stem_node) if stem_node is not None else _text_of(parsed.text, parsed.fmt, where)
        if self.context:
            stem, self.context = f"{self.context}\n\n{stem}", ""
        marks = int(own.pop("marks", "1")) if str(own.get("marks", "1")).isdigit() else 1
        read = ReadQuestion(meta.ident or title, title, "short_answer", {"stem": stem, "marks": marks})
        if parsed.qtype == "multichoice":
            read.kind, extra = _choice(parsed, marks)
            read.fields.update(extra)
        elif parsed.qtype == "shortanswer":
            phrases = [a.rstrip("*") if _WILDCARD_STEM.match(a) else a for w, a, _ in parsed.answers if w > 0]
            kept = [p for p in phrases if p and "*" not in p]
            read.notes += [
                f"accepted answer {p!r}: a wildcard csassess cannot match, left out"
                for p in phrases
                if "*" in p
            ]
            if not kept:
                raise NotImportedError("no accepted answer csassess can match", "shortanswer")
            read.rubric = _short_rubric(identifier(meta.ident or title, "Q"), marks, kept)
            read.notes.append("accepted answers became one marking point's evidence")
        self.collector.add(read, meta, self._scenario(body, scenario_fields, link, meta, where))

    def _scenario(
        self, body: Any, fields: dict[str, Any], link: dict[str, str], meta: Meta, where: str
    ) -> ScenarioDraft | None:
        setting = find_class(body, "cs-setting") if body is not None else None
        if "id" not in link or setting is None:
            return None
        if link["id"] in self.collector.scenarios:
            return self.collector.scenarios[link["id"]]
        title = find_class(body, "cs-title")
        data = {
            "title": plain(title) if title is not None else link["id"],
            "setting": read_fields(setting, where),
            **fields,
        }
        return self.collector.open_scenario(link["id"], link["id"], data, meta.bank, meta.spec)


def _choice(parsed: Parsed, marks: int) -> tuple[str, dict[str, Any]]:
    if not 3 <= len(parsed.answers) <= 8:
        raise NotImportedError(
            f"{len(parsed.answers)} answers: csassess choice questions have 3 to 8", "multichoice"
        )
    # an answer may run over several lines; Moodle shows it as one run of text
    options = [{"id": LETTERS[i], "text": " ".join(a.split())} for i, (_, a, _) in enumerate(parsed.answers)]
    weights = [w for w, _, _ in parsed.answers]
    right = [LETTERS[i] for i, w in enumerate(weights) if w > 0]
    if any(w >= 0.9999 for w in weights):
        if len([w for w in weights if w >= 0.9999]) != 1:
            raise NotImportedError("several answers marked = in a single-answer question", "multichoice")
        return "multiple_choice", {"options": options, "key": LETTERS[weights.index(max(weights))]}
    if len(options) < 4 or len(right) < 2:
        raise NotImportedError(
            "multiple response needs at least 4 options and 2 right answers in csassess", "multichoice"
        )
    worst = min(weights)
    return "multiple_response", {
        "options": options,
        "keys": right,
        "scoring": "per_key",
        "wrong_penalty": round(-worst * marks) if worst < 0 else 0,
    }


def read_gift(path: Path, text: str, spec: str | None = None) -> ImportResult:
    """Every question of a GIFT file, with the report."""
    reader = GiftReader(path, spec)
    for block in blocks(text):
        if block.bank_title is not None:
            reader.bank_title = block.bank_title
        if not block.text:
            continue
        where = f"{path}:{block.line}"
        try:
            parsed = parse_question(block.text, where)
        except InteropError as exc:
            reader.collector.line(f"question at line {block.line}", "gift", reason=str(exc))
            continue
        if isinstance(parsed, str):
            reader.category = [p for p in parsed.replace("$course$/", "").split("/") if p and p != "top"]
            continue
        try:
            reader.add(block, parsed, where)
        except NotImportedError as exc:
            reader.collector.line(parsed.name or f"question at line {block.line}", exc.kind, reason=str(exc))
        except InteropError as exc:
            reader.collector.line(
                parsed.name or f"question at line {block.line}", parsed.qtype, reason=str(exc)
            )
    return reader.collector.finish()
