"""Every registered negotiator under every registered mechanism on small spaces (OpenSpiel's random play).

Each strategy, built from its command-line label as ``parley negotiate`` builds it, sits at two- and
three-party tables (against the ``random`` strategy, and itself) on two small spaces, one with a
constraint, with mandates (reservation values, a red line, a principal). The contract:

- legal moves: every package in the record is in range and feasible, every event is of a kind the
  protocol makes, by a seat (or the mediator), and the record ends once, with its last event;
- privacy: no view a negotiator is shown, and nothing it keeps, holds another party's preferences or
  utility;
- determinism: the same seed gives the same record (a different seed may give another);
- picklable: fresh negotiators survive a pickle round trip and play the same, and a negotiation pickled
  mid-way (mechanism, negotiators and state together) continues from the copy exactly as the original;
- whoever drives: answered ask by ask through ``drive`` (pausing now and then, resumed with
  ``mechanism.reply``) and through ``drive_async``, the record is the simulation's, event data included;
- forks: forked at a round, a negotiation keeps the original events of the rounds before it (the same
  objects) and goes on; forked at round 0 with the same seats and seed, it replays the original.
"""

from __future__ import annotations

import asyncio
import dataclasses
import pickle
from collections.abc import Sequence

import numpy as np
import pytest

from parley.domain import CategoricalIssue, Condition, Constraint, IntegerIssue, OutcomeSpace
from parley.negotiators import NEGOTIATORS, Negotiator, make_negotiator
from parley.preferences import Preferences, Utility
from parley.protocols import (
    MECHANISMS,
    Ask,
    Deadline,
    Mechanism,
    Reply,
    Seat,
    State,
    drive,
    drive_async,
    fork,
    make_mechanism,
    negotiate,
    simulate,
)
from parley.record import ENDINGS, Event, EventKind, Record
from parley.talks import PreferencesPrincipal
from parley.tournament import parse_strategy
from tests.protocols.scripted import Spy, assert_private, linear_preferences, reachable, small_space

#: Labels beyond the bare names, for paths the defaults leave unexercised (an envoy that refers back to
#: its principal, a delegate holding a random strategy to its mandate).
VARIANTS = ("envoy:inner=conceder:authority=1.5", "delegate:inner=random")
LABELS = (*sorted(NEGOTIATORS), *VARIANTS)
#: The moves each protocol records (the endings, AGREEMENT and DEADLINE, come on top).
MOVES = {
    "alternating": {
        EventKind.OFFER,
        EventKind.ACCEPT,
        EventKind.REJECT,
        EventKind.WALK_AWAY,
        EventKind.REFER_BACK,
        EventKind.REFERRAL_DECISION,
    },
    "simultaneous": {EventKind.OFFER, EventKind.ACCEPT, EventKind.REJECT, EventKind.WALK_AWAY},
    "single-text": {EventKind.TEXT, EventKind.ACCEPT, EventKind.REJECT, EventKind.WALK_AWAY},
}
ROUNDS = 6
SEED = 11
STEPS_BEFORE_PICKLE = 3


def constrained_space() -> OutcomeSpace:
    """Three issues, 18 packages; x = 2 requires z = 1, so 3 packages are infeasible."""
    issues = (
        IntegerIssue("x", low=0, high=2),
        CategoricalIssue("y", options=("a", "b", "c")),
        IntegerIssue("z", low=0, high=1),
    )
    rule = Constraint((Condition("x", (2,)),), (Condition("z", (1,)),), name="x2-needs-z1")
    return OutcomeSpace(issues, (rule,))


SPACES = {"small": small_space, "constrained": constrained_space}


def mandate(space: OutcomeSpace, k: int) -> Preferences:
    """Party ``k``'s preferences: opposed value tables (as the protocol tests' seats), a reservation
    value of 0.6 (utilities run from 0 to 2), a discount for party 1 and a red line for party 2."""
    tables = [[float((i + k) % size) for i in range(size)] for size in space.sizes]
    base = linear_preferences(space, [0.5] * len(tables), tables)
    red_lines = (Condition("y", ("c",)),) if k == 2 else ()
    return dataclasses.replace(
        base, reservation_value=0.6, discount_factor=0.9 if k == 1 else 1.0, red_lines=red_lines
    )


def table(space: OutcomeSpace, label: str, parties: int) -> list[Seat]:
    """The tested strategy first against ``random`` (two parties), or after it twice (three), each
    negotiator behind a spy, each seat with its own preferences and a principal holding them."""
    strategies = [label, "random"] if parties == 2 else ["random", label, label]
    seats = []
    for k, text in enumerate(strategies):
        strategy = parse_strategy(text)
        negotiator = make_negotiator(strategy.name, **strategy.kwargs())
        preferences = mandate(space, k)
        seats.append(Seat("ABC"[k], preferences, Spy(negotiator), PreferencesPrincipal(preferences)))
    return seats


def finish(mechanism: Mechanism, state: State) -> State:
    """Step ``state`` to the end (what ``Mechanism.run`` does after starting)."""
    while not state.done:
        state = mechanism.step(state)
    return state


def assert_legal(record: Record, mechanism: Mechanism, protocol: str) -> None:
    """Packages in range and feasible, kinds the protocol makes, movers at the table, one ending."""
    space = mechanism.space
    movers = {seat.name for seat in mechanism.seats}
    mediator = getattr(mechanism, "mediator", None)
    if mediator is not None:
        movers.add(mediator.name)
    kinds = MOVES[protocol] | {EventKind.AGREEMENT, EventKind.DEADLINE}
    assert record.events and record.events[-1].kind in ENDINGS
    assert [e.kind in ENDINGS for e in record.events].count(True) == 1
    for event in record.events:
        assert event.kind in kinds, event
        assert event.party in movers or (event.party is None and event.kind is EventKind.DEADLINE), event
        if event.outcome is not None:
            row = space.validate(np.array([event.outcome]))
            assert space.feasible(row)[0], event
        assert event.round <= ROUNDS


def assert_keeps_only_its_own(seats: Sequence[Seat]) -> None:
    """Every view shown held only the seat's own preferences, and so does every negotiator's state."""
    for seat in seats:
        spy = seat.negotiator
        assert isinstance(spy, Spy)
        assert_private(spy, seat.preferences)
        own = {id(u) for u in reachable(seat.preferences, (Utility,))}
        assert all(p is seat.preferences for p in reachable(spy.inner, (Preferences,)))
        assert all(id(u) in own for u in reachable(spy.inner, (Utility,)))


@pytest.mark.parametrize("protocol", sorted(MECHANISMS))
@pytest.mark.parametrize("parties", [2, 3])
@pytest.mark.parametrize("space_name", sorted(SPACES))
@pytest.mark.parametrize("label", LABELS)
def test_random_play_keeps_the_contract(label: str, space_name: str, parties: int, protocol: str) -> None:
    space = SPACES[space_name]()
    deadline = Deadline(rounds=ROUNDS)

    # privacy, through the public entry point
    seats = table(space, label, parties)
    played = negotiate(space, seats, protocol, deadline, seed=SEED)
    assert_keeps_only_its_own(seats)

    # determinism and pickling: fresh negotiators through a pickle round trip, the same seed, stepped by
    # hand; pickled mid-way, the copy and the original finish the same, as the first run did
    fresh: list[Seat] = pickle.loads(pickle.dumps(table(space, label, parties)))
    assert all(isinstance(seat.negotiator, Negotiator) for seat in fresh)
    mechanism = make_mechanism(protocol, space, fresh, deadline, np.random.default_rng(SEED))
    state = mechanism.initial_state()
    mechanism.start_negotiators(state)
    for _ in range(STEPS_BEFORE_PICKLE):
        if not state.done:
            state = mechanism.step(state)
    twin, twin_state = pickle.loads(pickle.dumps((mechanism, state)))
    assert twin_state == state
    original = finish(mechanism, state)
    copied = finish(twin, twin_state)
    assert copied.record == original.record == played.record
    assert copied.agreement == original.agreement == played.agreement
    assert_legal(played.record, mechanism, protocol)


def fresh(protocol: str, space: OutcomeSpace, label: str, parties: int) -> Mechanism:
    """A fresh mechanism on fresh seats under the contract's seed."""
    seats = table(space, label, parties)
    return make_mechanism(protocol, space, seats, Deadline(rounds=ROUNDS), np.random.default_rng(SEED))


def started(protocol: str, space: OutcomeSpace, label: str, parties: int) -> tuple[Mechanism, State]:
    """A fresh mechanism (see :func:`fresh`) and its initial state, the negotiators started."""
    mechanism = fresh(protocol, space, label, parties)
    state = mechanism.initial_state()
    mechanism.start_negotiators(state)
    return mechanism, state


def facts(events: Sequence[Event]) -> list[tuple[object, ...]]:
    """Everything an event says but its time (``Event`` equality leaves the data out)."""
    return [(e.kind, e.round, e.party, e.outcome, dict(e.data)) for e in events]


def paused_drive(mechanism: Mechanism, state: State) -> State:
    """Drive to the end answering as the simulation does, but pausing at every third ask (the driver
    has no answer yet) and resuming with ``mechanism.reply``."""
    count = 0

    def answer(ask: Ask) -> Reply | None:
        nonlocal count
        count += 1
        return None if count % 3 == 0 else mechanism.answer_of(ask)

    while True:
        pending = drive(mechanism, state, answer)
        if not isinstance(pending, Ask):
            return pending
        state = mechanism.reply(pending, mechanism.answer_of(pending))


@pytest.mark.parametrize("protocol", sorted(MECHANISMS))
@pytest.mark.parametrize("parties", [2, 3])
@pytest.mark.parametrize("space_name", sorted(SPACES))
@pytest.mark.parametrize("label", LABELS)
def test_every_driver_gives_the_simulations_record(
    label: str, space_name: str, parties: int, protocol: str
) -> None:
    space = SPACES[space_name]()
    simulated = simulate(fresh(protocol, space, label, parties))

    driven = paused_drive(*started(protocol, space, label, parties))
    assert facts(driven.record) == facts(simulated.record)
    assert (driven.ending, driven.agreement, driven.round) == (
        simulated.ending,
        simulated.agreement,
        simulated.rounds,
    )

    mechanism, state = started(protocol, space, label, parties)

    async def answer(ask: Ask) -> Reply:
        await asyncio.sleep(0)
        return mechanism.answer_of(ask)

    awaited = asyncio.run(drive_async(mechanism, state, answer))
    assert facts(awaited.record) == facts(simulated.record)


@pytest.mark.parametrize("protocol", sorted(MECHANISMS))
@pytest.mark.parametrize("parties", [2, 3])
@pytest.mark.parametrize("space_name", sorted(SPACES))
@pytest.mark.parametrize("label", LABELS)
def test_a_fork_keeps_the_rounds_before_it(label: str, space_name: str, parties: int, protocol: str) -> None:
    space = SPACES[space_name]()
    original = simulate(fresh(protocol, space, label, parties))
    at = original.rounds // 2
    mechanism = fresh(protocol, space, label, parties)
    state = fork(mechanism, original.record, at)
    before = [event for event in original.record if event.round < at]
    assert len(state.record) == len(before)
    assert all(a is b for a, b in zip(state.record, before, strict=True))  # the original events themselves
    continued = simulate(mechanism, state)
    assert continued.record.events[: len(before)] == tuple(before)
    assert_legal(continued.record, mechanism, protocol)

    replayed = fresh(protocol, space, label, parties)
    again = simulate(replayed, fork(replayed, original.record, 0))
    assert facts(again.record) == facts(original.record)
