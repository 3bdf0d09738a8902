"""Exact size of the zone of agreement: how many feasible outcomes every party prefers to no deal.

An outcome counts when, for every party, it crosses no red line and its utility (time 0, no
discount) is at least the reservation value. Linear-additive utilities (possibly normalised) are
counted without enumerating outcomes, by a pruned counting DP over the decision units of
:mod:`parley.analysis.linear_frontier` (see :mod:`parley.analysis.agreement_sweep`); anything else is
counted by chunked enumeration when the space is small enough.

Ties. An outcome meets a reservation value ``r`` when its utility is at least ``r - tol``, with the
tie tolerance ``tol`` that :meth:`Preferences.acceptable` uses too (:func:`parley.preferences.tie_tolerance`,
1e-9 relative), so the count agrees with enumerating ``acceptable``. The DP adds utilities in another
order than :meth:`Preferences.evaluate`, so each party's per-issue values are rounded to a decimal
quantum ``D`` (a power of ten at most ``1e-12 × scale / issues``, ``scale`` being the sum of the largest
absolute value of each issue plus the utility's constant) and the integer sums are compared exactly
with ``ceil((r - constant - tol) / D)``. Only outcomes within ``issues · D`` of ``r - tol`` could be
judged differently by the two methods. Values on a decimal grid (0.1, 0.05, 0.25…) become exact
integers, so equal real sums merge into one state.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np

from parley.analysis.agreement_sweep import Unit, count_units, merge
from parley.analysis.linear_frontier import allowed_options, decision_units, is_linear, issue_tables
from parley.domain import OutcomeSpace, SpaceTooLargeError
from parley.preferences import Preferences, tie_tolerance

#: Largest space (ignoring constraints) counted by enumerating it.
ENUMERATION_LIMIT = 50_000_000
#: Tie tolerance of linear utilities, relative to the utility's scale.
RELATIVE_TOLERANCE = 1e-12
_CHUNK = 1 << 18


def count_acceptable(
    space: OutcomeSpace,
    preferences: Sequence[Preferences],
    max_states: int = 20_000_000,
    *,
    mitm_states: int = 1 << 20,
) -> int | None:
    """Exact number of feasible outcomes every party weakly prefers to no agreement, or None if unknown.

    Linear-additive utilities: exact for any size of space (a Python int, 10^30 and beyond), by a DP
    whose states never exceed ``max_states`` rows; two parties switch to meet-in-the-middle once an
    expansion would exceed ``mitm_states`` rows. Ties follow the module docstring. Other utilities, or
    linear ones whose DP would exceed ``max_states``: exact enumeration when the space holds at most
    :data:`ENUMERATION_LIMIT` outcomes (ignoring constraints), else None.
    """
    if not preferences:
        return space.feasible_count
    if all(is_linear(p.utility) for p in preferences):
        counted = _count_linear(space, preferences, max_states, mitm_states)
        if counted is not None:
            return counted
    if space.cardinality > ENUMERATION_LIMIT:
        return None
    return count_by_enumeration(space, preferences)


def linear_tolerance(preference: Preferences, issues: int) -> float:
    """How far below the reservation value a linear utility may fall and still count: the shared tie
    tolerance of :func:`parley.preferences.tie_tolerance`, never finer than the DP's rounding."""
    scale = _scale(*issue_tables(preference.utility))
    floor = issues * _quantum(scale, issues) if math.isfinite(scale) else 0.0
    return max(float(tie_tolerance(preference.reservation_value)), floor)


def count_by_enumeration(space: OutcomeSpace, preferences: Sequence[Preferences]) -> int:
    """Exact count by enumerating the space in vectorised chunks (``Preferences.acceptable``)."""
    total = 0
    for chunk in space.enumerate(chunk_size=_CHUNK):
        ok = np.logical_and.reduce([preference.acceptable(chunk) for preference in preferences])
        total += int(np.count_nonzero(ok))
    return total


def _count_linear(
    space: OutcomeSpace, preferences: Sequence[Preferences], max_states: int, mitm_states: int
) -> int | None:
    """The DP count, or None when the tables are not finite, constraints are too wide or states overflow."""
    try:
        problem = _linear_problem(space, preferences)
    except SpaceTooLargeError:
        return None
    if problem is None or isinstance(problem, int):
        return problem
    units, thresholds = problem
    return count_units(units, thresholds, max_states, mitm_states)


def _scale(tables: list[np.ndarray], constant: float) -> float:
    """Sum of the issues' largest absolute values plus the constant's: the size of every term."""
    return sum(float(np.abs(table).max()) for table in tables) + abs(constant)


def _quantum(scale: float, issues: int) -> float:
    """A power of ten at most ``1e-12·scale/issues``, coarser if integer sums would pass 2**52."""
    scale = scale if scale > 0 else 1.0
    exponent = math.floor(math.log10(RELATIVE_TOLERANCE * scale / issues))
    while scale / 10.0**exponent >= 2.0**52:
        exponent += 1
    return float(10.0**exponent)


def _quantise(table: np.ndarray, quantum: float) -> np.ndarray:
    """``table`` in whole quanta (multiplying by 10**k, exact for k <= 22, when the quantum is small)."""
    scaled = table * 10.0 ** round(-math.log10(quantum)) if quantum < 1 else table / quantum
    return np.rint(scaled).astype(np.int64)


def _linear_problem(
    space: OutcomeSpace, preferences: Sequence[Preferences]
) -> tuple[list[Unit], np.ndarray] | int | None:
    """Integer units and thresholds; 0 when some unit has no admissible choice; None if not finite."""
    issues = len(space.issues)
    allowed = allowed_options(space, preferences)
    if _no_choice(space, allowed):
        return 0
    quantised: list[list[np.ndarray]] = [[] for _ in range(issues)]
    shifted: list[tuple[float, float]] = []  # per party: (reservation - constant - tolerance, quantum)
    for preference in preferences:
        tables, constant = issue_tables(preference.utility)
        scale = _scale(tables, constant)
        if not math.isfinite(scale):
            return None
        quantum = _quantum(scale, issues)
        tolerance = linear_tolerance(preference, issues)
        for position, table in enumerate(tables):
            quantised[position].append(_quantise(table, quantum))
        shifted.append((preference.reservation_value - constant - tolerance, quantum))
    units = [_unit(unit.values) for unit in decision_units(space, quantised, allowed)]
    low = np.sum([unit.values.min(axis=0) for unit in units], axis=0)
    high = np.sum([unit.values.max(axis=0) for unit in units], axis=0)
    thresholds = [
        _threshold(s / q, int(lo), int(hi)) for (s, q), lo, hi in zip(shifted, low, high, strict=True)
    ]
    return units, np.array(thresholds, dtype=np.int64)


def _no_choice(space: OutcomeSpace, allowed: list[np.ndarray]) -> bool:
    """Whether red lines or constraints leave some decision unit without any admissible choice."""
    if any(not allowed[position].any() for position in space.free_positions.tolist()):
        return True
    if not space.constraints:
        return False
    combos = space.feasible_constrained_combinations
    columns = space.constrained_positions.tolist()
    ok = np.logical_and.reduce([allowed[c][combos[:, j]] for j, c in enumerate(columns)])
    return not bool(np.any(ok))


def _unit(values: np.ndarray) -> Unit:
    """A unit from its choices' integer vectors (floats holding integers below 2**53), duplicates merged."""
    integers = np.rint(values).astype(np.int64)
    states = merge(integers, np.ones((len(integers), 1), dtype=np.int64))
    return Unit(states.values, states.counts[:, 0])


def _threshold(target: float, low: int, high: int) -> int:
    """Smallest integer sum meeting ``target``, clamped to ``[low, high + 1]`` (NaN never met)."""
    if math.isnan(target) or target > high:
        return high + 1
    if target <= low:
        return low
    return math.ceil(target)
