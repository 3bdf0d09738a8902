"""The vectorised 2-D dominance sums against a brute-force pairwise count."""

from __future__ import annotations

import numpy as np
import pytest

from parley.analysis.dominance_count import dominance_sums


def _brute(queries: np.ndarray, points: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """Σ weights over points with both coordinates >= the query's, pair by pair."""
    above = (points[None, :, 0] >= queries[:, None, 0]) & (points[None, :, 1] >= queries[:, None, 1])
    return above.astype(np.int64) @ weights


@pytest.mark.parametrize("seed", range(40))
def test_matches_brute_force_with_many_ties(seed: int) -> None:
    rng = np.random.default_rng(seed)
    n, m = rng.integers(0, 60, size=2)
    spread = int(rng.integers(1, 8))  # few distinct coordinates: many exact ties on both axes
    points, queries = rng.integers(-spread, spread, size=(n, 2)), rng.integers(-spread, spread, size=(m, 2))
    weights = rng.integers(0, 1_000, size=(n, 3))
    assert np.array_equal(dominance_sums(queries, points, weights), _brute(queries, points, weights))
    assert np.array_equal(dominance_sums(queries, points), _brute(queries, points, np.ones(n, np.int64)))
    flat = dominance_sums(queries, points, weights[:, 0])
    assert flat.shape == (m,)
    assert np.array_equal(flat, _brute(queries, points, weights[:, 0]))


def test_float_coordinates_and_large_values() -> None:
    rng = np.random.default_rng(7)
    points, queries = rng.random((500, 2)), rng.random((300, 2))
    queries[:50] = points[:50]  # exact ties count as dominating
    assert np.array_equal(dominance_sums(queries, points), _brute(queries, points, np.ones(500, np.int64)))
    big = rng.integers(-(10**15), 10**15, size=(400, 2))
    weights = rng.integers(0, 2**40, size=400)
    assert np.array_equal(
        dominance_sums(big[:200], big[200:], weights[200:]), _brute(big[:200], big[200:], weights[200:])
    )


def test_empty_inputs() -> None:
    assert dominance_sums(np.empty((0, 2)), np.ones((3, 2))).shape == (0,)
    assert np.array_equal(dominance_sums(np.zeros((2, 2)), np.empty((0, 2))), [0, 0])
    assert dominance_sums(np.zeros((2, 2)), np.empty((0, 2)), np.empty((0, 4), np.int64)).shape == (2, 4)
