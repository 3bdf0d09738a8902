"""Playing one stage: its sub-space and seats, the mechanism stepped round by round, the front moving.

The mechanism runs on its own (stage-local) record from round 0, so negotiators see only this stage's
packages; the front moves once for every round that starts without agreement (before that round's
moves, or after a step that skipped rounds, such as a referral), its FRONT_MOVED events going into
the same record, and each seat's reservation value follows the front's rules from then on.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

import numpy as np

from parley.analysis import Frontier, pareto_frontier
from parley.domain import OutcomeSpace
from parley.preferences import Preferences
from parley.protocols import AlternatingState, Deadline, Ending, Mechanism, Seat, State, make_mechanism
from parley.protocols.base import evolve
from parley.record import Event, Record
from parley.talks.front import Front, FrontState, advance, breakdown, moved_events, reservation_values
from parley.talks.ripeness import Ripeness, ripeness, with_reservations
from parley.talks.subspace import LiftedPrincipal, embed, restrict


@dataclass(frozen=True)
class Played:
    """How a stage went: its ending, the agreed stage package, its local record, front and ripeness."""

    ending: Ending
    outcome: tuple[int, ...] | None
    record: Record
    front: FrontState | None
    ripeness: tuple[Ripeness, ...]


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
    """One stage in progress: the mechanism, the front and the ripeness seen so far."""

    def __init__(
        self,
        mechanism: Mechanism,
        front: Front | None,
        state: FrontState | None,
        rng: np.random.Generator,
        track_ripeness: bool = True,
    ) -> None:
        self.mechanism, self.front, self.front_state, self.rng = mechanism, front, state, rng
        self.track_ripeness = track_ripeness
        self.base: dict[str, Preferences] = {seat.name: seat.preferences for seat in mechanism.seats}
        self.frontier: Frontier | None = None
        self.ripeness: list[Ripeness] = []
        self.moved_until = 0  # the last round the front has moved for

    def observe(self, round: int) -> None:
        """Set the seats' reservation values from the front and note the ripeness at ``round``."""
        if self.front is None or self.front_state is None:
            return
        current = with_reservations(self.base, reservation_values(self.front, self.front_state))
        self.mechanism.seats = tuple(replace(s, preferences=current[s.name]) for s in self.mechanism.seats)
        if not self.track_ripeness:
            return
        if self.frontier is None:
            self.frontier = pareto_frontier(self.mechanism.space, list(self.base.values()))
        space = self.mechanism.space
        self.ripeness.append(ripeness(space, self.base, self.front, self.front_state, round, self.frontier))

    def fight(self, state: State) -> State:
        """Move the front once for each round begun since the last move (within the deadline)."""
        if self.front is None or self.front_state is None or state.done:
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
            self.front_state, moves = advance(self.front, self.front_state, self.rng)
            events.extend(moved_events(moves, round))
        self.moved_until = last
        self.observe(last)
        return evolve(state, record=state.record.append(*events))

    def close(self, state: State, freezes_front: bool) -> State:
        """A breakdown costs ground; an agreed ceasefire stage freezes the front."""
        if self.front is None or self.front_state is None:
            return state
        if state.ending is Ending.BREAKDOWN:
            self.front_state, moves = breakdown(self.front, self.front_state)
            state = evolve(state, record=state.record.append(*moved_events(moves, state.round, "breakdown")))
        if state.ending is Ending.AGREEMENT and freezes_front:
            self.front_state = replace(self.front_state, frozen=True)
        return state


def play_stage(
    sub: OutcomeSpace,
    seats: Sequence[Seat],
    protocol: str,
    rounds: int,
    freezes_front: bool,
    front: tuple[Front, FrontState] | None,
    rngs: tuple[np.random.Generator, np.random.Generator],
    options: Mapping[str, object] | None = None,
    track_ripeness: bool = True,
) -> Played:
    """Run one stage over ``sub`` step by step; ``rngs`` = (the mechanism's, the front's) generators.

    ``track_ripeness=False`` skips the ripeness analysis (a frontier and an agreement count per round):
    the play and its record are unchanged, only ``ripeness`` comes back empty.
    """
    mechanism = make_mechanism(protocol, sub, seats, Deadline(rounds=rounds), rngs[0], **dict(options or {}))
    front_model, front_state = front if front is not None else (None, None)
    table = _Table(mechanism, front_model, front_state, rngs[1], track_ripeness)
    state = mechanism.initial_state()
    table.observe(0)
    mechanism.start_negotiators(state)
    while not state.done:
        state = table.fight(mechanism.step(state))
    state = table.close(state, freezes_front)
    return Played(
        state.ending or Ending.DEADLINE,
        state.agreement,
        state.record,
        table.front_state,
        tuple(table.ripeness),
    )
