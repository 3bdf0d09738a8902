"""Playing one stage: its sub-space and seats, the mechanism stepped round by round, the front moving.

The mechanism runs on its own (stage-local) record from round 0, so negotiators see only this stage's
packages; the front fights once for every round that starts without agreement (before that round's
moves, or after a step that skipped rounds, such as a referral), its FRONT_MOVED events going into
the same record, and each seat's reservation value follows the front's rules from then on. While a
ceasefire is in force the front is frozen, and each round it may be violated (its hazard).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from functools import partial

import numpy as np

from parley.analysis import Frontier, pareto_frontier
from parley.domain import OutcomeSpace
from parley.preferences import Preferences
from parley.protocols import (
    AlternatingState,
    Ask,
    Deadline,
    Ending,
    Mechanism,
    Seat,
    State,
    make_mechanism,
)
from parley.protocols.base import evolve
from parley.record import Event, EventData, EventKind, Record
from parley.talks.asking import PauseFor, Pending, Steps, finish, never
from parley.talks.front import Front, FrontState, advance, moved_events, reservation_values
from parley.talks.outside import Interventions, deadline_event
from parley.talks.ripeness import Ripeness, ripeness, with_reservations
from parley.talks.subspace import LiftedPrincipal, embed, restrict


@dataclass(frozen=True)
class Played:
    """How a stage went: its ending, the agreed stage package, its local record, ripeness, who broke off
    (if anyone) and the last text on the table (a stage package, or None)."""

    ending: Ending
    outcome: tuple[int, ...] | None
    record: Record
    ripeness: tuple[Ripeness, ...]
    breaker: str | None = None
    last_text: tuple[int, ...] | None = None


class Fighting:
    """The front while talks go on: its model and state, the front's generator, and the ceasefire in
    force (its stage and its violation hazard per round) that freezes it."""

    def __init__(self, front: Front, state: FrontState, rng: np.random.Generator) -> None:
        self.front, self.state, self.rng = front, state, rng
        self.ceasefire: str | None = None
        self.hazard = 0.0

    def hold(self, stage: str, hazard: float) -> None:
        """``stage``'s agreement enters into force and freezes the front; each later round it breaks
        down with probability ``hazard``."""
        self.state = replace(self.state, frozen=True)
        self.ceasefire, self.hazard = stage, hazard

    def round(self, round: int) -> list[Event]:
        """One round without agreement: the front moves (Powell 2004) or, frozen, the ceasefire holds or
        is violated (a BROKEN_DOWN event; the front moves again from the next round)."""
        if not self.state.frozen:
            self.state, moves = advance(self.front, self.state, self.rng)
            return list(moved_events(moves, round))
        if self.hazard <= 0 or self.rng.random() >= self.hazard:
            return []
        self.state = replace(self.state, frozen=False)
        data: EventData = {"stage": self.ceasefire or "", "reason": "the ceasefire is violated"}
        self.ceasefire, self.hazard = None, 0.0
        return [Event(EventKind.BROKEN_DOWN, round, 0.0, None, None, data)]


def stage_seats(
    space: OutcomeSpace, issues: Sequence[str], seats: Sequence[Seat], base_row: np.ndarray
) -> tuple[OutcomeSpace, list[Seat]]:
    """The stage's sub-space and the seats restricted to it (principals judge the lifted package)."""
    sub, embedding = embed(space, issues, base_row)
    return sub, [
        replace(
            seat,
            preferences=restrict(seat.preferences, sub, embedding),
            principal=None if seat.principal is None else LiftedPrincipal(seat.principal, embedding),
        )
        for seat in seats
    ]


class _Table:
    """One stage in progress: the mechanism, the fighting and the ripeness seen so far."""

    def __init__(
        self,
        mechanism: Mechanism,
        fighting: Fighting | None,
        shifts: Mapping[str, float],
        track_ripeness: bool = True,
    ) -> None:
        self.mechanism, self.fighting, self.shifts = mechanism, fighting, shifts
        self.track_ripeness = track_ripeness
        self.base: dict[str, Preferences] = {seat.name: seat.preferences for seat in mechanism.seats}
        self.frontier: Frontier | None = None
        self.ripeness: list[Ripeness] = []
        self.moved_until = 0  # the last round the front has moved for

    def observe(self, round: int) -> None:
        """Set the seats' reservation values from the front (plus any patron's pressure) and note the
        ripeness at ``round``."""
        if self.fighting is None:
            return
        front, state = self.fighting.front, self.fighting.state
        values = reservation_values(front, state)
        values = {party: value + self.shifts.get(party, 0.0) for party, value in values.items()}
        current = with_reservations(self.base, values)
        self.mechanism.seats = tuple(_seated(s, current[s.name]) for s in self.mechanism.seats)
        if not self.track_ripeness:
            return
        if self.frontier is None:
            self.frontier = pareto_frontier(self.mechanism.space, list(self.base.values()))
        space = self.mechanism.space
        self.ripeness.append(ripeness(space, self.base, front, state, round, self.frontier))

    def interfere(self, state: State, outside: Interventions) -> State:
        """Apply the incidents a driver has logged since the last settled step (at the current round)."""
        if self.fighting is None or not outside.incidents or state.done:
            return state
        fighting = self.fighting
        fighting.state, events = outside.take_incidents(fighting.front, fighting.state, self.moved_until)
        self.observe(self.moved_until)
        return evolve(state, record=state.record.append(*events))

    def fight(self, state: State) -> State:
        """Fight one round for each round begun since the last (within the deadline)."""
        if self.fighting is None or state.done:
            return state
        upcoming = (
            state.move // len(self.mechanism.seats) if isinstance(state, AlternatingState) else state.round
        )
        limit = self.mechanism.deadline.rounds
        last = upcoming if limit is None else min(upcoming, limit - 1)
        if last <= self.moved_until:
            return state
        events: list[Event] = []
        for round in range(self.moved_until + 1, last + 1):
            events.extend(self.fighting.round(round))
        self.moved_until = last
        self.observe(last)
        return evolve(state, record=state.record.append(*events))


def _seated(seat: Seat, preferences: Preferences) -> Seat:
    """``seat`` with ``preferences`` (a plain copy: the seat was checked when made; every round)."""
    copy = object.__new__(Seat)
    copy.__dict__.update(seat.__dict__)
    copy.__dict__["preferences"] = preferences
    return copy


def play_stage(
    sub: OutcomeSpace,
    seats: Sequence[Seat],
    protocol: str,
    rounds: int,
    fighting: Fighting | None,
    rng: np.random.Generator,
    options: Mapping[str, object] | None = None,
    track_ripeness: bool = True,
    shifts: Mapping[str, float] | None = None,
) -> Played:
    """Run one stage over ``sub`` to its end, every ask answered as in a simulation (see
    :func:`stage_steps`)."""
    return finish(stage_steps(sub, seats, protocol, rounds, fighting, rng, options, track_ripeness, shifts))


def stage_steps(
    sub: OutcomeSpace,
    seats: Sequence[Seat],
    protocol: str,
    rounds: int,
    fighting: Fighting | None,
    rng: np.random.Generator,
    options: Mapping[str, object] | None = None,
    track_ripeness: bool = True,
    shifts: Mapping[str, float] | None = None,
    pause_for: PauseFor = never,
    outside: tuple[str, Interventions] | None = None,
) -> Steps[Played]:
    """One stage over ``sub``, ask by ask, with the mechanism's generator ``rng``; the front (if any)
    fights on each round without agreement. ``shifts`` add to the reservation values the front sets
    (a patron's pressure). Asks ``pause_for`` picks are yielded for the driver to answer.

    ``track_ripeness=False`` skips the ripeness analysis (a frontier and an agreement count per round):
    the play and its record are unchanged, only ``ripeness`` comes back empty. ``outside`` (the stage's
    name and a driver's :class:`~parley.talks.outside.Interventions`) brings in front incidents, applied
    when the stage next settles, and the stage's time running out, which ends it with a DEADLINE as soon
    as the driver's next reply comes (that reply is not applied).
    """
    mechanism = make_mechanism(protocol, sub, seats, Deadline(rounds=rounds), rng, **dict(options or {}))
    table = _Table(mechanism, fighting, shifts or {}, track_ripeness)
    state = mechanism.initial_state()
    table.observe(0)
    mechanism.start_negotiators(state)
    ask = mechanism.advance(state)
    while isinstance(ask, Ask):
        if pause_for(ask):
            reply = yield Pending(
                ask, partial(mechanism.answer_of, ask), partial(mechanism.checked_reply, ask)
            )
            if outside is not None and outside[0] in outside[1].expired:
                ask = _expired(ask.state, outside[0])
                break
            state = mechanism.reply(ask, reply)
        else:
            state = mechanism.apply_reply(ask, mechanism.answer_of(ask))
        if state.settled:
            if outside is not None:
                state = table.interfere(state, outside[1])
            state = table.fight(state)
        ask = mechanism.advance(state)
    state = ask
    walks = [e.party for e in state.record if e.kind is EventKind.WALK_AWAY]
    texts = [e.outcome for e in state.record if e.kind in (EventKind.OFFER, EventKind.TEXT)]
    return Played(
        state.ending or Ending.DEADLINE,
        state.agreement,
        state.record,
        tuple(table.ripeness),
        walks[0] if walks else None,
        texts[-1] if texts else None,
    )


def _expired(state: State, stage: str) -> State:
    """``state`` ended by the stage's time limit: a DEADLINE event at its round, no agreement."""
    last = max([0, *(event.round for event in state.record)])
    return evolve(state, record=state.record.append(deadline_event(last, stage)), ending=Ending.DEADLINE)
