"""Lottery solutions (two parties): optimal on the convex hull, never worse than the best package."""

from __future__ import annotations

import numpy as np
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from parley.analysis import Frontier, bargaining_solutions, lottery_solutions, pareto_indices
from parley.analysis.lotteries import upper_hull
from parley.preferences import meets
from tests.strategies import PROPERTY

points = arrays(np.float64, st.tuples(st.integers(1, 25), st.just(2)), elements=st.floats(0, 1, width=32))


def _frontier(raw: np.ndarray) -> Frontier:
    kept = pareto_indices(raw)
    return Frontier(raw[kept], np.zeros((len(kept), 1), dtype=np.int8), "test")


def _dense_best(frontier: Frontier, reservation: np.ndarray) -> dict[str, float]:
    """Best objective values over many lotteries between every pair of frontier points."""
    u = frontier.utilities
    weights = np.linspace(0, 1, 101)[:, None, None, None]
    mixes = ((1 - weights) * u[None, :, None, :] + weights * u[None, None, :, :]).reshape(-1, 2)
    gains = np.maximum(mixes - reservation, 0.0)[meets(mixes, reservation).all(axis=1)]
    ideal = (frontier.acceptable(reservation).utilities - reservation).max(axis=0)
    shares = np.divide(gains, ideal, out=np.ones_like(gains), where=ideal > 0)
    return {
        "nash": gains.prod(axis=1).max(),
        "egalitarian": gains.min(axis=1).max(),
        "kalai_smorodinsky": shares.min(axis=1).max(),
    }


@PROPERTY
@given(points, st.tuples(st.floats(0, 0.6), st.floats(0, 0.6)))
def test_lottery_solutions_beat_every_sampled_lottery(
    raw: np.ndarray, disagreement: tuple[float, float]
) -> None:
    frontier = _frontier(raw)
    reservation = np.array(disagreement)
    lotteries = lottery_solutions(frontier, reservation)
    packages = bargaining_solutions(frontier, reservation)
    if packages["nash"] is None:
        assert all(v is None for v in lotteries.values())
        return
    best = _dense_best(frontier, reservation)
    ideal = (frontier.acceptable(reservation).utilities - reservation).max(axis=0)
    for name, lottery in lotteries.items():
        assert lottery is not None
        assert meets(lottery.utilities, reservation).all()
        gain = np.maximum(lottery.utilities - reservation, 0.0)
        value = {
            "nash": gain.prod(),
            "egalitarian": gain.min(),
            "kalai_smorodinsky": np.divide(gain, ideal, out=np.ones_like(gain), where=ideal > 0).min(),
        }[name]
        assert value >= best[name] - 1e-6, name  # shares divide by gains that may be tiny
        assert np.isclose(lottery.probabilities.sum(), 1.0) and (lottery.probabilities >= 0).all()
    nash_package = packages["nash"]
    assert nash_package is not None
    nash_lottery = lotteries["nash"]
    assert nash_lottery is not None
    lottery_product = np.prod(np.maximum(nash_lottery.utilities - reservation, 0.0))
    assert lottery_product >= np.prod(np.maximum(nash_package.utilities - reservation, 0.0)) - 1e-12


def test_upper_hull_drops_points_below_the_chords() -> None:
    raw = np.array([[1.0, 0.0], [0.9, 0.5], [0.6, 0.6], [0.5, 0.9], [0.0, 1.0]])
    assert raw[upper_hull(raw)].tolist() == [[1.0, 0.0], [0.9, 0.5], [0.5, 0.9], [0.0, 1.0]]


def test_nash_lottery_on_a_straight_frontier_is_the_midpoint() -> None:
    frontier = _frontier(np.array([[1.0, 0.0], [0.0, 1.0]]))
    lottery = lottery_solutions(frontier, np.zeros(2))["nash"]
    assert lottery is not None
    np.testing.assert_allclose(lottery.utilities, [0.5, 0.5])
    np.testing.assert_allclose(lottery.probabilities, [0.5, 0.5])
