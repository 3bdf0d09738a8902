"""Offline 2-D dominance sums, vectorised: for every query, the total weight of the points above it.

For queries ``q`` and weighted points ``p`` this computes ``Σ w[p]`` over the points with
``p.x >= q.x`` and ``p.y >= q.y``. Points and queries are laid out in one sequence sorted by ``x``
(descending, points before queries on ties), which reduces the problem to "weight of the earlier points
with ``y >= q.y``"; that is solved by a bottom-up CDQ divide and conquer (Bentley, "Multidimensional
divide-and-conquer", CACM 1980): at the level of half-size ``h`` every block of ``2h`` positions sends
the points of its left half to the queries of its right half. One level is one global sort of composite
keys ``block * BIG + rank(y)`` and two ``searchsorted`` calls, so the whole count is O(n log² n) with no
Python loop over points. Integer coordinates and weights are compared and added exactly.
"""

from __future__ import annotations

import numpy as np


def dominance_sums(queries: np.ndarray, points: np.ndarray, weights: np.ndarray | None = None) -> np.ndarray:
    """Per query, the summed weights of the points that weakly dominate it (CDQ divide and conquer).

    ``queries`` is ``(m, 2)``, ``points`` is ``(n, 2)`` (integers, or floats compared exactly);
    ``weights`` is ``(n,)`` or ``(n, c)`` int64 (default all ones) and the result has shape ``(m,)`` or
    ``(m, c)``. The caller keeps every column's total weight below 2**63.
    """
    queries = np.asarray(queries).reshape(-1, 2)
    points = np.asarray(points).reshape(-1, 2)
    flat = weights is None or np.ndim(weights) == 1
    columns = np.ones((len(points), 1), dtype=np.int64) if weights is None else np.asarray(weights, np.int64)
    columns = columns.reshape(len(points), 1) if flat else columns
    result = np.zeros((len(queries), columns.shape[1]), dtype=np.int64)
    if len(queries) and len(points):
        _accumulate(queries, points, columns, result)
    return result[:, 0] if flat else result


def _ranks(values: np.ndarray) -> np.ndarray:
    """Dense ranks (0 for the smallest distinct value) as int64."""
    return np.unique(values, return_inverse=True)[1].astype(np.int64).reshape(-1)


def _accumulate(queries: np.ndarray, points: np.ndarray, weights: np.ndarray, result: np.ndarray) -> None:
    """Lay points and queries out by decreasing x, then add left-half points to right-half queries."""
    n, m = len(points), len(queries)
    x_rank = _ranks(np.concatenate([points[:, 0], queries[:, 0]]))
    y_rank = _ranks(np.concatenate([points[:, 1], queries[:, 1]]))
    is_query = np.arange(n + m) >= n
    order = np.lexsort((is_query, -x_rank))  # x descending; on equal x the points come first
    y_rank, is_query = y_rank[order], is_query[order]
    source = order  # index into points (< n) or n + index into queries
    big = int(y_rank.max()) + 1
    positions = np.arange(n + m, dtype=np.int64)
    level = 0
    while (1 << level) < n + m:
        in_right = ((positions >> level) & 1).astype(bool)
        senders = np.flatnonzero(~in_right & ~is_query)
        receivers = np.flatnonzero(in_right & is_query)
        if len(senders) and len(receivers):
            block = positions >> (level + 1)
            _level(block, y_rank, big, senders, receivers, weights[source[senders]], result, source - n)
        level += 1


def _level(
    block: np.ndarray,
    y_rank: np.ndarray,
    big: int,
    senders: np.ndarray,
    receivers: np.ndarray,
    sender_weights: np.ndarray,
    result: np.ndarray,
    query_index: np.ndarray,
) -> None:
    """One CDQ level: a sort of the senders' keys and prefix sums answer every receiver at once."""
    keys = block[senders] * big + y_rank[senders]
    order = np.argsort(keys)
    keys = keys[order]
    prefix = np.zeros((len(keys) + 1, sender_weights.shape[1]), dtype=np.int64)
    np.cumsum(sender_weights[order], axis=0, out=prefix[1:])
    first = np.searchsorted(keys, block[receivers] * big + y_rank[receivers], side="left")
    end = np.searchsorted(keys, (block[receivers] + 1) * big, side="left")
    result[query_index[receivers]] += prefix[end] - prefix[first]
