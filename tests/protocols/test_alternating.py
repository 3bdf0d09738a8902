"""Alternating offers (SAOP / Rubinstein): endings, exact records, rounds, privacy, determinism."""

from __future__ import annotations

from dataclasses import replace
from functools import partial

import numpy as np
import pytest

from parley.negotiators.base import Response
from parley.protocols import AlternatingOffers, AlternatingState, Deadline, Ending
from parley.record import Event, EventKind, Record
from tests.protocols.scripted import (
    AcceptAfter,
    FixedOffer,
    P,
    Q,
    R,
    RandomOffers,
    Scripted,
    Spy,
    WalkAwayAt,
    assert_private,
    run_on_small_space,
    seats,
    small_space,
    trace,
)

run = partial(run_on_small_space, "alternating")  # Alternating offers on the small space


def test_two_parties_agree_with_exact_record() -> None:
    result = run(A=FixedOffer(P), B=AcceptAfter(Q, rounds=1))
    assert result.ending is Ending.AGREEMENT and result.agreement == P and result.rounds == 1
    assert trace(result.record) == [
        ("offer", 0, "A", P),
        ("reject", 0, "B", P),
        ("offer", 0, "B", Q),
        ("reject", 1, "A", Q),
        ("offer", 1, "A", P),
        ("accept", 1, "B", P),
        ("agreement", 1, "A", P),
    ]
    assert result.utilities is not None and len(result.utilities) == 2


def test_three_parties_need_every_other_acceptance() -> None:
    result = run(A=FixedOffer(P), B=AcceptAfter(Q, rounds=0), C=AcceptAfter(R, rounds=1))
    assert result.ending is Ending.AGREEMENT and result.agreement == P
    assert trace(result.record) == [
        ("offer", 0, "A", P),
        ("accept", 0, "B", P),  # B alone is not enough
        ("reject", 0, "C", P),
        ("offer", 0, "C", R),  # the counter-offer clears B's acceptance of P
        ("reject", 1, "A", R),
        ("offer", 1, "A", P),
        ("accept", 1, "B", P),
        ("accept", 1, "C", P),
        ("agreement", 1, "A", P),
    ]


def test_three_parties_agree_in_the_first_round() -> None:
    result = run(A=FixedOffer(P), B=AcceptAfter(Q, rounds=0), C=AcceptAfter(R, rounds=0))
    assert [kind for kind, *_ in trace(result.record)] == ["offer", "accept", "accept", "agreement"]
    assert result.rounds == 0


def test_walk_away_answer_breaks_down() -> None:
    result = run(A=FixedOffer(P), B=WalkAwayAt(Q, round=1))
    assert result.ending is Ending.BREAKDOWN and result.agreement is None and result.utilities is None
    assert trace(result.record) == [
        ("offer", 0, "A", P),
        ("reject", 0, "B", P),
        ("offer", 0, "B", Q),
        ("reject", 1, "A", Q),
        ("offer", 1, "A", P),
        ("walk_away", 1, "B", None),
    ]
    assert result.record.ending is not None and result.record.ending.party == "B"


def test_opening_none_is_a_walk_away() -> None:
    result = run(A=WalkAwayAt(P, round=0), B=FixedOffer(Q))
    assert result.ending is Ending.BREAKDOWN
    assert trace(result.record) == [("walk_away", 0, "A", None)]


def test_counter_offer_none_is_a_walk_away() -> None:
    result = run(A=FixedOffer(P), B=Scripted(offers=[None], answers=[Response.REJECT]))
    assert result.ending is Ending.BREAKDOWN
    assert trace(result.record) == [("offer", 0, "A", P), ("reject", 0, "B", P), ("walk_away", 0, "B", None)]


def test_round_limit_ends_with_deadline_and_exact_record() -> None:
    result = run(Deadline(rounds=2), A=FixedOffer(P), B=FixedOffer(Q))
    assert result.ending is Ending.DEADLINE and result.agreement is None and result.rounds == 2
    assert trace(result.record) == [
        ("offer", 0, "A", P),
        ("reject", 0, "B", P),
        ("offer", 0, "B", Q),
        ("reject", 1, "A", Q),
        ("offer", 1, "A", P),
        ("reject", 1, "B", P),
        ("offer", 1, "B", Q),
        ("deadline", 2, None, None),
    ]


def test_a_round_is_one_move_per_seat() -> None:
    result = run(Deadline(rounds=3), A=FixedOffer(P), B=FixedOffer(Q), C=FixedOffer(R))
    offers = result.record.offers()
    assert [sum(e.party == name for e in offers) for name in "ABC"] == [3, 3, 3]
    assert [e.round for e in offers] == [0, 0, 0, 1, 1, 1, 2, 2, 2]


def test_views_carry_round_and_relative_time() -> None:
    spy = Spy(FixedOffer(Q))
    run(Deadline(rounds=4), A=FixedOffer(P), B=spy)
    moves = spy.views[1:]  # the first view is the one start() gets; then an answer and a counter-offer
    assert [v.round for v in moves] == [0, 0, 1, 1, 2, 2, 3, 3]
    assert [v.time for v in moves[::2]] == pytest.approx([0.0, 0.25, 0.5, 0.75], abs=1e-6)
    assert all(v.rounds == 4 and v.party == "B" and v.parties == ("A", "B") for v in moves)


def test_time_limit_ends_with_deadline() -> None:
    result = run(Deadline(rounds=None, seconds=0.02), A=FixedOffer(P), B=FixedOffer(Q))
    assert result.ending is Ending.DEADLINE


def test_views_hold_only_own_preferences() -> None:
    space = small_space()
    table = seats(space, A=Spy(RandomOffers(0.1)), B=Spy(RandomOffers(0.1)), C=Spy(FixedOffer(P)))
    AlternatingOffers(space, table, Deadline(rounds=6), rng=np.random.default_rng(0)).run()
    for seat in table:
        assert isinstance(seat.negotiator, Spy)
        assert_private(seat.negotiator, seat.preferences)


def test_same_seed_same_record_and_seeds_matter() -> None:
    def record(seed: int) -> Record:
        return run(Deadline(rounds=8), seed, A=RandomOffers(0.1), B=RandomOffers(0.1)).record

    assert record(3) == record(3)
    assert len({record(seed) for seed in range(1, 6)}) > 1


def test_invalid_package_is_an_error_naming_the_seat() -> None:
    with pytest.raises(ValueError, match="seat 'B'"):
        run(A=FixedOffer(P), B=Scripted(offers=[(5, 0)], answers=[Response.REJECT]))


def test_an_answer_that_is_not_a_response_is_an_error_naming_the_seat() -> None:
    with pytest.raises(ValueError, match=r"seat 'B'.*not a Response"):
        run(A=FixedOffer(P), B=Scripted(offers=[Q], answers=["maybe"]))


def test_the_privacy_check_catches_a_leak() -> None:
    space = small_space()
    a, b = seats(space, A=FixedOffer(P), B=FixedOffer(Q))
    spy = Spy(FixedOffer(P))
    view = AlternatingOffers(space, [a, b], rng=np.random.default_rng(0)).view(a, AlternatingState())
    leak = Event(EventKind.NOTE, 0, 0.0, data={"secret": [b.preferences]})
    spy.views.append(replace(view, record=view.record.append(leak)))
    with pytest.raises(AssertionError):
        assert_private(spy, a.preferences)
