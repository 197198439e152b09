"""Views of the centre report and the assessor (item) report of one paper: plain dicts and
inline SVG charts for the templates. These reports are for centres and examiners, so the
item report names questions by id and shows keys and marking points; candidates never get it."""

from __future__ import annotations

import math
import statistics
from collections import Counter, defaultdict
from collections.abc import Sequence
from typing import Any

from csassess.models import FrozenPaper
from csassess.reports import charts, stats
from csassess.reports.items import PaperStatistics
from csassess.reports.quality import Driver, MarkingQuality
from csassess.reports.tally import PaperTally

View = dict[str, Any]
DASH = "\u2013"
KIND_LABELS = {
    "multiple_choice": "choice",
    "multiple_response": "multi-choice",
    "short_answer": "short",
    "extended_response": "extended",
}


def grade_order(paper: FrozenPaper, seen: Sequence[str] = ()) -> list[str]:
    """Grades from lowest to highest: the fail grade, then boundaries by mark; then any others seen."""
    ordered = [paper.fail_grade] + [b.grade for b in sorted(paper.grade_boundaries, key=lambda b: b.min_mark)]
    ordered = list(dict.fromkeys(ordered))
    return ordered + sorted(set(seen) - set(ordered))


def _number(value: float, digits: int = 2) -> str:
    """A statistic for print: a dash where it is undefined."""
    return DASH if math.isnan(value) else f"{value:.{digits}f}"


def _share(value: float) -> str:
    return f"{value:.0%}"


def _paper_head(paper: FrozenPaper) -> View:
    return {"id": paper.id, "title": paper.title, "form": paper.form, "unit": paper.unit}


def centre_view(tally: PaperTally, statistics_: PaperStatistics) -> View:
    """Score and grade distributions overall and by centre."""
    paper = tally.info.paper
    totals = [float(t) for t in tally.totals()]
    grades = grade_order(paper, tally.grades)
    overall = Counter(tally.grades)
    by_centre: dict[str, Counter[str]] = defaultdict(Counter)
    centre_totals: dict[str, list[float]] = defaultdict(list)
    for centre, grade, total in zip(tally.centres, tally.grades, totals, strict=True):
        by_centre[centre][grade] += 1
        centre_totals[centre].append(total)
    answers_by_centre: Counter[str] = Counter()
    flagged_by_centre: Counter[str] = Counter()
    for (centre, _), n in tally.answers_by.items():
        answers_by_centre[centre] += n
    for (centre, _), n in tally.flagged.items():
        flagged_by_centre[centre] += n
    fail = paper.fail_grade
    centres = []
    for centre in sorted(by_centre):
        values = centre_totals[centre]
        n = len(values)
        centres.append(
            {
                "centre": centre,
                "candidates": n,
                "mean": _number(statistics.fmean(values), 1),
                "sd": _number(statistics.stdev(values), 1) if n > 1 else DASH,
                "grades": [by_centre[centre].get(g, 0) for g in grades],
                "passed": _share((n - by_centre[centre].get(fail, 0)) / n),
                "review": _share(flagged_by_centre[centre] / max(1, answers_by_centre[centre])),
            }
        )
    boundaries = [(b.grade, b.min_mark) for b in sorted(paper.grade_boundaries, key=lambda b: b.min_mark)]
    n = len(totals)
    return {
        "paper": _paper_head(paper),
        "candidates": n,
        "provisional": tally.provisional,
        "max_total": statistics_.max_total,
        "mean": _number(statistics_.mean, 1),
        "sd": _number(statistics_.sd, 1),
        "median": _number(statistics.median(totals), 1) if totals else DASH,
        "lowest": int(min(totals)) if totals else DASH,
        "highest": int(max(totals)) if totals else DASH,
        "grades": [
            {"grade": g, "count": overall.get(g, 0), "share": _share(overall.get(g, 0) / max(1, n))}
            for g in grades
        ],
        "boundaries": [{"grade": g, "min_mark": m} for g, m in boundaries],
        "grade_names": grades,
        "centres": centres,
        "charts": {
            "scores": charts.score_histogram(totals, statistics_.max_total, boundaries),
            "grades": charts.grade_bars({g: overall.get(g, 0) for g in grades}),
            "centres": charts.centre_grade_shares({c: by_centre[c] for c in sorted(by_centre)}, grades),
        },
    }


def _driver(driver: Driver) -> View:
    review = driver.review
    return {
        "label": review.label,
        "flagged": review.count,
        "answers": review.out_of,
        "share": _share(review.share),
        "changed": driver.changed,
        "beyond": driver.beyond,
    }


def _quality_view(quality: MarkingQuality) -> View:
    agreement = quality.agreement
    return {
        "answers": quality.answers,
        "flagged": quality.flagged,
        "flagged_share": _share(quality.flagged_share),
        "reasons": [{"label": s.label, "count": s.count, "share": _share(s.share)} for s in quality.reasons],
        "decisions": quality.decisions,
        "changed": quality.changed,
        "by_reason": [{"label": s.label, "count": s.count} for s in quality.by_reason],
        "by_role": [{"label": s.label, "count": s.count} for s in quality.by_role],
        "agreement": None
        if agreement is None
        else {
            "answers": agreement.answers,
            "exact": _share(agreement.exact),
            "within_tolerance": _share(agreement.within_tolerance),
            "within_one": _share(agreement.within_one),
            "mean_difference": f"{agreement.mean_difference:+.2f}",
            "mean_absolute": f"{agreement.mean_absolute:.2f}",
        },
        "top_centres": [_driver(d) for d in quality.centres],
        "top_items": [_driver(d) for d in quality.items],
    }


def item_view(tally: PaperTally, statistics_: PaperStatistics, quality: MarkingQuality) -> View:
    """Item statistics, flags, distractors, marking points and marking quality."""
    items = []
    for item in statistics_.items:
        q = item.question
        items.append(
            {
                "number": q.number,
                "id": q.id,
                "kind": KIND_LABELS.get(q.kind, q.kind),
                "max": q.question.marks,
                "mean": _number(item.mean),
                "facility": _number(item.facility),
                "discrimination": _number(item.discrimination),
                "flags": [f.message for f in item.flags],
                "flag_codes": [f.code for f in item.flags],
                "options": [
                    {
                        "option": o.option,
                        "text": o.text,
                        "share": _share(o.share),
                        "key": o.key,
                        "width": o.share,
                    }
                    for o in item.options
                ],
                "blank": _share(item.blank_share) if item.blank_share is not None else None,
                "points": [
                    {"id": p.point_id, "text": p.text, "share": _share(p.share), "width": p.share}
                    for p in item.points
                ],
            }
        )
    return {
        "paper": _paper_head(tally.info.paper),
        "candidates": statistics_.candidates,
        "questions": len(items),
        "max_total": statistics_.max_total,
        "mean": _number(statistics_.mean, 1),
        "sd": _number(statistics_.sd, 1),
        "alpha": _number(statistics_.alpha),
        "sem": _number(statistics_.sem, 2),
        "thresholds": {
            "facility_low": stats.FACILITY_LOW,
            "facility_high": stats.FACILITY_HIGH,
            "discrimination_low": stats.DISCRIMINATION_LOW,
        },
        "items": items,
        "flagged": [i for i in items if i["flags"]],
        "chart": charts.facility_discrimination(
            [(i.question.number, i.facility, i.discrimination, bool(i.flags)) for i in statistics_.items],
            (stats.FACILITY_LOW, stats.FACILITY_HIGH),
            stats.DISCRIMINATION_LOW,
        ),
        "quality": _quality_view(quality),
    }
