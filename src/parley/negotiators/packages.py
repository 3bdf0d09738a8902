"""The packages a negotiator may offer, precomputed once per negotiation from its own view.

Spaces of at most :data:`ENUMERATION_LIMIT` outcomes are enumerated in full; larger ones are
represented by :data:`SAMPLE_COUNT` feasible outcomes drawn uniformly with the negotiation's generator
(so a strategy on a huge space concedes over a sample, not over the exact frontier). Only packages the
negotiator could accept are kept: feasible, at least its reservation value and across no red line.
Acceptability does not change with time, since a discount scales utilities and reservation alike.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from parley.domain import OutcomeSpace
from parley.preferences import Preferences, tie_tolerance

#: Largest space (ignoring constraints) whose outcomes are all enumerated in ``start()``.
ENUMERATION_LIMIT = 1_000_000
#: Number of feasible outcomes sampled to stand for a larger space.
SAMPLE_COUNT = 100_000
#: Decimals a negotiator keeps of a utility before sorting and comparing packages.
UTILITY_DIGITS = 12


def settle(utilities: np.ndarray) -> np.ndarray:
    """``utilities`` rounded to :data:`UTILITY_DIGITS` decimals: packages that tie on paper then tie in the
    machine too, whatever order a CPU's SIMD summed them in, so ties go by the space's order everywhere."""
    return np.round(utilities, UTILITY_DIGITS)


def candidate_outcomes(space: OutcomeSpace, rng: np.random.Generator) -> np.ndarray:
    """Every feasible outcome of a small space, or a de-duplicated uniform sample of a large one."""
    if space.cardinality <= ENUMERATION_LIMIT:
        return space.all_outcomes(limit=ENUMERATION_LIMIT)
    if not space.feasible_count:
        return np.empty((0, len(space.issues)), dtype=space.dtype)
    return np.unique(space.sample(SAMPLE_COUNT, rng), axis=0)


def is_acceptable(preferences: Preferences, offer: np.ndarray) -> bool:
    """Whether ``offer`` meets the reservation value of ``preferences`` and crosses none of its red lines."""
    return bool(preferences.acceptable(np.atleast_2d(offer))[0])


@dataclass(frozen=True)
class Packages:
    """Acceptable packages sorted by own (undiscounted) utility, best first, with those utilities."""

    outcomes: np.ndarray
    utilities: np.ndarray

    @classmethod
    def of(cls, preferences: Preferences, rng: np.random.Generator) -> Packages:
        """The acceptable packages of ``preferences`` over its space."""
        outcomes = candidate_outcomes(preferences.space, rng)
        outcomes = outcomes[preferences.acceptable(outcomes)] if len(outcomes) else outcomes
        utilities = settle(preferences.evaluate(outcomes)) if len(outcomes) else np.empty(0)
        order = np.argsort(-utilities, kind="stable")
        return cls(outcomes[order], utilities[order])

    @classmethod
    def empty(cls) -> Packages:
        """No packages (the state before ``start()``)."""
        return cls(np.empty((0, 0), dtype=np.int8), np.empty(0))

    def __len__(self) -> int:
        return len(self.utilities)

    @property
    def best(self) -> float:
        """Utility of the best acceptable package."""
        return float(self.utilities[0])

    @property
    def worst(self) -> float:
        """Utility of the worst acceptable package (at least the reservation value)."""
        return float(self.utilities[-1])

    def count_at_least(self, target: float) -> int:
        """How many packages (a prefix) have utility at least ``target``, ties within tolerance."""
        threshold = target - tie_tolerance(target)
        return int(np.searchsorted(-self.utilities, -threshold, side="right"))

    def nearest(self, outcome: np.ndarray) -> np.ndarray:
        """The package differing from ``outcome`` on fewest issues (ties: the better for oneself)."""
        distance = (self.outcomes != np.asarray(outcome).reshape(1, -1)).sum(axis=1)
        row: np.ndarray = self.outcomes[int(np.argmin(distance))]
        return row


def concession_target(best: float, worst: float, time: float, exponent: float) -> float:
    """Time-dependent target ``best - (best - worst) · t^(1/e)`` (Faratin, Sierra & Jennings 1998).

    ``e < 1`` is Boulware (holds firm, concedes late), ``e = 1`` linear, ``e > 1`` Conceder.
    """
    return float(best - (best - worst) * float(np.clip(time, 0.0, 1.0)) ** (1.0 / exponent))
