"""Counting the outcomes above every reservation value by a sweep over decision units.

The inputs are integer (quantised) utility contributions, so every sum and comparison here is exact.
The sweep keeps the distinct partial utility vectors with their multiplicities and prunes with the
remaining units' bounds (branch and bound on a counting DP); for two parties it can finish with a
meet-in-the-middle (Horowitz & Sahni, "Computing partitions with applications to the knapsack
problem", JACM 1974) whose pairs are counted by :func:`dominance_sums`.

Multiplicities can exceed 2**63 (10^30 outcomes), so beyond that bound they are held as int64 limbs
of :data:`LIMB_BITS` bits (column ``j`` weighs ``2**(LIMB_BITS*j)``), carried after every product
and sum, and only totals become Python integers.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from parley.analysis.dominance_count import dominance_sums

LIMB_BITS = 30
_LIMB_MASK = (1 << LIMB_BITS) - 1
_HASH_MULTIPLIER = np.uint64(0x9E3779B97F4A7C15)


@dataclass(frozen=True)
class Unit:
    """One decision unit: the distinct integer utility vectors its choices add, and how many give each."""

    values: np.ndarray  # (n, parties) int64
    weights: np.ndarray  # (n,) int64, number of choices adding that vector


@dataclass(frozen=True)
class States:
    """Distinct partial utility vectors and their multiplicities (as limbs)."""

    values: np.ndarray  # (m, parties) int64
    counts: np.ndarray  # (m, limbs) int64

    def __len__(self) -> int:
        return len(self.values)


@dataclass(frozen=True)
class _Sweep:
    """The fixed data of one count: units, thresholds, suffix bounds and completion counts."""

    units: Sequence[Unit]
    thresholds: np.ndarray  # (parties,) int64: a party accepts when its sum reaches this
    low: np.ndarray  # (units + 1, parties): low[i] = Σ over units[i:] of their minima
    high: np.ndarray  # (units + 1, parties): high[i] = Σ over units[i:] of their maxima
    completions: list[int]  # completions[i] = number of choice sequences for units[i:]
    limbs: int
    max_states: int


def count_units(
    units: Sequence[Unit], thresholds: np.ndarray, max_states: int, mitm_states: int
) -> int | None:
    """Exact number of choice sequences whose summed vector reaches ``thresholds`` (DP with pruning).

    None when the states would exceed ``max_states`` rows. Two parties switch to meet-in-the-middle
    once an expansion would exceed ``mitm_states`` rows.
    """
    sweep = _prepare(units, thresholds, max_states)
    parties = len(thresholds)
    states = States(np.zeros((1, parties), dtype=np.int64), _one(1, sweep.limbs))
    total = 0
    for position, unit in enumerate(units):
        states, decided = _prune(sweep, states, position)
        total += decided
        if not len(states):
            return total
        expanded = len(states) * len(unit.values)
        if parties == 2 and expanded > mitm_states:
            rest = _meet_in_the_middle(sweep, states, position)
            return None if rest is None else total + rest
        if expanded > max_states:
            return None
        states = _expand(states, unit)
    return total + _prune(sweep, states, len(units))[1]


def _prepare(units: Sequence[Unit], thresholds: np.ndarray, max_states: int) -> _Sweep:
    """Suffix bounds, completion counts and the limb count the multiplicities need."""
    parties = len(thresholds)
    low = np.zeros((len(units) + 1, parties), dtype=np.int64)
    high = np.zeros((len(units) + 1, parties), dtype=np.int64)
    sizes = [int(unit.weights.sum()) for unit in units]
    for position in range(len(units) - 1, -1, -1):
        low[position] = low[position + 1] + units[position].values.min(axis=0)
        high[position] = high[position + 1] + units[position].values.max(axis=0)
    completions = [math.prod(sizes[position:]) for position in range(len(units) + 1)]
    return _Sweep(units, thresholds, low, high, completions, _limb_count(completions[0]), max_states)


def _limb_count(bound: int) -> int:
    """One plain int64 column when every multiplicity fits, else enough 30-bit limbs for ``bound``."""
    return 1 if bound < 1 << 62 else bound.bit_length() // LIMB_BITS + 2


def _one(rows: int, limbs: int) -> np.ndarray:
    """Multiplicity 1 for ``rows`` rows."""
    counts = np.zeros((rows, limbs), dtype=np.int64)
    counts[:, 0] = 1
    return counts


def _carry(counts: np.ndarray) -> np.ndarray:
    """Normalise limbs so that every column but the last holds fewer than 30 bits (in place)."""
    for limb in range(counts.shape[1] - 1):
        counts[:, limb + 1] += counts[:, limb] >> LIMB_BITS
        counts[:, limb] &= _LIMB_MASK
    return counts


def _total(counts: np.ndarray) -> int:
    """The exact sum of the multiplicities, as a Python integer."""
    sums = counts.sum(axis=0)
    return sum(int(value) << (LIMB_BITS * limb) for limb, value in enumerate(sums.tolist()))


def _prune(sweep: _Sweep, states: States, position: int) -> tuple[States, int]:
    """Count the states every completion accepts, drop them and those no completion can save."""
    values, thresholds = states.values, sweep.thresholds
    settled = np.all(values + sweep.low[position] >= thresholds, axis=1)
    alive = ~settled & np.all(values + sweep.high[position] >= thresholds, axis=1)
    decided = _total(states.counts[settled]) * sweep.completions[position] if settled.any() else 0
    return States(values[alive], states.counts[alive]), decided


def _expand(states: States, unit: Unit) -> States:
    """Add every choice of ``unit`` to every state, then merge identical vectors."""
    values = (states.values[:, None, :] + unit.values[None, :, :]).reshape(-1, states.values.shape[1])
    counts = states.counts[:, None, :] * unit.weights[None, :, None]
    return merge(values, _carry(counts.reshape(-1, states.counts.shape[1])))


def merge(values: np.ndarray, counts: np.ndarray) -> States:
    """Merge identical rows of ``values``, adding their multiplicities (hash sort, exact row compare)."""
    if len(values) <= 1:
        return States(values, counts)
    order = np.argsort(_row_hash(values))
    values, counts = values[order], counts[order]
    starts = np.flatnonzero(np.concatenate([[True], np.any(values[1:] != values[:-1], axis=1)]))
    return States(values[starts], _carry(np.add.reduceat(counts, starts, axis=0)))


def _row_hash(values: np.ndarray) -> np.ndarray:
    """A 64-bit mix of each row: equal rows hash alike; rare collisions only cost a missed merge."""
    if values.shape[1] == 1:
        return values[:, 0]
    hashed = np.zeros(len(values), dtype=np.uint64)
    for column in values.T:
        hashed = (hashed ^ np.ascontiguousarray(column).view(np.uint64)) * _HASH_MULTIPLIER
        hashed ^= hashed >> np.uint64(29)
    return hashed


def _meet_in_the_middle(sweep: _Sweep, front: States, position: int) -> int | None:
    """Grow the prefix sums and the suffix sums of the remaining units, smaller side first, then pair."""
    back = States(np.zeros((1, 2), dtype=np.int64), _one(1, sweep.limbs))
    end, total = len(sweep.units), 0
    while position < end:
        front_size = len(front) * len(sweep.units[position].values)
        back_size = len(back) * len(sweep.units[end - 1].values)
        if min(front_size, back_size) > sweep.max_states:
            return None
        if front_size <= back_size:
            front, decided = _prune(sweep, _expand(front, sweep.units[position]), position + 1)
            position, total = position + 1, total + decided
        else:
            back, end = _expand(back, sweep.units[end - 1]), end - 1
            reach = front.values.max(axis=0) + sweep.high[position] - sweep.high[end]
            alive = np.all(back.values + reach >= sweep.thresholds, axis=1)
            back = States(back.values[alive], back.counts[alive])
        if not len(front) or not len(back):
            return total
    return total + _pair(front, back, sweep.thresholds)


def _pair(front: States, back: States, thresholds: np.ndarray) -> int:
    """Σ count(a)·count(b) over pairs with a + b >= thresholds in both coordinates, exactly."""
    sums = dominance_sums(thresholds - front.values, back.values, back.counts)  # (m, limbs)
    total = 0
    for front_limb in range(front.counts.shape[1]):
        left = front.counts[:, front_limb].astype(object)
        for back_limb in range(sums.shape[1]):
            dot = int(np.dot(left, sums[:, back_limb].astype(object)))
            total += dot << (LIMB_BITS * (front_limb + back_limb))
    return total
