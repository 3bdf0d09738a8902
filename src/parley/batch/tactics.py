"""The tactics the batch path simulates, as arrays: one kind code and parameters per negotiation."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from parley.negotiators.base import Negotiator
from parley.negotiators.registry import make_negotiator
from parley.negotiators.time_dependent import TimeDependent
from parley.negotiators.tit_for_tat import TitForTat

#: Kind codes of the tactics the batch path knows.
KINDS = {"time-dependent": 0, "tit-for-tat-relative": 1, "tit-for-tat-absolute": 2}


@dataclass(frozen=True)
class Tactic:
    """One side's tactic in every negotiation of a batch (each field a scalar or one value per negotiation).

    ``kind`` is a name of :data:`KINDS`; ``e`` and ``k`` parameterise the time-dependent kind
    (:class:`~parley.negotiators.time_dependent.TimeDependent`); ``tolerance`` is the slack of the
    offer and accept rules (:mod:`parley.negotiators.targets`).
    """

    kind: str | np.ndarray = "time-dependent"
    e: float | np.ndarray = 1.0
    k: float | np.ndarray = 0.0
    tolerance: float | np.ndarray = 0.0

    @classmethod
    def of(cls, negotiator: Negotiator) -> Tactic:
        """The tactic of a time-dependent or tit-for-tat negotiator (with its parameters)."""
        if isinstance(negotiator, TimeDependent):
            return cls("time-dependent", negotiator.e, negotiator.k, negotiator.tolerance)
        if isinstance(negotiator, TitForTat):
            kind = "tit-for-tat-relative" if negotiator.relative else "tit-for-tat-absolute"
            return cls(kind, tolerance=negotiator.tolerance)
        raise TypeError(
            f"the batch path simulates time-dependent and tit-for-tat tactics, not {negotiator!r}"
        )

    @classmethod
    def named(cls, name: str, **params: Any) -> Tactic:
        """The tactic of the registered negotiator ``name`` (``"boulware"``, ``"aspiration"``, …)."""
        return cls.of(make_negotiator(name, **params))

    def codes(self, count: int) -> np.ndarray:
        """The kind code of each of ``count`` negotiations."""
        names = np.broadcast_to(np.asarray(self.kind, dtype=object), (count,))
        unknown = sorted({str(name) for name in names if name not in KINDS})
        if unknown:
            raise ValueError(f"unknown tactic kinds {unknown}; known: {sorted(KINDS)}")
        return np.array([KINDS[name] for name in names], dtype=np.int8)

    def parameters(self, count: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """``(e, k, tolerance)`` as float arrays of length ``count``."""
        e, k, tolerance = (
            np.broadcast_to(np.asarray(value, dtype=np.float64), (count,)).copy()
            for value in (self.e, self.k, self.tolerance)
        )
        if (e <= 0).any() or (k < 0).any() or (k > 1).any() or (tolerance < 0).any():
            raise ValueError("tactic parameters need e > 0, 0 ≤ k ≤ 1 and tolerance ≥ 0")
        return e, k, tolerance
