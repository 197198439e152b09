"""`csassess agreement`: machine marks against human marks from a CSV file."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from csassess.cli.options import OutputOption
from csassess.cli.output import OutputFormat, guarded, out, print_json

commands = typer.Typer()


@commands.command("agreement")
@guarded
def agreement_command(
    marks_file: Annotated[
        Path, typer.Argument(exists=True, help="CSV with a header: item, human and machine marks.")
    ],
    item_column: Annotated[str, typer.Option("--item-col", help="The column naming the item.")] = "item",
    human_column: Annotated[str, typer.Option("--human-col", help="The column of human marks.")] = "human",
    machine_column: Annotated[
        str, typer.Option("--machine-col", help="The column of machine marks.")
    ] = "machine",
    output: OutputOption = OutputFormat.text,
) -> None:
    """Agreement between machine and human marks: QWK, exact/adjacent, r, SMD, confusion matrix."""
    from rich.table import Table

    from csassess.moderation.agreement import by_group, read_pairs

    groups = by_group(read_pairs(marks_file, group=item_column, human=human_column, machine=machine_column))
    if output is OutputFormat.json:
        print_json({k: v.as_dict() for k, v in groups.items()})
        return
    table = Table("item", "n", "QWK", "exact", "adjacent", "r", "SMD", "human mean", "machine mean")
    for name, a in groups.items():
        table.add_row(
            name,
            str(a.n),
            f"{a.qwk:.3f}",
            f"{a.exact:.3f}",
            f"{a.adjacent:.3f}",
            f"{a.pearson:.3f}",
            f"{a.smd:+.3f}",
            f"{a.human_mean:.2f}",
            f"{a.machine_mean:.2f}",
        )
    out.print(table)
    overall = groups["(all)"]
    matrix = Table("human \\ machine", *[str(x) for x in overall.labels], title="confusion (all)")
    for label, row in zip(overall.labels, overall.confusion, strict=True):
        matrix.add_row(str(label), *[str(x) for x in row])
    out.print(matrix)
