"""How long the solver may search; kept apart so that callers need not import the solver."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Limits:
    """How long the solver may search: deterministic work (reproducible) and wall seconds.

    The work limit is in CP-SAT's deterministic time, which does not depend on the machine or
    its load, so a search it stops gives the same forms every time; the wall-clock limit is
    a safety net, and a search it stops is reported as such.
    """

    time_limit: float = 60.0
    work_limit: float = 10.0
