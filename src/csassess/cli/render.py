"""`csassess paper render`: the printable candidate paper and mark scheme of a frozen paper."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from csassess.cli.options import FormatsOption, TemplateDirOption, chosen_formats
from csassess.cli.output import guarded, out
from csassess.content.bundled import bundled_paths

if TYPE_CHECKING:
    from csassess.render.layout import LargeSize

commands = typer.Typer()


class LargePrint(StrEnum):
    """Base font size of a modified enlarged paper."""

    pt18 = "18"
    pt24 = "24"


class PageTint(StrEnum):
    """Paper colour of a modified paper."""

    white = "white"
    cream = "cream"
    yellow = "yellow"


LARGE_SIZES: dict[LargePrint, LargeSize] = {LargePrint.pt18: 18, LargePrint.pt24: 24}


@commands.command("render")
@guarded
def paper_render(
    frozen: Annotated[
        Path, typer.Argument(exists=True, help="The frozen paper (from `csassess paper freeze`).")
    ],
    out_dir: Annotated[Path, typer.Option("--out", help="Folder to write the documents into.")],
    formats: FormatsOption = "html,pdf",
    large: Annotated[
        LargePrint | None,
        typer.Option("--large", help="Modified enlarged paper at 18 or 24 pt (access arrangements)."),
    ] = None,
    page_colour: Annotated[
        PageTint,
        typer.Option("--paper-colour", help="Paper colour of the candidate paper: white, cream or yellow."),
    ] = PageTint.white,
    template_dir: TemplateDirOption = None,
    markscheme: Annotated[bool, typer.Option(help="Also write the examiners' mark scheme.")] = True,
    content_paths: Annotated[
        list[Path] | None,
        typer.Option(
            "--content",
            exists=True,
            help="Where the specification is, for the names on the cover; default: bundled.",
        ),
    ] = None,
) -> None:
    """Write the candidate paper (and mark scheme) as HTML and PDF, ready to print."""
    from csassess.marking.plan import load_frozen
    from csassess.render import PrintOptions, find_specification, layout_for, render_paper, write_rendered

    chosen = chosen_formats(formats)
    paper = load_frozen(frozen)
    spec = find_specification(content_paths or bundled_paths(), paper.specification)
    options = PrintOptions(
        formats=chosen,
        layout=layout_for(LARGE_SIZES[large] if large else None, page_colour.value),
        template_dir=template_dir,
        markscheme=markscheme,
    )
    for path in write_rendered(out_dir, render_paper(paper, spec, options)):
        out.print(str(path), markup=False)
