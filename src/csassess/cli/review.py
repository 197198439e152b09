"""`csassess review list | show | decide | sample | second | agreement`: the examiners' side.

Thin commands over `csassess.moderation.review` (flagged answers, decisions) and `csassess.moderation.second`
(second marking); every decision, sample and second mark becomes an append-only row.
"""

from __future__ import annotations

from dataclasses import asdict
from enum import StrEnum
from typing import TYPE_CHECKING, Annotated, Any, cast

import typer

from csassess.cli.options import DEFAULT_DB, DbOption, OutputOption
from csassess.cli.output import OutputFormat, guarded, out, plural, print_json
from csassess.store.schema import CHANGE_REASONS, DECISION_ROLES, ROLES

if TYPE_CHECKING:
    from rich.text import Text

    from csassess.moderation.second import ItemAgreement
    from csassess.store.records import AnswerDetail, QueueEntry, SecondMark

commands = typer.Typer(help="Review flagged answers, second-mark a sample and record examiners' decisions.")

AnswerArgument = Annotated[int, typer.Argument(help="The answer number (from `csassess review list`).")]


Reason = StrEnum("Reason", [(r, r) for r in CHANGE_REASONS])  # type: ignore[misc]
"""Why an examiner changed a mark: the audit table's list, checked as the option is read."""
Role = StrEnum("Role", [(r, r) for r in ROLES])  # type: ignore[misc]
"""Every examiner role; the store refuses a decision under a second marker's, with a hint."""


class Queue(StrEnum):
    """Which answers `review list` shows."""

    flagged = "flagged"
    second = "second"
    senior = "senior"


def _who(e: QueueEntry) -> str:
    return f"{e.answer_id:>8}  {e.paper_id}/{e.form}  {e.centre}  {e.candidate}  {e.question_id}"


def _wanted(e: QueueEntry, item: str | None, centre: str | None) -> bool:
    return (not item or e.question_id == item) and (not centre or e.centre == centre)


def _late(e: QueueEntry) -> str:
    return "  late" if e.late else ""


@commands.command("list")
@guarded
def review_list(
    db: DbOption = DEFAULT_DB,
    queue: Annotated[
        Queue,
        typer.Option(
            help="flagged: answers the engine flagged, undecided; second: sampled answers waiting for "
            "a second mark (marks hidden); senior: second marks beyond tolerance, waiting for a "
            "senior examiner."
        ),
    ] = Queue.flagged,
    reason: Annotated[str | None, typer.Option(help="Only answers flagged for this reason code.")] = None,
    item: Annotated[str | None, typer.Option(help="Only answers to this question id.")] = None,
    centre: Annotated[str | None, typer.Option(help="Only this centre's candidates.")] = None,
    examiner: Annotated[
        str | None, typer.Option(help="With --queue second: only this examiner's sample.")
    ] = None,
    output: OutputOption = OutputFormat.text,
) -> None:
    """List answers waiting for an examiner, one line each."""
    from csassess.api import Results

    # plain aligned lines, not a table: examiners grep and sort these lists
    if queue is Queue.second:
        with Results(db, create=False) as results:
            entries = [e for e in results.second_queue(examiner) if _wanted(e, item, centre)]
        if output is OutputFormat.json:
            print_json(_queue_json(queue, [_second_json(e) for e in entries]))
            return
        for e in entries:  # blind: the first mark is not shown to the second marker
            out.print(
                f"{_who(e)}  out of {e.max_mark}  sample {e.sample_id} ({e.examiner}), "
                f"tolerance {e.tolerance}{_late(e)}",
                markup=False,
            )
        out.print(f"{plural(len(entries), 'answer')} waiting for a second mark", markup=False)
        return
    if queue is Queue.senior:
        with Results(db, create=False) as results:
            pairs = [(e, s) for e, s in results.senior_queue() if _wanted(e, item, centre)]
        if output is OutputFormat.json:
            print_json(_queue_json(queue, [_senior_json(e, s) for e, s in pairs]))
            return
        for e, s in pairs:
            out.print(
                f"{_who(e)}  first {s.first_mark}/{e.max_mark} ({s.first_marker}), second "
                f"{s.second_mark}/{e.max_mark} ({s.examiner}), tolerance {s.tolerance}{_late(e)}",
                markup=False,
            )
        out.print(f"{plural(len(pairs), 'answer')} waiting for a senior examiner", markup=False)
        return
    with Results(db, create=False) as results:
        entries = results.review_queue(reason=reason, question=item, centre=centre)
    if output is OutputFormat.json:
        print_json(_queue_json(queue, [_flagged_json(e) for e in entries]))
        return
    for e in entries:
        out.print(f"{_who(e)}  {e.mark}/{e.max_mark}  {', '.join(e.reasons)}{_late(e)}", markup=False)
    out.print(f"{plural(len(entries), 'answer')} waiting for review", markup=False)


def _queue_json(queue: Queue, answers: list[dict[str, object]]) -> dict[str, object]:
    return {"queue": queue.value, "count": len(answers), "answers": answers}


def _entry_json(e: QueueEntry) -> dict[str, object]:
    """Whose answer to what: the fields every queue shares."""
    return {
        "answer": e.answer_id,
        "paper": e.paper_id,
        "form": e.form,
        "centre": e.centre,
        "candidate": e.candidate,
        "question": e.question_id,
        "max_mark": e.max_mark,
        "late": e.late,
    }


def _flagged_json(e: QueueEntry) -> dict[str, object]:
    return {**_entry_json(e), "mark": e.mark, "reasons": list(e.reasons)}


def _second_json(e: QueueEntry) -> dict[str, object]:
    # blind, as the text: the first mark is not shown to the second marker
    return {**_entry_json(e), "sample": e.sample_id, "examiner": e.examiner, "tolerance": e.tolerance}


def _senior_json(e: QueueEntry, s: SecondMark) -> dict[str, object]:
    return {
        **_entry_json(e),
        "first": {"mark": s.first_mark, "examiner": s.first_marker},
        "second": {"mark": s.second_mark, "examiner": s.examiner},
        "tolerance": s.tolerance,
    }


def _detail_json(d: AnswerDetail, *, blind: bool) -> dict[str, object]:
    """One answer as JSON (docs/cli-json.md); blind: only the candidate's words and the maximum."""
    shown: dict[str, object] = {
        "answer": d.answer_id,
        "paper": d.paper_id,
        "form": d.form,
        "centre": d.centre,
        "candidate": d.candidate,
        "question": d.question_id,
        "late": d.late,
        "current": d.current,
        "text": d.answer,
        "max_mark": d.max_mark,
        "blind": blind,
    }
    if blind:
        return shown
    return {
        **shown,
        "engine_mark": d.engine_mark,
        "mark": d.mark,
        "confidence": d.confidence,
        "level": d.level,
        "needs_review": d.needs_review,
        "points": d.points,
        "reasons": [{"code": code, "message": message} for code, message in d.reasons],
        "decisions": [asdict(c) for c in d.decisions],
        "second_marks": [asdict(s) for s in d.second_marks],
    }


def _highlighted(detail: AnswerDetail) -> Text:
    """The candidate's text with credited evidence underlined and negated evidence struck out."""
    from rich.text import Text

    text = Text(detail.answer or "(no answer)")
    for point in detail.points:
        style = "bold green underline" if point.get("credited") else "yellow underline"
        for span in _spans(point, "evidence"):
            text.stylize(style, span["start"], span["end"])
        for span in _spans(point, "negated"):
            text.stylize("strike red", span["start"], span["end"])
    return text


def _spans(point: dict[str, object], key: str) -> list[dict[str, Any]]:
    """A point's evidence or negated spans as stored (see `csassess.store.marked.AnswerRow`)."""
    return cast("list[dict[str, Any]]", point.get(key) or [])


def _print_trail(d: AnswerDetail) -> None:
    for point in d.points:
        status = "+" if point.get("credited") else ("?" if point.get("unexplained") else "-")
        words = "; ".join(repr(span["text"]) for span in _spans(point, "evidence"))
        out.print(f" {status} {point['id']}  {words}", markup=False)
    for code, message in d.reasons:
        out.print(f" review: {code}: {message}", markup=False)
    for c in d.decisions:
        note = f" ({c.note})" if c.note else ""
        carried = f", carried over from answer {c.answer_id}" if c.answer_id != d.answer_id else ""
        out.print(
            f" decision {c.change_id}: {c.old_mark} -> {c.new_mark} by {c.examiner} ({c.role}), "
            f"{c.reason}{note}, {c.changed_at}{carried}",
            markup=False,
        )
    for s in d.second_marks:
        note = f" ({s.note})" if s.note else ""
        out.print(
            f" second mark {s.mark_id} (sample {s.sample_id}): {s.second_mark} by {s.examiner} against "
            f"{s.first_mark} by {s.first_marker}, tolerance {s.tolerance}: {s.outcome}{note}, {s.marked_at}",
            markup=False,
        )


@commands.command("show")
@guarded
def review_show(
    answer: AnswerArgument,
    db: DbOption = DEFAULT_DB,
    blind: Annotated[
        bool,
        typer.Option(
            "--blind", help="Only the candidate's words: no marks, evidence or decisions (second marking)."
        ),
    ] = False,
    output: OutputOption = OutputFormat.text,
) -> None:
    """Show one answer: the candidate's words, the evidence for each point, reasons and decisions."""
    from rich.text import Text

    from csassess.api import Results

    with Results(db, create=False) as results:
        d = results.answer(answer)
    if output is OutputFormat.json:
        print_json(_detail_json(d, blind=blind))
        return
    head = f"answer {d.answer_id}: {d.who}, {d.question_id}" + (" (handed in late)" if d.late else "")
    out.print(head + ("" if d.current else " (superseded by a later marking)"), markup=False)
    if blind:
        out.print(f"out of {d.max_mark}", markup=False)
        out.print(Text(d.answer or "(no answer)"))
        return
    mark = f"engine {d.engine_mark}/{d.max_mark}, confidence {d.confidence:.2f}"
    if d.level is not None:
        mark += f", level {d.level}"
    if d.decisions:
        mark += f"; now {d.mark}/{d.max_mark} after {len(d.decisions)} decision(s)"
    out.print(mark, markup=False)
    out.print(_highlighted(d))
    _print_trail(d)


@commands.command("decide")
@guarded
def review_decide(
    answer: AnswerArgument,
    mark: Annotated[int, typer.Option("--mark", help="The mark the examiner gives.")],
    reason: Annotated[Reason, typer.Option("--reason", help="Why the mark changes.")],
    examiner: Annotated[str, typer.Option("--examiner", help="Who decides (name or examiner number).")],
    role: Annotated[
        Role,
        typer.Option(
            "--role",
            help=f"Who decides: {', '.join(DECISION_ROLES)} (second marks: `csassess review second`).",
        ),
    ] = Role.reviewer,
    note: Annotated[str, typer.Option("--note", help="Why, in the examiner's words.")] = "",
    db: DbOption = DEFAULT_DB,
) -> None:
    """Record an examiner's mark for an answer; the total and grade follow it."""
    from csassess.api import Results
    from csassess.store import Change

    with Results(db, create=False) as results:
        result = results.decide(Change(answer, mark, examiner, role.value, reason.value, note))
    out.print(
        f"answer {answer}: {result.old_mark} -> {result.new_mark} (decision {result.change_id}); "
        f"candidate total {result.total}, grade {result.grade}",
        markup=False,
    )


@commands.command("sample")
@guarded
def review_sample(
    examiner: Annotated[str, typer.Option("--examiner", help="The second examiner the sample is for.")],
    seed: Annotated[
        int, typer.Option("--seed", help="The same seed on the same results draws the same sample.")
    ],
    share: Annotated[float, typer.Option("--share", help="How much to draw at random: 0.1 is 10%.")] = 0.1,
    tolerance: Annotated[
        int | None,
        typer.Option(
            "--tolerance",
            min=0,
            help="Marks a second mark may differ by for every item; default: per item from its rubric.",
        ),
    ] = None,
    db: DbOption = DEFAULT_DB,
) -> None:
    """Draw a reproducible second-marking sample covering every item, centre and mark band."""
    from csassess.api import Results

    with Results(db, create=False) as results:
        draw = results.sample(examiner, share=share, seed=seed, tolerance=tolerance)
    s = draw.sample
    size = s.random + s.coverage
    if not draw.new:
        out.print(
            f"sample {s.sample_id} for {s.examiner} (seed {s.seed}, share {s.share:g}) was drawn on "
            f"{s.drawn_at}: {plural(size, 'answer')}; nothing new drawn",
            markup=False,
        )
    else:
        out.print(
            f"sample {s.sample_id} for {s.examiner} (seed {s.seed}): {plural(size, 'answer')}", markup=False
        )
        out.print(
            f"  {s.random} at random ({s.share:.0%} of {s.population} settled answers to rubric-marked "
            f"questions), {s.coverage} more to cover every item, centre and mark band",
            markup=False,
        )
        if draw.coverage is not None:
            c = draw.coverage
            out.print(
                f"  covers {c.items[0]} of {c.items[1]} items, {c.centres[0]} of {c.centres[1]} centres, "
                f"{c.bands[0]} of {c.bands[1]} item mark bands",
                markup=False,
            )
    out.print(f"  list it: csassess review list --queue second --examiner {s.examiner!r}", markup=False)


@commands.command("second")
@guarded
def review_second(
    answer: AnswerArgument,
    mark: Annotated[int, typer.Option("--mark", help="The second examiner's mark.")],
    examiner: Annotated[str, typer.Option("--examiner", help="The second examiner (the sample's).")],
    note: Annotated[str, typer.Option("--note", help="Why, in the examiner's words.")] = "",
    db: DbOption = DEFAULT_DB,
) -> None:
    """Record a second mark on a sampled answer; beyond tolerance, it goes to a senior examiner."""
    from csassess.api import Results

    with Results(db, create=False) as results:
        s = results.second_mark(answer, mark, examiner, note)
    verdict = {
        "exact": "the same: the first mark stands",
        "within": f"within the tolerance of {s.tolerance}: the first mark stands",
        "beyond": f"beyond the tolerance of {s.tolerance}: sent to a senior examiner",
    }[s.outcome]
    out.print(
        f"answer {answer}: second mark {s.second_mark} by {s.examiner}, first mark {s.first_mark} by "
        f"{s.first_marker}: {verdict}",
        markup=False,
    )


def _agreement_line(a: ItemAgreement) -> str:
    qwk = f"{a.qwk:>6.2f}" if a.n > 1 else f"{'-':>6}"  # one pair has no kappa worth the name
    return f"{a.label:<24} {a.n:>5} {a.exact:>7.0%} {a.within:>11.0%} {a.beyond:>7} {qwk}"


@commands.command("agreement")
@guarded
def review_agreement(
    sample: Annotated[int | None, typer.Option("--sample", help="Only this sample (default: all).")] = None,
    db: DbOption = DEFAULT_DB,
) -> None:
    """How second marks agreed with first marks: exact, within tolerance and QWK, per item."""
    from csassess.api import Results

    with Results(db, create=False) as results:
        report = results.agreement(sample)
    for s in report.samples:
        out.print(
            f"sample {s.sample_id}: {s.examiner}, seed {s.seed}, {plural(s.random + s.coverage, 'answer')}, "
            f"drawn {s.drawn_at}",
            markup=False,
        )
    if report.overall is None:
        out.print("no second marks yet", markup=False)
    else:
        out.print(
            f"{'item':<24} {'n':>5} {'exact':>7} {'within tol':>11} {'beyond':>7} {'QWK':>6}", markup=False
        )
        for row in (*report.items, report.overall):
            out.print(_agreement_line(row), markup=False)
    out.print(
        f"waiting: {plural(report.waiting_second, 'answer')} for a second mark, "
        f"{report.waiting_senior} for a senior examiner",
        markup=False,
    )
