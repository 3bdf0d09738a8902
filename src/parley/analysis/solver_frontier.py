"""Two-party Pareto frontiers of spaces too large to enumerate, by an epsilon-constraint sweep in CP-SAT.

The sweep (Haimes, Lasdon & Wismer, 1971; the lexicographic variant that makes every point
Pareto-optimal): maximise ``u_A``; then maximise ``u_B`` with ``u_A`` held at that value, which gives
the first point; then repeatedly maximise ``u_A`` subject to ``u_B`` exceeding the previous point's by
one integer step, and lexicographically ``u_B`` again, until no outcome is left. Utilities are integers
inside the solver (see :mod:`parley.analysis._cpsat_model`), so no frontier point lies between two
steps and the sweep misses none.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from ortools.sat.python import cp_model

from parley.analysis._cpsat_model import FrontierModel
from parley.analysis.frontier_result import Frontier
from parley.analysis.pareto import pareto_indices
from parley.domain import OutcomeSpace
from parley.preferences import Preferences

#: Seed of the solver's randomised search, fixed so that runs are repeatable.
SEED = 20140101
#: Search workers (the target machine has two cores).
WORKERS = 2
#: Without a point cap, one solve may use at most this share of the time left.
SHARE_WITHOUT_CAP = 0.25


@dataclass(frozen=True)
class _Solution:
    """One solve's best outcome, both parties' integer utilities, and its proof status."""

    outcome: np.ndarray
    values: tuple[int, int]
    optimal: bool
    gap: float


@dataclass(frozen=True)
class _Point:
    """A frontier point found by the sweep (before re-evaluation)."""

    outcome: np.ndarray
    values: tuple[int, int]
    proven: bool
    gap: float


def solver_frontier(
    space: OutcomeSpace,
    preferences: Sequence[Preferences],
    time_limit: float = 60.0,
    points: int | None = None,
) -> Frontier:
    """The Pareto frontier of two parties by a lexicographic epsilon-constraint sweep with CP-SAT.

    Utilities may be hyper-rectangle or linear-additive, each possibly wrapped in
    :class:`~parley.preferences.NormalizedUtility` (solved on the base utility: the map is affine and
    increasing). Whole-number rectangle values are used exactly; other values are scaled by the
    smallest power of ten that makes them whole, or by 10^6 and rounded, in which case no point is
    marked proven and the rounding error is added to its gap. Space constraints hold and red-lined
    outcomes never appear. Every returned package is re-evaluated with :meth:`Preferences.evaluate`,
    so the reported utilities are exact.

    ``time_limit`` is an overall deadline in seconds: each solve gets a share of the time left (a
    quarter, or an even share per remaining solve when ``points`` caps the number of points), and the
    sweep stops with what it has when time is up. A point is ``proven`` when both of its solves were
    optimal; otherwise ``gaps`` holds the larger remaining gap (objective bound − value, in the
    maximised party's utility units) of its two solves.
    """
    if len(preferences) != 2:
        raise ValueError(f"the CP-SAT frontier sweeps exactly two parties, got {len(preferences)}")
    if points is not None and points < 1:
        raise ValueError(f"points must be at least 1, got {points}")
    deadline = time.monotonic() + max(0.0, float(time_limit))
    model = FrontierModel(space, preferences)
    found = _Sweep(model, deadline, points).run()
    return _frontier(space, preferences, found, model)


class _Sweep:
    """The epsilon-constraint loop over one :class:`FrontierModel`."""

    def __init__(self, model: FrontierModel, deadline: float, cap: int | None) -> None:
        self.model = model
        self.deadline = deadline
        self.cap = cap
        self.solver = cp_model.CpSolver()
        self.solver.parameters.num_workers = WORKERS
        self.solver.parameters.random_seed = SEED
        # interleaved workers make the search deterministic: same packages on every run that finishes
        self.solver.parameters.interleave_search = True

    def run(self) -> list[_Point]:
        """Points, best first for the first party, until none is left, the cap is reached or time is up."""
        first, second = self.model.objectives
        found: list[_Point] = []
        floor = second.lower
        while floor <= second.upper and (self.cap is None or len(found) < self.cap):
            point = self._next_point(floor, len(found))
            if point is None:
                break
            found.append(point)
            floor = point.values[1] + 1
        self.model.set_range(0, first.lower, first.upper)
        self.model.set_range(1, second.lower, second.upper)
        return found

    def _next_point(self, floor: int, count: int) -> _Point | None:
        """Best ``u_A`` with ``u_B ≥ floor``, then best ``u_B`` given that ``u_A``; None when none is left."""
        first, second = self.model.objectives
        self.model.set_range(0, first.lower, first.upper)
        self.model.set_range(1, floor, second.upper)
        lead = self._solve(0, self._budget(2 * count))
        if lead is None:
            return None
        self.model.set_range(0, lead.values[0], first.upper)
        self.model.hint(lead.outcome)
        follow = self._solve(1, self._budget(2 * count + 1))
        self.model.hint(None)
        if follow is None:  # out of time: u_B is bounded only by its range
            return _Point(lead.outcome, lead.values, False, max(lead.gap, self._slack(lead.values[1])))
        return _Point(
            follow.outcome, follow.values, lead.optimal and follow.optimal, max(lead.gap, follow.gap)
        )

    def _slack(self, value: int) -> float:
        """Distance from ``value`` to the second party's largest possible utility, in utility units."""
        second = self.model.objectives[1]
        return (second.upper - value) * second.per_unit

    def _budget(self, solves_done: int) -> float:
        """Seconds for the next solve: a share of the time left."""
        left = self.deadline - time.monotonic()
        if left <= 0:
            return 0.0
        if self.cap is None:
            return left * SHARE_WITHOUT_CAP
        return left / max(1, 2 * self.cap - solves_done)

    def _solve(self, party: int, budget: float) -> _Solution | None:
        """Maximise party ``party``'s utility within ``budget`` seconds; None without a solution."""
        if budget <= 0:
            return None
        objective = self.model.objectives[party]
        self.model.model.maximize(objective.variable)
        self.solver.parameters.max_time_in_seconds = budget
        status = self.solver.solve(self.model.model)
        if status == cp_model.MODEL_INVALID:
            raise RuntimeError(f"CP-SAT rejected the model: {self.model.model.validate()}")
        if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            return None
        outcome = np.array([self.solver.value(x) for x in self.model.choices], dtype=np.int64)
        values = tuple(int(self.solver.value(o.variable)) for o in self.model.objectives)
        gap = (self.solver.best_objective_bound - self.solver.objective_value) * objective.per_unit
        optimal = status == cp_model.OPTIMAL
        return _Solution(outcome, (values[0], values[1]), optimal, 0.0 if optimal else float(gap))


def _frontier(
    space: OutcomeSpace, preferences: Sequence[Preferences], found: list[_Point], model: FrontierModel
) -> Frontier:
    """Re-evaluate the packages exactly and keep the non-dominated ones, best first for party A."""
    if not found:
        return Frontier(np.empty((0, 2)), np.empty((0, len(space.issues)), dtype=space.dtype), "cp-sat")
    outcomes = np.array([p.outcome for p in found]).astype(space.dtype)
    utilities = np.column_stack([p.evaluate(outcomes) for p in preferences])
    rounding = max(o.rounding for o in model.objectives)
    proven = np.array([p.proven and rounding == 0 for p in found], dtype=bool)
    gaps = np.array([p.gap + 2 * rounding for p in found], dtype=np.float64)
    gaps[proven] = 0.0
    keep = pareto_indices(utilities)
    return Frontier(utilities[keep], outcomes[keep], "cp-sat", proven[keep], gaps[keep])
