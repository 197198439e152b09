"""Agreement between machine and human marks: the measures ETS's RSMTool reports.

Quadratic weighted kappa, exact and adjacent agreement, Pearson's r, the standardised mean
difference, and the confusion matrix, per item and overall.
"""

from __future__ import annotations

import csv
import math
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from csassess.findings import CsassessError


class AgreementInputError(CsassessError):
    """The marks file cannot be read as pairs of human and machine marks."""


@dataclass(frozen=True)
class Agreement:
    """Agreement measures for one group of paired marks."""

    n: int
    qwk: float
    exact: float
    adjacent: float
    pearson: float
    smd: float
    human_mean: float
    machine_mean: float
    labels: tuple[int, ...] = ()
    confusion: tuple[tuple[int, ...], ...] = field(default=())
    """Rows are human marks, columns machine marks, both over `labels`."""

    def as_dict(self) -> dict[str, object]:
        """A plain mapping for JSON output."""
        return {k: getattr(self, k) for k in self.__dataclass_fields__}


def quadratic_weighted_kappa(human: Sequence[int], machine: Sequence[int]) -> float:
    """Cohen's kappa with quadratic weights over the union of observed marks' range."""
    h = np.asarray(human, dtype=int)
    m = np.asarray(machine, dtype=int)
    low = int(min(h.min(), m.min()))
    size = int(max(h.max(), m.max())) - low + 1
    if size == 1:
        return 1.0
    observed = np.zeros((size, size))
    np.add.at(observed, (h - low, m - low), 1)
    expected = np.outer(observed.sum(axis=1), observed.sum(axis=0)) / len(h)
    grid = np.arange(size)
    weights = (grid[:, None] - grid[None, :]) ** 2 / (size - 1) ** 2
    denominator = float((weights * expected).sum())
    if denominator == 0:
        return 1.0
    return 1.0 - float((weights * observed).sum()) / denominator


def _pearson(h: np.ndarray, m: np.ndarray) -> float:
    if h.std() == 0 or m.std() == 0:
        return math.nan
    return float(np.corrcoef(h, m)[0, 1])


def _smd(h: np.ndarray, m: np.ndarray) -> float:
    """(machine mean - human mean) / pooled standard deviation, as RSMTool computes it."""
    pooled = math.sqrt((h.var(ddof=1) + m.var(ddof=1)) / 2) if len(h) > 1 else 0.0
    return float((m.mean() - h.mean()) / pooled) if pooled else 0.0


def agreement(human: Sequence[int], machine: Sequence[int]) -> Agreement:
    """All measures for paired integer marks."""
    if len(human) != len(machine) or not human:
        raise AgreementInputError("need the same, non-zero number of human and machine marks")
    h = np.asarray(human, dtype=int)
    m = np.asarray(machine, dtype=int)
    labels = tuple(range(int(min(h.min(), m.min())), int(max(h.max(), m.max())) + 1))
    confusion = np.zeros((len(labels), len(labels)), dtype=int)
    np.add.at(confusion, (h - labels[0], m - labels[0]), 1)
    diff = np.abs(h - m)
    return Agreement(
        n=len(h),
        qwk=quadratic_weighted_kappa(human, machine),
        exact=float((diff == 0).mean()),
        adjacent=float((diff <= 1).mean()),
        pearson=_pearson(h.astype(float), m.astype(float)),
        smd=_smd(h.astype(float), m.astype(float)),
        human_mean=float(h.mean()),
        machine_mean=float(m.mean()),
        labels=labels,
        confusion=tuple(tuple(int(x) for x in row) for row in confusion),
    )


def by_group(rows: Iterable[tuple[str, int, int]]) -> dict[str, Agreement]:
    """Agreement per group (item) and over all rows (key ``"(all)"``)."""
    groups: dict[str, tuple[list[int], list[int]]] = defaultdict(lambda: ([], []))
    every: tuple[list[int], list[int]] = ([], [])
    for group, human, machine in rows:
        for target in (groups[group], every):
            target[0].append(human)
            target[1].append(machine)
    out = {g: agreement(h, m) for g, (h, m) in sorted(groups.items())}
    out["(all)"] = agreement(*every)
    return out


def read_pairs(path: Path, *, group: str, human: str, machine: str) -> list[tuple[str, int, int]]:
    """Rows of (group, human, machine) from a CSV file with a header row."""
    try:
        handle = path.open(newline="", encoding="utf-8")
    except OSError as exc:
        raise AgreementInputError(f"{path}: cannot read: {exc.strerror}") from exc
    rows = []
    with handle:
        reader = csv.DictReader(handle)
        missing = [c for c in (group, human, machine) if c not in (reader.fieldnames or [])]
        if missing:
            raise AgreementInputError(
                f"{path}:1: missing column(s) {', '.join(missing)}; "
                f"found {', '.join(reader.fieldnames or [])}"
            )
        for line, row in enumerate(reader, start=2):
            try:
                rows.append((row[group], _whole(row[human]), _whole(row[machine])))
            except ValueError as exc:
                raise AgreementInputError(f"{path}:{line}: {exc}") from exc
    if not rows:
        raise AgreementInputError(f"{path}: no rows of marks")
    return rows


def _whole(text: str) -> int:
    value = float(text)
    if not value.is_integer():
        raise ValueError(f"mark {text!r} is not a whole number")
    return int(value)
