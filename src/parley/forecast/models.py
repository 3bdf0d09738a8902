"""Static collective-decision models: compromise (weighted mean), weighted median and Nash bargaining.

Every model weighs actor ``i`` by ``w_i = capability_i × salience_i`` and takes a
:class:`~parley.actors.StakeholderTable` or plain arrays.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from parley.actors import StakeholderTable

FloatArray = npt.NDArray[np.float64]

NASH_ITERATIONS = 200


def compromise(table: StakeholderTable) -> float:
    """The compromise model: the capability × salience weighted mean of the positions.

    Source: van den Bos (1991), *Dutch EC Policy Making*; Achen (2006), "Institutional realism and
    bargaining models", in Thomson, Stokman, Achen & König (eds.), *The European Union Decides*, CUP.
    """
    return weighted_mean(table.position, table.weights)


def weighted_mean(position: npt.ArrayLike, weight: npt.ArrayLike) -> float:
    """Σ w_i x_i / Σ w_i; raises ValueError when every weight is zero."""
    x, w = _as_arrays(position, weight)
    return float(np.dot(w, x) / w.sum())


def weighted_median(position: npt.ArrayLike, weight: npt.ArrayLike) -> float:
    """The smallest position whose cumulative weight (positions sorted) reaches half the total weight.

    This is the median voter with weighted votes (Black 1948, "On the rationale of group
    decision-making", JPE 56(1)); in one dimension it beats every other position in a pairwise
    weighted vote, the Condorcet test Bueno de Mesquita (1994) uses for the predicted outcome.
    """
    x, w = _as_arrays(position, weight)
    order = np.argsort(x, kind="stable")
    cumulative = np.cumsum(w[order])
    index = int(np.searchsorted(cumulative, cumulative[-1] / 2.0 * (1.0 - 1e-12)))
    return float(x[order][index])


def median_voter(table: StakeholderTable) -> float:
    """The weighted median of the table's positions, weights capability × salience (see weighted_median)."""
    return weighted_median(table.position, table.weights)


def nash_bargaining(table: StakeholderTable) -> float:
    """The position maximising Σ w_i log U_i(x), with U_i(x) = 1 − |x − p_i| / range.

    The asymmetric Nash bargaining solution (Nash 1950, Econometrica 18(2); Kalai 1977, IJGT 6(3)) over
    the issue's positions, disagreement utility 0 and bargaining powers w_i = capability × salience;
    ``range`` is max − min of the positions. See :func:`nash_position`.
    """
    return nash_position(table.position, table.weights)


def nash_position(position: npt.ArrayLike, weight: npt.ArrayLike) -> float:
    """Maximise the concave Σ w_i log(1 − |x − p_i|/range) by bisection on its (sub)gradient's sign.

    The objective is strictly concave on (min p, max p) whenever two weighted positions differ, so the
    root of the decreasing subgradient is the unique maximum; it is found to machine precision.
    """
    x, w = _as_arrays(position, weight)
    keep = w > 0
    x, w = x[keep], w[keep]
    low, high = float(x.min()), float(x.max())
    if high == low:
        return low
    span = high - low
    for _ in range(NASH_ITERATIONS):
        middle = (low + high) / 2.0
        if middle in (low, high):
            break
        if _nash_slope(middle, x, w, span) > 0:
            low = middle
        else:
            high = middle
    return (low + high) / 2.0


def _nash_slope(point: float, x: FloatArray, w: FloatArray, span: float) -> float:
    """The derivative of Σ w_i log(1 − |point − x_i|/span) (0 for actors standing exactly at point)."""
    distance = np.abs(point - x)
    with np.errstate(divide="ignore"):  # an actor a whole span away pulls with infinite force
        return float(np.sum(w * np.sign(x - point) / (span - distance)))


def _as_arrays(position: npt.ArrayLike, weight: npt.ArrayLike) -> tuple[FloatArray, FloatArray]:
    """Positions and weights as matching float arrays; raises ValueError on bad shapes or zero weight."""
    x = np.asarray(position, dtype=np.float64)
    w = np.asarray(weight, dtype=np.float64)
    if x.ndim != 1 or x.shape != w.shape or x.size == 0:
        raise ValueError(f"positions {x.shape} and weights {w.shape} must be matching non-empty vectors")
    if np.any(w < 0) or not w.sum() > 0:
        raise ValueError("weights must be non-negative with a positive total")
    return x, w
