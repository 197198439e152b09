"""`csassess review list | show | decide`: the examiner's side of flagged answers.

Thin commands over `csassess.review`; every decision becomes an append-only audit row.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.text import Text

from csassess.cli import app, guarded, out
from csassess.review import answer_detail, decide, review_queue
from csassess.store import CHANGE_REASONS, ROLES, AnswerDetail, Change

review_app = typer.Typer(help="Review answers the engine flagged and record examiners' decisions.")
app.add_typer(review_app, name="review", no_args_is_help=True)

DbOption = Annotated[Path, typer.Option("--db", help="The results database (SQLite).")]
DEFAULT_DB = Path("results.db")


@review_app.command("list")
@guarded
def review_list(
    db: DbOption = DEFAULT_DB,
    reason: Annotated[str | None, typer.Option(help="Only answers flagged for this reason code.")] = None,
    item: Annotated[str | None, typer.Option(help="Only answers to this question id.")] = None,
    centre: Annotated[str | None, typer.Option(help="Only this centre's candidates.")] = None,
) -> None:
    """List flagged answers that no examiner has decided yet."""
    entries = review_queue(db, reason=reason, question=item, centre=centre)
    # plain aligned lines, not a table: examiners grep and sort this list
    for e in entries:
        out.print(
            f"{e.answer_id:>8}  {e.paper_id}/{e.form}  {e.centre}  {e.candidate}  {e.question_id}  "
            f"{e.mark}/{e.max_mark}  {', '.join(e.reasons)}",
            markup=False,
        )
    out.print(f"{len(entries)} answer{'s' if len(entries) != 1 else ''} waiting for review", markup=False)


def _highlighted(detail: AnswerDetail) -> Text:
    """The candidate's text with credited evidence underlined and negated evidence struck out."""
    text = Text(detail.answer or "(no answer)")
    for point in detail.points:
        style = "bold green underline" if point.get("credited") else "yellow underline"
        for span in point.get("evidence") or []:  # type: ignore[union-attr]
            text.stylize(style, span["start"], span["end"])
        for span in point.get("negated") or []:  # type: ignore[union-attr]
            text.stylize("strike red", span["start"], span["end"])
    return text


@review_app.command("show")
@guarded
def review_show(
    answer: Annotated[int, typer.Argument(help="The answer number (from `csassess review list`).")],
    db: DbOption = DEFAULT_DB,
) -> None:
    """Show one answer: the candidate's words, the evidence for each point, reasons and decisions."""
    d = answer_detail(db, answer)
    who = f"{d.paper_id}/{d.form} centre {d.centre} candidate {d.candidate}"
    head = f"answer {d.answer_id}: {who}, {d.question_id}"
    out.print(head + ("" if d.current else " (superseded by a later marking)"), markup=False)
    mark = f"engine {d.engine_mark}/{d.max_mark}, confidence {d.confidence:.2f}"
    if d.level is not None:
        mark += f", level {d.level}"
    if d.decisions:
        mark += f"; now {d.mark}/{d.max_mark} after {len(d.decisions)} decision(s)"
    out.print(mark, markup=False)
    out.print(_highlighted(d))
    for point in d.points:
        status = "+" if point.get("credited") else ("?" if point.get("unexplained") else "-")
        words = "; ".join(repr(span["text"]) for span in point.get("evidence") or [])  # type: ignore[union-attr]
        out.print(f" {status} {point['id']}  {words}", markup=False)
    for code, message in d.reasons:
        out.print(f" review: {code}: {message}", markup=False)
    for c in d.decisions:
        note = f" ({c.note})" if c.note else ""
        out.print(
            f" decision {c.change_id}: {c.old_mark} -> {c.new_mark} by {c.examiner} ({c.role}), "
            f"{c.reason}{note}, {c.changed_at}",
            markup=False,
        )


@review_app.command("decide")
@guarded
def review_decide(
    answer: Annotated[int, typer.Argument(help="The answer number (from `csassess review list`).")],
    mark: Annotated[int, typer.Option("--mark", help="The mark the examiner gives.")],
    reason: Annotated[str, typer.Option("--reason", help="One of: " + ", ".join(CHANGE_REASONS) + ".")],
    examiner: Annotated[str, typer.Option("--examiner", help="Who decides (name or examiner number).")],
    role: Annotated[str, typer.Option("--role", help="One of: " + ", ".join(ROLES) + ".")] = "reviewer",
    note: Annotated[str, typer.Option("--note", help="Why, in the examiner's words.")] = "",
    db: DbOption = DEFAULT_DB,
) -> None:
    """Record an examiner's mark for a flagged answer; the total and grade follow it."""
    result = decide(db, Change(answer, mark, examiner, role, reason, note))
    out.print(
        f"answer {answer}: {result.old_mark} -> {result.new_mark} (decision {result.change_id}); "
        f"candidate total {result.total}, grade {result.grade}",
        markup=False,
    )
