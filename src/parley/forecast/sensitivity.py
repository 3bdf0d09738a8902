"""Which sampled inputs move a Monte-Carlo result most: ranked absolute Spearman correlations.

Spearman's rank correlation (Spearman, "The proof and measurement of association between two things",
American Journal of Psychology 15(1), 1904) is the Pearson correlation of average ranks; against a
0/1 outcome (ratified or not) it is the rank point-biserial correlation. A constant column (an input
without uncertainty, or an outcome that never varies) correlates 0.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from parley.forecast.intervals import Interval, correlation

FloatArray = npt.NDArray[np.float64]


@dataclass(frozen=True)
class Sensitivity:
    """One input's signed Spearman correlation with each target and its 95 % interval, and ``score``:
    the largest absolute correlation. ``merged``: inputs that moved in lockstep with it (e.g. issue
    weights that vary only because the others were renormalised), counted as one input."""

    input: str
    correlations: dict[str, float]
    score: float
    intervals: dict[str, Interval] = field(default_factory=dict)
    merged: tuple[str, ...] = ()


#: Two inputs whose rank correlation across the runs is at least this (in absolute value) are one input.
LOCKSTEP = 0.999


def average_ranks(values: npt.ArrayLike) -> FloatArray:
    """Ranks 1..n of ``values``, ties sharing their average rank."""
    x = np.asarray(values, dtype=np.float64)
    order = np.argsort(x, kind="stable")
    ordered = x[order]
    starts = np.flatnonzero(np.r_[True, ordered[1:] != ordered[:-1]])
    ends = np.r_[starts[1:], len(x)]
    averages = (starts + ends + 1) / 2.0  # mean of the 1-based ranks starts+1 .. ends
    ranks = np.empty(len(x))
    ranks[order] = np.repeat(averages, ends - starts)
    return ranks


def spearman(x: npt.ArrayLike, y: npt.ArrayLike) -> float:
    """Spearman's rank correlation of ``x`` and ``y`` (0 when either is constant)."""
    return _pearson(average_ranks(x), average_ranks(y))


def rank_inputs(
    names: Sequence[str], inputs: npt.ArrayLike, targets: Mapping[str, npt.ArrayLike]
) -> list[Sensitivity]:
    """One entry per independent input (inputs in lockstep merged into the first of them), sorted by
    ``score`` (largest first, ties in input order); nothing when nothing was sampled."""
    if not names:
        return []
    matrix = np.asarray(inputs, dtype=np.float64).reshape(-1, len(names))
    runs = len(matrix)
    found = []
    for column, others in _lockstep_groups(matrix):
        correlations = {t: spearman(matrix[:, column], values) for t, values in targets.items()}
        score = max((abs(c) for c in correlations.values()), default=0.0)
        intervals = {t: correlation(c, runs) for t, c in correlations.items()}
        merged = tuple(names[i] for i in others)
        found.append(Sensitivity(names[column], correlations, score, intervals, merged))
    return sorted(found, key=lambda entry: -entry.score)


def _lockstep_groups(matrix: FloatArray) -> list[tuple[int, list[int]]]:
    """The columns grouped by lockstep (|Spearman| ≥ LOCKSTEP; a constant column stands alone): each
    group's first column and the others, in column order."""
    ranks = [average_ranks(matrix[:, j]) for j in range(matrix.shape[1])]
    groups: list[tuple[int, list[int]]] = []
    for column in range(matrix.shape[1]):
        for first, others in groups:
            if abs(_pearson(ranks[first], ranks[column])) >= LOCKSTEP:
                others.append(column)
                break
        else:
            groups.append((column, []))
    return groups


def _pearson(a: FloatArray, b: FloatArray) -> float:
    a, b = a - a.mean(), b - b.mean()
    scale = float(np.sqrt((a @ a) * (b @ b)))
    return float(a @ b / scale) if scale > 1e-12 else 0.0
