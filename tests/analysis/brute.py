"""Brute-force references for the analysis tests: every outcome enumerated, every pair compared."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from parley.domain import OutcomeSpace
from parley.preferences import Preferences


def all_utilities(space: OutcomeSpace, preferences: Sequence[Preferences]) -> tuple[np.ndarray, np.ndarray]:
    """Every feasible outcome and its utility vector, red-lined outcomes dropped."""
    outcomes = space.all_outcomes()
    utilities = (
        np.column_stack([p.evaluate(outcomes) for p in preferences])
        if len(outcomes)
        else np.empty((0, len(preferences)))
    )
    keep = np.isfinite(utilities).all(axis=1)
    return outcomes[keep], utilities[keep]


def brute_front(utilities: np.ndarray) -> set[tuple[float, ...]]:
    """The distinct non-dominated utility vectors, by comparing every pair."""
    if not len(utilities):
        return set()
    at_least = (utilities[None, :, :] >= utilities[:, None, :]).all(axis=2)  # [i, j]: j ≥ i everywhere
    better = (utilities[None, :, :] > utilities[:, None, :]).any(axis=2)
    dominated = (at_least & better).any(axis=1)
    return {tuple(row) for row in utilities[~dominated].tolist()}


def as_set(points: np.ndarray) -> set[tuple[float, ...]]:
    return {tuple(row) for row in np.asarray(points).tolist()}


def same_points(
    a: np.ndarray | set[tuple[float, ...]], b: set[tuple[float, ...]], tolerance: float = 1e-9
) -> bool:
    """Equal sets of utility vectors up to ``tolerance`` (sums in another order differ in the last ulp)."""
    left = np.array(sorted(a if isinstance(a, set) else as_set(a)))
    right = np.array(sorted(b))
    return left.shape == right.shape and (
        not len(left) or bool(np.allclose(left, right, rtol=0, atol=tolerance))
    )
