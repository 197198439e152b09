"""`csassess paper build`: parallel forms of a paper chosen to a blueprint, frozen and summarised.

Exit codes: 0 the forms were written; 1 invalid content, or a blueprint that cannot be met
(with a line per requirement to relax); 2 usage; 130 interrupted (Ctrl-C): the best full set
of forms found so far is written first, if there is one.
"""

from __future__ import annotations

import signal
from itertools import combinations
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from csassess.assembly.limits import Limits
from csassess.cli.options import OutputOption
from csassess.cli.output import (
    EXIT_INVALID,
    EXIT_USAGE,
    OutputFormat,
    err,
    fail,
    guarded,
    out,
    plural,
    print_json,
)
from csassess.content.bundled import bundled_paths

commands = typer.Typer()

if TYPE_CHECKING:
    from csassess.assembly.assemble import Assembly
    from csassess.assembly.budget import Progress
    from csassess.models.blueprint import Blueprint

EXIT_INTERRUPTED = 130
KIND_HEADS = {
    "multiple_choice": "choice",
    "multiple_response": "multi",
    "short_answer": "short",
    "extended_response": "extended",
    "scenario": "scenarios",
}
"""Item kinds as the summary's column heads, in the order papers usually print them."""


@commands.command("build")
@guarded
def paper_build(
    blueprint_file: Annotated[
        Path, typer.Argument(exists=True, help="The blueprint YAML (kind: blueprint).")
    ],
    out_dir: Annotated[Path, typer.Option("--out", help="Folder to write form-A.frozen.json... into.")],
    banks: Annotated[
        list[Path] | None,
        typer.Option(
            "--bank", exists=True, help="Banks and rubrics (files or folders), repeatable; default: bundled."
        ),
    ] = None,
    forms: Annotated[
        int | None,
        typer.Option("--forms", min=1, help="Forms to build (at most 26); default: the blueprint's."),
    ] = None,
    seed: Annotated[int | None, typer.Option("--seed", min=0, help="Default: the blueprint's seed.")] = None,
    history: Annotated[
        Path | None,
        typer.Option(
            "--history",
            help="Exposure history to read and update; default: the blueprint's exposure.history.",
        ),
    ] = None,
    work_limit: Annotated[
        float | None,
        typer.Option(
            "--work-limit",
            min=0.1,
            help="Solver effort in CP-SAT's deterministic time units; default: grows with forms and bank.",
        ),
    ] = None,
    time_limit: Annotated[
        float | None,
        typer.Option(
            "--time-limit", min=0.1, help="Wall-clock seconds, a safety net; default: follows the work."
        ),
    ] = None,
    output: OutputOption = OutputFormat.text,
) -> None:
    """Choose items for every form with a constraint solver, freeze each form and update the history."""
    # The solver is imported here, not at the top, so other commands do not wait for it to load.
    from csassess.assembly.assemble import InterruptedBeforeFormsError, assemble, write_assembly
    from csassess.assembly.budget import Watch
    from csassess.assembly.explain import InfeasibleBlueprintError
    from csassess.assembly.exposure import history_path, read_history
    from csassess.content.contentset import load_content
    from csassess.content.loading import load_file
    from csassess.models.blueprint import MAX_FORMS

    if forms is not None and forms > MAX_FORMS:  # the option's range, read from the model only now
        fail(f"Invalid value for '--forms': {forms} is more than {MAX_FORMS}", EXIT_USAGE)
    loaded = load_file(blueprint_file, expected="blueprint")
    blueprint: Blueprint = loaded.model
    content = load_content(banks or bundled_paths())
    history_file = history or history_path(blueprint_file, blueprint)
    past = read_history(history_file) if history_file is not None else None
    watch = Watch()
    # Ctrl-C asks the search to stop; the best forms found so far are still written below.
    previous = signal.signal(signal.SIGINT, lambda *_: watch.stop())
    try:
        with err.status("solving", spinner="dots") as status:
            watch.on_progress = lambda p: status.update(progress_line(p))
            assembly = assemble(
                loaded,
                content,
                history=past,
                forms=forms,
                seed=seed,
                limits=Limits(time_limit, work_limit),
                watch=watch,
            )
    except InfeasibleBlueprintError as exc:
        err.print(f"Error: {blueprint_file}: {exc.headline}", markup=False)
        for finding in exc.findings:
            err.print(str(finding), markup=False)
        raise typer.Exit(EXIT_INVALID) from None
    except InterruptedBeforeFormsError as exc:
        fail(str(exc), EXIT_INTERRUPTED)
    finally:
        signal.signal(signal.SIGINT, previous)
    written = write_assembly(assembly, out_dir, history_file, past)
    if output is OutputFormat.json:
        print_json(assembly_json(assembly, written))
    else:
        _summary(assembly, written)
    if assembly.result.stopped_by == "interrupted":
        err.print("Interrupted: the best forms found so far were written.", markup=False)
        raise typer.Exit(EXIT_INTERRUPTED)


def assembly_json(assembly: Assembly, written: list[Path]) -> dict[str, object]:
    """The forms built, as JSON (docs/cli-json.md)."""
    bp, result = assembly.blueprint, assembly.result
    return {
        "blueprint": bp.id,
        "seed": bp.seed,
        "status": result.status,
        "wall_time": round(result.wall_time, 3),
        "stopped_by": result.stopped_by,
        "verdict": result.verdict,
        "gap": result.gap,
        "bound": result.bound,
        "open": list(result.open),
        "forms": [
            {
                "form": s.form,
                "marks": s.marks,
                "items": list(s.items),
                "mean_difficulty": round(s.mean_difficulty, 3),
                "kinds": s.kinds,
                "outcome_marks": s.outcome_marks,
            }
            for s in assembly.stats
        ],
        "outcomes_wanted": {name: {"min": r.min, "max": r.max} for name, r in bp.outcomes.items()},
        "overlap": [
            {"forms": [a.form, b.form], "shared": a.shared_with(b), "fraction": round(a.overlap_with(b), 3)}
            for a, b in combinations(assembly.stats, 2)
        ],
        "written": [str(path) for path in written],
    }


def progress_line(progress: Progress) -> str:
    """The status line while the solver works: forms found and the best closeness so far."""
    line = f"solving ({progress.stage}): {progress.forms_found} of {progress.forms} forms found"
    if progress.distance is not None:
        line += f", closeness distance {progress.distance}"
        if progress.bound:
            line += f" (none closer than {progress.bound})"
    return f"{line}, {progress.elapsed:.1f} s; Ctrl-C keeps the best forms so far"


def _summary(assembly: Assembly, written: list[Path]) -> None:
    from rich import box
    from rich.table import Table

    from csassess.assembly.pool import natural_order

    bp, result = assembly.blueprint, assembly.result
    note = f"; {result.verdict}" if result.verdict else ""
    out.print(
        f"Built {plural(len(assembly.papers), 'form')} of {bp.id} "
        f"(seed {bp.seed}): CP-SAT {result.status} in {result.wall_time:.2f} s{note}",
        markup=False,
    )
    kinds = [k for k in KIND_HEADS if any(k in s.kinds for s in assembly.stats)]
    forms = Table(
        "form",
        "marks",
        "items",
        "mean",
        *[KIND_HEADS[k] for k in kinds],
        box=box.SIMPLE_HEAD,
        pad_edge=False,
        title="forms (mean difficulty, by marks: easy 1, medium 2, hard 3)",
        title_justify="left",
    )
    for s in assembly.stats:
        counts = [str(s.kinds.get(k, 0)) for k in kinds]
        forms.add_row(s.form, str(s.marks), str(len(s.items)), f"{s.mean_difficulty:.2f}", *counts)
    out.print(forms)
    names = sorted({o for s in assembly.stats for o in s.outcome_marks} | set(bp.outcomes), key=natural_order)
    outcomes = Table(
        "outcome",
        "wanted",
        *[s.form for s in assembly.stats],
        title="marks per outcome",
        box=box.SIMPLE_HEAD,
        pad_edge=False,
        title_justify="left",
    )
    for name in names:
        rng = bp.outcomes.get(name)
        wanted = "" if rng is None else f"{rng.min}-{rng.max}" if rng.max is not None else f"{rng.min}+"
        outcomes.add_row(name, wanted, *[str(s.outcome_marks.get(name, 0)) for s in assembly.stats])
    out.print(outcomes)
    if len(assembly.stats) > 1:
        shared = Table(
            "shared items",
            *[s.form for s in assembly.stats],
            title="pairwise overlap",
            title_justify="left",
            box=box.SIMPLE_HEAD,
            pad_edge=False,
        )
        for a in assembly.stats:
            cells = [
                "-" if a is b else f"{a.shared_with(b)} ({a.overlap_with(b):.0%})" for b in assembly.stats
            ]
            shared.add_row(a.form, *cells)
        out.print(shared)
        if assembly.shares_interchangeable:
            out.print(
                "note: the bank is large, so interchangeable items were never shared between forms",
                markup=False,
            )
    for path in written:
        out.print(str(path), markup=False)
