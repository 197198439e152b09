"""`csassess calibrate`: agreement on a standardisation sample, and a rubric patch to review."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from csassess.cli.output import OutputFormat, existing, guarded, out

if TYPE_CHECKING:
    from csassess.calibration.suggest import Calibration

commands = typer.Typer()


@commands.command("calibrate")
@guarded
def calibrate_command(
    marks_file: Annotated[
        Path, typer.Argument(help="CSV with a header: item, answer, the examiner's mark; optionally points.")
    ],
    content_paths: Annotated[
        list[Path] | None,
        typer.Option("--content", help="Banks and rubrics (files or folders); default: the bundled content."),
    ] = None,
    out_file: Annotated[
        Path | None, typer.Option("--out", help="Write the suggested changes here as a rubric patch (YAML).")
    ] = None,
    item_column: Annotated[str, typer.Option("--item-col", help="The column with the question id.")] = "item",
    answer_column: Annotated[
        str, typer.Option("--answer-col", help="The column with the answer text.")
    ] = "answer",
    mark_column: Annotated[
        str, typer.Option("--mark-col", help="The column with the examiner's mark.")
    ] = "mark",
    points_column: Annotated[
        str, typer.Option("--points-col", help="The column with the points the examiner credited (optional).")
    ] = "points",
    min_support: Annotated[int, typer.Option(min=1, help="Answers a suggested phrase must occur in.")] = 2,
    fuzzy: Annotated[bool, typer.Option(help="Tolerate spelling slips, as marking does.")] = True,
    output: Annotated[OutputFormat, typer.Option("--format", help="text or json")] = OutputFormat.text,
) -> None:
    """Agreement with examiners on a marked sample per item, and suggested rubric changes (a patch
    the author reviews; nothing is applied)."""
    from csassess.calibration.patch import patch_yaml, write_patch
    from csassess.calibration.sample import Columns, read_sample
    from csassess.calibration.suggest import Settings, calibrate
    from csassess.content.bundled import bundled_paths
    from csassess.content.contentset import load_content

    existing([marks_file, *(content_paths or [])])
    content = load_content(content_paths or bundled_paths())
    columns = Columns(item_column, answer_column, mark_column, points_column)
    rows = read_sample(marks_file, content, columns)
    result = calibrate(content, rows, Settings(min_support=min_support, fuzzy=fuzzy), source=marks_file.name)
    assert result.patch is not None
    if out_file is not None:
        write_patch(out_file, result.patch)
    if output is OutputFormat.json:
        data = result.as_dict()
        data["patch"] = result.patch.model_dump(mode="json", exclude_none=True)
        out.print_json(json.dumps(data))
        return
    _print_text(result)
    if out_file is not None:
        out.print(f"{len(result.patch.changes)} suggestions -> {out_file}", markup=False)
    elif result.patch.changes:
        out.print(patch_yaml(result.patch), markup=False)


def _print_text(result: Calibration) -> None:
    from rich.table import Table

    table = Table("item", "n", "QWK", "exact", "adjacent", "SMD", "QWK after", "changes")
    for i in result.items:
        a = i.before
        table.add_row(
            i.item, str(a.n), f"{a.qwk:.3f}", f"{a.exact:.3f}", f"{a.adjacent:.3f}", f"{a.smd:+.3f}",
            f"{i.after.qwk:.3f}", str(len(i.changes)),
        )  # fmt: skip
    out.print(table)
    for i in result.items:
        labels = [str(x) for x in i.before.labels]
        matrix = Table("examiner \\ csassess", *labels, title=f"{i.item} confusion")
        for label, row in zip(i.before.labels, i.before.confusion, strict=True):
            matrix.add_row(str(label), *[str(x) for x in row])
        out.print(matrix)
    if result.overall is not None and result.overall_after is not None:
        out.print(
            f"all items: QWK {result.overall.qwk:.3f} (exact {result.overall.exact:.3f}, "
            f"SMD {result.overall.smd:+.3f}); with every suggestion accepted, on this same sample: "
            f"QWK {result.overall_after.qwk:.3f}",
            markup=False,
        )
