"""The results table (one row per negotiation) and the summary per strategy, as pandas frames.

Seats are numbered from 1 in the scenario's party order; a tournament over scenarios with different
numbers of parties has columns for the largest, empty (None / NaN) where a scenario has fewer seats.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from parley.scenario import Scenario
from parley.tournament.metrics import Reference, nash_distances, pareto_distances, scored_utilities
from parley.tournament.runner import RunOutcome
from parley.tournament.spec import RunSpec
from parley.tournament.storage import pandas

if TYPE_CHECKING:
    import pandas as pd  # type: ignore[import-untyped]

#: Columns of the summary, in order.
SUMMARY_COLUMNS = (
    "strategy",
    "runs",
    "agreement_rate",
    "mean_utility",
    "mean_welfare",
    "mean_pareto_distance",
    "mean_nash_distance",
    "mean_rounds",
)


def results_frame(
    specs: Sequence[RunSpec],
    outcomes: Sequence[RunOutcome],
    scenarios: Sequence[Scenario],
    names: Sequence[str],
    references: Sequence[Reference],
) -> pd.DataFrame:
    """One row per run, in run order; ``names[i]`` labels scenario ``i``."""
    seats = max((len(s.parties) for s in scenarios), default=0)
    rows = [
        _row(spec, outcome, scenarios, names, references, seats)
        for spec, outcome in zip(specs, outcomes, strict=True)
    ]
    frame = pandas().DataFrame(rows)
    for seat in range(1, seats + 1):
        frame[f"utility_{seat}"] = frame[f"utility_{seat}"].astype("float64")
    return frame


def _row(
    spec: RunSpec,
    outcome: RunOutcome,
    scenarios: Sequence[Scenario],
    names: Sequence[str],
    references: Sequence[Reference],
    seats: int,
) -> dict[str, Any]:
    """The table row of one run."""
    if spec.index != outcome.index:
        raise ValueError(f"outcome {outcome.index} does not belong to run {spec.index}")
    ref, scenario = references[spec.scenario], scenarios[spec.scenario]
    point = scored_utilities(ref, outcome.utilities)
    row: dict[str, Any] = {
        "run": spec.index,
        "scenario": names[spec.scenario],
        "protocol": spec.protocol,
        "round_limit": spec.rounds,
        "repetition": spec.repetition,
        "seed": spec.seed,
    }
    for seat in range(seats):
        present = seat < len(spec.strategies)
        row[f"party_{seat + 1}"] = scenario.parties[seat].name if present else None
        row[f"strategy_{seat + 1}"] = spec.strategies[seat].label if present else None
    row |= {
        "ending": outcome.ending,
        "agreement": outcome.utilities is not None,
        "rounds": outcome.rounds,
    }
    for seat in range(seats):
        row[f"utility_{seat + 1}"] = float(point[seat]) if seat < len(point) else np.nan
    row |= {
        "welfare": float(point.sum()),
        "pareto_distance": float(pareto_distances(ref, point[None, :])[0]),
        "nash_distance": float(nash_distances(ref, point[None, :])[0]),
        "elapsed": outcome.elapsed,
    }
    return row


def seat_frame(results: pd.DataFrame) -> pd.DataFrame:
    """One row per (run, seat): the strategy there, its utility, and the run's shared figures."""
    shared = ["run", "agreement", "welfare", "pareto_distance", "nash_distance", "rounds"]
    parts = []
    for seat in range(1, _seat_count(results) + 1):
        part = results[[*shared, f"strategy_{seat}", f"utility_{seat}"]].rename(
            columns={f"strategy_{seat}": "strategy", f"utility_{seat}": "utility"}
        )
        parts.append(part[part["strategy"].notna()])
    return pandas().concat(parts, ignore_index=True)


def _seat_count(results: pd.DataFrame) -> int:
    """How many seat columns the table has."""
    return sum(1 for column in results.columns if column.startswith("strategy_"))


def summary_frame(results: pd.DataFrame) -> pd.DataFrame:
    """Per strategy, over every seat it took: agreement rate and mean utility, welfare, distances, rounds.

    A run where a strategy holds several seats (self-play) counts once per seat. Means skip NaN.
    """
    seats = seat_frame(results)
    grouped = seats.groupby("strategy", sort=True)
    summary = (
        pandas()
        .DataFrame(
            {
                "runs": grouped.size(),
                "agreement_rate": grouped["agreement"].mean(),
                "mean_utility": grouped["utility"].mean(),
                "mean_welfare": grouped["welfare"].mean(),
                "mean_pareto_distance": grouped["pareto_distance"].mean(),
                "mean_nash_distance": grouped["nash_distance"].mean(),
                "mean_rounds": grouped["rounds"].mean(),
            }
        )
        .reset_index()
    )
    return summary.loc[:, list(SUMMARY_COLUMNS)]
