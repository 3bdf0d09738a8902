"""Thousands of bilateral alternating-offers negotiations at once, vectorised across negotiations.

Runs exactly what :class:`~parley.protocols.alternating.AlternatingOffers` runs with two
time-dependent or tit-for-tat negotiators (:mod:`parley.negotiators.time_dependent`,
:mod:`parley.negotiators.tit_for_tat`), with the same results: in round ``r`` (relative time
``r / rounds``) the opener answers the standing offer (it opens in round 0), then the other side
answers the opener's; a rejection is followed by a counter-offer; the round limit ends the rest. The
loop runs over rounds only; each move is a handful of array operations over the negotiations still
running, and the offer choice is one vectorised binary search over pre-sorted utilities.
"""

from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import numpy as np

from parley.batch.tactics import Tactic
from parley.negotiators.packages import settle
from parley.negotiators.targets import sort_by_utility, threshold
from parley.negotiators.time_dependent import target_utility
from parley.negotiators.tit_for_tat import absolute_step, relative_step

#: Matrices with at least this many utilities are sorted in row blocks on every core.
PARALLEL_SORT_SIZE = 200_000


@dataclass(frozen=True)
class BatchResult:
    """Per negotiation: agreed or not, the agreed outcome (index, -1 if none), utilities, rounds.

    ``rounds`` follows :class:`~parley.protocols.base.Result`: the 0-based round of the acceptance,
    or the round limit when the deadline ended the negotiation. ``utilities`` has one column per side
    (a, b), NaN without agreement.
    """

    agreed: np.ndarray
    agreement: np.ndarray
    utilities: np.ndarray
    rounds: np.ndarray

    @property
    def endings(self) -> np.ndarray:
        """``"agreement"`` or ``"deadline"`` per negotiation (the values of ``Ending``)."""
        return np.where(self.agreed, "agreement", "deadline")

    @property
    def agreement_rate(self) -> float:
        """Share of negotiations that ended in agreement."""
        return float(self.agreed.mean())


class _Side:
    """One side's arrays, in the order it moves (opener or responder), for every negotiation."""

    def __init__(self, utilities: np.ndarray, reservation: np.ndarray, tactic: Tactic) -> None:
        count = len(utilities)
        utilities = settle(utilities)
        self.flat_utilities = utilities.ravel()
        self.schedule = np.empty((0, count))
        self.timed = self.adaptive = False
        self.order, self.sorted = sort_rows(utilities)
        self.flat = self.sorted.ravel()
        self.best = self.sorted[:, -1].copy()
        lowest = np.minimum(np.isneginf(self.sorted).sum(axis=1), utilities.shape[1] - 1)  # skip red lines
        self.floor = np.maximum(reservation, self.sorted[np.arange(count), lowest])
        self.kind = tactic.codes(count)
        self.e, self.k, self.tolerance = tactic.parameters(count)
        self.current = self.best.copy()  # tit-for-tat targets
        self.previous = np.full(count, np.nan)  # own utility of the opponent's previous offer

    def tabulate(self, rounds: int) -> None:
        """Time-dependent thresholds of every round (rows: rounds), as the negotiators tabulate them."""
        self.timed = bool((self.kind == 0).any())
        self.adaptive = bool((self.kind != 0).any())
        if self.timed:
            times = (np.arange(rounds) / rounds)[:, None]  # exactly Deadline.relative_time's round / rounds
            targets = target_utility(times, self.best, self.floor, self.e, self.k)
            self.schedule = np.asarray(threshold(targets, self.floor, self.tolerance))

    def level(self, rows: np.ndarray, round_: int) -> np.ndarray:
        """Threshold of the offer and accept rules of negotiations ``rows`` in round ``round_``."""
        if not self.adaptive:
            return np.asarray(self.schedule[round_].take(rows))
        level = np.asarray(threshold(self.current[rows], self.floor[rows], self.tolerance[rows]))
        if self.timed:
            timed = self.kind[rows] == 0
            level[timed] = self.schedule[round_].take(rows[timed])
        return level

    def observe(self, rows: np.ndarray, utility: np.ndarray) -> None:
        """Tit-for-tat update after opponent offers worth ``utility`` (time-dependent rows ignore it)."""
        if not self.adaptive:
            return
        for code, step in ((1, relative_step), (2, absolute_step)):
            mask = self.kind[rows] == code
            seen = mask & ~np.isnan(self.previous[rows])
            if seen.any():
                picked = rows[seen]
                self.current[picked] = step(
                    self.current[picked],
                    self.floor[picked],
                    self.best[picked],
                    self.previous[picked],
                    utility[seen],
                )
            self.previous[rows[mask]] = utility[mask]

    def offer(self, rows: np.ndarray, level: np.ndarray) -> np.ndarray:
        """Outcome offered in ``rows``: the smallest own utility at or above ``level`` (else the best)."""
        width = self.sorted.shape[1]
        start = rows * width
        below = np.zeros(len(rows), dtype=np.int64)  # how many sorted utilities lie below the level
        step = 1 << (width.bit_length() - 1)
        while step:
            trial = below + step
            value = self.flat.take(start + np.minimum(trial, width) - 1)
            below = np.where((trial <= width) & (value < level), trial, below)
            step >>= 1
        return np.asarray(self.order.ravel().take(start + np.minimum(below, width - 1)))


def sort_rows(utilities: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Each row's stable ascending order and sorted values, as ``sort_by_utility`` gives them.

    The fast unstable sort is used, and only rows with tied utilities are sorted again stably. Large
    matrices are split into row blocks sorted on all cores at once (NumPy's sort releases the GIL);
    every row is sorted the same way whatever the split, so results do not depend on it.
    """
    workers = min(os.cpu_count() or 1, len(utilities))
    if workers < 2 or utilities.size < PARALLEL_SORT_SIZE:
        return _sort_block(utilities)
    blocks = np.array_split(np.arange(len(utilities)), workers)
    with ThreadPoolExecutor(max_workers=workers) as pool:
        parts = list(pool.map(lambda rows: _sort_block(utilities[rows]), blocks))
    return np.concatenate([p[0] for p in parts]), np.concatenate([p[1] for p in parts])


def _sort_block(utilities: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """:func:`sort_rows` on one block of rows."""
    order = np.argsort(utilities, axis=1)
    ordered = np.take_along_axis(utilities, order, axis=1)
    tied = (ordered[:, 1:] == ordered[:, :-1]).any(axis=1)
    if tied.any():
        order[tied] = sort_by_utility(utilities[tied])
        ordered[tied] = np.take_along_axis(utilities[tied], order[tied], axis=1)
    return order, ordered


def _as_rows(value: float | np.ndarray, count: int) -> np.ndarray:
    """``value`` broadcast to one float per negotiation."""
    return np.broadcast_to(np.asarray(value, dtype=np.float64), (count,)).copy()


def run_alternating(
    utilities_a: np.ndarray,
    utilities_b: np.ndarray,
    tactic_a: Tactic,
    tactic_b: Tactic,
    rounds: int,
    reservation_a: float | np.ndarray = 0.0,
    reservation_b: float | np.ndarray = 0.0,
    opener: int | np.ndarray = 0,
) -> BatchResult:
    """Simulate ``N`` bilateral alternating-offers negotiations between sides a and b.

    ``utilities_a`` and ``utilities_b`` have shape ``(N, outcomes)``: each side's own utility of
    every candidate outcome (columns in the space's lexicographic order, as ``all_outcomes``;
    ``-inf`` marks a red line), one row per negotiation. ``opener`` is 0 where a opens (a is seat 0)
    and 1 where b opens, per negotiation or for all.
    """
    if utilities_a.shape != utilities_b.shape or utilities_a.ndim != 2:
        raise ValueError(f"utility matrices must share a shape (N, outcomes), got {utilities_a.shape}")
    if rounds < 1:
        raise ValueError(f"the round limit must be at least 1, got {rounds}")
    count = len(utilities_a)
    swap = np.broadcast_to(np.asarray(opener), (count,)).astype(bool)
    flip = swap[:, None]
    opening, answering = utilities_a, utilities_b
    if swap.any():
        opening, answering = (
            np.where(flip, utilities_b, utilities_a),
            np.where(flip, utilities_a, utilities_b),
        )
    first = _Side(
        opening,
        np.where(swap, _as_rows(reservation_b, count), _as_rows(reservation_a, count)),
        _pick(tactic_a, tactic_b, swap, count),
    )
    second = _Side(
        answering,
        np.where(swap, _as_rows(reservation_a, count), _as_rows(reservation_b, count)),
        _pick(tactic_b, tactic_a, swap, count),
    )
    agreement = np.full(count, -1, dtype=np.int64)
    finished = np.full(count, rounds, dtype=np.int64)
    standing = np.full(count, -1, dtype=np.int64)
    active = np.arange(count)
    width = utilities_a.shape[1]
    first.tabulate(rounds)
    second.tabulate(rounds)
    for round_ in range(rounds):
        if not len(active):
            break
        for side in (first, second):
            if round_ == 0 and side is first:
                standing[active] = side.offer(active, side.level(active, round_))
                continue
            offered = standing[active]
            utility = side.flat_utilities.take(active * width + offered)
            side.observe(active, utility)
            level = side.level(active, round_)
            accept = utility >= level
            agreement[active[accept]] = offered[accept]
            finished[active[accept]] = round_
            active, level = active[~accept], level[~accept]
            standing[active] = side.offer(active, level)
    return _result(utilities_a, utilities_b, agreement, finished)


def _pick(mine: Tactic, theirs: Tactic, swap: np.ndarray, count: int) -> Tactic:
    """Per negotiation, ``mine`` where not swapped and ``theirs`` where swapped."""
    codes = np.where(swap, theirs.codes(count), mine.codes(count))
    names = np.array(["time-dependent", "tit-for-tat-relative", "tit-for-tat-absolute"], dtype=object)
    mine_params, theirs_params = mine.parameters(count), theirs.parameters(count)
    e, k, tolerance = (np.where(swap, t, m) for m, t in zip(mine_params, theirs_params, strict=True))
    return Tactic(names[codes], e, k, tolerance)


def _result(
    utilities_a: np.ndarray, utilities_b: np.ndarray, agreement: np.ndarray, rounds: np.ndarray
) -> BatchResult:
    """Gather the agreed outcomes' utilities for both sides."""
    agreed = agreement >= 0
    rows = np.arange(len(agreement))
    column = np.where(agreed, agreement, 0)
    utilities = np.stack([utilities_a[rows, column], utilities_b[rows, column]], axis=1)
    utilities[~agreed] = np.nan
    return BatchResult(agreed, agreement, utilities, rounds)
