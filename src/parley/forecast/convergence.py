"""Where a round-by-round model ends up: converged at a round, cycling with a period, or stopped by the
round limit — said with the forecast, so that "the forecast" of a model that cycles is not simply
wherever its last round lands.

A model's positions per round (rows: rounds from the input on) have converged at round k when every
later row equals row k (within the tolerance); they cycle with period p when the last 2p rows repeat
with period p (the smallest such p); otherwise the round limit stopped them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
import numpy.typing as npt

Status = Literal["converged", "cycles", "round_limit"]


@dataclass(frozen=True)
class Convergence:
    """How the rounds ended: ``status``, the round it converged at, or the period of its cycle."""

    status: Status
    round: int | None = None
    period: int | None = None
    #: Without settling: the range of the model's forecast (e.g. the weighted median) over the last half
    #: of the rounds, and how many rounds that is.
    spread: tuple[float, float] | None = None
    over: int = 0

    @property
    def text(self) -> str:
        """The status in words, for the text output."""
        if self.status == "converged":
            return f"converged at round {self.round}"
        if self.status == "cycles":
            return f"cycles with period {self.period} (from round {self.round}): no single forecast"
        if self.spread is None:
            return "stopped by the round limit before settling"
        low, high = self.spread
        return (
            f"stopped by the round limit without settling: the forecast moved between {low:.4g} and "
            f"{high:.4g} over the last {self.over} rounds"
        )

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Convergence:
        """The convergence :meth:`to_json` wrote."""
        spread = data.get("spread")
        low_high = (float(spread[0]), float(spread[1])) if spread else None
        return cls(data["status"], data.get("round"), data.get("period"), low_high, int(data.get("over", 0)))

    def to_json(self) -> dict[str, object]:
        spread = None if self.spread is None else list(self.spread)
        return {
            "status": self.status,
            "round": self.round,
            "period": self.period,
            "spread": spread,
            "over": self.over,
        }


def convergence(
    rows: npt.ArrayLike,
    settled: bool = False,
    tolerance: float = 1e-9,
    forecast: npt.ArrayLike | None = None,
) -> Convergence:
    """The convergence of ``rows`` (rounds × anything); ``settled``: the model itself stopped because
    nothing moved; ``forecast``: the model's forecast per round, whose spread a run that did not settle
    reports."""
    history = np.asarray(rows, dtype=np.float64).reshape(len(np.asarray(rows)), -1)
    last = len(history) - 1
    same = np.all(np.abs(history - history[-1]) <= tolerance, axis=1)
    start = last
    while start > 0 and same[start - 1]:
        start -= 1
    if settled or start < last:
        return Convergence("converged", round=start)
    for period in range(2, len(history) // 2 + 1):
        tail = history[-2 * period :]
        if np.all(np.abs(tail[period:] - tail[:period]) <= tolerance):
            return Convergence("cycles", round=len(history) - 2 * period, period=period)
    if forecast is None:
        return Convergence("round_limit")
    tail = np.asarray(forecast, dtype=np.float64)[len(history) // 2 :]
    return Convergence("round_limit", spread=(float(tail.min()), float(tail.max())), over=len(tail))
