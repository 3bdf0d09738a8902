"""How sure a Monte-Carlo figure is: the standard error and 95 % interval of a probability estimated
from n runs, and the 95 % interval of a rank correlation.

A probability is a share of runs: its Monte-Carlo standard error is sqrt(p(1 − p)/n), and its interval
is Wilson's score interval (Wilson, "Probable inference, the law of succession, and statistical
inference", JASA 22(158), 1927), which stays inside [0, 1] and is not empty at p = 0 or 1, where the
normal approximation collapses to a point. A Spearman correlation's interval is Fisher's z transform
with the variance 1.06/(n − 3) that Fieller, Hartley & Pearson (Biometrika 44, 1957) give for rank
correlations. Both describe sampling noise only, never the model's own assumptions.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

#: The normal quantile of a two-sided 95 % interval.
Z95 = 1.959963984540054


@dataclass(frozen=True)
class Interval:
    """An estimate with its standard error and 95 % interval."""

    estimate: float
    se: float
    low: float
    high: float

    def to_json(self) -> dict[str, float]:
        return {"estimate": self.estimate, "se": self.se, "low": self.low, "high": self.high}


def proportion(successes: float, runs: int) -> Interval:
    """The share ``successes / runs`` with its Monte-Carlo standard error and Wilson's 95 % interval."""
    if runs < 1:
        return Interval(0.0, 0.0, 0.0, 1.0)
    p = successes / runs
    se = math.sqrt(max(p * (1.0 - p), 0.0) / runs)
    z2 = Z95 * Z95
    centre = (p + z2 / (2 * runs)) / (1 + z2 / runs)
    half = Z95 * math.sqrt(p * (1 - p) / runs + z2 / (4 * runs * runs)) / (1 + z2 / runs)
    low = 0.0 if successes <= 0 else max(0.0, centre - half)  # exact at the ends, where rounding
    high = 1.0 if successes >= runs else min(1.0, centre + half)  # would otherwise miss p itself
    return Interval(p, se, min(low, p), max(high, p))


def correlation(r: float, runs: int) -> Interval:
    """A rank correlation ``r`` from ``runs`` runs with its 95 % interval (Fisher's z, rank variance)."""
    if runs <= 3:
        return Interval(r, math.inf, -1.0, 1.0)
    se = math.sqrt(1.06 / (runs - 3))
    z = math.atanh(max(-0.999999, min(0.999999, r)))
    return Interval(r, se, math.tanh(z - Z95 * se), math.tanh(z + Z95 * se))
