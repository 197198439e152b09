"""`csassess validate`, `schema`, `try` and `paper freeze`: the rubric and bank author's commands."""

from __future__ import annotations

import difflib
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from csassess.cli.options import ContentOption, OutputOption
from csassess.cli.output import (
    EXIT_INVALID,
    EXIT_OK,
    EXIT_USAGE,
    OutputFormat,
    fail,
    guarded,
    out,
    plural,
    print_json,
)
from csassess.content.bundled import bundled_paths

if TYPE_CHECKING:
    from csassess.marking import AnswerMark

commands = typer.Typer()
paper_commands = typer.Typer()


@commands.command()
@guarded
def validate(
    paths: Annotated[
        list[Path] | None,
        typer.Argument(
            exists=True, help="Files or folders of YAML content; default: the bundled sample content."
        ),
    ] = None,
    output: OutputOption = OutputFormat.text,
    strict: Annotated[bool, typer.Option("--strict", help="Fail (exit 1) on warnings too.")] = False,
) -> None:
    """Check banks, rubrics, specifications and papers; list every problem with its location."""
    from csassess.content.checks import check_content
    from csassess.content.contentset import load_content
    from csassess.content.loading import content_files

    targets = paths or bundled_paths()
    files = content_files(targets)
    if not files:
        fail("no .yaml, .yml or .json files found in " + ", ".join(map(str, targets)), EXIT_USAGE)
    content = load_content(targets, strict=False)
    findings = check_content(content)
    errors = [f for f in findings if f.severity == "error" or strict]
    warnings = len(findings) - len([f for f in findings if f.severity == "error"])
    if output is OutputFormat.json:
        print_json(
            {
                "ok": not errors,
                "files": len(files),
                "items": len(content.items),
                "rubrics": len(content.rubrics),
                "findings": [f.as_dict() for f in findings],
            }
        )
    else:
        for finding in findings:
            out.print(str(finding), markup=False)
        if errors:
            out.print(
                f"{plural(len(errors), 'problem')} in {len({f.path for f in errors})} of {len(files)} files",
                markup=False,
            )
        else:
            out.print(
                f"OK: {len(files)} files, {len(content.items)} items, "
                f"{len(content.questions)} questions, {len(content.rubrics)} rubrics"
                + (f", {warnings} warning{'s' if warnings != 1 else ''}" if warnings else ""),
                markup=False,
            )
    raise typer.Exit(EXIT_INVALID if errors else EXIT_OK)


@commands.command()
@guarded
def schema(
    out_dir: Annotated[Path, typer.Option("--out", help="Folder to write the schemas into.")] = Path(
        "schemas"
    ),
) -> None:
    """Write JSON Schema for every file kind, for editor completion and checking."""
    from csassess.content.schema import write_schemas

    for path in write_schemas(out_dir):
        out.print(str(path), markup=False)


@paper_commands.command("freeze")
@guarded
def paper_freeze(
    paper: Annotated[Path, typer.Argument(exists=True, help="The paper YAML to freeze.")],
    out_file: Annotated[Path, typer.Option("--out", help="Where to write the frozen paper (JSON).")],
    content_paths: ContentOption = None,
) -> None:
    """Resolve a paper against the banks into a frozen file with exact content and hashes."""
    from csassess.assembly.freeze import freeze_paper
    from csassess.content.contentset import load_content
    from csassess.content.loading import load_file
    from csassess.fileio import write_json

    loaded = load_file(paper, expected="paper")
    content = load_content(content_paths or bundled_paths())
    frozen = freeze_paper(loaded.model, content)
    write_json(out_file, frozen.model_dump(mode="json"))
    out.print(
        f"Froze {frozen.id} form {frozen.form}: {frozen.total_marks} marks, "
        f"{sum(len(s.items) for s in frozen.sections)} items -> {out_file}",
        markup=False,
    )


POINT_STYLES = (
    "bold green",
    "bold cyan",
    "bold magenta",
    "bold yellow",
    "bold blue",
    "bold bright_green",
    "bold bright_cyan",
    "bold bright_magenta",
)


@commands.command("try")
@guarded
def try_answer(
    item_id: Annotated[str, typer.Argument(help="The question id (an item or a scenario part).")],
    answer: Annotated[str | None, typer.Argument(help="The answer text.")] = None,
    answer_file: Annotated[
        Path | None, typer.Option("--file", exists=True, help="Read the answer from a file.")
    ] = None,
    content_paths: ContentOption = None,
    fuzzy: Annotated[bool, typer.Option(help="Tolerate spelling slips.")] = True,
    output: OutputOption = OutputFormat.text,
) -> None:
    """Mark one answer and show which words earned which point: the rubric author's playground."""
    from csassess.content.contentset import load_content
    from csassess.marking import Marker

    if (answer is None) == (answer_file is None):
        fail("give the answer text or --file, not both or neither", EXIT_USAGE)
    if answer_file is not None:
        answer = answer_file.read_text(encoding="utf-8")
    content = load_content(content_paths or bundled_paths())
    if item_id not in content.questions:
        close = difflib.get_close_matches(item_id, list(content.questions), n=1)
        fail(f"no question {item_id!r}" + (f"; did you mean {close[0]!r}?" if close else ""), EXIT_USAGE)
    question = content.question(item_id)
    result = Marker(fuzzy=fuzzy).mark(
        question, answer, content.rubric(item_id), content.synonyms_of.get(item_id)
    )
    if output is OutputFormat.json:
        print_json(result.as_dict())
        return
    _print_mark(str(answer), result)


def _print_mark(text: str, result: AnswerMark) -> None:
    from rich.panel import Panel
    from rich.text import Text

    from csassess.marking.explain import highlight_segments

    style_of = {p.id: POINT_STYLES[i % len(POINT_STYLES)] for i, p in enumerate(result.points)}
    out.print(
        f"{result.question_id}: {result.mark}/{result.max_mark}"
        + (f"  (level {result.level})" if result.level else "")
        + ("  NEEDS REVIEW" if result.needs_review else ""),
        markup=False,
    )
    if result.selected:
        out.print("chose: " + ", ".join(result.selected), markup=False)
    if result.points:
        shown = Text()
        for chunk, owner in highlight_segments(text, result):
            if owner is None:
                shown.append(chunk)
            elif owner.startswith("~"):
                shown.append(chunk, style="strike red")
            else:
                shown.append(chunk, style=f"{style_of[owner]} underline")
        out.print(Panel(shown, title="answer", title_align="left"), soft_wrap=False)
    for point in result.points:
        status = "+" if point.credited else ("?" if point.unexplained else "-")
        words = "; ".join(repr(e.text) + (" (spelling slip)" if e.fuzzy else "") for e in point.evidence)
        line = Text(f" {status} ")
        line.append(point.id, style=style_of[point.id] if point.credited else "dim")
        line.append(f" {point.text}" + (f"  <- {words}" if words and point.credited else ""))
        if point.unexplained:
            line.append("  (named, not explained)", style="yellow")
        if point.negated and not point.credited:
            line.append(f"  (negated: {point.negated[0].text!r})", style="red")
        out.print(line)
    for rule in result.rules:
        out.print(f"   rule: {rule.description} -> {rule.marks}", markup=False)
    for term in result.terminology:
        out.print(f" term {term.term}: {term.status}", markup=False)
    for hit in result.misconceptions:
        out.print(f" misconception {hit.id} ({hit.effect}): {hit.text}", markup=False)
    for reason in result.review_reasons:
        out.print(f" review: {reason.code}: {reason.message}", markup=False)
    out.print(f" confidence {result.confidence:.2f}", markup=False)
