"""Affine normalisation of a utility to [0, 1] over a space, and its inverse."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from parley.domain import OutcomeSpace
from parley.preferences.base import Utility


@dataclass(frozen=True)
class NormalizedUtility(Utility):
    """``(base(o) - low) / (high - low)``; a constant utility (``low == high``) maps to 1 everywhere.

    In that degenerate case :meth:`to_normalized` shifts values by ``1 - low`` (the only affine map
    sending the constant to 1 that stays invertible), so reservation values keep their order
    relative to the utility and :meth:`inverse` recovers them.
    """

    base: Utility
    low: float
    high: float

    def evaluate(self, outcomes: np.ndarray) -> np.ndarray:
        raw = self.base.evaluate(outcomes)
        if self.high == self.low:
            return np.ones_like(raw)
        return (raw - self.low) / (self.high - self.low)

    def to_normalized(self, raw: float | np.ndarray) -> float | np.ndarray:
        """Map a value on the base utility's scale (a reservation value, say) to the [0, 1] scale."""
        if self.high == self.low:
            return raw - self.low + 1.0
        return (raw - self.low) / (self.high - self.low)

    def inverse(self, normalized: float | np.ndarray) -> float | np.ndarray:
        """Map a [0, 1] value back to the base utility's scale."""
        if self.high == self.low:
            return normalized - 1.0 + self.low
        return self.low + normalized * (self.high - self.low)

    def outer_bounds(self, space: OutcomeSpace) -> tuple[float, float]:
        return 0.0, 1.0


def normalize(utility: Utility, space: OutcomeSpace) -> NormalizedUtility:
    """Rescale ``utility`` so that its worst feasible outcome is 0 and its best is 1.

    Exact when the bounds are (linear-additive without constraints, or an enumerable space); on a
    huge constrained or hyper-rectangle space it uses outer bounds, so values stay inside [0, 1] but
    may not reach both ends.
    """
    if isinstance(utility, NormalizedUtility):
        return utility
    low, high = utility.bounds(space)
    return NormalizedUtility(utility, low, high)
