"""Pareto dominance on arrays of utility vectors, vectorised.

Two parties: one lexicographic sort and a running maximum (Kung, Luccio & Preparata, "On finding the
maxima of a set of vectors", JACM 1975). More parties: the same paper's divide and conquer
(:mod:`parley.analysis.maxima`), whose cost follows the size of the front rather than the square of
the input. Either way a cheap screen by a few frontier points first removes most dominated rows.
"""

from __future__ import annotations

import numpy as np

from parley.analysis.maxima import maxima_indices

_SCREEN_FROM = 2048  # rows: smaller inputs skip the pivot screen and go straight to the exact filter
#: Seed of the pivot screen's weight directions (:func:`_survives_pivots`). Not a caller's randomness:
#: the screen only removes dominated rows, so the frontier is the same whatever the directions; a fixed
#: seed keeps the screen's work (and so its timing) the same from run to run.
_PIVOT_SEED = 0


def pareto_indices(points: np.ndarray) -> np.ndarray:
    """Indices of the non-dominated rows of ``points`` (shape ``(n, k)``), one per distinct vector.

    A row is dominated when another is at least as good for every party and better for one; of
    identical rows only the first survives. Rows holding ``-inf`` (red lines) or NaN never survive.
    The result is sorted by the first party's utility, best first.
    """
    points = np.asarray(points, dtype=np.float64)
    columns = [np.ascontiguousarray(points[:, j]) for j in range(points.shape[1])]
    finite = np.logical_and.reduce([np.isfinite(column) for column in columns])
    candidates = np.flatnonzero(finite & _survives_pivots(columns))
    if not len(candidates):
        return np.empty(0, dtype=np.int64)
    if points.shape[1] == 1:
        best = points[candidates, 0].max()
        return candidates[np.flatnonzero(points[candidates, 0] == best)[:1]]
    front = _front_2d if points.shape[1] == 2 else maxima_indices
    kept: np.ndarray = candidates[front(points[candidates])]
    return kept


def _survives_pivots(columns: list[np.ndarray], count: int = 12) -> np.ndarray:
    """Mask of the rows not strictly dominated by a few frontier points (maxima of weighted sums).

    A cheap screen, column by column, that removes most rows before the exact sort without changing
    the result (a pivot is itself never removed, and what it removes is dominated). The weights are
    random directions drawn with the fixed :data:`_PIVOT_SEED`: any directions give the same result.
    """
    size = len(columns[0])
    if size < _SCREEN_FROM:
        return np.ones(size, dtype=bool)
    finite = [np.where(np.isfinite(c), c, -1e300) for c in columns]
    weights = np.random.default_rng(_PIVOT_SEED).dirichlet(np.ones(len(columns)), size=count)
    alive = np.ones(size, dtype=bool)
    for w in weights:
        score = sum(weight * column for weight, column in zip(w, finite, strict=True))
        pivot = [column[int(np.argmax(score))] for column in columns]
        if not np.isfinite(pivot).all():
            continue
        at_most = np.logical_and.reduce([c <= p for c, p in zip(columns, pivot, strict=True)])
        below = np.logical_or.reduce([c < p for c, p in zip(columns, pivot, strict=True)])
        alive &= ~(at_most & below)
    return alive


def _front_2d(points: np.ndarray) -> np.ndarray:
    """Sort by the first utility (one key: much faster than a two-key sort); within a group of equal
    first utilities only the best second utility can survive, and only if it beats every group before."""
    first, second = points[:, 0], points[:, 1]
    order = np.argsort(-first, kind="stable")
    sorted_first, sorted_second = first[order], second[order]
    new_group = np.empty(len(order), dtype=bool)
    new_group[0] = True
    new_group[1:] = sorted_first[1:] != sorted_first[:-1]
    starts = np.flatnonzero(new_group)
    group = np.cumsum(new_group) - 1
    group_best = np.maximum.reduceat(sorted_second, starts)
    running = np.maximum.accumulate(sorted_second)
    before = np.full(len(starts), -np.inf)
    before[1:] = running[starts[1:] - 1]
    survivors = np.flatnonzero((sorted_second == group_best[group]) & (sorted_second > before[group]))
    first_in_group = np.ones(len(survivors), dtype=bool)
    first_in_group[1:] = group[survivors[1:]] != group[survivors[:-1]]
    return order[survivors[first_in_group]]


def dominates(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Elementwise over broadcast rows: ``a`` at least as good as ``b`` everywhere and better somewhere."""
    return np.asarray((a >= b).all(axis=-1) & (a > b).any(axis=-1))
