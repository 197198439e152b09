"""`csassess demo`: the whole pipeline on the bundled content, step by step as a user would type it.

Each step calls the same command function a user runs, and first prints that command, so the
demo doubles as a worked example: validate, assemble parallel forms to the sample blueprint,
print each form and its mark scheme, build the offline exams, mark the bundled example answer
scripts, re-check and export the results, and write the reports.

The example scripts were sat on the hand-written sample paper (`papers/cs201-sample.yaml`), so
that paper is frozen and marked; the assembled forms show what the centre would print and sit.
Running the demo again reuses the results database: unchanged scripts are skipped, not re-marked.
"""

from __future__ import annotations

import shlex
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any

import typer

from csassess.cli.authoring import paper_freeze, validate
from csassess.cli.marking import EXIT_SET_ASIDE, export_command, mark_command, verify_command
from csassess.cli.output import err, fail, guarded, out
from csassess.cli.paper import paper_build
from csassess.cli.render import LargePrint, paper_render
from csassess.cli.report import report_command
from csassess.cli.sit import OnTimeout, sit_build
from csassess.content.bundled import bundled_root

commands = typer.Typer()

SAMPLE_PAPER = "cs201-sample.yaml"
BLUEPRINT = "cs201-blueprint.yaml"


def _shown(path: Path) -> str:
    """A path as the user would type it: relative to where they are when it is below it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def _step(
    title: str, argv: list[Any], command: Callable[..., None], /, ok: tuple[int, ...] = (0,), **kw: Any
) -> None:
    """Print the command line, then run the command; stop the demo if it fails."""
    words = ["csassess", *(_shown(a) if isinstance(a, Path) else str(a) for a in argv)]
    out.rule(title, style="dim")
    out.print("$ " + shlex.join(words), markup=False, style="bold")
    try:
        command(**kw)
    except typer.Exit as done:
        if done.exit_code not in ok:
            err.print(f"Error: the demo stopped at '{title}' (exit {done.exit_code})", markup=False)
            raise
    out.print()


@commands.command("demo")
@guarded
def demo_command(
    out_dir: Annotated[Path, typer.Option("--out", help="Folder to write everything into.")] = Path("out"),
    formats: Annotated[str, typer.Option("--format", help="Reports and papers as html, pdf or html,pdf.")] = (
        "html,pdf"
    ),
) -> None:
    """Run the whole pipeline on the bundled content: assemble, print, sit, mark, review, report."""
    root = bundled_root()
    papers, scripts = root / "papers", root / "examples" / "scripts"
    for needed in (papers / SAMPLE_PAPER, papers / BLUEPRINT, scripts):
        if not needed.exists():
            fail(f"{needed}: bundled demo content is missing (a broken install?)")
    forms_dir, print_dir, exam_dir = out_dir / "forms", out_dir / "papers", out_dir / "exams"
    sample = out_dir / "sample" / "cs201-sample.frozen.json"
    db, reports = out_dir / "results.db", out_dir / "reports"

    _step("1. Check the bundled unit", ["validate"], validate, paths=None)
    _step(
        "2. Assemble parallel forms to the blueprint",
        ["paper", "build", papers / BLUEPRINT, "--out", forms_dir, "--history", out_dir / "exposure.yaml"],
        paper_build,
        blueprint_file=papers / BLUEPRINT,
        out_dir=forms_dir,
        history=out_dir / "exposure.yaml",
    )
    forms = sorted(forms_dir.glob("*.frozen.json"))
    for frozen in forms:
        _step(
            f"3. Print {frozen.name.removesuffix('.frozen.json')} and its mark scheme",
            ["paper", "render", frozen, "--out", print_dir, "--format", formats],
            paper_render,
            frozen=frozen,
            out_dir=print_dir,
            formats=formats,
        )
    if forms:
        _step(
            "3. Modified enlarged paper (18 pt) for access arrangements",
            ["paper", "render", forms[0], "--out", print_dir, "--large", "18", "--no-markscheme"],
            paper_render,
            frozen=forms[0],
            out_dir=print_dir,
            formats=formats,
            large=LargePrint.pt18,
            markscheme=False,
        )
    for frozen in forms:
        exam = exam_dir / frozen.name.replace(".frozen.json", ".html")
        _step(
            f"4. Offline exam for {frozen.name.removesuffix('.frozen.json')}",
            ["sit", "build", frozen, "--out", exam],
            sit_build,
            frozen=frozen,
            out_file=exam,
            on_timeout=OnTimeout.submit,
        )
    _step(
        "5. Freeze the sample paper the example candidates sat",
        ["paper", "freeze", papers / SAMPLE_PAPER, "--out", sample],
        paper_freeze,
        paper=papers / SAMPLE_PAPER,
        out_file=sample,
    )
    _step(
        "6. Mark the example answer scripts",
        ["mark", sample, scripts, "--db", db],
        mark_command,
        ok=(0, EXIT_SET_ASIDE),
        paper=sample,
        scripts=[scripts],
        db=db,
    )
    _step("7. Clerical re-check", ["verify", "--db", db], verify_command, db=db)
    for suffix in ("csv", "xlsx"):
        target = out_dir / f"results.{suffix}"
        _step(
            f"8. Export results ({suffix})",
            ["export", "--db", db, "--out", target],
            export_command,
            db=db,
            out_file=target,
        )
    _step(
        "9. Candidate, centre and assessor reports",
        ["report", "--db", db, "--out", reports, "--format", formats],
        report_command,
        out_dir=reports,
        db=db,
        formats=formats,
    )
    out.rule("Done", style="dim")
    where = [
        ("forms (frozen papers)", forms_dir),
        ("printable papers and mark schemes", print_dir),
        ("offline exams (open in a browser)", exam_dir),
        ("results database", db),
        ("results spreadsheet", out_dir / "results.xlsx"),
        ("reports (start at index.html)", reports / "index.html"),
    ]
    for label, path in where:
        out.print(f"  {label + ':':<36}{_shown(path)}", markup=False)
