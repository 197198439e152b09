"""Classical test statistics of a paper, as awarding bodies and Moodle's quiz statistics compute them.

Input is the marks matrix: one row per candidate, one column per question (the marks that
count, after examiner decisions). Variances are sample variances (n - 1) throughout; alpha
and the standard error of measurement do not depend on that choice as long as it is the same
everywhere, and SEM uses the same standard deviation the report prints.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

Matrix = NDArray[np.float64]

FACILITY_LOW = 0.2
FACILITY_HIGH = 0.9
DISCRIMINATION_LOW = 0.2


def _matrix(marks: Sequence[Sequence[float]] | Matrix) -> Matrix:
    array = np.asarray(marks, dtype=np.float64)
    if array.ndim != 2:
        raise ValueError("marks must be a candidates x questions matrix")
    return array


def facility(marks: Sequence[Sequence[float]] | Matrix, max_marks: Sequence[float]) -> Matrix:
    """Mean mark over maximum mark, per question: 1.0 everyone full marks, 0.0 nobody scored."""
    array = _matrix(marks)
    maxima = np.asarray(max_marks, dtype=np.float64)
    if array.shape[0] == 0:
        return np.full(array.shape[1], np.nan)
    return array.mean(axis=0) / maxima


def _pearson(x: Matrix, y: Matrix) -> float:
    """Pearson's r; NaN when either side does not vary (the correlation is undefined)."""
    dx, dy = x - x.mean(), y - y.mean()
    denominator = math.sqrt(float(dx @ dx) * float(dy @ dy))
    if denominator == 0:
        return math.nan
    return float(dx @ dy) / denominator


def discrimination(marks: Sequence[Sequence[float]] | Matrix) -> Matrix:
    """Each question's correlation with the rest of the test (the total without that question).

    Leaving the question out of the total keeps it from correlating with itself, which
    flatters short papers. NaN where a question or the rest does not vary, or under 2 candidates.
    """
    array = _matrix(marks)
    if array.shape[0] < 2:
        return np.full(array.shape[1], np.nan)
    totals = array.sum(axis=1)
    return np.array([_pearson(array[:, i], totals - array[:, i]) for i in range(array.shape[1])])


def cronbach_alpha(marks: Sequence[Sequence[float]] | Matrix) -> float:
    """Internal consistency of the paper: k/(k-1) * (1 - sum of item variances / variance of totals).

    NaN with fewer than 2 candidates or questions, or when every candidate has the same total.
    """
    array = _matrix(marks)
    candidates, questions = array.shape
    if candidates < 2 or questions < 2:
        return math.nan
    total_variance = float(array.sum(axis=1).var(ddof=1))
    if total_variance == 0:
        return math.nan
    item_variance = float(array.var(axis=0, ddof=1).sum())
    return questions / (questions - 1) * (1 - item_variance / total_variance)


def standard_error_of_measurement(totals: Sequence[float] | Matrix, alpha: float) -> float:
    """How far an observed total typically lies from the candidate's true score: SD * sqrt(1 - alpha)."""
    values = np.asarray(totals, dtype=np.float64)
    if len(values) < 2 or math.isnan(alpha):
        return math.nan
    return float(values.std(ddof=1)) * math.sqrt(max(0.0, 1 - alpha))


def option_shares(choices: Sequence[Sequence[str]], options: Sequence[str]) -> dict[str, float]:
    """The share of candidates who chose each option (a multiple-response answer counts for each
    option it names); a blank answer chooses nothing."""
    if not choices:
        return dict.fromkeys(options, 0.0)
    counts = dict.fromkeys(options, 0)
    for chosen in choices:
        for option in set(chosen):
            if option in counts:
                counts[option] += 1
    return {option: counts[option] / len(choices) for option in options}


@dataclass(frozen=True)
class Flag:
    """Why an item looks faulty, in words an assessor acts on."""

    code: str
    message: str


def item_flags(
    facility_value: float,
    discrimination_value: float,
    shares: dict[str, float] | None = None,
    keys: Sequence[str] = (),
) -> tuple[Flag, ...]:
    """The warnings an item's statistics raise (thresholds: facility 0.2 and 0.9, discrimination 0.2)."""
    flags = []
    if not math.isnan(facility_value):
        if facility_value < FACILITY_LOW:
            flags.append(Flag("too_hard", f"facility {facility_value:.2f} is below {FACILITY_LOW}"))
        elif facility_value > FACILITY_HIGH:
            flags.append(Flag("too_easy", f"facility {facility_value:.2f} is above {FACILITY_HIGH}"))
    if not math.isnan(discrimination_value) and discrimination_value < DISCRIMINATION_LOW:
        if discrimination_value < 0:
            message = f"discrimination {discrimination_value:.2f}: stronger candidates do worse on it"
        else:
            message = f"discrimination {discrimination_value:.2f} is below {DISCRIMINATION_LOW}"
        flags.append(Flag("low_discrimination", message))
    if shares and keys:
        weakest_key = min(shares.get(k, 0.0) for k in keys)
        for option, share in shares.items():
            if option not in keys and share > weakest_key:
                flags.append(
                    Flag(
                        "distractor_beats_key",
                        f"option {option} ({share:.0%}) was chosen more than the "
                        f"{'key' if len(keys) == 1 else 'least-chosen key'} ({weakest_key:.0%})",
                    )
                )
    return tuple(flags)
