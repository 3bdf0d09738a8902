"""Shared machinery of the utility-target negotiators (time-dependent and tit-for-tat).

Such a negotiator keeps a *target utility*; everything else follows two rules, shared with the
vectorised fast path in :mod:`parley.batch` so that both give the same results:

* **threshold** — ``max(floor, target − tolerance)``, where ``floor`` is the larger of the
  reservation value and the worst utility among the candidate packages (NegMAS's convention);
* **offer rule** — the candidate package whose own utility is the smallest one at or above the
  threshold; ties go to the package that comes first in the space's lexicographic order; when no
  package reaches the threshold, the best package (the last in that order among the best);
* **accept rule** — accept a package whose own utility is at or above the threshold *now*.

Candidates are the feasible packages that cross no red line, sorted once in :meth:`start` by their
own (undiscounted) utility (one vectorised evaluation and one stable argsort). Spaces of more than
:data:`~parley.negotiators.packages.ENUMERATION_LIMIT` outcomes are represented by a uniform sample
(:func:`~parley.negotiators.packages.candidate_outcomes`, drawn with the negotiation's generator), so
the offer rule then applies to the sample.
"""

from __future__ import annotations

from abc import abstractmethod
from typing import Any

import numpy as np

from parley.domain import OutcomeSpace
from parley.negotiators.base import Negotiator, Response, View
from parley.negotiators.packages import candidate_outcomes, settle
from parley.preferences import Preferences


def sort_by_utility(utilities: np.ndarray) -> np.ndarray:
    """Positions that sort ``utilities`` ascending along the last axis, ties kept in their order."""
    return np.argsort(utilities, axis=-1, kind="stable")


def threshold(target: Any, floor: Any, tolerance: Any) -> Any:
    """The utility an offer must reach: ``max(floor, target − tolerance)`` (element-wise)."""
    return np.maximum(floor, np.subtract(target, tolerance))


def offer_position(sorted_utilities: np.ndarray, level: float) -> int:
    """Position of the smallest sorted utility at or above ``level`` (the last one when none is)."""
    position = int(sorted_utilities.searchsorted(level, side="left"))
    return min(position, len(sorted_utilities) - 1)


class TargetNegotiator(Negotiator):
    """A negotiator that offers and accepts by a target utility; subclasses say how it moves."""

    def __init__(self, tolerance: float = 0.0, **params: Any) -> None:
        super().__init__(tolerance=tolerance, **params)
        if tolerance < 0:
            raise ValueError(f"the tolerance must not be negative, got {tolerance}")
        self.tolerance = float(tolerance)
        self.outcomes = np.empty((0, 0), dtype=np.int64)
        self.sorted_utilities = np.empty(0)
        self.best = self.floor = 0.0
        self.lookup: np.ndarray | None = None
        self.strides: np.ndarray | None = None

    def start(self, view: View, rng: np.random.Generator) -> None:
        """Sort the candidate packages by own utility; note the best utility and the floor."""
        super().start(view, rng)
        self.prepare(view.space, view.preferences, rng)

    def prepare(self, space: OutcomeSpace, preferences: Preferences, rng: np.random.Generator) -> None:
        """Precompute the sorted candidates from ``preferences`` (the part of ``start`` that reads them)."""
        outcomes = candidate_outcomes(space, rng)
        utilities = settle(preferences.evaluate(outcomes))
        self.lookup, self.strides = None, None
        if len(outcomes) == space.cardinality:  # every outcome, in lexicographic order: index by radix
            self.lookup = utilities.copy()
            self.strides = np.cumprod((*space.sizes[1:], 1)[::-1])[::-1].astype(np.int64)
        keep = np.isfinite(utilities) & ~preferences.crosses_red_line(outcomes)
        outcomes, utilities = outcomes[keep], utilities[keep]
        if not len(outcomes):
            raise ValueError("every feasible package crosses a red line: nothing to offer")
        order = sort_by_utility(utilities)
        self.outcomes = outcomes[order]
        self.sorted_utilities = utilities[order]
        self.best = float(self.sorted_utilities[-1])
        self.floor = max(float(preferences.reservation_value), float(self.sorted_utilities[0]))

    @abstractmethod
    def target(self, view: View) -> float:
        """The target utility now."""

    def level(self, view: View) -> float:
        """The threshold of the offer and accept rules now."""
        return float(threshold(self.target(view), self.floor, self.tolerance))

    def propose(self, view: View) -> np.ndarray:
        """The package with the smallest own utility at or above the threshold (else the best)."""
        row: np.ndarray = self.outcomes[offer_position(self.sorted_utilities, self.level(view))]
        return row

    def utility_of(self, view: View, offer: np.ndarray) -> float:
        """Own utility of ``offer``: a table look-up when the whole space was evaluated in ``start``."""
        if self.lookup is not None and self.strides is not None:
            return float(self.lookup[int(np.dot(offer, self.strides))])
        return float(settle(view.utility(offer))[0])

    def respond(self, view: View, offer: np.ndarray) -> Response:
        """Accept when the offer's own utility reaches the threshold now."""
        utility = self.utility_of(view, offer)
        return Response.ACCEPT if utility >= self.level(view) else Response.REJECT
