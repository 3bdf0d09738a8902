"""The maxima of a set of vectors in three or more dimensions, by divide and conquer.

Kung, Luccio & Preparata, "On finding the maxima of a set of vectors" (JACM 22(4), 1975): sort the
points, find the maxima of each half, and keep those of the second half that no maximum of the first
covers. That merge is itself split on one coordinate at a time: points above the split can only be
covered by points above it, and points below it are covered by a point above it as soon as the
remaining coordinates allow, so each split either halves the work or drops a coordinate. Two
coordinates are one sort and a running maximum; small pieces are compared pair by pair in numpy. The
cost follows the data (how many points are maxima, how they spread), not the square of the input.
"""

from __future__ import annotations

import numpy as np

#: At most this many points: compare every pair (one numpy pass per coordinate beats more recursion).
LEAF = 128
#: At most this many (covering, covered) pairs in a merge: compare every pair.
PAIRS = 1 << 16


def maxima_indices(points: np.ndarray, leaf: int = LEAF, pairs: int = PAIRS) -> np.ndarray:
    """Row indices of the maxima of finite ``points`` (``(n, k)``, k ≥ 2), one per distinct vector.

    A row is a maximum when no other row is at least as large in every column and larger in one; of
    identical rows the first survives. The result is in descending lexicographic order of the rows.
    ``leaf`` and ``pairs`` only tune where the recursion stops (tests set them small to reach every
    branch); the result is the same for any positive values.
    """
    order = np.lexsort([-points[:, j] for j in range(points.shape[1] - 1, -1, -1)])  # stable
    ordered = points[order]
    distinct = np.ones(len(order), dtype=bool)
    distinct[1:] = (ordered[1:] != ordered[:-1]).any(axis=1)  # identical rows are adjacent, first kept
    kept: np.ndarray = order[distinct][_maxima(ordered[distinct], max(leaf, 1), max(pairs, 1))]
    return kept


def _maxima(points: np.ndarray, leaf: int, pairs: int) -> np.ndarray:
    """Positions of the maxima of distinct rows in descending lexicographic order (so a row can only
    be dominated by an earlier one), in that order."""
    count = len(points)
    if count <= leaf:
        at_least = np.tri(count, k=-1, dtype=bool)  # [i, j]: j is earlier than i ...
        for j in range(points.shape[1]):
            at_least &= points[None, :, j] >= points[:, None, j]  # ... and at least as large
        return np.flatnonzero(~at_least.any(axis=1))
    half = count // 2
    first = _maxima(points[:half], leaf, pairs)
    second = _maxima(points[half:], leaf, pairs) + half
    # every row of the first half is at least as large in column 0 as every row of the second
    covered = _covered(points[first, 1:], points[second, 1:], pairs)
    return np.concatenate([first, second[~covered]])


def _covered(above: np.ndarray, rows: np.ndarray, pairs: int) -> np.ndarray:
    """For each of ``rows``: is some row of ``above`` at least as large in every column?"""
    if not len(above) or not len(rows):
        return np.zeros(len(rows), dtype=bool)
    if above.shape[1] == 1:
        return np.asarray(above[:, 0].max() >= rows[:, 0])
    if len(above) * len(rows) <= pairs:
        return _covered_pairwise(above, rows)
    if above.shape[1] == 2:
        return _covered_2d(above, rows)
    return _covered_split(above, rows, pairs)


def _covered_pairwise(above: np.ndarray, rows: np.ndarray) -> np.ndarray:
    """:func:`_covered` by comparing every pair, one coordinate at a time on 2-D masks."""
    at_least = above[None, :, 0] >= rows[:, None, 0]
    for j in range(1, above.shape[1]):
        at_least &= above[None, :, j] >= rows[:, None, j]
    return np.asarray(at_least.any(axis=1))


def _covered_2d(above: np.ndarray, rows: np.ndarray) -> np.ndarray:
    """:func:`_covered` in two columns: ``above`` sorted by column 0, best first, with the running
    maximum of column 1; a row is covered when the prefix at least as large in column 0 reaches it."""
    order = np.argsort(-above[:, 0], kind="stable")
    best_second = np.maximum.accumulate(above[order, 1])
    reach = np.searchsorted(-above[order, 0], -rows[:, 0], side="right")  # how many have ≥ column 0
    return np.asarray((reach > 0) & (best_second[np.maximum(reach - 1, 0)] >= rows[:, 1]))


def _covered_split(above: np.ndarray, rows: np.ndarray, pairs: int) -> np.ndarray:
    """:func:`_covered` split at a median of column 0 (the merge step of Kung, Luccio & Preparata)."""
    top, low = above[:, 0], rows[:, 0]
    reachable = low <= top.max()  # a row larger than every covering row in column 0 is never covered
    if not reachable.all():
        covered = np.zeros(len(rows), dtype=bool)
        covered[reachable] = _covered(above, rows[reachable], pairs)
        return covered
    useful = top >= low.min()  # a covering row smaller than every row in column 0 covers none
    if not useful.all():
        return _covered(above[useful], rows, pairs)
    if top.min() >= low.max():  # column 0 holds for every pair: drop it
        return _covered(above[:, 1:], rows[:, 1:], pairs)
    both = np.concatenate([top, low])
    split = np.partition(both, len(both) // 2)[len(both) // 2]
    if split >= top.max():  # keep both sides non-empty (top.max() is above the split)
        split = both[both < top.max()].max()
    high_above, high_rows = top > split, np.flatnonzero(low > split)
    low_rows = np.flatnonzero(low <= split)
    covered = np.zeros(len(rows), dtype=bool)
    # a row above the split can only be covered by a covering row above it
    covered[high_rows] = _covered(above[high_above], rows[high_rows], pairs)
    # a row below it: by a covering row above it on the other columns, or by one below it on all
    below = rows[low_rows]
    by_high = _covered(above[high_above, 1:], below[:, 1:], pairs)
    open_rows = np.flatnonzero(~by_high)
    by_high[open_rows] = _covered(above[~high_above], below[open_rows], pairs)
    covered[low_rows] = by_high
    return covered
