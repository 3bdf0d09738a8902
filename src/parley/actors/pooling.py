"""Pool advisors' briefings into mandate parameters: a trust-weighted linear opinion pool.

Aggregation rule (a linear opinion pool, Stone 1961; Genest & Zidek 1986, *Statistical Science* 1(1)),
applied to each quantity separately, with trust re-normalised among the advisors who estimate it:

- issue weight ``w_i ∝ Σ_a t_a·importance_a,i / Σ_a t_a`` over the advisors rating issue ``i``; the
  weights are then normalised to sum to 1;
- option values ``v_i = Σ_a t_a·value_a,i / Σ_a t_a`` over the advisors valuing issue ``i`` (points a
  numeric issue's advisor left out are interpolated linearly first), then rescaled to [0, 1] over the
  issue's options (a constant table becomes 1 everywhere: the issue cannot separate packages);
- reservation value: the trust-weighted mean over the advisors who estimate it (0 when none does).

Every estimate is one entry of a flat vector, and the pool is a set of matrices over it, so drawing
and aggregating thousands of mandates is a few matrix products.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from parley.actors.briefings import (
    IMPORTANCE_RANGE,
    RESERVATION_RANGE,
    VALUE_RANGE,
    Briefing,
    Estimate,
    as_estimate,
)
from parley.domain import CategoricalIssue, Issue, IssueError, OutcomeSpace, Value

#: Trust weights must sum to 1 within this tolerance.
TRUST_TOLERANCE = 1e-6


@dataclass(frozen=True)
class MandateDraws:
    """Mandate parameters as arrays, one row per draw: ``weights`` ``(n, issues)`` with rows summing
    to 1, ``tables`` one ``(n, options)`` array per issue with rows in [0, 1], ``reservation`` ``(n,)``."""

    weights: np.ndarray
    tables: tuple[np.ndarray, ...]
    reservation: np.ndarray

    def __len__(self) -> int:
        return len(self.reservation)


class _Estimates:
    """A growing flat list of estimates with their valid ranges."""

    def __init__(self) -> None:
        self.means: list[float] = []
        self.spreads: list[float] = []
        self.bounds: list[tuple[float, float]] = []

    def add(self, estimate: Estimate, bounds: tuple[float, float]) -> int:
        """Append one estimate; returns its position."""
        self.means.append(estimate.mean)
        self.spreads.append(estimate.spread)
        self.bounds.append(bounds)
        return len(self.means) - 1


@dataclass(frozen=True)
class OpinionPool:
    """The estimates as flat vectors and the linear maps that pool them (see the module docstring)."""

    means: np.ndarray
    spreads: np.ndarray
    low: np.ndarray
    high: np.ndarray
    importance: np.ndarray  # (estimates, issues): pooled raw weights = estimates @ importance
    values: tuple[np.ndarray, ...]  # per issue (estimates, options): pooled raw table
    reservation: np.ndarray  # (estimates,): pooled reservation value (all zero: none estimated)

    def draw(self, count: int, rng: np.random.Generator) -> MandateDraws:
        """``count`` mandates, every estimate drawn from a normal with its spread, clipped to its range."""
        noise = rng.standard_normal((count, len(self.means)))
        return self.aggregate(np.clip(self.means + self.spreads * noise, self.low, self.high))

    def expected(self) -> MandateDraws:
        """One mandate pooled from the means."""
        return self.aggregate(self.means[None, :])

    def aggregate(self, estimates: np.ndarray) -> MandateDraws:
        """Pool rows of estimates into weights, [0, 1] tables and reservation values."""
        raw = estimates @ self.importance
        totals = raw.sum(axis=1, keepdims=True)
        equal = np.full_like(raw, 1.0 / raw.shape[1])
        weights = np.divide(raw, totals, out=equal, where=totals > 0)  # all zero: equal weights
        tables = tuple(_rescale(estimates @ matrix) for matrix in self.values)
        return MandateDraws(weights, tables, estimates @ self.reservation)


def _rescale(tables: np.ndarray) -> np.ndarray:
    """Rescale each row to [0, 1]; a constant row becomes all ones."""
    low = tables.min(axis=1, keepdims=True)
    span = tables.max(axis=1, keepdims=True) - low
    ones = np.ones_like(tables)
    rescaled: np.ndarray = np.divide(tables - low, span, out=ones, where=span > 0)
    return rescaled


def check_trust(trust: Mapping[str, float], briefings: Sequence[Briefing]) -> None:
    """Raise ValueError unless every advisor has a positive trust weight and the weights sum to 1."""
    advisors = [briefing.advisor for briefing in briefings]
    repeated = sorted({a for a in advisors if advisors.count(a) > 1})
    if repeated:
        raise ValueError(f"one briefing per advisor; repeated: {', '.join(repeated)}")
    missing = [a for a in advisors if a not in trust]
    if missing:
        raise ValueError(f"advisor(s) not in the trust table: {', '.join(missing)}")
    extra = [a for a in trust if a not in advisors]
    if extra:
        raise ValueError(f"trust table names advisor(s) who gave no briefing: {', '.join(extra)}")
    bad = [f"{a}={w}" for a, w in trust.items() if not (np.isfinite(w) and w > 0)]
    if bad:
        raise ValueError(f"trust weights must be positive; not positive: {', '.join(bad)}")
    total = float(sum(trust.values()))
    if abs(total - 1.0) > TRUST_TOLERANCE:
        raise ValueError(f"trust weights must sum to 1, they sum to {total:.6g}")


def build_pool(space: OutcomeSpace, briefings: Sequence[Briefing], trust: Mapping[str, float]) -> OpinionPool:
    """Resolve the briefings against ``space`` and compile the pooling matrices (inputs are checked)."""
    check_trust(trust, briefings)
    _check_issue_names(space, briefings)
    estimates = _Estimates()
    importance = _pool_importance(space, briefings, trust, estimates)
    values = [_pool_values(issue, briefings, trust, estimates) for issue in space.issues]
    reservation = _pool_reservation(briefings, trust, estimates)
    size = len(estimates.means)
    bounds = np.array(estimates.bounds, dtype=np.float64).reshape(size, 2)
    pool = OpinionPool(
        np.array(estimates.means, dtype=np.float64),
        np.array(estimates.spreads, dtype=np.float64),
        bounds[:, 0],
        bounds[:, 1],
        _matrix(importance, size, len(space.issues)),
        tuple(
            _matrix(entries, size, issue.size) for entries, issue in zip(values, space.issues, strict=True)
        ),
        _matrix(reservation, size, 1)[:, 0],
    )
    if not (pool.means @ pool.importance).sum() > 0:
        raise ValueError("every importance estimate is zero: at least one issue must matter")
    return pool


#: Sparse matrix entries: (estimate position, column, coefficient).
_Entries = list[tuple[int, int, float]]


def _matrix(entries: _Entries, rows: int, columns: int) -> np.ndarray:
    """A dense ``(rows, columns)`` matrix from sparse entries."""
    matrix = np.zeros((rows, columns))
    for row, column, coefficient in entries:
        matrix[row, column] += coefficient
    return matrix


def _shares(trust: Mapping[str, float], advisors: Sequence[str]) -> list[float]:
    """Trust of ``advisors`` re-normalised to sum to 1 among them."""
    total = sum(trust[a] for a in advisors)
    return [trust[a] / total for a in advisors]


def _pool_importance(
    space: OutcomeSpace, briefings: Sequence[Briefing], trust: Mapping[str, float], estimates: _Estimates
) -> _Entries:
    """Entries mapping importance estimates to each issue's pooled raw weight."""
    entries: _Entries = []
    for column, name in enumerate(space.issue_names):
        raters = [b for b in briefings if name in b.importance]
        for briefing, share in zip(raters, _shares(trust, [b.advisor for b in raters]), strict=True):
            row = estimates.add(as_estimate(briefing.importance[name]), IMPORTANCE_RANGE)
            entries.append((row, column, share))
    return entries


def _pool_values(
    issue: Issue, briefings: Sequence[Briefing], trust: Mapping[str, float], estimates: _Estimates
) -> _Entries:
    """Entries mapping value estimates to the issue's pooled raw table (interpolated where needed)."""
    entries: _Entries = []
    raters = [b for b in briefings if issue.name in b.values]
    for briefing, share in zip(raters, _shares(trust, [b.advisor for b in raters]), strict=True):
        table = briefing.values[issue.name]
        spread_over = _spread_matrix(issue, list(table), briefing.advisor)
        for j, estimate in enumerate(table.values()):
            row = estimates.add(as_estimate(estimate), VALUE_RANGE)
            entries.extend((row, int(k), share * spread_over[j, k]) for k in np.flatnonzero(spread_over[j]))
    return entries


def _spread_matrix(issue: Issue, keys: list[Value], advisor: str) -> np.ndarray:
    """``(keys, options)``: how each rated option's value spreads over the issue's options."""
    where = f"briefing by {advisor!r}, issue {issue.name!r}"
    try:
        positions = [issue.index_of(key) for key in keys]
    except IssueError as error:
        raise ValueError(f"{where}: {error}") from None
    if isinstance(issue, CategoricalIssue):
        unrated = sorted(set(range(issue.size)) - set(positions))
        if unrated:
            names = ", ".join(repr(issue.value(i)) for i in unrated)
            raise ValueError(f"{where}: a categorical issue needs a value for every option; missing {names}")
        return np.eye(issue.size)[positions]
    points = np.array([float(key) for key in keys])
    if len(set(points.tolist())) != len(points):
        raise ValueError(f"{where}: a point is valued twice")
    order = np.argsort(points)
    spread = np.zeros((len(keys), issue.size))
    grid = issue.values().astype(np.float64)
    for rank, j in enumerate(order):
        spread[j] = np.interp(grid, points[order], np.eye(len(keys))[rank])
    return spread


def _pool_reservation(
    briefings: Sequence[Briefing], trust: Mapping[str, float], estimates: _Estimates
) -> _Entries:
    """Entries mapping reservation estimates to the pooled reservation value."""
    raters = [b for b in briefings if b.reservation_estimate is not None]
    entries: _Entries = []
    for briefing, share in zip(raters, _shares(trust, [b.advisor for b in raters]), strict=True):
        estimate = briefing.reservation_estimate
        assert estimate is not None
        entries.append((estimates.add(estimate, RESERVATION_RANGE), 0, share))
    return entries


def _check_issue_names(space: OutcomeSpace, briefings: Sequence[Briefing]) -> None:
    """Raise ValueError naming a briefing's unknown issue, or an issue no advisor covers."""
    for briefing in briefings:
        unknown = [issue for issue in briefing.issues if issue not in space.issue_names]
        if unknown:
            raise ValueError(
                f"briefing by {briefing.advisor!r} names unknown issue(s) {', '.join(map(repr, unknown))}; "
                f"issues are {', '.join(space.issue_names)}"
            )
    for name in space.issue_names:
        if not any(name in b.importance for b in briefings):
            raise ValueError(f"no advisor rates the importance of issue {name!r}")
        if not any(name in b.values for b in briefings):
            raise ValueError(f"no advisor values the options of issue {name!r}")
