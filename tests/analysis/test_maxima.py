"""The non-dominated filter against an O(n²) check of every pair, for 1 to 6 parties.

Points are drawn from a few values so that ties in one coordinate are common, rows are repeated so that
identical vectors are common, and -inf and NaN appear in some rows. The expected result is a set of
row indices (the first of identical rows), so the check covers which duplicate survives too.
"""

from __future__ import annotations

from itertools import pairwise

import numpy as np
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from parley.analysis import pareto_indices
from parley.analysis.maxima import maxima_indices
from tests.strategies import PROPERTY

FINITE = [0.0, 0.25, 0.5, 0.75, 1.0]
VALUES = st.sampled_from(FINITE * 4 + [-np.inf, np.nan])  # a non-finite value in ~1 cell of 11


@st.composite
def point_sets(
    draw: st.DrawFn, parties: st.SearchStrategy[int], values: st.SearchStrategy[float]
) -> np.ndarray:
    """Rows drawn from a pool of at most 150 vectors, with repetition (so identical rows are common)."""
    k = draw(parties)
    pool = draw(arrays(np.float64, st.tuples(st.integers(1, 150), st.just(k)), elements=values))
    picks = draw(arrays(np.int64, st.integers(0, 400), elements=st.integers(0, len(pool) - 1)))
    return np.asarray(pool[picks])


@st.composite
def wide_fronts(draw: st.DrawFn) -> np.ndarray:
    """Rows on (or just below) the plane where the columns sum to a constant: most rows are maxima,
    so the merges are large enough to be split, with ties in every column."""
    k = draw(st.integers(2, 6))
    grid = draw(arrays(np.int64, st.tuples(st.integers(0, 400), st.just(k)), elements=st.integers(0, 4)))
    drop = draw(arrays(np.int64, len(grid), elements=st.sampled_from([0, 0, 0, 1, 2])))
    grid[:, -1] = 4 * (k - 1) - grid[:, :-1].sum(axis=1) - drop
    return grid.astype(np.float64)


def brute_indices(points: np.ndarray) -> set[int]:
    """Rows with all-finite values that no row dominates and no earlier row equals, pair by pair."""
    finite = np.isfinite(points).all(axis=1)
    at_least = (points[None, :, :] >= points[:, None, :]).all(axis=2)  # [i, j]: j ≥ i everywhere
    better = (points[None, :, :] > points[:, None, :]).any(axis=2)
    earlier = np.tri(len(points), k=-1, dtype=bool)  # [i, j]: j < i
    beaten = (at_least & (better | earlier) & finite[None, :]).any(axis=1)
    return set(np.flatnonzero(finite & ~beaten).tolist())


def descending(rows: np.ndarray) -> bool:
    """Whether ``rows`` are in strictly descending lexicographic order."""
    for first, second in pairwise(rows):
        differ = np.flatnonzero(first != second)
        if not len(differ) or first[differ[0]] < second[differ[0]]:
            return False
    return True


@PROPERTY
@given(point_sets(st.integers(1, 6), VALUES))
def test_pareto_indices_keep_exactly_the_first_of_each_maximal_vector(points: np.ndarray) -> None:
    kept = pareto_indices(points)
    assert set(kept.tolist()) == brute_indices(points)
    assert len(kept) == len(set(kept.tolist()))
    assert (np.diff(points[kept, 0]) <= 0).all()  # best first for the first party


@PROPERTY
@given(
    st.one_of(point_sets(st.integers(2, 6), st.sampled_from(FINITE)), wide_fronts()),
    st.integers(1, 8),
    st.integers(1, 64),
)
def test_maxima_recursion_equals_brute_force_at_any_threshold(
    points: np.ndarray, leaf: int, pairs: int
) -> None:
    # small thresholds push small inputs through every branch: splits, dropped columns, the 2-D sweep
    kept = maxima_indices(points, leaf=leaf, pairs=pairs)
    assert set(kept.tolist()) == brute_indices(points)
    assert descending(points[kept])


def test_default_thresholds_agree_with_tiny_ones_on_large_fronts() -> None:
    rng = np.random.default_rng(16)
    for k in (3, 4, 5, 6):
        points = np.round(rng.dirichlet(np.ones(k), size=3_000), 2)  # most points on the front, many ties
        default = maxima_indices(points)
        assert np.array_equal(default, maxima_indices(points, leaf=4, pairs=16))
        assert set(default.tolist()) == brute_indices(points)


def test_large_sets_through_the_pivot_screen() -> None:
    rng = np.random.default_rng(7)
    for k in (4, 5, 6):
        points = np.round(rng.random((4_000, k)), 1)
        points[rng.integers(0, len(points), 200), rng.integers(0, k, 200)] = -np.inf
        kept = pareto_indices(points)
        assert set(kept.tolist()) == brute_indices(points)
