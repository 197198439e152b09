"""How long the solver may search; kept apart so that callers need not import the solver."""

from __future__ import annotations

from dataclasses import dataclass

WORK_BASE = 1.0
WORK_PER_FORM = 0.6
"""Deterministic work for a blueprint: a base, and a share per form that grows with the square
root of the choices (groups of interchangeable items) past 2,000."""
CHOICES_PER_SHARE = 2000
TIME_BASE = 20.0
TIME_PER_WORK = 10.0
"""Wall seconds allowed per unit of work: on these models a unit took 5-15 s of a loaded
2-core machine, so the clock only stops a search the work limit would not."""


@dataclass(frozen=True)
class Limits:
    """How long the solver may search: deterministic work (reproducible) and wall seconds.

    The work limit is in CP-SAT's deterministic time, which does not depend on the machine or
    its load, so a search it stops gives the same forms every time; the wall-clock limit is
    a safety net, and a search it stops is reported as such. Either left as None follows the
    problem (`for_problem`): more forms and more choices get more of both.
    """

    time_limit: float | None = None
    work_limit: float | None = None

    def for_problem(self, forms: int, choices: int) -> Limits:
        """Both limits set: the ones given, the others grown with forms and choices."""
        share = max(1.0, choices / CHOICES_PER_SHARE) ** 0.5
        work = self.work_limit
        if work is None:
            work = WORK_BASE + WORK_PER_FORM * forms * share
        time = self.time_limit
        if time is None:
            time = TIME_BASE + TIME_PER_WORK * work
        return Limits(time, work)
