"""Time-dependent concession tactics (Faratin, Sierra & Jennings, "Negotiation decision functions
for autonomous agents", Robotics and Autonomous Systems 24, 1998).

The target utility at relative time ``t`` in [0, 1] is::

    u(t) = floor + (1 − F(t)) · (best − floor),    F(t) = k + (1 − k) · t^(1/e)

``best`` is the negotiator's best utility, ``floor`` the larger of its reservation value and its
worst utility, ``k`` the share conceded at once, and ``e`` the concession exponent: ``e < 1``
concedes late (Boulware), ``e = 1`` linearly, ``e > 1`` early (Conceder). Offers and acceptance
follow the rules of :mod:`parley.negotiators.targets`.

The named variants use NegMAS's default curves (NegMAS writes the aspiration ``1 − t^p``, so its
``p`` is ``1/e``): Boulware ``p = 4`` (``e = 0.25``), linear ``p = 1``, Conceder ``p = 0.25``
(``e = 4``). ``aspiration`` is NegMAS's ``AspirationNegotiator``: the Boulware curve started at
``max_aspiration`` (``k = 1 − max_aspiration``) with an acceptance tolerance of 0.001.
"""

from __future__ import annotations

from typing import Any, ClassVar

import numpy as np

from parley.negotiators.base import View
from parley.negotiators.targets import TargetNegotiator, threshold

#: NegMAS's exponents ``p`` of the named aspiration curves ``1 − t^p`` (``e = 1/p``).
NEGMAS_EXPONENTS = {"boulware": 4.0, "linear": 1.0, "conceder": 0.25}


def concession(time: Any, e: Any, k: Any = 0.0) -> np.ndarray:
    """Faratin et al.'s polynomial ``F(t) = k + (1 − k)·t^(1/e)`` (element-wise, ``t`` clipped to [0, 1])."""
    time = np.clip(np.asarray(time, dtype=np.float64), 0.0, 1.0)
    # Same-shaped contiguous operands, so that one call and a batch of calls take the same numpy loop
    # (SIMD and scalar ``pow`` may differ in the last bit) and the batch path matches exactly.
    time, inverse = np.broadcast_arrays(time, np.divide(1.0, np.asarray(e, dtype=np.float64)))
    power = np.power(np.ascontiguousarray(time), np.ascontiguousarray(inverse))
    return np.asarray(np.add(k, np.multiply(np.subtract(1.0, k), power)))


def target_utility(time: Any, best: Any, floor: Any, e: Any, k: Any = 0.0) -> np.ndarray:
    """The time-dependent target ``floor + (1 − F(t))·(best − floor)`` (element-wise)."""
    remaining = np.subtract(1.0, concession(time, e, k))
    return np.asarray(np.add(floor, np.multiply(remaining, np.subtract(best, floor))))


class TimeDependent(TargetNegotiator):
    """Faratin et al.'s (1998) time-dependent tactic: concession exponent ``e``, initial share ``k``."""

    name: ClassVar[str] = "time-dependent"
    default_e: ClassVar[float] = 1.0
    default_tolerance: ClassVar[float] = 0.0

    def __init__(self, e: float | None = None, k: float = 0.0, tolerance: float | None = None) -> None:
        e = self.default_e if e is None else float(e)
        tolerance = self.default_tolerance if tolerance is None else float(tolerance)
        if e <= 0:
            raise ValueError(f"the concession exponent e must be positive, got {e}")
        if not 0.0 <= k <= 1.0:
            raise ValueError(f"the initial concession k must be in [0, 1], got {k}")
        super().__init__(tolerance=tolerance, e=e, k=k)
        self.e, self.k = e, float(k)
        self.schedule: list[float] = []

    def start(self, view: View, rng: np.random.Generator) -> None:
        """Sort the candidates and tabulate the threshold at the start of every round."""
        super().start(view, rng)
        self.schedule = []
        if view.rounds is not None:
            times = (
                np.arange(view.rounds + 1) / view.rounds
            )  # exactly Deadline.relative_time's round / rounds
            targets = target_utility(times, self.best, self.floor, self.e, self.k)
            self.schedule = threshold(targets, self.floor, self.tolerance).tolist()

    def target(self, view: View) -> float:
        """The target utility at the view's relative time."""
        return float(target_utility(np.array([view.time]), self.best, self.floor, self.e, self.k)[0])

    def level(self, view: View) -> float:
        """The threshold now: tabulated for round-limited negotiations, computed otherwise."""
        if view.round < len(self.schedule) and view.rounds and view.time == view.round / view.rounds:
            return self.schedule[view.round]
        return super().level(view)


class Boulware(TimeDependent):
    """Time-dependent tactic that holds out and concedes near the deadline (``e = 0.25``, NegMAS's)."""

    name: ClassVar[str] = "boulware"
    default_e: ClassVar[float] = 1.0 / NEGMAS_EXPONENTS["boulware"]


class Linear(TimeDependent):
    """Time-dependent tactic that concedes at a constant rate (``e = 1``)."""

    name: ClassVar[str] = "linear"
    default_e: ClassVar[float] = 1.0


class Conceder(TimeDependent):
    """Time-dependent tactic that concedes early (``e = 4``, NegMAS's)."""

    name: ClassVar[str] = "conceder"
    default_e: ClassVar[float] = 1.0 / NEGMAS_EXPONENTS["conceder"]


class Aspiration(TimeDependent):
    """NegMAS's ``AspirationNegotiator``: target ``floor + a·(1 − t^p)·(best − floor)`` with
    ``a = max_aspiration`` and ``p`` named by ``aspiration_type`` (Boulware by default), tolerance 0.001."""

    name: ClassVar[str] = "aspiration"
    default_tolerance: ClassVar[float] = 0.001

    def __init__(
        self, max_aspiration: float = 1.0, aspiration_type: str | float = "boulware", tolerance: float = 0.001
    ) -> None:
        if isinstance(aspiration_type, str):
            if aspiration_type not in NEGMAS_EXPONENTS:
                raise ValueError(
                    f"unknown aspiration type {aspiration_type!r}; known: {sorted(NEGMAS_EXPONENTS)}"
                )
            exponent = NEGMAS_EXPONENTS[aspiration_type]
        else:
            exponent = float(aspiration_type)
        super().__init__(e=1.0 / exponent, k=1.0 - max_aspiration, tolerance=tolerance)
        self.params = {
            "max_aspiration": max_aspiration,
            "aspiration_type": aspiration_type,
            "tolerance": tolerance,
        }
