"""Forks: a negotiation's state at the start of a round, rebuilt from its record on a fresh mechanism (other
negotiators, another deadline), the original events kept as they are; records that do not replay."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from parley.negotiators.base import Negotiator, Response
from parley.protocols import (
    AlternatingState,
    Ask,
    AskKind,
    Deadline,
    Ending,
    Mechanism,
    Seat,
    fork,
    make_mechanism,
    simulate,
)
from parley.record import Record
from tests.protocols.scripted import (
    AcceptAfter,
    FixedOffer,
    ListMediator,
    P,
    Q,
    R,
    Scripted,
    seats,
    small_space,
    trace,
)

PROTOCOLS = ["alternating", "simultaneous", "single-text"]


def mechanism_of(protocol: str, rounds: int = 6, seed: int = 0, **negotiators: Negotiator) -> Mechanism:
    """``protocol`` on the small space between ``negotiators`` (the single text with a list mediator)."""
    space = small_space()
    options = {"mediator": ListMediator([P, R, Q, R])} if protocol == "single-text" else {}
    return make_mechanism(
        protocol,
        space,
        seats(space, **negotiators),
        Deadline(rounds=rounds),
        np.random.default_rng(seed),
        **options,
    )


def stubborn(protocol: str, rounds: int = 6) -> Mechanism:
    return mechanism_of(protocol, rounds, A=FixedOffer(P), B=FixedOffer(Q))


@pytest.mark.parametrize("protocol", PROTOCOLS)
@pytest.mark.parametrize("at", [0, 1, 3, 6])
def test_a_fork_keeps_the_original_events_of_the_rounds_before_it(protocol: str, at: int) -> None:
    original = simulate(stubborn(protocol))
    mechanism = stubborn(protocol)
    state = fork(mechanism, original.record, at)
    before = [event for event in original.record if event.round < at]
    assert list(state.record) == before and all(a is b for a, b in zip(state.record, before, strict=True))
    assert state.settled and not state.done
    continued = simulate(mechanism, state)
    assert continued.record == original.record  # the same stubborn seats go on the same way


@pytest.mark.parametrize("protocol", PROTOCOLS)
def test_a_fork_goes_on_with_other_negotiators(protocol: str) -> None:
    original = simulate(mechanism_of(protocol, A=AcceptAfter(P, rounds=5), B=AcceptAfter(Q, rounds=5)))
    assert original.ending is Ending.AGREEMENT and original.rounds == 5
    mechanism = mechanism_of(protocol, A=AcceptAfter(P, rounds=0), B=AcceptAfter(Q, rounds=0))
    continued = simulate(mechanism, fork(mechanism, original.record, 2))
    assert continued.ending is Ending.AGREEMENT and continued.rounds == 2
    before = tuple(event for event in original.record if event.round < 2)
    assert continued.record.events[: len(before)] == before


@pytest.mark.parametrize("protocol", PROTOCOLS)
def test_a_fork_at_the_deadline_goes_on_under_a_longer_one(protocol: str) -> None:
    original = simulate(stubborn(protocol, rounds=3))
    assert original.ending is Ending.DEADLINE and original.rounds == 3
    longer = stubborn(protocol, rounds=5)
    continued = simulate(longer, fork(longer, original.record, 3))
    assert continued.ending is Ending.DEADLINE and continued.rounds == 5
    assert continued.record.events[: len(original.record) - 1] == original.record.events[:-1]
    assert trace(continued.record) == trace(simulate(stubborn(protocol, rounds=5)).record)


def test_fork_at_round_zero_with_the_same_seed_replays_the_run() -> None:
    original = simulate(mechanism_of("simultaneous", seed=4, A=AcceptAfter(P, 0), B=AcceptAfter(Q, 0)))
    again = mechanism_of("simultaneous", seed=4, A=AcceptAfter(P, 0), B=AcceptAfter(Q, 0))
    assert simulate(again, fork(again, original.record, 0)).record == original.record


def test_a_fork_inside_a_referral_waits_for_the_principal() -> None:
    """B refers P back in round 0 and loses 2 rounds: forked at round 1, the referral is under way and
    the next ask is B's principal's (here one that approves, where the original one refused)."""

    class Says:
        def __init__(self, approves: bool) -> None:
            self.approves = approves

        def approve(self, outcome: np.ndarray) -> bool:
            return self.approves

    def referring(approves: bool) -> Mechanism:
        space = small_space()
        a, b = seats(space, A=FixedOffer(P), B=Scripted(offers=[Q], answers=[Response.REFER_BACK, "reject"]))
        b = Seat("B", b.preferences, b.negotiator, Says(approves), referral_rounds=2)
        return make_mechanism("alternating", space, [a, b], Deadline(rounds=6), np.random.default_rng(0))

    original = simulate(referring(False))
    assert trace(original.record)[:3] == [
        ("offer", 0, "A", P),
        ("refer_back", 0, "B", P),
        ("referral_decision", 2, "B", P),
    ]
    mechanism = referring(True)
    state = fork(mechanism, original.record, 1)
    assert isinstance(state, AlternatingState) and not state.settled and state.referred == P
    ask = mechanism.advance(state)
    assert isinstance(ask, Ask) and (ask.party, ask.kind) == ("B", AskKind.REFER)
    continued = simulate(mechanism, state)
    assert trace(continued.record)[2:] == [
        ("referral_decision", 2, "B", P),
        ("accept", 2, "B", P),
        ("agreement", 2, "A", P),
    ]


def test_a_record_that_the_mechanism_does_not_make_is_refused_where_they_part() -> None:
    original = simulate(stubborn("alternating"))
    other = dataclasses.replace(original.record.events[4], outcome=R)  # A's second offer, changed
    forged = Record((*original.record.events[:4], other, *original.record.events[5:]))
    fork(stubborn("alternating"), forged, 1)  # round 0 replays
    with pytest.raises(ValueError, match=r"event 5: the mechanism made reject by B of \[1, 1\] in round 1, "):
        fork(stubborn("alternating"), forged, 2)  # A's offer is the reply itself, but B rejected another
    with pytest.raises(ValueError, match=r"event 1 \(round 0\): the record has reject by B"):
        fork(stubborn("simultaneous"), original.record, 2)  # simultaneous asks B to propose there


def test_event_data_must_match_too() -> None:
    original = simulate(stubborn("simultaneous"))
    answer = original.record.events[2]
    changed = dataclasses.replace(answer, data={"offer_by": "A"})  # equal as an Event: data is not compared
    assert changed == answer
    forged = Record((*original.record.events[:2], changed, *original.record.events[3:]))
    with pytest.raises(ValueError, match=r"event 2: the mechanism made reject by A .*'offer_by': 'B'"):
        fork(stubborn("simultaneous"), forged, 1)


@pytest.mark.parametrize(
    ("at", "rounds", "words"),
    [
        (-1, 6, "a fork is at a round from 0 on, not -1"),
        (7, 6, "the record ends in round 6: a fork is at a round from 0 to 6, not 7"),
        (5, 4, "round 5 is past the fork's deadline of 4 rounds"),
    ],
)
def test_a_round_to_fork_at_is_in_the_record_and_the_deadline(at: int, rounds: int, words: str) -> None:
    original = simulate(stubborn("alternating"))
    with pytest.raises(ValueError, match=words):
        fork(stubborn("alternating", rounds=rounds), original.record, at)
