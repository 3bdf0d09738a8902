"""Bargaining solutions on the Pareto frontier, relative to the disagreement point (reservation values).

Every solution is chosen among the frontier points that every party weakly prefers to no agreement
(individually rational points, ties as in :func:`parley.preferences.meets`; a gain within the tie
tolerance counts as zero); when there is none, there is no solution. Ties are broken by the
larger total utility, then by the first party's utility.

- Nash: maximises the product of gains over the reservation values (Nash, "The bargaining problem",
  Econometrica 1950).
- Kalai–Smorodinsky: maximises the smallest gain as a share of each party's best possible gain
  (Kalai & Smorodinsky, "Other solutions to Nash's bargaining problem", Econometrica 1975).
- Egalitarian: maximises the smallest gain (Kalai, "Proportional solutions to bargaining
  situations", Econometrica 1977).
- Utilitarian: maximises the sum of utilities (maximum welfare).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from parley.analysis.frontier_result import Frontier
from parley.preferences import meets

SOLUTIONS = ("nash", "kalai_smorodinsky", "egalitarian", "max_welfare")


@dataclass(frozen=True)
class Solution:
    """One frontier point: its utilities, its package (option indices) and its row in the frontier."""

    name: str
    utilities: np.ndarray
    outcome: np.ndarray
    index: int


def _gains(frontier: Frontier, reservation: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Rows of the individually rational points and their gains over the reservation values."""
    rational = np.flatnonzero(meets(frontier.utilities, reservation).all(axis=1))
    return rational, np.maximum(frontier.utilities[rational] - reservation, 0.0)


def _pick(frontier: Frontier, rows: np.ndarray, scores: np.ndarray, name: str) -> Solution | None:
    """The row with the best score; ties go to the larger total utility, then the first party."""
    if not len(rows):
        return None
    utilities = frontier.utilities[rows]
    order = np.lexsort((-utilities[:, 0], -utilities.sum(axis=1), -scores))
    best = int(rows[order[0]])
    return Solution(name, frontier.utilities[best].copy(), frontier.outcomes[best].copy(), best)


def nash(frontier: Frontier, reservation_values: Sequence[float] | np.ndarray) -> Solution | None:
    """The Nash bargaining solution: maximal product of gains."""
    rows, gains = _gains(frontier, np.asarray(reservation_values, dtype=np.float64))
    return _pick(frontier, rows, np.prod(gains, axis=1), "nash")


def kalai_smorodinsky(
    frontier: Frontier, reservation_values: Sequence[float] | np.ndarray
) -> Solution | None:
    """The Kalai–Smorodinsky solution: maximal smallest share of each party's ideal gain."""
    rows, gains = _gains(frontier, np.asarray(reservation_values, dtype=np.float64))
    if not len(rows):
        return None
    ideal = gains.max(axis=0)
    shares = np.divide(gains, ideal, out=np.ones_like(gains), where=ideal > 0)
    return _pick(frontier, rows, shares.min(axis=1), "kalai_smorodinsky")


def egalitarian(frontier: Frontier, reservation_values: Sequence[float] | np.ndarray) -> Solution | None:
    """The egalitarian solution: maximal smallest gain."""
    rows, gains = _gains(frontier, np.asarray(reservation_values, dtype=np.float64))
    return _pick(frontier, rows, gains.min(axis=1) if len(rows) else gains[:, 0], "egalitarian")


def max_welfare(frontier: Frontier, reservation_values: Sequence[float] | np.ndarray) -> Solution | None:
    """The utilitarian solution: maximal sum of utilities among individually rational points."""
    rows, _ = _gains(frontier, np.asarray(reservation_values, dtype=np.float64))
    return _pick(frontier, rows, frontier.utilities[rows].sum(axis=1), "max_welfare")


SOLVERS: dict[str, Callable[[Frontier, Sequence[float] | np.ndarray], Solution | None]] = {
    "nash": nash,
    "kalai_smorodinsky": kalai_smorodinsky,
    "egalitarian": egalitarian,
    "max_welfare": max_welfare,
}


def bargaining_solutions(
    frontier: Frontier, reservation_values: Sequence[float] | np.ndarray
) -> dict[str, Solution | None]:
    """All four solutions, keyed by name."""
    return {name: solve(frontier, reservation_values) for name, solve in SOLVERS.items()}
