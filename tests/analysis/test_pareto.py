"""Pareto dominance on raw utility arrays: against brute force, for 1 to 4 parties."""

from __future__ import annotations

import numpy as np
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from parley.analysis import dominates, pareto_indices
from tests.analysis.brute import brute_front
from tests.strategies import PROPERTY

values = st.sampled_from([0.0, 0.25, 0.5, 0.75, 1.0, -np.inf])


@PROPERTY
@given(
    st.integers(1, 4).flatmap(
        lambda k: arrays(np.float64, st.tuples(st.integers(0, 300), st.just(k)), elements=values)
    )
)
def test_pareto_indices_equal_brute_force(points: np.ndarray) -> None:
    kept = pareto_indices(points)
    finite = points[np.isfinite(points).all(axis=1)]
    assert {tuple(r) for r in points[kept].tolist()} == brute_front(finite)
    assert len(kept) == len({tuple(r) for r in points[kept].tolist()})  # one row per distinct vector
    if len(kept):
        assert (np.diff(points[kept, 0]) <= 0).all()


def test_large_random_sets_use_the_pivot_screen_correctly() -> None:
    rng = np.random.default_rng(5)
    for k in (2, 3):
        points = np.round(rng.random((20_000, k)), 2)
        kept = pareto_indices(points)
        front = points[kept]
        # nothing dominates a kept point, and every dropped point is dominated or a duplicate of a kept one
        assert not dominates(points[:, None, :], front[None, :, :]).any()
        dropped = np.setdiff1d(np.arange(len(points)), kept)
        covered = (front[None, :, :] >= points[dropped][:, None, :]).all(axis=2).any(axis=1)
        assert covered.all()


def test_dominates() -> None:
    assert dominates(np.array([1.0, 1.0]), np.array([1.0, 0.5]))
    assert not dominates(np.array([1.0, 1.0]), np.array([1.0, 1.0]))
    assert not dominates(np.array([1.0, 0.0]), np.array([0.0, 1.0]))
