"""The zone of agreement: the packages every party prefers (weakly) to walking away.

Whether it is empty and each side's best package in it come from the exact frontier (a party's best
acceptable package is always on the frontier of the acceptable set); its size comes from an exact
count (dynamic programming over issues for linear utilities, enumeration otherwise).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from parley.analysis.agreement_count import count_acceptable
from parley.analysis.frontier import pareto_frontier
from parley.analysis.frontier_result import Frontier
from parley.analysis.solutions import Solution
from parley.domain import OutcomeSpace
from parley.preferences import Preferences, meets


@dataclass(frozen=True)
class AgreementZone:
    """Whether any package is acceptable to all, how many there are, and each side's best one.

    ``count`` is exact, or None when the space is too large to count with the utilities given.
    ``best_for[i]`` is the acceptable package best for party ``i`` (None when the zone is empty).
    """

    exists: bool
    count: int | None
    best_for: tuple[Solution | None, ...]


def agreement_zone(
    space: OutcomeSpace, preferences: Sequence[Preferences], frontier: Frontier | None = None
) -> AgreementZone:
    """The zone of agreement of ``preferences`` over ``space`` (pass ``frontier`` to reuse one)."""
    if frontier is None:
        frontier = pareto_frontier(space, preferences)
    reservation = np.array([p.reservation_value for p in preferences], dtype=np.float64)
    acceptable = np.flatnonzero(meets(frontier.utilities, reservation).all(axis=1))
    best_for = tuple(_best_for(frontier, acceptable, party) for party in range(len(preferences)))
    exists = bool(len(acceptable))
    count = count_acceptable(space, preferences) if exists else 0
    return AgreementZone(exists, count, best_for)


def _best_for(frontier: Frontier, rows: np.ndarray, party: int) -> Solution | None:
    """The acceptable frontier point best for ``party`` (ties: larger total utility)."""
    if not len(rows):
        return None
    utilities = frontier.utilities[rows]
    best = int(rows[np.lexsort((-utilities.sum(axis=1), -utilities[:, party]))[0]])
    return Solution(
        f"best_for_{party}", frontier.utilities[best].copy(), frontier.outcomes[best].copy(), best
    )
