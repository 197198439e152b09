"""What the solver may spend, what it reports while it runs, and how a caller stops it.

Every CP-SAT run of an assembly draws on one `Budget`: the limits (work and wall seconds) are
for the whole job, not for each run. With a `Watch`, each run happens on a helper thread while
the calling thread waits in short steps, so that a signal handler (Ctrl-C in the CLI) can call
`Watch.stop` and the run ends at once, keeping the best forms found so far.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from ortools.sat.python import cp_model

from csassess.assembly.limits import Limits

POLL_SECONDS = 0.05
"""How often the waiting thread looks whether a stop was asked for."""


@dataclass(frozen=True)
class Progress:
    """How the search stands: forms found so far, and the best closeness of a full set."""

    stage: str
    """'one at a time' (forms fitted one after another) or 'together' (all forms improved)."""
    forms_found: int
    forms: int
    distance: int | None = None
    """The objective of the best full set of forms so far (0: the forms match exactly)."""
    bound: int | None = None
    """No full set of forms can be closer than this (when the search has proved it)."""
    elapsed: float = 0.0


class Watch:
    """Progress reports for a caller, and a stop it may ask for from another thread or a
    signal handler. A stopped assembly still returns the best full set of forms it found."""

    def __init__(self, on_progress: Callable[[Progress], None] | None = None) -> None:
        self.on_progress = on_progress
        self.stopped = threading.Event()

    def stop(self) -> None:
        """Ask the search to end as soon as it can (safe from a signal handler)."""
        self.stopped.set()

    def report(self, progress: Progress) -> None:
        """Pass `progress` to the caller's callback, if any."""
        if self.on_progress is not None:
            self.on_progress(progress)


def new_solver(seed: int, time_limit: float, work_limit: float) -> cp_model.CpSolver:
    """A single-worker, seeded solver: the same model and limits give the same answer."""
    solver = cp_model.CpSolver()
    params = solver.parameters
    params.num_workers = 1
    params.random_seed = seed % (2**31)
    params.max_time_in_seconds = max(time_limit, 0.01)
    params.max_deterministic_time = max(work_limit, 0.01)
    params.cp_model_probing_level = 0  # probing costs more than it saves on these models
    params.catch_sigint_signal = False  # Ctrl-C belongs to the caller (see Watch)
    return solver


class Budget:
    """What is left of the limits as the solver runs in stages, and who is watching."""

    def __init__(self, limits: Limits, watch: Watch | None = None) -> None:
        assert limits.time_limit is not None and limits.work_limit is not None, "use Limits.for_problem"
        self.limits = limits
        self.time_limit: float = limits.time_limit
        self.work_limit: float = limits.work_limit
        self.watch = watch
        self.start = time.perf_counter()
        self.work = 0.0
        self.last_stop: str | None = None
        """Why the latest run ended early: 'time limit', 'work limit' or 'interrupted'."""

    @property
    def elapsed(self) -> float:
        """Wall seconds since the budget opened."""
        return time.perf_counter() - self.start

    @property
    def work_left(self) -> float:
        """Deterministic work not yet spent."""
        return max(self.work_limit - self.work, 0.0)

    @property
    def time_left(self) -> float:
        """Wall seconds not yet spent."""
        return max(self.time_limit - self.elapsed, 0.0)

    @property
    def interrupted(self) -> bool:
        """Whether the watcher asked the search to stop."""
        return self.watch is not None and self.watch.stopped.is_set()

    @property
    def spent(self) -> str | None:
        """Which limit is used up, or 'interrupted', or None while the search may go on."""
        if self.interrupted:
            return "interrupted"
        if self.time_left <= 0.01:
            return "time limit"
        if self.work_left <= 0.01:
            return "work limit"
        return None

    def solver(self, seed: int, work: float | None = None) -> cp_model.CpSolver:
        """A solver allowed the time left and `work` (by default all the work left)."""
        return new_solver(seed, self.time_left, self.work_left if work is None else min(work, self.work_left))

    def run(
        self,
        solver: cp_model.CpSolver,
        model: cp_model.CpModel,
        callback: cp_model.CpSolverSolutionCallback | None = None,
    ) -> int:
        """Solve, count the work, and note in `last_stop` what cut the run short, if anything."""
        limit = solver.parameters.max_time_in_seconds
        if self.watch is None:
            status = solver.solve(model, callback)
        else:
            status = self._watched(solver, model, callback)
        self.work += solver.deterministic_time
        self.last_stop = None
        if status not in (cp_model.OPTIMAL, cp_model.INFEASIBLE):
            if self.interrupted:
                self.last_stop = "interrupted"
            elif solver.wall_time >= 0.98 * limit:
                self.last_stop = "time limit"
            else:
                self.last_stop = "work limit"
        return int(status)

    def _watched(
        self,
        solver: cp_model.CpSolver,
        model: cp_model.CpModel,
        callback: cp_model.CpSolverSolutionCallback | None,
    ) -> int:
        assert self.watch is not None
        answer: list[int] = []
        worker = threading.Thread(target=lambda: answer.append(solver.solve(model, callback)), daemon=True)
        worker.start()
        while worker.is_alive():
            worker.join(POLL_SECONDS)
            if self.watch.stopped.is_set():
                solver.stop_search()  # repeated until the run has started and seen it
        return answer[0]
