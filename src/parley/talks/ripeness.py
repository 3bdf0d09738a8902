"""Ripeness: whether both sides now prefer some deal to fighting on, and what a round of delay costs.

Zartman, "Ripeness: the hurting stalemate and beyond", in Stern & Druckman (eds.), *International
Conflict Resolution after the Cold War*, National Academy Press 2000: a conflict is ripe for resolution
when the parties see a way out. Here that is exact: the zone of agreement under the reservation values
the front implies now is non-empty (:func:`parley.analysis.agreement_zone`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from parley.analysis import Frontier, agreement_zone, pareto_frontier
from parley.domain import OutcomeSpace
from parley.preferences import Preferences
from parley.talks.front import Front, FrontState, advance, cost_of_delay, reservation_values


@dataclass(frozen=True)
class Ripeness:
    """At ``round``: whether a deal both prefer exists, the reservation values, the cost of delay."""

    round: int
    ripe: bool
    reservation_values: dict[str, float]
    cost_of_delay: dict[str, float]


def with_reservations(
    preferences: Mapping[str, Preferences], values: Mapping[str, float]
) -> dict[str, Preferences]:
    """Each party's preferences with its reservation value replaced where ``values`` names the party."""
    return {
        party: p.with_reservation(values[party]) if party in values else p for party, p in preferences.items()
    }


def ripeness(
    space: OutcomeSpace,
    preferences: Mapping[str, Preferences],
    front: Front,
    state: FrontState,
    round: int = 0,
    frontier: Frontier | None = None,
) -> Ripeness:
    """Ripeness under ``state``: a non-empty zone of agreement (Zartman 2000), plus the cost of delay.

    ``frontier`` (of the same preferences, in the same order) is reused when given: reservation
    values do not change the frontier.
    """
    current = with_reservations(preferences, reservation_values(front, state))
    zone = agreement_zone(space, list(current.values()), frontier)
    reservations = {party: p.reservation_value for party, p in current.items()}
    return Ripeness(round, zone.exists, reservations, cost_of_delay(front, state))


def ripeness_path(
    space: OutcomeSpace,
    preferences: Mapping[str, Preferences],
    front: Front,
    rounds: int,
    rng: np.random.Generator,
) -> list[Ripeness]:
    """Ripeness at rounds ``0 … rounds`` while fighting goes on without agreement (one seeded path)."""
    frontier = pareto_frontier(space, list(preferences.values()))
    state = front.initial_state()
    path = [ripeness(space, preferences, front, state, 0, frontier)]
    for round in range(1, rounds + 1):
        state, _ = advance(front, state, rng)
        path.append(ripeness(space, preferences, front, state, round, frontier))
    return path
