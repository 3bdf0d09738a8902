"""Patrons who act: an outside power that presses its party's delegation and may vote on its agreement.

A :class:`Patron` acts through declared channels only. While its conditions are unmet by the
agreements in force (e.g. "a ceasefire first"), it presses its party's delegation: a stated shift of
the delegation's reservation value and of its authority limit, recorded as a PRESSURE event when a
stage opens. Its vote or veto in its party's ratification is a :class:`parley.talks.Ratifier` with
its own preferences (``patron=True``, and ``veto=True`` for a veto), so the party's win-set shows its
effect. Source of the idea: Putnam, "Diplomacy and domestic politics: the logic of two-level games",
International Organization 42(3), 1988 (side payments and pressure from outside the table).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from parley.domain import Condition, OutcomeSpace
from parley.record import Event, EventKind


@dataclass(frozen=True)
class Patron:
    """A patron of ``party``: its conditions, and the pressure it puts on the delegation while unmet."""

    name: str
    party: str
    conditions: tuple[Condition, ...] = ()
    reservation_shift: float = 0.0
    authority_shift: float = 0.0

    def __post_init__(self) -> None:
        object.__setattr__(self, "conditions", tuple(self.conditions))

    def satisfied(self, space: OutcomeSpace, standing: np.ndarray) -> bool:
        """Whether the package in force (a full row) meets every condition (none: always met)."""
        return all(
            bool(condition.mask(space.issues[space.issue_position(condition.issue)])[int(standing[position])])
            for condition in self.conditions
            for position in (space.issue_position(condition.issue),)
        )


@dataclass(frozen=True)
class Pressure:
    """The total shift of one party's reservation value and authority limit from its pressing patrons."""

    reservation: float = 0.0
    authority: float = 0.0


def pressures(
    space: OutcomeSpace, patrons: Sequence[Patron], standing: np.ndarray, round: int
) -> tuple[dict[str, Pressure], list[Event]]:
    """Each party's pressure from its patrons whose conditions ``standing`` does not meet, and the
    PRESSURE events (at ``round``) that record who pressed whom."""
    totals: dict[str, Pressure] = {}
    events: list[Event] = []
    for patron in patrons:
        if patron.satisfied(space, standing) or not (patron.reservation_shift or patron.authority_shift):
            continue
        before = totals.get(patron.party, Pressure())
        totals[patron.party] = Pressure(
            before.reservation + patron.reservation_shift, before.authority + patron.authority_shift
        )
        data = {
            "patron": patron.name,
            "reservation_shift": patron.reservation_shift,
            "authority_shift": patron.authority_shift,
        }
        events.append(Event(EventKind.PRESSURE, round, 0.0, patron.party, None, data))  # type: ignore[arg-type]
    return totals, events
