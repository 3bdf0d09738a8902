"""Trade-off explanation around a deal: what each one-issue change is worth, and the best logrolls.

A *logroll* trades concessions across issues: each side gives way on an issue it cares about less than
the other side does, and both end up better off (Pruitt, "Achieving integrative agreements", in
Bazerman & Lewicki (eds.), Negotiating in Organizations, 1983; Raiffa, The Art and Science of
Negotiation, 1982). Every one-issue variant of the deal is evaluated at once; then every pair
of concessions on two different issues, one by each side, is evaluated as a combined package, exactly
(so non-linear utilities, constraints and red lines are all respected).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from parley.analysis.post_settlement import deal_utilities
from parley.domain import OutcomeSpace, Value
from parley.preferences import Preferences

#: Combined packages evaluated per block when searching logrolls.
_BLOCK = 1 << 16


def _signed(value: float) -> str:
    """``+0.12`` / ``−0.12`` (typographic minus) for plain-words explanations."""
    return f"{value:+.2f}".replace("-", "−")


@dataclass(frozen=True)
class IssueChange:
    """Moving one issue of the deal from one option to another, and what it does to each side."""

    issue: str
    position: int
    from_option: int
    to_option: int
    from_value: Value
    to_value: Value
    deltas: tuple[float, float]
    feasible: bool

    def describe(self, names: Sequence[str] = ("first", "second")) -> str:
        """E.g. ``sanctions_relief none→partial (North −0.21, South +0.02)``."""
        effects = ", ".join(f"{n} {_signed(d)}" for n, d in zip(names, self.deltas, strict=True))
        return f"{self.issue} {self.from_value}→{self.to_value} ({effects})"


@dataclass(frozen=True)
class Logroll:
    """Two concessions on different issues, one by each side, that together leave both better off."""

    first_gives: IssueChange
    second_gives: IssueChange
    outcome: np.ndarray
    utilities: np.ndarray
    gains: np.ndarray

    @property
    def score(self) -> float:
        """The smaller of the two gains over the deal (the ranking key)."""
        return float(self.gains.min())

    def describe(self, names: Sequence[str] = ("first", "second")) -> str:
        """E.g. ``North gives … for South giving …: North +0.05, South +0.10``."""
        total = ", ".join(f"{n} {_signed(g)}" for n, g in zip(names, self.gains.tolist(), strict=True))
        return (
            f"{names[0]} gives {self.first_gives.describe(names)} for {names[1]} giving "
            f"{self.second_gives.describe(names)}: {total}"
        )


@dataclass(frozen=True)
class Tradeoffs:
    """Every one-issue change of ``deal`` and the best logrolls, best (largest smaller gain) first."""

    deal: np.ndarray
    utilities: np.ndarray
    changes: tuple[IssueChange, ...]
    logrolls: tuple[Logroll, ...]


def one_issue_variants(space: OutcomeSpace, deal: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``(columns, options, variants)``: every package differing from ``deal`` on exactly one issue."""
    sizes = space.sizes
    columns = np.repeat(np.arange(len(sizes)), sizes - 1)
    starts = np.concatenate(([0], np.cumsum(sizes - 1)[:-1]))
    rank = np.arange(len(columns)) - starts[columns]  # 0 .. size-2 within each issue
    options = rank + (rank >= deal[columns])  # skip the deal's own option
    variants = np.repeat(deal[None, :], len(columns), axis=0)
    variants[np.arange(len(columns)), columns] = options
    return columns, options, variants


def tradeoffs(
    space: OutcomeSpace, preferences: Sequence[Preferences], deal: np.ndarray, limit: int = 10
) -> Tradeoffs:
    """Single-issue changes of ``deal`` with each side's utility change, and up to ``limit`` logrolls.

    Changes that break a constraint on their own are listed with ``feasible=False`` (a logroll may
    still combine them into a feasible package); a change across a red line has a ``-inf`` delta for
    that side. A logroll pairs a change that costs the first side and gains the second with one that
    costs the second and gains the first, on another issue; the combined package must be feasible,
    cross no red line and leave both strictly better off than the deal. Ranked by the smaller gain,
    then the total gain.
    """
    if len(preferences) != 2:
        raise ValueError(f"trade-offs are explained between exactly two sides, got {len(preferences)}")
    row, base = deal_utilities(space, preferences, deal)
    columns, options, variants = one_issue_variants(space, row)
    deltas = np.column_stack([p.evaluate(variants) for p in preferences]) - base
    feasible = space.feasible(variants)
    changes = tuple(
        _change(space, row, int(c), int(o), (float(d[0]), float(d[1])), bool(f))
        for c, o, d, f in zip(columns.tolist(), options.tolist(), deltas, feasible.tolist(), strict=True)
    )
    pairs, utilities = _best_pairs(space, preferences, row, base, columns, options, deltas, limit)
    logrolls = tuple(
        Logroll(changes[a], changes[b], _combine(row, columns, options, a, b), u, u - base)
        for (a, b), u in zip(pairs.tolist(), utilities, strict=True)
    )
    return Tradeoffs(row, base, changes, logrolls)


def _change(
    space: OutcomeSpace, deal: np.ndarray, column: int, option: int, deltas: tuple[float, float], ok: bool
) -> IssueChange:
    """The plain-words record of moving issue ``column`` of ``deal`` to ``option``."""
    issue = space.issues[column]
    current = int(deal[column])
    return IssueChange(
        issue.name, column, current, option, issue.value(current), issue.value(option), deltas, ok
    )


def _combine(deal: np.ndarray, columns: np.ndarray, options: np.ndarray, a: int, b: int) -> np.ndarray:
    """The deal with changes ``a`` and ``b`` both applied."""
    package = deal.copy()
    package[[columns[a], columns[b]]] = [options[a], options[b]]
    return package


def _best_pairs(
    space: OutcomeSpace,
    preferences: Sequence[Preferences],
    deal: np.ndarray,
    base: np.ndarray,
    columns: np.ndarray,
    options: np.ndarray,
    deltas: np.ndarray,
    limit: int,
) -> tuple[np.ndarray, np.ndarray]:
    """``(pairs, utilities)`` of the best ``limit`` logrolls: change-index pairs and combined utilities."""
    finite = np.isfinite(deltas).all(axis=1)
    first = np.flatnonzero(finite & (deltas[:, 0] < 0) & (deltas[:, 1] > 0))
    second = np.flatnonzero(finite & (deltas[:, 1] < 0) & (deltas[:, 0] > 0))
    found_pairs, found_utilities = [np.empty((0, 2), dtype=np.int64)], [np.empty((0, 2))]
    step = max(1, _BLOCK // max(len(second), 1))
    if limit <= 0 or not len(second):
        first = first[:0]
    for start in range(0, len(first), step):
        a, b = (x.ravel() for x in np.meshgrid(first[start : start + step], second, indexing="ij"))
        keep = columns[a] != columns[b]
        a, b = a[keep], b[keep]
        rows = np.repeat(deal[None, :], len(a), axis=0)
        rows[np.arange(len(a)), columns[a]] = options[a]
        rows[np.arange(len(a)), columns[b]] = options[b]
        utilities = np.column_stack([p.evaluate(rows) for p in preferences])
        good = np.flatnonzero(space.feasible(rows) & ((utilities - base) > 0).all(axis=1))
        best = good[_ranking(utilities[good] - base)[:limit]]
        found_pairs.append(np.column_stack([a[best], b[best]]))
        found_utilities.append(utilities[best])
    pairs, utilities = np.concatenate(found_pairs), np.concatenate(found_utilities)
    order = _ranking(utilities - base)[: max(limit, 0)]
    return pairs[order], utilities[order]


def _ranking(gains: np.ndarray) -> np.ndarray:
    """Row order: largest smaller gain first, then largest total gain (stable otherwise)."""
    return np.lexsort((-gains.sum(axis=1), -gains.min(axis=1)))
