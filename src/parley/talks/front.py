"""Bargaining while fighting: state variables (front lines) that move each round without agreement.

Each :class:`StateVariable` is a seeded random walk, ``x_{t+1} = clip(x_t + drift + spread·ε_t)`` with
``ε_t ~ N(0, 1)`` from the run's generator, frozen while an agreed ceasefire holds. Each party's
reservation value follows a declared linear rule of the state (:class:`ReservationRule`), after the
bargaining-and-war models of Fearon, "Rationalist explanations for war", International Organization
49(3), 1995, and Powell, "Bargaining while fighting", American Journal of Political Science 48(2), 2004.
``breakdown_cost`` (ground a breakdown of talks costs, per variable) is a setting to test, not a truth.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field, replace

import numpy as np

from parley.record import Event, EventKind

Move = tuple[str, float, float]  # (variable, new value, change)


@dataclass(frozen=True)
class StateVariable:
    """A quantity moved by the fighting (a front line per region): start, drift and spread per round."""

    name: str
    initial: float
    drift: float = 0.0
    spread: float = 0.0
    bounds: tuple[float, float] = (-math.inf, math.inf)

    def __post_init__(self) -> None:
        low, high = self.bounds
        if self.spread < 0 or low > high or not low <= self.initial <= high:
            raise ValueError(f"state variable {self.name!r}: need spread >= 0 and low <= initial <= high")


@dataclass(frozen=True)
class ReservationRule:
    """``reservation = base + Σ_v sensitivity[v] · (state_v − initial_v)`` for ``party``."""

    party: str
    base: float
    sensitivity: Mapping[str, float] = field(default_factory=dict)


@dataclass(frozen=True)
class FrontState:
    """The current value of each variable (in the front's order) and whether a ceasefire freezes them."""

    values: tuple[float, ...]
    frozen: bool = False


@dataclass(frozen=True)
class Front:
    """The state variables, the parties' reservation rules and the optional cost of a breakdown."""

    variables: tuple[StateVariable, ...]
    rules: tuple[ReservationRule, ...] = ()
    breakdown_cost: Mapping[str, float] = field(default_factory=dict)

    def __post_init__(self) -> None:
        object.__setattr__(self, "variables", tuple(self.variables))
        object.__setattr__(self, "rules", tuple(self.rules))
        names = {v.name for v in self.variables}
        used = {n for rule in self.rules for n in rule.sensitivity} | set(self.breakdown_cost)
        if used - names:
            raise ValueError(f"unknown state variables {sorted(used - names)}; known: {sorted(names)}")

    def initial_state(self) -> FrontState:
        """Every variable at its initial value, not frozen."""
        return FrontState(tuple(float(v.initial) for v in self.variables))


def advance(front: Front, state: FrontState, rng: np.random.Generator) -> tuple[FrontState, list[Move]]:
    """One round without agreement: each variable steps ``drift + spread·ε`` within its bounds (Powell 2004).

    Frozen: nothing moves and no number is drawn. Otherwise one normal is drawn per variable.
    """
    if state.frozen:
        return state, []
    noise = rng.standard_normal(len(front.variables))
    steps = [v.drift + v.spread * float(e) for v, e in zip(front.variables, noise, strict=True)]
    return _shift(front, state, steps)


def breakdown(front: Front, state: FrontState) -> tuple[FrontState, list[Move]]:
    """A breakdown of talks costs ground: each variable shifts by ``breakdown_cost`` (none while frozen)."""
    if state.frozen or not front.breakdown_cost:
        return state, []
    return _shift(front, state, [front.breakdown_cost.get(v.name, 0.0) for v in front.variables])


def push(front: Front, state: FrontState, steps: list[float]) -> tuple[FrontState, list[Move]]:
    """``state`` moved by ``steps`` (one per variable) within the bounds, frozen or not (a breakdown)."""
    return _shift(front, state, steps)


def _shift(front: Front, state: FrontState, steps: list[float]) -> tuple[FrontState, list[Move]]:
    """``state`` moved by ``steps`` and clipped to the bounds, with the moves that changed something."""
    values, moves = [], []
    for variable, value, step in zip(front.variables, state.values, steps, strict=True):
        low, high = variable.bounds
        new = float(min(max(value + step, low), high))
        values.append(new)
        if new != value:
            moves.append((variable.name, new, new - value))
    return replace(state, values=tuple(values)), moves


def reservation_values(front: Front, state: FrontState) -> dict[str, float]:
    """Each ruled party's reservation value under ``state`` (the declared linear rule)."""
    deviation = {v.name: x - v.initial for v, x in zip(front.variables, state.values, strict=True)}
    return {
        rule.party: rule.base + sum(s * deviation[name] for name, s in rule.sensitivity.items())
        for rule in front.rules
    }


def cost_of_delay(front: Front, state: FrontState) -> dict[str, float]:
    """Expected change of each party's reservation value per round: ``Σ_v sensitivity_v · drift_v``.

    0 while frozen; bounds are ignored (the expectation of the unclipped step).
    """
    drift = {v.name: (0.0 if state.frozen else v.drift) for v in front.variables}
    return {rule.party: sum(s * drift[name] for name, s in rule.sensitivity.items()) for rule in front.rules}


def moved_events(moves: list[Move], round: int, reason: str = "fighting") -> tuple[Event, ...]:
    """FRONT_MOVED events (``data``: variable, value, change, reason) at ``round``."""
    return tuple(
        Event(
            EventKind.FRONT_MOVED,
            round,
            0.0,
            data={"variable": name, "value": value, "change": change, "reason": reason},
        )
        for name, value, change in moves
    )
