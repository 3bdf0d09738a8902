"""What reaches a running process from outside its model: a facilitator's front incident, a stage's
wall-clock limit running out. A driver (the room) logs each one and hands it to the run through an
:class:`Interventions`; the run applies it at a fixed point — an incident when the stage next settles
(before the next round), an expiry at once — so replaying the same log at the same places gives the
same record, whenever it runs.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from parley.record import Event, EventKind
from parley.talks.front import Front, FrontState, moved_events, push


@dataclass(frozen=True)
class Incident:
    """A stated move of the front: how far each named variable moves, and what happened."""

    changes: tuple[tuple[str, float], ...]
    note: str


@dataclass
class Interventions:
    """The incidents not yet applied and the stages whose time ran out (mutable: the driver adds, the
    run takes)."""

    incidents: list[Incident] = field(default_factory=list)
    expired: set[str] = field(default_factory=set)

    def take_incidents(self, front: Front, state: FrontState, round: int) -> tuple[FrontState, list[Event]]:
        """``state`` moved by every pending incident, and their FRONT_MOVED events at ``round``."""
        events: list[Event] = []
        names = [variable.name for variable in front.variables]
        for incident in self.incidents:
            steps = [0.0] * len(names)
            for name, change in incident.changes:
                steps[names.index(name)] += change
            state, moves = push(front, state, steps)
            events.extend(
                moved_events(moves, round, f"incident: {incident.note}" if incident.note else "incident")
            )
        self.incidents.clear()
        return state, events


def deadline_event(round: int, stage: str) -> Event:
    """The DEADLINE that ends ``stage`` when its wall-clock limit runs out."""
    return Event(
        EventKind.DEADLINE, round, 0.0, data={"stage": stage, "reason": "the stage's time limit ran out"}
    )
