"""Utility matrices for the batch path: every profile's utility of every outcome, one row per profile."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from parley.preferences import LinearAdditiveUtility, Preferences


def utility_matrix(outcomes: np.ndarray, profiles: Sequence[Preferences]) -> np.ndarray:
    """Shape ``(len(profiles), len(outcomes))``: each profile's undiscounted utility of each outcome.

    Linear-additive profiles without red lines are evaluated together, one gather per issue (the same
    sums, in the same order, as :meth:`LinearAdditiveUtility.evaluate`); others one profile at a time.
    """
    linear = [p.utility for p in profiles if isinstance(p.utility, LinearAdditiveUtility) and not p.red_lines]
    if len(linear) != len(profiles) or not profiles:
        return (
            np.stack([p.evaluate(outcomes) for p in profiles]) if profiles else np.empty((0, len(outcomes)))
        )
    tables = [np.stack([utility.tables[k] for utility in linear]) for k in range(outcomes.shape[1])]
    if _is_full_product(outcomes, [t.shape[1] for t in tables]):  # outer sums, no gathers
        total = tables[0]
        for table in tables[1:]:
            total = (total[:, :, None] + table[:, None, :]).reshape(len(profiles), -1)
        return total
    total = tables[0][:, outcomes[:, 0]]
    for position in range(1, outcomes.shape[1]):
        total += tables[position][:, outcomes[:, position]]
    return total


def _is_full_product(outcomes: np.ndarray, sizes: list[int]) -> bool:
    """Whether ``outcomes`` is every combination of options, in lexicographic order."""
    strides = np.cumprod([*sizes[1:], 1][::-1])[::-1]
    return len(outcomes) == int(np.prod(sizes)) and bool(
        np.array_equal(outcomes @ strides, np.arange(len(outcomes)))
    )
