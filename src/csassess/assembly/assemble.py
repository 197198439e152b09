"""The whole job: check, pool, explain or solve, then freeze the forms and record exposure."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from csassess.assembly.budget import Watch
from csassess.assembly.explain import explain_core, precheck
from csassess.assembly.exposure import ExposureHistory, record, usage, write_history
from csassess.assembly.forms import build_forms, write_forms
from csassess.assembly.limits import Limits
from csassess.assembly.pool import Pool, build_pool
from csassess.assembly.solver import SolveResult, core_of, solve
from csassess.assembly.stats import FormStats, form_stats
from csassess.content.blueprint_checks import blueprint_findings
from csassess.content.checks import check_content
from csassess.content.contentset import ContentSet
from csassess.content.loading import Loaded
from csassess.findings import ContentError, CsassessError
from csassess.models import FrozenPaper
from csassess.models.blueprint import MAX_FORMS, Blueprint


class NoFormsFoundError(CsassessError):
    """The solver found no forms within its limits, nor proved that none exist."""

    def __init__(self, message: str, limit: str) -> None:
        super().__init__(message)
        self.limit = limit
        """The limit that stopped it: `time` (wall clock) or `work` (deterministic effort)."""


class InterruptedBeforeFormsError(CsassessError):
    """The search was stopped (Ctrl-C) before it had found one full set of forms."""


@dataclass(frozen=True)
class Assembly:
    """The forms built for a blueprint, with what each covers and how the solver did."""

    blueprint: Blueprint
    papers: list[FrozenPaper]
    stats: list[FormStats]
    result: SolveResult
    pool: Pool

    @property
    def shares_interchangeable(self) -> bool:
        """Whether forms could have shared interchangeable items but were kept apart on them
        (a bank too large to count every shared pair)."""
        return self.pool.merged and self.blueprint.forms > 1 and self.blueprint.max_overlap > 0


def assemble(
    loaded: Loaded,
    content: ContentSet,
    *,
    history: ExposureHistory | None = None,
    forms: int | None = None,
    seed: int | None = None,
    limits: Limits | None = None,
    watch: Watch | None = None,
) -> Assembly:
    """Build the blueprint's forms from `content`; raises with findings when it cannot be met.

    With `watch`, progress is reported to it and `watch.stop()` ends the search early; the
    best full set of forms found by then is the answer (`result.stopped_by` 'interrupted')."""
    if forms is not None and not 1 <= forms <= MAX_FORMS:
        raise CsassessError(f"forms must be 1 to {MAX_FORMS}, not {forms}")
    if seed is not None and seed < 0:
        raise CsassessError(f"the seed must be a whole number of 0 or more, not {seed}")
    overrides = {k: v for k, v in (("forms", forms), ("seed", seed)) if v is not None}
    blueprint: Blueprint = loaded.model.model_copy(update=overrides)
    loaded = Loaded(blueprint, loaded.doc)
    errors = {
        f for f in [*check_content(content), *blueprint_findings(loaded, content)] if f.severity == "error"
    }
    if errors:
        raise ContentError(sorted(errors))
    limits = limits or Limits()
    pool = build_pool(blueprint, content, usage(history or ExposureHistory(), blueprint))
    shortfall = precheck(loaded, pool)
    if shortfall is not None:
        raise shortfall
    result = solve(blueprint, pool, limits, watch)
    if result.status == "infeasible":
        raise explain_core(loaded, core_of(blueprint, pool, limits))
    if result.status == "unknown":
        if result.stopped_by == "interrupted":
            raise InterruptedBeforeFormsError(
                f"interrupted after {result.wall_time:.1f} s, before a full set of forms was found; "
                "nothing was written"
            )
        raise NoFormsFoundError(
            f"no forms found before the {result.stopped_by} ({result.wall_time:.1f} s): "
            + "; ".join(result.open),
            "time" if result.stopped_by == "time limit" else "work",
        )
    papers = build_forms(blueprint, content, result.forms)
    return Assembly(blueprint, papers, [form_stats(p) for p in papers], result, pool)


def write_assembly(
    assembly: Assembly, out_dir: Path, history_file: Path | None, history: ExposureHistory | None
) -> list[Path]:
    """Write every form, then the exposure history with this paper recorded."""
    written = write_forms(out_dir, assembly.papers)
    if history_file is not None:
        write_history(history_file, record(history or ExposureHistory(), assembly.blueprint, assembly.papers))
        written.append(history_file)
    return written
