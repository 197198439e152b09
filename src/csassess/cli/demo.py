"""`csassess demo`: the whole pipeline on the bundled content, step by step as a user would type it.

Each step prints a command line and then runs exactly that argv through the csassess command
itself, so the demo doubles as a worked example and no step's arguments are written twice:
validate, assemble parallel forms to the sample blueprint, print each form and its mark scheme,
build the offline exams, mark the bundled example answer scripts, re-check and export the
results, and write the reports.

The example scripts were sat on the hand-written sample paper (`papers/cs201-sample.yaml`), so
that paper is frozen and marked; the assembled forms show what the centre would print and sit.
Running the demo again reuses the results database: unchanged scripts are skipped, not re-marked.
"""

from __future__ import annotations

import shlex
from pathlib import Path
from typing import Annotated

import typer

from csassess.cli.output import EXIT_SET_ASIDE, err, fail, guarded, out
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


def _step(ctx: typer.Context, title: str, argv: list[str | Path], ok: tuple[int, ...] = (0,)) -> None:
    """Print the command line, then run that very argv; stop the demo if it fails."""
    words = [_shown(a) if isinstance(a, Path) else a for a in argv]
    out.rule(title, style="dim")
    out.print("$ " + shlex.join(["csassess", *words]), markup=False, style="bold")
    code = ctx.find_root().command.main(args=words, prog_name="csassess", standalone_mode=False)
    code = code if isinstance(code, int) else 0
    if code not in ok:
        err.print(f"Error: the demo stopped at '{title}' (exit {code})", markup=False)
        raise typer.Exit(code)
    out.print()


@commands.command("demo")
@guarded
def demo_command(
    ctx: typer.Context,
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

    _step(ctx, "1. Check the bundled unit", ["validate"])
    _step(
        ctx,
        "2. Assemble parallel forms to the blueprint",
        ["paper", "build", papers / BLUEPRINT, "--out", forms_dir, "--history", out_dir / "exposure.yaml"],
    )
    forms = sorted(forms_dir.glob("*.frozen.json"))
    for frozen in forms:
        _step(
            ctx,
            f"3. Print {frozen.name.removesuffix('.frozen.json')} and its mark scheme",
            ["paper", "render", frozen, "--out", print_dir, "--format", formats],
        )
    if forms:
        _step(
            ctx,
            "3. Modified enlarged paper (18 pt) for access arrangements",
            [
                *("paper", "render", forms[0], "--out", print_dir),
                *("--format", formats, "--large", "18", "--no-markscheme"),
            ],
        )
    for frozen in forms:
        _step(
            ctx,
            f"4. Offline exam for {frozen.name.removesuffix('.frozen.json')}",
            ["sit", "build", frozen, "--out", exam_dir / frozen.name.replace(".frozen.json", ".html")],
        )
    _step(
        ctx,
        "5. Freeze the sample paper the example candidates sat",
        ["paper", "freeze", papers / SAMPLE_PAPER, "--out", sample],
    )
    _step(
        ctx,
        "6. Mark the example answer scripts",
        ["mark", sample, scripts, "--db", db],
        ok=(0, EXIT_SET_ASIDE),
    )
    _step(ctx, "7. Clerical re-check", ["verify", "--db", db])
    for suffix in ("csv", "xlsx"):
        _step(
            ctx,
            f"8. Export results ({suffix})",
            ["export", "--db", db, "--out", out_dir / f"results.{suffix}"],
        )
    _step(
        ctx,
        "9. Candidate, centre and assessor reports",
        ["report", "--db", db, "--out", reports, "--format", formats],
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
