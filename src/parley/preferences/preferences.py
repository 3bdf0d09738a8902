"""A party's full preferences: utility, reservation value, time discount and red lines."""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace

import numpy as np

from parley.domain import Condition, OutcomeSpace
from parley.preferences.base import Utility
from parley.preferences.normalized import NormalizedUtility, normalize

#: Utility of an outcome that crosses a red line: undefined, so below every reservation value.
UNACCEPTABLE = -np.inf
#: A utility this close below a reservation value (relative to its size, at least 1) still meets it:
#: the same package summed in another order may differ in the last bits, and a tie must not hang on that.
TIE_TOLERANCE = 1e-9


def tie_tolerance(reservation: float | np.ndarray) -> float | np.ndarray:
    """How far below ``reservation`` a utility may fall and still meet it (0 for infinite values)."""
    if isinstance(reservation, float | int):  # one number (the usual case): no array round trip
        size = max(1.0, abs(float(reservation)))
        return TIE_TOLERANCE * size if math.isfinite(size) else 0.0
    magnitude = np.maximum(1.0, np.abs(reservation))
    tolerance = np.where(np.isfinite(magnitude), TIE_TOLERANCE * magnitude, 0.0)
    return float(tolerance) if np.ndim(tolerance) == 0 else tolerance


def meets(utilities: np.ndarray, reservation: float | np.ndarray) -> np.ndarray:
    """Boolean array: which utilities are at least ``reservation`` (broadcast), ties within tolerance."""
    return np.asarray(utilities >= reservation - tie_tolerance(reservation))


@dataclass(frozen=True)
class Preferences:
    """What one party wants over ``space``.

    ``reservation_value`` is the utility of no agreement; ``discount_factor`` ``d`` scales utilities
    at normalised time ``t`` in [0, 1] by ``d**t`` (1 means no discount); each red line is a condition
    the party can never accept, so outcomes meeting one have utility :data:`UNACCEPTABLE`.
    """

    space: OutcomeSpace
    utility: Utility
    reservation_value: float = 0.0
    discount_factor: float = 1.0
    red_lines: tuple[Condition, ...] = ()
    _red_masks: tuple[tuple[int, np.ndarray], ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        if not 0.0 < self.discount_factor <= 1.0:
            raise ValueError(f"discount factor must be in (0, 1], got {self.discount_factor}")
        object.__setattr__(self, "red_lines", tuple(self.red_lines))
        masks = tuple(self.space.condition_mask(line) for line in self.red_lines)
        object.__setattr__(self, "_red_masks", masks)

    def with_reservation(self, value: float) -> Preferences:
        """These preferences with reservation value ``value`` (a copy that keeps the red-line masks:
        a front moves reservation values every round)."""
        copy = object.__new__(type(self))
        copy.__dict__.update(self.__dict__)
        copy.__dict__["reservation_value"] = float(value)
        return copy

    def crosses_red_line(self, outcomes: np.ndarray) -> np.ndarray:
        """Boolean mask: True where an outcome meets any red-line condition."""
        crossed = np.zeros(len(outcomes), dtype=bool)
        for position, mask in self._red_masks:
            crossed |= mask[outcomes[:, position]]
        return crossed

    def discount(self, time: float) -> float:
        """Multiplier applied to utilities at normalised time ``time``."""
        return 1.0 if self.discount_factor == 1.0 else float(self.discount_factor**time)

    def evaluate(self, outcomes: np.ndarray, time: float = 0.0) -> np.ndarray:
        """Discounted utilities, :data:`UNACCEPTABLE` where a red line is crossed."""
        outcomes = np.atleast_2d(outcomes)
        values = self.utility.evaluate(outcomes)
        if self.discount_factor != 1.0:
            values *= self.discount(time)
        if self._red_masks:
            values[self.crosses_red_line(outcomes)] = UNACCEPTABLE
        return values

    def reservation_at(self, time: float = 0.0) -> float:
        """The (discounted) utility of walking away at ``time``."""
        return self.reservation_value * self.discount(time)

    def acceptable(self, outcomes: np.ndarray, time: float = 0.0) -> np.ndarray:
        """Boolean mask: outcomes at least as good as no agreement (ties within :func:`tie_tolerance`)
        and crossing no red line."""
        outcomes = np.atleast_2d(outcomes)
        # Red lines are excluded explicitly: a reservation value of -inf must not admit them.
        good_enough = meets(self.evaluate(outcomes, time), self.reservation_at(time))
        return np.asarray(good_enough & ~self.crosses_red_line(outcomes), dtype=bool)

    def normalized(self) -> Preferences:
        """The same preferences with utilities rescaled to [0, 1] (reservation value rescaled too)."""
        if isinstance(self.utility, NormalizedUtility):
            return self  # already on the [0, 1] scale: rescaling the reservation again would corrupt it
        utility = normalize(self.utility, self.space)
        reservation = float(utility.to_normalized(self.reservation_value))
        return replace(self, utility=utility, reservation_value=reservation)

    def denormalized(self) -> Preferences:
        """Undo :meth:`normalized`: back to the original utility scale."""
        if not isinstance(self.utility, NormalizedUtility):
            return self
        reservation = float(self.utility.inverse(self.reservation_value))
        return replace(self, utility=self.utility.base, reservation_value=reservation)
