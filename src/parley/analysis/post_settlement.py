"""Post-settlement settlements: improve a tentative deal for everyone, using the exact Pareto frontier.

Raiffa ("Post-settlement settlements", Negotiation Journal 1, 1985) proposed that once the parties have
a tentative deal, a neutral analyst who knows both sides' preferences looks for packages that every
party prefers (weakly) to the deal and some party strictly: the deal becomes the new disagreement
point, and only a jointly better package may replace it. The suggestions here are the Pareto-frontier
points that dominate the deal, ranked by the Nash product of their gains over the deal (Nash, "The
bargaining problem", Econometrica 1950, with the deal as disagreement point).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from parley.analysis.frontier import pareto_frontier
from parley.analysis.frontier_result import Frontier
from parley.analysis.pareto import dominates
from parley.domain import OutcomeSpace
from parley.preferences import Preferences


@dataclass(frozen=True)
class Improvement:
    """A package every party weakly prefers to the deal (one strictly), with its gains over the deal."""

    outcome: np.ndarray
    utilities: np.ndarray
    gains: np.ndarray

    @property
    def nash_product(self) -> float:
        """Product of the gains over the deal (the ranking key)."""
        return float(np.prod(self.gains))


def deal_utilities(
    space: OutcomeSpace, preferences: Sequence[Preferences], deal: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """The deal as one validated index row and its (undiscounted) utility for every party.

    Raises :class:`ValueError` when the deal breaks a constraint or crosses a party's red line: such a
    package cannot be a tentative agreement.
    """
    row = space.validate(np.asarray(deal).reshape(1, -1))
    if not space.feasible(row)[0]:
        raise ValueError("the deal breaks a constraint of the outcome space")
    utilities = np.array([float(p.evaluate(row)[0]) for p in preferences], dtype=np.float64)
    if not np.isfinite(utilities).all():
        raise ValueError("the deal crosses a party's red line")
    return row[0], utilities


def post_settlement(
    space: OutcomeSpace,
    preferences: Sequence[Preferences],
    deal: np.ndarray,
    limit: int = 10,
    frontier: Frontier | None = None,
) -> list[Improvement]:
    """Up to ``limit`` frontier packages that dominate ``deal``, best Nash product of gains first.

    ``frontier`` may pass a frontier already computed for the same space and preferences (otherwise
    :func:`~parley.analysis.frontier.pareto_frontier` computes the exact one). Ties in the product
    go to the larger total gain. The list is empty when the deal is already Pareto-efficient.
    """
    row, base = deal_utilities(space, preferences, deal)
    if frontier is None:
        frontier = pareto_frontier(space, preferences)
    better = np.flatnonzero(dominates(frontier.utilities, base[None, :]))
    gains = frontier.utilities[better] - base
    order = np.lexsort((-gains.sum(axis=1), -np.prod(gains, axis=1)))[: max(limit, 0)]
    return [
        Improvement(
            frontier.outcomes[better[i]].astype(row.dtype), frontier.utilities[better[i]].copy(), gains[i]
        )
        for i in order.tolist()
    ]
