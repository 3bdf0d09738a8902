"""The analysis of a scenario as one JSON-ready object (``parley analyze --json``)."""

from __future__ import annotations

from typing import Any

import numpy as np

from parley.analysis import Analysis, Lottery, Solution
from parley.domain import OutcomeSpace
from parley.scenario import Scenario

#: Frontiers longer than this are cut in the JSON (the count is always given).
MAX_FRONTIER_POINTS = 10_000


def _number(value: float) -> float | None:
    return float(value) if np.isfinite(value) else None


def _point(space: OutcomeSpace, utilities: np.ndarray, outcome: np.ndarray) -> dict[str, Any]:
    return {"utilities": [_number(u) for u in utilities], "outcome": space.values_of(outcome)}


def _solution(space: OutcomeSpace, solution: Solution | None) -> dict[str, Any] | None:
    return None if solution is None else _point(space, solution.utilities, solution.outcome)


def _lottery(space: OutcomeSpace, lottery: Lottery | None) -> dict[str, Any] | None:
    if lottery is None:
        return None
    return {
        "utilities": [_number(u) for u in lottery.utilities],
        "packages": [
            {"probability": float(p), "outcome": space.values_of(o)}
            for p, o in zip(lottery.probabilities, lottery.outcomes, strict=True)
        ],
    }


#: What each notion of "acceptable" is, said wherever reservation values are shown.
RESERVATION_SOURCES = {
    "parties": "the parties' own reservation values (the scenario's parties), which the analysis uses",
    "mandates": "the delegations' reservation values (each mandate's, from its briefings), which "
    "`parley run` and the outlook use",
}


def _mandate_reservations(scenario: Scenario) -> dict[str, Any]:
    """The delegations' reservation values where a process gives them (``{}`` without one)."""
    if scenario.process is None:
        return {}
    delegations = scenario.delegations.plan.delegations
    return {"mandate_reservation_values": {d.party: d.preferences.reservation_value for d in delegations}}


def analysis_to_json(scenario: Scenario, analysis: Analysis) -> dict[str, Any]:
    """Everything in :class:`Analysis`, with packages spelled out as ``{issue: value}``."""
    space = scenario.space
    frontier = analysis.frontier
    shown = min(len(frontier), MAX_FRONTIER_POINTS)
    data: dict[str, Any] = {
        "title": scenario.metadata.title,
        "parties": list(scenario.party_names),
        "reservation_values": analysis.reservation_values.tolist(),
        "reservation_source": "parties",
        **_mandate_reservations(scenario),
        "outcomes": space.feasible_count,
        "frontier_size": len(frontier),
        "frontier_method": frontier.method,
        "frontier_exact": frontier.exact,
        "frontier": [_point(space, frontier.utilities[i], frontier.outcomes[i]) for i in range(shown)],
    }
    if not frontier.exact:
        data["frontier_gaps"] = [float(g) for g in frontier.gaps[:shown]]
    for name, solution in analysis.solutions.items():
        data[name] = _solution(space, solution)
    if analysis.lotteries is not None:
        data["lotteries"] = {name: _lottery(space, lottery) for name, lottery in analysis.lotteries.items()}
    zone = analysis.zone
    data["zone_of_agreement"] = {
        "exists": zone.exists,
        "count": zone.count,
        "best_for": {
            party: _solution(space, best)
            for party, best in zip(scenario.party_names, zone.best_for, strict=True)
        },
    }
    data["opposition"] = _number(analysis.opposition)
    return data
