"""Which sampled inputs move a Monte-Carlo result most: ranked absolute Spearman correlations.

Spearman's rank correlation (Spearman, "The proof and measurement of association between two things",
American Journal of Psychology 15(1), 1904) is the Pearson correlation of average ranks; against a
0/1 outcome (ratified or not) it is the rank point-biserial correlation. A constant column (an input
without uncertainty, or an outcome that never varies) correlates 0.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]


@dataclass(frozen=True)
class Sensitivity:
    """One input's Spearman correlation with each target, and ``score``: the largest absolute one."""

    input: str
    correlations: dict[str, float]
    score: float


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
    a, b = average_ranks(x), average_ranks(y)
    a, b = a - a.mean(), b - b.mean()
    scale = float(np.sqrt((a @ a) * (b @ b)))
    return float(a @ b / scale) if scale > 1e-12 else 0.0


def rank_inputs(
    names: Sequence[str], inputs: npt.ArrayLike, targets: Mapping[str, npt.ArrayLike]
) -> list[Sensitivity]:
    """One entry per input column, sorted by ``score`` (largest first, ties in input order); nothing
    when nothing was sampled."""
    if not names:
        return []
    matrix = np.asarray(inputs, dtype=np.float64).reshape(-1, len(names))
    found = []
    for column, name in enumerate(names):
        correlations = {t: spearman(matrix[:, column], values) for t, values in targets.items()}
        score = max((abs(c) for c in correlations.values()), default=0.0)
        found.append(Sensitivity(name, correlations, score))
    return sorted(found, key=lambda entry: -entry.score)
