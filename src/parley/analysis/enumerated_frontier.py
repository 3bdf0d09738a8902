"""Exact Pareto frontier by chunked enumeration: any utilities, memory bounded by one chunk."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from parley.analysis.frontier_result import Frontier
from parley.analysis.pareto import pareto_indices
from parley.domain import OutcomeSpace
from parley.preferences import Preferences

CHUNK = 1 << 20


def utility_matrix(outcomes: np.ndarray, preferences: Sequence[Preferences]) -> np.ndarray:
    """``(n, parties)`` undiscounted utilities of ``outcomes`` (``-inf`` across a red line)."""
    return np.column_stack([p.evaluate(outcomes) for p in preferences])


def enumerated_frontier(
    space: OutcomeSpace, preferences: Sequence[Preferences], chunk_size: int = CHUNK
) -> Frontier:
    """Evaluate every feasible outcome chunk by chunk, keeping the running frontier of what was seen."""
    front_utilities = np.empty((0, len(preferences)))
    front_outcomes = np.empty((0, len(space.issues)), dtype=space.dtype)
    for chunk in space.enumerate(chunk_size=chunk_size):
        utilities = utility_matrix(chunk, preferences)
        best = pareto_indices(utilities)
        utilities = np.vstack([front_utilities, utilities[best]])
        outcomes = np.vstack([front_outcomes, chunk[best]])
        kept = pareto_indices(utilities)
        front_utilities, front_outcomes = utilities[kept], outcomes[kept]
    return Frontier(front_utilities, front_outcomes, "enumeration")
