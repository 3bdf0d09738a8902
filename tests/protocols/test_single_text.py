"""The single negotiating text: endings, exact records, the vote mediator, privacy, determinism."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pytest

from parley.analysis.frontier import pareto_frontier
from parley.analysis.solutions import nash
from parley.domain import IntegerIssue, OutcomeSpace
from parley.examples import load_example
from parley.negotiators.base import Negotiator, Response
from parley.preferences import Preferences, Utility
from parley.protocols import (
    Ballot,
    Deadline,
    Ending,
    Mediator,
    Result,
    Seat,
    SingleNegotiatingText,
    VoteMediator,
    negotiate,
)
from parley.record import EventKind, Record
from tests.protocols.scripted import (
    AcceptAfter,
    Conceding,
    FixedOffer,
    ListMediator,
    P,
    Q,
    R,
    RandomOffers,
    Spy,
    Threshold,
    WalkAwayAt,
    assert_private,
    linear_preferences,
    reachable,
    run_on_small_space,
    seats,
    small_space,
    trace,
)

M = "mediator"


def run(
    mediator: Mediator | None, deadline: Deadline | None = None, seed: int = 0, **negotiators: Negotiator
) -> Result:
    """Run the single-text procedure on the small space between the given negotiators."""
    return run_on_small_space("single-text", deadline, seed, mediator=mediator, **negotiators)


def test_agreement_with_exact_record_and_history() -> None:
    mediator = ListMediator([P, Q])
    result = run(mediator, A=AcceptAfter(P, rounds=1), B=AcceptAfter(P, rounds=0))
    assert result.ending is Ending.AGREEMENT and result.agreement == Q and result.rounds == 1
    assert trace(result.record) == [
        ("text", 0, M, P),
        ("reject", 0, "A", P),
        ("accept", 0, "B", P),
        ("text", 1, M, Q),
        ("accept", 1, "A", Q),
        ("accept", 1, "B", Q),
        ("agreement", 1, M, Q),
    ]
    assert mediator.histories == [(), (Ballot(0, P, {"A": Response.REJECT, "B": Response.ACCEPT}),)]


def test_three_parties_must_all_accept() -> None:
    result = run(ListMediator([R]), A=AcceptAfter(P, 0), B=AcceptAfter(P, 0), C=AcceptAfter(P, 2))
    assert result.ending is Ending.AGREEMENT and result.rounds == 2
    assert [e.kind for e in result.record.of_kind(EventKind.TEXT)] == [EventKind.TEXT] * 3


def test_walk_away_breaks_down() -> None:
    result = run(ListMediator([P, R]), A=FixedOffer(P), B=WalkAwayAt(P, round=1))
    assert result.ending is Ending.BREAKDOWN and result.agreement is None
    assert trace(result.record) == [
        ("text", 0, M, P),
        ("reject", 0, "A", P),
        ("reject", 0, "B", P),
        ("text", 1, M, R),
        ("reject", 1, "A", R),
        ("walk_away", 1, "B", None),
    ]


def test_round_limit_ends_with_deadline_and_exact_record() -> None:
    result = run(ListMediator([P, Q]), Deadline(rounds=2), A=FixedOffer(P), B=FixedOffer(Q))
    assert result.ending is Ending.DEADLINE and result.rounds == 2
    assert trace(result.record) == [
        ("text", 0, M, P),
        ("reject", 0, "A", P),
        ("reject", 0, "B", P),
        ("text", 1, M, Q),
        ("reject", 1, "A", Q),
        ("reject", 1, "B", Q),
        ("deadline", 2, None, None),
    ]


def test_time_limit_ends_with_deadline() -> None:
    result = run(VoteMediator(), Deadline(rounds=None, seconds=0.02), A=FixedOffer(P), B=FixedOffer(Q))
    assert result.ending is Ending.DEADLINE


def test_views_hold_only_own_preferences_and_the_mediator_none() -> None:
    space = small_space()
    table = seats(space, A=Spy(RandomOffers(0.3)), B=Spy(RandomOffers(0.3)), C=Spy(FixedOffer(P)))
    mediator = VoteMediator()
    SingleNegotiatingText(
        space, table, Deadline(rounds=6), rng=np.random.default_rng(0), mediator=mediator
    ).run()
    for seat in table:
        assert isinstance(seat.negotiator, Spy)
        assert_private(seat.negotiator, seat.preferences)
    assert reachable(mediator, (Preferences, Utility)) == []


def test_same_seed_same_record_and_seeds_change_the_texts() -> None:
    def record(seed: int) -> Record:
        return run(VoteMediator(), Deadline(rounds=6), seed, A=FixedOffer(P), B=FixedOffer(Q)).record

    assert record(5) == record(5)
    assert len({record(seed) for seed in range(6)}) > 1


def test_vote_mediator_does_not_repeat_recent_texts() -> None:
    result = run(VoteMediator(memory=None), Deadline(rounds=9), A=FixedOffer(P), B=FixedOffer(Q))
    texts = [e.outcome for e in result.record.of_kind(EventKind.TEXT)]
    assert len(set(texts)) == 9  # every package of the 3 × 3 space once


def test_vote_mediator_samples_large_spaces() -> None:
    space = OutcomeSpace(tuple(IntegerIssue(f"i{k}", low=0, high=9) for k in range(7)))  # 10^7 packages
    table = [
        Seat(name, linear_preferences(space, [1.0] * 7, [range(10)] * 7), FixedOffer((0,) * 7))
        for name in "AB"
    ]
    result = negotiate(space, table, "single-text", Deadline(rounds=3), seed=0)
    assert result.ending is Ending.DEADLINE and len(result.record.of_kind(EventKind.TEXT)) == 3


def test_vote_mediator_reaches_agreement_on_the_example() -> None:
    scenario = load_example()
    for seed in range(4):
        table = [Seat(p.name, p.preferences, Threshold(0.6)) for p in scenario.parties]
        result = negotiate(scenario.space, table, "single-text", Deadline(rounds=100), seed=seed)
        assert result.ending is Ending.AGREEMENT
        assert result.utilities is not None and min(result.utilities) >= 0.6


def two_issue_case() -> tuple[OutcomeSpace, list[Preferences]]:
    """x and y in 0..10; A cares most for a high x, B for a low y: the Nash point is (10, 0)."""
    space = OutcomeSpace((IntegerIssue("x", low=0, high=10), IntegerIssue("y", low=0, high=10)))
    up = [i / 10 for i in range(11)]
    down = up[::-1]
    return space, [
        linear_preferences(space, [0.8, 0.2], [up, up]),
        linear_preferences(space, [0.2, 0.8], [down, down]),
    ]


def test_vote_mediator_converges_near_the_nash_point() -> None:
    # Parties that concede from utility 1 to 0.5 over the deadline, voting only. "Near" means every
    # party's utility is within 0.1 of its utility at the Nash point (one step of x or y moves it 0.08
    # or 0.02); the Nash point here is (10, 0) with utilities (0.8, 0.8).
    space, preferences = two_issue_case()
    point = nash(pareto_frontier(space, preferences), [0.0, 0.0])
    assert point is not None and tuple(point.outcome) == (10, 0)
    for seed in range(5):
        table = [Seat(name, p, Conceding(0.5)) for name, p in zip("AB", preferences, strict=True)]
        result = negotiate(space, table, "single-text", Deadline(rounds=100), seed=seed)
        assert result.ending is Ending.AGREEMENT and result.utilities is not None
        assert np.abs(np.array(result.utilities) - point.utilities).max() <= 0.1


class BadMediator(Mediator):
    """Proposes a package outside the space."""

    def propose_text(self, round: int, history: Sequence[Ballot], rng: np.random.Generator) -> np.ndarray:
        return np.array([0, 9])


def test_invalid_text_is_an_error_naming_the_mediator() -> None:
    with pytest.raises(ValueError, match="mediator 'mediator'"):
        run(BadMediator(), A=FixedOffer(P), B=FixedOffer(Q))


def test_mediator_name_must_differ_from_the_seats() -> None:
    space = small_space()
    with pytest.raises(ValueError, match="also a seat"):
        SingleNegotiatingText(
            space, seats(space, A=FixedOffer(P), mediator=FixedOffer(Q)), rng=np.random.default_rng(0)
        )


def test_vote_mediator_memory_must_not_be_negative() -> None:
    with pytest.raises(ValueError, match="memory"):
        VoteMediator(memory=-1)
