"""The utility interface: one number per outcome, computed for whole arrays of outcomes at once."""

from __future__ import annotations

from abc import ABC, abstractmethod

import numpy as np

from parley.domain import OutcomeSpace

#: Outcomes are enumerated exactly to find utility bounds when the space has at most this many.
EXACT_BOUNDS_LIMIT = 2_000_000


class Utility(ABC):
    """Maps rows of option indices (shape ``(n, issues)``) to utilities (shape ``(n,)``)."""

    @abstractmethod
    def evaluate(self, outcomes: np.ndarray) -> np.ndarray:
        """Utility of every row of ``outcomes`` as a new float64 array (callers may modify it)."""

    def __call__(self, outcomes: np.ndarray) -> np.ndarray:
        return self.evaluate(np.atleast_2d(outcomes))

    def outer_bounds(self, space: OutcomeSpace) -> tuple[float, float]:
        """Cheap bounds that hold for every outcome (not necessarily attained)."""
        raise NotImplementedError(f"{type(self).__name__} has no cheap bounds; enumerate the space")

    def bounds(self, space: OutcomeSpace) -> tuple[float, float]:
        """Lowest and highest utility over the feasible outcomes: exact when the space is small enough
        to enumerate (or the utility's own bounds are exact), otherwise :meth:`outer_bounds`."""
        if space.cardinality > EXACT_BOUNDS_LIMIT:
            return self.outer_bounds(space)
        low, high = np.inf, -np.inf
        for chunk in space.enumerate(chunk_size=1 << 18):
            values = self.evaluate(chunk)
            low, high = min(low, float(values.min())), max(high, float(values.max()))
        if low > high:
            raise ValueError("the space has no feasible outcome, so a utility has no bounds")
        return low, high
