"""Run a tournament: every ordered tuple of strategies on every scenario, repeated, in parallel.

Results do not depend on how the runs are executed: each run's seed is derived from the master seed
and the run's place in the grid (see :mod:`parley.tournament.spec`), the deadline counts rounds only
(never seconds), and outcomes are put back in run order before the tables are built. Only the
``elapsed`` column differs between executions.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from parley.negotiators.registry import NEGOTIATORS
from parley.protocols.registry import MECHANISMS
from parley.scenario import Scenario
from parley.tournament.executors import Progress, batch_size, default_processes, execute
from parley.tournament.metrics import reference
from parley.tournament.runner import make_batches
from parley.tournament.spec import Strategy, build_grid, parse_strategy
from parley.tournament.storage import save_table
from parley.tournament.table import results_frame, summary_frame

if TYPE_CHECKING:
    import pandas as pd  # type: ignore[import-untyped]
    from distributed import Client


class TournamentError(ValueError):
    """A tournament that cannot run as asked (unknown strategy or protocol, bad settings)."""


@dataclass(frozen=True, eq=False)
class TournamentResult:
    """The results table (one row per negotiation) and the summary per strategy."""

    results: pd.DataFrame
    summary: pd.DataFrame

    def save(self, path: str | Path) -> None:
        """Write the results table as CSV or Parquet (by suffix)."""
        save_table(self.results, path)


def check_names(strategies: Sequence[Strategy], protocol: str) -> None:
    """Raise :class:`TournamentError` for a strategy or protocol that is not registered."""
    for strategy in strategies:
        if strategy.name not in NEGOTIATORS:
            known = ", ".join(sorted(NEGOTIATORS))
            raise TournamentError(f"no negotiator called {strategy.name!r}; known: {known}")
    if protocol not in MECHANISMS:
        raise TournamentError(f"no protocol called {protocol!r}; known: {', '.join(sorted(MECHANISMS))}")


def scenario_names(scenarios: Sequence[Scenario]) -> list[str]:
    """Default labels: each scenario's title, or ``scenario N``."""
    return [s.metadata.title or f"scenario {i + 1}" for i, s in enumerate(scenarios)]


def run_tournament(
    scenarios: Sequence[Scenario],
    strategies: Sequence[str | Strategy],
    *,
    names: Sequence[str] | None = None,
    protocol: str = "alternating",
    rounds: int = 100,
    repetitions: int = 1,
    seed: int,
    processes: int | None = None,
    scheduler: str | Client | None = None,
    runs_per_task: int | None = None,
    progress: Progress | None = None,
) -> TournamentResult:
    """Play every ordered tuple of ``strategies`` (one per seat) on every scenario, ``repetitions`` times.

    Executors: ``scheduler`` (a Dask scheduler address or a ``distributed.Client``) sends batches of
    ``runs_per_task`` runs to Dask; otherwise ``processes`` local processes run them (None: one per
    core, 1: in this process). ``progress(done, total)`` is called after each finished batch.
    """
    chosen = [s if isinstance(s, Strategy) else parse_strategy(s) for s in strategies]
    check_names(chosen, protocol)
    if not scenarios:
        raise TournamentError("a tournament needs at least one scenario")
    labels = list(names) if names is not None else scenario_names(scenarios)
    if len(labels) != len(scenarios):
        raise TournamentError(f"{len(labels)} names for {len(scenarios)} scenarios")
    try:
        counts = [len(s.parties) for s in scenarios]
        specs = build_grid(counts, chosen, protocol, rounds, repetitions, seed)
    except ValueError as error:
        raise TournamentError(str(error)) from error
    workers = processes or default_processes()
    size = runs_per_task or batch_size(len(specs), workers)
    outcomes = execute(make_batches(scenarios, specs, size), processes, scheduler, progress)
    references = [reference(s) for s in scenarios]
    results = results_frame(specs, outcomes, scenarios, labels, references)
    return TournamentResult(results, summary_frame(results))
