"""Everything an analyst asks of a negotiation at once: frontier, solutions, zone, opposition."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from parley.analysis.frontier import Method, pareto_frontier
from parley.analysis.frontier_result import Frontier
from parley.analysis.lotteries import Lottery, lottery_solutions
from parley.analysis.opposition import Scale, opposition, utility_scale
from parley.analysis.solutions import Solution, bargaining_solutions
from parley.analysis.zone import AgreementZone, agreement_zone
from parley.domain import OutcomeSpace
from parley.preferences import Preferences


@dataclass(frozen=True)
class Analysis:
    """The results of :func:`analyze`; ``lotteries`` is None unless there are exactly two parties."""

    frontier: Frontier
    solutions: dict[str, Solution | None]
    lotteries: dict[str, Lottery | None] | None
    zone: AgreementZone
    opposition: float
    scale: Scale
    reservation_values: np.ndarray


def analyze(
    space: OutcomeSpace, preferences: Sequence[Preferences], method: Method = "auto", time_limit: float = 60.0
) -> Analysis:
    """Frontier (exact), bargaining solutions, lottery solutions, zone of agreement and opposition."""
    frontier = pareto_frontier(space, preferences, method=method, time_limit=time_limit)
    reservation = np.array([p.reservation_value for p in preferences], dtype=np.float64)
    scale = utility_scale(space, preferences, frontier)
    return Analysis(
        frontier=frontier,
        solutions=bargaining_solutions(frontier, reservation),
        lotteries=lottery_solutions(frontier, reservation) if len(preferences) == 2 else None,
        zone=agreement_zone(space, preferences, frontier),
        opposition=opposition(frontier, scale),
        scale=scale,
        reservation_values=reservation,
    )
