"""Charts for the centre and item reports, drawn with matplotlib as SVG text to inline in HTML.

No pyplot and no GUI backend: each chart is a `Figure` drawn on the Agg canvas and saved as
SVG, so charts can be drawn in any process or thread. Text is drawn as paths (matplotlib's
default), so a centre name in a label can never become markup; the SVG carries no date and a
fixed id salt, so the same data gives the same bytes. Colours are the Okabe-Ito palette,
which colour-blind readers tell apart, and every chart also has a table of its numbers.
"""

from __future__ import annotations

import io
import re
from collections.abc import Mapping, Sequence

from markupsafe import Markup, escape
from matplotlib import rcParams
from matplotlib.figure import Figure

PALETTE = ("#D55E00", "#E69F00", "#56B4E9", "#009E73", "#0072B2", "#CC79A7", "#F0E442", "#000000")
INK = "#222222"
WIDTH_IN = 6.4

rcParams["svg.hashsalt"] = "csassess"
rcParams["font.family"] = "DejaVu Sans"
rcParams["font.size"] = 9
# labels are text: a grade named "$x$" must not be read as mathtext (it raises on bad TeX)
rcParams["text.parse_math"] = False


def _figure(height: float) -> Figure:
    figure = Figure(figsize=(WIDTH_IN, height), layout="constrained")
    return figure


def _svg(figure: Figure, label: str) -> Markup:
    """The figure as an inline <svg> element with an accessible name."""
    buffer = io.StringIO()
    figure.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None})
    text = buffer.getvalue()
    start = text.index("<svg")
    svg = text[start:]
    svg = re.sub(r"<metadata>.*?</metadata>\s*", "", svg, flags=re.DOTALL)
    svg = svg.replace("<svg ", f'<svg class="chart" role="img" aria-label="{escape(label)}" ', 1)
    return Markup(svg)  # drawn here from numbers; labels are paths, not text


def _style(axes: object) -> None:
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)  # type: ignore[attr-defined]
    axes.tick_params(colors=INK)  # type: ignore[attr-defined]


def grade_colours(grades: Sequence[str]) -> dict[str, str]:
    """A colour per grade, lowest first."""
    return {grade: PALETTE[i % len(PALETTE)] for i, grade in enumerate(grades)}


def score_histogram(totals: Sequence[float], max_total: int, boundaries: Sequence[tuple[str, int]]) -> Markup:
    """Candidates at each total, with a dashed line where each grade starts."""
    figure = _figure(2.6)
    axes = figure.subplots()
    width = max(1, round(max_total / 40))
    edges = list(range(0, max_total + width + 1, width))
    axes.hist(totals, bins=[e - 0.5 for e in edges], color="#0072B2", edgecolor="white", linewidth=0.5)
    top = axes.get_ylim()[1]
    for grade, low in boundaries:
        axes.axvline(low - 0.5, color=INK, linestyle="--", linewidth=0.8)
        axes.text(
            low - 0.2,
            top * 0.98,
            grade,
            va="top",
            ha="left",
            fontsize=8,
            color=INK,
            bbox={"facecolor": "white", "edgecolor": "none", "pad": 1.0},
        )
    axes.set_xlim(-0.5, max_total + 0.5)
    axes.set_xlabel(f"Total mark (out of {max_total})")
    axes.set_ylabel("Candidates")
    axes.yaxis.get_major_locator().set_params(integer=True)
    _style(axes)
    return _svg(figure, "Histogram of candidates' total marks with grade boundaries")


def grade_bars(counts: Mapping[str, int]) -> Markup:
    """Candidates per grade, lowest grade first."""
    figure = _figure(1.9)
    axes = figure.subplots()
    grades = list(counts)
    colours = grade_colours(grades)
    bars = axes.bar(grades, [counts[g] for g in grades], color=[colours[g] for g in grades])
    axes.bar_label(bars, padding=2, fontsize=8, color=INK)
    axes.set_ylabel("Candidates")
    axes.margins(y=0.15)
    axes.yaxis.get_major_locator().set_params(integer=True)
    _style(axes)
    return _svg(figure, "Bar chart of candidates per grade")


def centre_grade_shares(by_centre: Mapping[str, Mapping[str, int]], grades: Sequence[str]) -> Markup:
    """One horizontal bar per centre, split into the share of its candidates at each grade."""
    centres = list(by_centre)
    figure = _figure(0.9 + 0.32 * len(centres))
    axes = figure.subplots()
    colours = grade_colours(grades)
    left = [0.0] * len(centres)
    for grade in grades:
        shares = [by_centre[c].get(grade, 0) / max(1, sum(by_centre[c].values())) * 100 for c in centres]
        axes.barh(centres, shares, left=left, color=colours[grade], label=grade, height=0.7)
        left = [a + b for a, b in zip(left, shares, strict=True)]
    axes.invert_yaxis()
    axes.set_xlim(0, 100)
    axes.set_xlabel("Share of the centre's candidates (%)")
    axes.legend(ncols=len(grades), loc="lower center", bbox_to_anchor=(0.5, 1.0), frameon=False, fontsize=8)
    _style(axes)
    return _svg(figure, "Stacked bars of each centre's candidates by grade")


def facility_discrimination(
    points: Sequence[tuple[str, float, float, bool]],
    facility_band: tuple[float, float],
    discrimination_low: float,
) -> Markup:
    """Each question as a dot (facility across, discrimination up); flagged ones as red crosses."""
    figure = _figure(3.4)
    axes = figure.subplots()
    axes.axvspan(facility_band[0], facility_band[1], color="#f2f2f2", zorder=0)
    axes.axhline(discrimination_low, color=INK, linestyle="--", linewidth=0.8)
    for label, fac, disc, flagged in points:
        if disc != disc:  # NaN: the question did not vary, so it has no discrimination
            disc = 0.0
        axes.plot(
            fac,
            disc,
            marker="x" if flagged else "o",
            color=PALETTE[0] if flagged else "#0072B2",
            markersize=6 if flagged else 4,
            linestyle="none",
        )
        axes.annotate(label, (fac, disc), textcoords="offset points", xytext=(3, 3), fontsize=7, color=INK)
    axes.set_xlim(-0.02, 1.02)
    low = min([-0.1, *[d for _, _, d, _ in points if d == d]])
    axes.set_ylim(low - 0.05, 1.0)
    axes.set_xlabel("Facility (mean mark / maximum)")
    axes.set_ylabel("Discrimination (item vs rest)")
    _style(axes)
    return _svg(figure, "Scatter plot of question facility against discrimination")
