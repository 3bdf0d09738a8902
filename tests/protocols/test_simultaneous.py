"""Simultaneous offers: endings, exact records, crossing offers, privacy, determinism."""

from __future__ import annotations

from functools import partial

import numpy as np
import pytest

from parley.negotiators.base import Response
from parley.protocols import Deadline, Ending, SimultaneousOffers
from parley.record import EventKind, Record
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

run = partial(run_on_small_space, "simultaneous")  # Simultaneous offers on the small space


def test_two_parties_agree_with_exact_record() -> None:
    result = run(A=FixedOffer(P), B=AcceptAfter(Q, rounds=1))
    assert result.ending is Ending.AGREEMENT and result.agreement == P and result.rounds == 1
    assert trace(result.record) == [
        ("offer", 0, "A", P),
        ("offer", 0, "B", Q),
        ("reject", 0, "A", Q),
        ("reject", 0, "B", P),
        ("offer", 1, "A", P),
        ("offer", 1, "B", Q),
        ("reject", 1, "A", Q),
        ("accept", 1, "B", P),
        ("agreement", 1, "A", P),
    ]
    answers = result.record.of_kind(EventKind.ACCEPT, EventKind.REJECT)
    assert [e.data["offer_by"] for e in answers] == ["B", "A", "B", "A"]


def test_three_parties_agree_on_the_offer_every_other_seat_accepts() -> None:
    result = run(A=FixedOffer(P), B=AcceptAfter(Q, rounds=0), C=AcceptAfter(R, rounds=0))
    assert result.ending is Ending.AGREEMENT and result.agreement == P
    assert trace(result.record) == [
        ("offer", 0, "A", P),
        ("offer", 0, "B", Q),
        ("offer", 0, "C", R),
        ("reject", 0, "A", Q),
        ("reject", 0, "A", R),
        ("accept", 0, "B", P),
        ("accept", 0, "B", R),  # R has B's acceptance but not A's: not agreed
        ("accept", 0, "C", P),
        ("accept", 0, "C", Q),
        ("agreement", 0, "A", P),
    ]


def test_one_acceptance_of_three_is_not_enough() -> None:
    result = run(Deadline(rounds=3), A=FixedOffer(P), B=AcceptAfter(Q, rounds=0), C=FixedOffer(R))
    assert result.ending is Ending.DEADLINE


def test_several_crossing_offers_are_resolved_by_the_generator() -> None:
    agreed = {run(seed=seed, A=AcceptAfter(P, 0), B=AcceptAfter(Q, 0)).agreement for seed in range(12)}
    assert agreed == {P, Q}
    first, again = (run(seed=4, A=AcceptAfter(P, 0), B=AcceptAfter(Q, 0)) for _ in range(2))
    assert first.record == again.record and first.agreement == again.agreement


def test_proposing_none_breaks_down() -> None:
    result = run(A=FixedOffer(P), B=WalkAwayAt(Q, round=1))
    assert result.ending is Ending.BREAKDOWN and result.agreement is None
    assert trace(result.record)[4:] == [("offer", 1, "A", P), ("walk_away", 1, "B", None)]


def test_walking_away_from_an_offer_breaks_down() -> None:
    result = run(A=FixedOffer(P), B=Scripted(offers=[Q], answers=[Response.WALK_AWAY]))
    assert result.ending is Ending.BREAKDOWN
    assert trace(result.record) == [
        ("offer", 0, "A", P),
        ("offer", 0, "B", Q),
        ("reject", 0, "A", Q),
        ("walk_away", 0, "B", None),
    ]


def test_round_limit_ends_with_deadline_and_exact_record() -> None:
    result = run(Deadline(rounds=2), A=FixedOffer(P), B=FixedOffer(Q))
    assert result.ending is Ending.DEADLINE and result.rounds == 2
    one_round = [("offer", "A", P), ("offer", "B", Q), ("reject", "A", Q), ("reject", "B", P)]
    expected = [(kind, r, party, package) for r in range(2) for kind, party, package in one_round]
    assert trace(result.record) == [*expected, ("deadline", 2, None, None)]


def test_all_propose_from_the_previous_rounds_record() -> None:
    spy_a, spy_b = Spy(FixedOffer(P)), Spy(FixedOffer(Q))
    run(Deadline(rounds=2), A=spy_a, B=spy_b)
    proposal_views = [spy.views[1] for spy in (spy_a, spy_b)]  # round 0 proposals
    assert all(len(view.record) == 0 for view in proposal_views)
    answer_views = [spy.views[2] for spy in (spy_a, spy_b)]  # round 0 answers: both offers, no answers
    assert all([e.kind for e in view.record] == [EventKind.OFFER] * 2 for view in answer_views)
    assert [len(spy.views[3].record) for spy in (spy_a, spy_b)] == [4, 4]  # round 1 proposals


def test_time_limit_ends_with_deadline() -> None:
    result = run(Deadline(rounds=None, seconds=0.02), A=FixedOffer(P), B=FixedOffer(Q))
    assert result.ending is Ending.DEADLINE


def test_views_hold_only_own_preferences() -> None:
    space = small_space()
    table = seats(space, A=Spy(RandomOffers(0.1)), B=Spy(RandomOffers(0.1)), C=Spy(FixedOffer(P)))
    SimultaneousOffers(space, table, Deadline(rounds=5), rng=np.random.default_rng(0)).run()
    for seat in table:
        assert isinstance(seat.negotiator, Spy)
        assert_private(seat.negotiator, seat.preferences)


def test_same_seed_same_record_and_seeds_matter() -> None:
    def record(seed: int) -> Record:
        return run(Deadline(rounds=8), seed, A=RandomOffers(0.1), B=RandomOffers(0.1)).record

    assert record(3) == record(3)
    assert len({record(seed) for seed in range(1, 6)}) > 1


def test_invalid_package_is_an_error_naming_the_seat() -> None:
    with pytest.raises(ValueError, match="seat 'A'"):
        run(A=Scripted(offers=[(0, 7)], answers=[Response.REJECT]), B=FixedOffer(Q))


def test_an_answer_that_is_not_a_response_is_an_error_naming_the_seat() -> None:
    with pytest.raises(ValueError, match=r"seat 'B'.*not a Response"):
        run(A=FixedOffer(P), B=Scripted(offers=[Q], answers=["maybe"]))
