"""A trainer's debrief of a class: the rooms of one scenario, each agreement set against the best the
scenario allows.

The benchmark is computed once per scenario over its whole space, with the delegations' preferences
(the first room's setting): the exact Pareto frontier (:func:`parley.analysis.pareto_frontier`) and the
Nash bargaining solution relative to the reservation values. Each room's debrief reads its table's
outcome: the package agreed (or in force, for a process), what each party gets from it, the joint gain
over no agreement, how far it falls from the frontier (Euclidean, in utility space, to the nearest
frontier point), whether it is Pareto-optimal and what share of the Nash product it reaches.

Utilities are compared settled to 12 decimals (:func:`parley.negotiators.packages.settle`): packages
that tie on paper tie here too, whatever order the sums were taken in, so an agreement on the frontier
is at distance 0 and Pareto-optimal, and one a single ulp "better" than a frontier point is neither.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from parley.analysis import (
    Frontier,
    Solution,
    distance_to_frontier,
    dominates,
    nash,
    pareto_frontier,
    pareto_indices,
)
from parley.domain import Value
from parley.negotiators import settle
from parley.room.room_state import Room
from parley.room.setup import Setting
from parley.room.table import StageOutcome


@dataclass(frozen=True, eq=False)
class Benchmark:
    """What a scenario allows: its parties, their reservation values, the frontier and the Nash point."""

    scenario: str
    parties: tuple[str, ...]
    reservation: tuple[float, ...]
    frontier: Frontier
    nash: Solution | None
    nash_package: Mapping[str, Value] | None  # the Nash solution's package, named

    @property
    def nash_product(self) -> float | None:
        """The Nash solution's product of gains over the reservation values (None: no solution)."""
        return None if self.nash is None else nash_product(self.nash.utilities, self.reservation)


@dataclass(frozen=True)
class Agreement:
    """A room's agreement measured: the package named, each party's utility of it, the joint gain over
    no agreement, the distance to the frontier (0 on it), Pareto-optimality and the share of the Nash
    product reached (None where the scenario has no Nash solution with a positive product)."""

    package: Mapping[str, Value]
    utilities: Mapping[str, float]
    joint_gain: float
    distance_to_frontier: float
    pareto_optimal: bool
    nash_share: float | None


@dataclass(frozen=True)
class RoomDebrief:
    """How one room went: its status, rounds, stages and ratification, and its agreement (None: none)."""

    room: str
    title: str
    status: str
    parties: tuple[str, ...]
    agreement: Agreement | None
    rounds: int
    stages: tuple[StageOutcome, ...]
    ratification: Mapping[str, bool | None]

    @property
    def agreed(self) -> bool:
        """Whether the room reached an agreement (a package stands)."""
        return self.agreement is not None


@dataclass(frozen=True)
class ClassSummary:
    """The class in figures: agreements among the rooms, and means (over agreed rooms for the gain and
    the distance; None when no room agreed) and over every room for the rounds."""

    rooms: int
    agreements: int
    agreement_rate: float
    mean_joint_gain: float | None
    mean_distance_to_frontier: float | None
    mean_rounds: float


@dataclass(frozen=True, eq=False)
class ClassDebrief:
    """A class's debrief: the scenario's benchmark, every room's debrief and the summary."""

    benchmark: Benchmark
    rooms: tuple[RoomDebrief, ...]
    summary: ClassSummary

    @property
    def parties(self) -> tuple[str, ...]:
        return self.benchmark.parties


def nash_product(utilities: np.ndarray | Sequence[float], reservation: Sequence[float]) -> float:
    """The product of the gains over the reservation values (a loss counts as no gain)."""
    gains = np.maximum(np.asarray(utilities, dtype=np.float64) - np.asarray(reservation), 0.0)
    return float(np.prod(gains))


def settled_frontier(frontier: Frontier) -> Frontier:
    """``frontier`` with its utilities settled, less the points a settled point dominates (rounding
    artefacts: packages whose utilities are equal on paper but a few ulps apart in the machine)."""
    utilities = settle(frontier.utilities)
    kept = pareto_indices(utilities)
    return Frontier(
        utilities[kept], frontier.outcomes[kept], frontier.method, frontier.proven[kept], frontier.gaps[kept]
    )


def benchmark(setting: Setting) -> Benchmark:
    """The frontier and the Nash solution of ``setting``'s scenario, over its whole space, with the
    delegations' preferences."""
    parties = setting.parties
    preferences = [setting.delegation(party).preferences for party in parties]
    reservation = tuple(float(p.reservation_value) for p in preferences)
    frontier = settled_frontier(pareto_frontier(setting.scenario.space, preferences))
    title = setting.scenario.metadata.title or setting.setup.scenario or "scenario"
    solution = nash(frontier, reservation)
    named = None if solution is None else setting.scenario.space.values_of(solution.outcome)
    return Benchmark(title, parties, reservation, frontier, solution, named)


def agreement_utilities(setting: Setting, package: tuple[int, ...]) -> np.ndarray:
    """Each party's utility of ``package`` under its delegation's preferences (in party order)."""
    row = np.array([package], dtype=setting.scenario.space.dtype)
    return np.array([float(setting.delegation(p).preferences.evaluate(row)[0]) for p in setting.parties])


def last_round(room: Room) -> int:
    """The round of the last event of the room's record (0 before any)."""
    return max((event.round for event in room.setting.table.record), default=0)


def measure(setting: Setting, package: tuple[int, ...], against: Benchmark) -> Agreement:
    """``package``, agreed at ``setting``'s table, measured against the scenario's benchmark."""
    utilities = agreement_utilities(setting, package)
    settled = settle(utilities)
    frontier = against.frontier
    best = against.nash_product
    return Agreement(
        package=setting.scenario.space.values_of(package),
        utilities=dict(zip(setting.parties, (float(u) for u in utilities), strict=True)),
        joint_gain=float(utilities.sum() - sum(against.reservation)),
        distance_to_frontier=float(distance_to_frontier(frontier, settled)[0]),
        pareto_optimal=not bool(dominates(frontier.utilities, settled).any()),
        nash_share=nash_product(utilities, against.reservation) / best if best else None,
    )


def room_debrief(room: Room, against: Benchmark | None = None) -> RoomDebrief:
    """How ``room`` went, against ``against`` (by default the benchmark of the room's own scenario)."""
    setting = room.setting
    outcome = setting.table.outcome()
    agreement = None
    if outcome.package is not None:
        agreement = measure(setting, outcome.package, against or benchmark(setting))
    return RoomDebrief(
        room=room.id,
        title=setting.setup.title,
        status=outcome.status,
        parties=setting.parties,
        agreement=agreement,
        rounds=outcome.round if outcome.round is not None else last_round(room),
        stages=tuple(outcome.stages),
        ratification=dict(outcome.ratification),
    )


def _mean(values: Sequence[float]) -> float | None:
    """The mean of ``values`` (None for none)."""
    return float(np.mean(values)) if values else None


def summarize_class(rooms: Sequence[RoomDebrief]) -> ClassSummary:
    """The class's figures from its rooms' debriefs."""
    agreed = [room.agreement for room in rooms if room.agreement is not None]
    return ClassSummary(
        rooms=len(rooms),
        agreements=len(agreed),
        agreement_rate=len(agreed) / len(rooms) if rooms else 0.0,
        mean_joint_gain=_mean([a.joint_gain for a in agreed]),
        mean_distance_to_frontier=_mean([a.distance_to_frontier for a in agreed]),
        mean_rounds=float(np.mean([r.rounds for r in rooms])) if rooms else 0.0,
    )


def class_debrief(rooms: Sequence[Room]) -> ClassDebrief:
    """The debrief of ``rooms``, which all play one scenario (ValueError otherwise, or for no rooms);
    the benchmark is computed once, from the first room's setting."""
    if not rooms:
        raise ValueError("a debrief needs at least one room")
    text = rooms[0].setting.setup.scenario_text()
    if any(room.setting.setup.scenario_text() != text for room in rooms[1:]):
        raise ValueError("rooms of different scenarios")
    reference = benchmark(rooms[0].setting)
    debriefs = tuple(room_debrief(room, reference) for room in rooms)
    return ClassDebrief(reference, debriefs, summarize_class(debriefs))
