"""The room's table: person seats under alternating offers, simultaneous offers and the single text,
persons beside agents, referrals to a principal, walking away, the deadline, and refused moves."""

from __future__ import annotations

from typing import Any

import pytest

from parley.protocols import Ending
from parley.record import Record
from parley.room.person import Action, Intent
from parley.room.setup import RoomSetup, SeatSetup, Setting, build_setting
from parley.room.table import MoveRefusedError, Table

# Packages of the ceasefire scenario (issues: ceasefire, monitoring, prisoner_exchange, pullback_km,
# sanctions_relief, settlement_talks).
P = (
    1,
    0,
    5,
    0,
    2,
    1,
)  # local ceasefire, no monitoring, 500 prisoners, no pull-back, full relief, talks in 2 y
Q = (2, 1, 5, 3, 1, 2)  # full ceasefire, joint commission, 500, 15 km, partial relief, talks in 6 months
SOUTH_BEST = (2, 2, 10, 6, 0, 2)  # crosses North's red line (an international mission)
INFEASIBLE = (0, 1, 0, 0, 0, 0)  # monitoring without a ceasefire breaks a constraint


def setting_of(protocol: str = "alternating", **setup: Any) -> Setting:
    body = {"scenario": "ceasefire", "protocol": protocol, "limited_powers": False, "process": False, **setup}
    room = RoomSetup.model_validate(body)  # the mechanics, with packages chosen freely
    return build_setting(room, room.scenario_text())


def table_of(protocol: str = "alternating", **setup: Any) -> Table:
    return setting_of(protocol, **setup).table


def trace(record: Record) -> list[tuple[str, int, str | None, tuple[int, ...] | None]]:
    return [(e.kind.value, e.round, e.party, e.outcome) for e in record]


def offer(package: tuple[int, ...]) -> Intent:
    return Intent(Action.OFFER, package)


ACCEPT = Intent(Action.ACCEPT)
REJECT = Intent(Action.REJECT)
WALK = Intent(Action.WALK_AWAY)
REFER = Intent(Action.REFER_BACK)


def refused(table: Table, party: str, intent: Intent, words: str, status: int) -> None:
    """``party``'s ``intent`` is refused with ``status`` and a message containing ``words``; the table
    is left as it was."""
    before = (trace(table.record), table.awaited, {p: table.pending(p) for p in ("North", "South")})
    with pytest.raises(MoveRefusedError) as caught:
        table.act(party, intent)
    assert words in str(caught.value)
    assert caught.value.status == status
    assert (trace(table.record), table.awaited, {p: table.pending(p) for p in ("North", "South")}) == before


# --- alternating offers -------------------------------------------------------------------------------------
def test_alternating_persons_offer_counter_and_agree() -> None:
    table = table_of()
    assert table.awaited is not None and (table.awaited.party, table.awaited.kind) == ("North", "propose")
    assert table.awaited.offer is None and len(table.record) == 0
    assert [e.kind.value for e in table.act("North", offer(P))] == ["offer"]
    assert table.awaited is not None and (table.awaited.party, table.awaited.kind) == ("South", "respond")
    assert table.awaited.offer == P
    assert [e.kind.value for e in table.act("South", Intent(Action.REJECT, Q))] == ["reject", "offer"]
    assert table.awaited is not None and (table.awaited.party, table.awaited.offer) == ("North", Q)
    table.act("North", offer(P))  # an offer while responding: reject Q and counter with P
    assert table.act("South", ACCEPT)[-1].kind.value == "agreement"
    assert trace(table.record) == [
        ("offer", 0, "North", P),
        ("reject", 0, "South", P),
        ("offer", 0, "South", Q),
        ("reject", 1, "North", Q),
        ("offer", 1, "North", P),
        ("accept", 1, "South", P),
        ("agreement", 1, "North", P),
    ]
    assert table.done and table.awaited is None
    assert table.state.ending is Ending.AGREEMENT and table.state.agreement == P
    refused(table, "North", offer(Q), "the negotiation has ended", 409)


def test_the_wrong_party_is_refused_with_whom_the_table_waits_for() -> None:
    table = table_of()
    refused(table, "South", offer(P), "it is not South's move; the table is waiting for 'North'", 409)
    table.act("North", offer(P))
    refused(table, "North", ACCEPT, "it is not North's move; the table is waiting for 'South'", 409)


def test_a_move_of_the_wrong_kind_is_refused() -> None:
    table = table_of()
    refused(table, "North", ACCEPT, "North is asked to propose; 'accept' is not allowed now", 409)
    refused(table, "North", REJECT, "North is asked to propose; 'reject' is not allowed now", 409)
    refused(table, "North", REFER, "North is asked to propose; 'refer_back' is not allowed now", 409)


def test_offers_and_counter_offers_need_a_package() -> None:
    table = table_of()
    refused(table, "North", Intent(Action.OFFER), "'offer' needs a package (the counter-offer)", 422)
    table.act("North", offer(P))
    refused(table, "South", REJECT, "'reject' needs a package (the counter-offer)", 422)


def test_accept_and_walk_away_take_no_package() -> None:
    table = table_of()
    refused(table, "North", Intent(Action.WALK_AWAY, P), "'walk_away' takes no package", 422)
    table.act("North", offer(P))
    refused(table, "South", Intent(Action.ACCEPT, Q), "'accept' takes no package", 422)


@pytest.mark.parametrize(
    ("package", "words"),
    [
        ((1, 0, 5, 0, 2), "package [1, 0, 5, 0, 2] is not a package of this space"),
        ((1, 0, 5, 0, 2, 1, 0), "is not a package of this space"),
        ((3, 0, 0, 0, 0, 0), "package [3, 0, 0, 0, 0, 0] is not a package of this space"),
        ((0, 0, 11, 0, 0, 0), "is not a package of this space"),
        ((-1, 0, 0, 0, 0, 0), "is not a package of this space"),
        ((0, 0, 0, 0, 0, 10**30), "is not a package of this space"),
        (INFEASIBLE, "breaks a constraint"),
    ],
)
def test_bad_packages_are_refused(package: tuple[int, ...], words: str) -> None:
    table = table_of()
    refused(table, "North", offer(package), words, 422)
    table.act("North", offer(P))
    refused(table, "South", Intent(Action.REJECT, package), words, 422)
    refused(table, "South", Intent(Action.REFER_BACK, package), words, 422)


def test_a_party_that_is_not_a_person_is_refused() -> None:
    table = table_of(seats={"South": SeatSetup(kind="agent", strategy="boulware")})
    refused(table, "South", offer(P), "'South' is not a person's seat at this table", 403)
    refused(table, "Nobody", offer(P), "'Nobody' is not a person's seat at this table", 403)


def test_walking_away_instead_of_opening_breaks_the_talks_down() -> None:
    table = table_of()
    assert [e.kind.value for e in table.act("North", WALK)] == ["walk_away"]
    assert table.done and table.awaited is None and table.state.ending is Ending.BREAKDOWN
    assert trace(table.record) == [("walk_away", 0, "North", None)]


def test_walking_away_from_an_offer_breaks_the_talks_down() -> None:
    table = table_of()
    table.act("North", offer(P))
    table.act("South", WALK)
    assert trace(table.record) == [("offer", 0, "North", P), ("walk_away", 0, "South", None)]
    assert table.state.ending is Ending.BREAKDOWN and table.state.agreement is None
    refused(table, "North", offer(P), "the negotiation has ended", 409)


def test_the_deadline_ends_the_talks_after_the_last_round() -> None:
    table = table_of(rounds=1)
    table.act("North", offer(P))
    events = table.act("South", Intent(Action.REJECT, Q))
    assert [e.kind.value for e in events] == ["reject", "offer", "deadline"]
    assert table.done and table.awaited is None and table.state.ending is Ending.DEADLINE
    assert trace(table.record)[-1] == ("deadline", 1, None, None)


def test_a_closed_table_takes_no_moves() -> None:
    table = table_of()
    table.act("North", offer(P))
    table.close()
    assert table.done and table.closed and table.awaited is None
    assert table.state.ending is None  # closing is the room's decision, not an ending of the talks
    refused(table, "South", ACCEPT, "the negotiation has ended", 409)


# --- referring back to the principal ------------------------------------------------------------------------
def test_an_approved_referral_accepts_the_offer_and_costs_rounds() -> None:
    """South's principal approves P (above its threshold); South's referral costs it 1 round."""
    table = table_of()
    table.act("North", offer(P))
    events = table.act("South", REFER)
    assert [(e.kind.value, e.round, e.party) for e in events] == [
        ("refer_back", 0, "South"),
        ("referral_decision", 1, "South"),
        ("accept", 1, "South"),
        ("agreement", 1, "North"),
    ]
    assert events[1].data == {"approved": True, "rounds_lost": 1}
    assert table.state.agreement == P


def test_a_refused_referral_asks_the_delegation_for_a_counter_offer() -> None:
    """North's principal refuses a package across its red line; North then owes a counter-offer, two
    rounds later (North's mandate: referral_rounds 2): asked in round 1, it answers in round 3."""
    table = table_of()
    table.act("North", offer(P))
    table.act("South", Intent(Action.REJECT, SOUTH_BEST))
    assert table.act("North", REFER) == []  # the step waits for North's counter-offer
    awaited = table.awaited
    assert awaited is not None and (awaited.party, awaited.kind, awaited.round) == ("North", "propose", 3)
    assert table.pending("North") == [REFER]
    shown = trace(awaited.record)  # North sees its principal's answer before counter-offering
    assert shown[-3:] == [
        ("refer_back", 1, "North", SOUTH_BEST),
        ("referral_decision", 3, "North", SOUTH_BEST),
        ("reject", 3, "North", SOUTH_BEST),
    ]
    assert awaited.record.events[-2].data == {"approved": False, "rounds_lost": 2}
    assert len(table.record) == 3  # nothing committed yet
    refused(table, "North", ACCEPT, "North is asked to propose; 'accept' is not allowed now", 409)
    events = table.act("North", offer(Q))
    assert [e.kind.value for e in events] == ["refer_back", "referral_decision", "reject", "offer"]
    assert table.pending("North") == []
    assert table.awaited is not None and (table.awaited.party, table.awaited.offer) == ("South", Q)


def test_a_referral_can_name_a_counter_offer() -> None:
    table = table_of()
    table.act("North", offer(P))
    table.act("South", Intent(Action.REFER_BACK, Q))  # South asks about Q, not about P
    awaited = table.awaited
    assert awaited is not None and (awaited.party, awaited.kind) == ("South", "propose")
    referral = awaited.record.events[-3]
    assert (referral.kind.value, referral.outcome) == ("refer_back", Q)
    events = table.act("South", offer(Q))
    assert [e.kind.value for e in events] == ["refer_back", "referral_decision", "reject", "offer"]


def test_a_referral_that_runs_past_the_deadline_ends_the_talks() -> None:
    table = table_of(rounds=2)
    table.act("North", offer(P))
    table.act("South", Intent(Action.REJECT, SOUTH_BEST))
    events = table.act("North", REFER)  # asked in round 1, two rounds lost: round 3 is past the deadline
    assert [e.kind.value for e in events] == ["refer_back", "referral_decision", "deadline"]
    assert table.done and table.state.ending is Ending.DEADLINE


# --- simultaneous offers ------------------------------------------------------------------------------------
def test_simultaneous_persons_propose_then_answer() -> None:
    table = table_of("simultaneous")
    assert table.awaited is not None and (table.awaited.party, table.awaited.kind) == ("North", "propose")
    assert table.act("North", offer(P)) == []  # the round is not complete
    assert table.pending("North") == [offer(P)]
    awaited = table.awaited
    assert awaited is not None and (awaited.party, awaited.kind) == ("South", "propose")
    assert len(awaited.record) == 0  # South does not see North's offer before making its own
    assert table.act("South", offer(Q)) == []
    awaited = table.awaited
    assert awaited is not None and (awaited.party, awaited.kind, awaited.offer) == ("North", "respond", Q)
    assert trace(awaited.record) == [("offer", 0, "North", P), ("offer", 0, "South", Q)]
    assert len(table.record) == 0  # still nothing committed
    assert table.act("North", REJECT) == []
    events = table.act("South", ACCEPT)
    assert [(e.kind.value, e.party, e.outcome) for e in events] == [
        ("offer", "North", P),
        ("offer", "South", Q),
        ("reject", "North", Q),
        ("accept", "South", P),
        ("agreement", "North", P),
    ]
    assert table.pending("North") == table.pending("South") == []
    assert table.state.agreement == P and table.awaited is None


def test_simultaneous_moves_refuse_counter_offers_and_referrals() -> None:
    table = table_of("simultaneous")
    table.act("North", offer(P))
    table.act("South", offer(Q))
    refused(table, "North", offer(P), "North is asked to respond; 'offer' is not allowed now", 409)
    refused(table, "North", REFER, "North is asked to respond; 'refer_back' is not allowed now", 409)
    refused(table, "North", Intent(Action.REJECT, P), "'reject' takes no package", 422)
    refused(table, "South", ACCEPT, "it is not South's move; the table is waiting for 'North'", 409)


def test_simultaneous_rounds_go_on_until_the_deadline() -> None:
    table = table_of("simultaneous", rounds=2)
    for _ in range(2):
        table.act("North", offer(P))
        table.act("South", offer(Q))
        table.act("North", REJECT)
        table.act("South", REJECT)
    assert table.done and table.state.ending is Ending.DEADLINE
    assert [e.round for e in table.record] == [0, 0, 0, 0, 1, 1, 1, 1, 2]


def test_a_simultaneous_walk_away_ends_the_round_once_everyone_has_proposed() -> None:
    table = table_of("simultaneous")
    assert table.act("North", WALK) == []
    events = table.act("South", offer(Q))
    assert [(e.kind.value, e.party) for e in events] == [("walk_away", "North"), ("offer", "South")]
    assert table.state.ending is Ending.BREAKDOWN


def test_a_simultaneous_refused_move_leaves_the_queued_moves_alone() -> None:
    table = table_of("simultaneous")
    table.act("North", offer(P))
    refused(table, "South", offer(INFEASIBLE), "breaks a constraint", 422)
    assert table.pending("North") == [offer(P)]


# --- single negotiating text --------------------------------------------------------------------------------
def test_single_text_persons_vote_on_the_mediators_text() -> None:
    table = table_of("single-text")
    awaited = table.awaited
    assert awaited is not None and (awaited.party, awaited.kind) == ("North", "respond")
    text = awaited.offer
    assert text is not None
    assert trace(awaited.record) == [("text", 0, "mediator", text)]
    refused(table, "North", offer(P), "North is asked to respond; 'offer' is not allowed now", 409)
    assert table.act("North", ACCEPT) == []
    assert table.awaited is not None and (table.awaited.party, table.awaited.offer) == ("South", text)
    events = table.act("South", ACCEPT)
    assert [(e.kind.value, e.party) for e in events] == [
        ("text", "mediator"),
        ("accept", "North"),
        ("accept", "South"),
        ("agreement", "mediator"),
    ]
    assert table.state.agreement == text


def test_single_text_a_rejection_brings_a_new_text() -> None:
    table = table_of("single-text")
    table.act("North", REJECT)
    events = table.act("South", ACCEPT)
    assert [e.kind.value for e in events] == ["text", "reject", "accept"]
    awaited = table.awaited
    assert awaited is not None and (awaited.party, awaited.kind, awaited.round) == ("North", "respond", 1)
    table.act("North", WALK)
    assert table.state.ending is Ending.BREAKDOWN and table.record.events[-1].party == "North"


# --- persons beside agents ----------------------------------------------------------------------------------
@pytest.mark.parametrize("protocol", ["alternating", "simultaneous", "single-text"])
def test_agents_answer_within_the_persons_move(protocol: str) -> None:
    table = table_of(protocol, seats={"South": SeatSetup(kind="agent", strategy="boulware")})
    assert list(table.persons()) == ["North"]
    awaited = table.awaited
    assert awaited is not None and awaited.party == "North"
    intent = offer(P) if awaited.kind == "propose" else REJECT
    table.act("North", intent)
    if protocol == "simultaneous":  # North still owes its answer to the agent's offer
        assert table.awaited is not None and table.awaited.kind == "respond"
        table.act("North", REJECT)
    assert any(e.party == "South" for e in table.record), trace(table.record)
    assert table.done or (table.awaited is not None and table.awaited.party == "North")


def test_an_agent_can_open_before_any_person_moves() -> None:
    table = table_of(seats={"North": SeatSetup(kind="agent", strategy="boulware")})
    assert [e.kind.value for e in table.record] == ["offer"]
    awaited = table.awaited
    assert awaited is not None and (awaited.party, awaited.kind) == ("South", "respond")
    assert awaited.offer == table.record.events[0].outcome


def test_an_agent_without_a_strategy_plays_its_mandate() -> None:
    setting = setting_of(seats={"North": SeatSetup(kind="agent"), "South": SeatSetup(kind="agent")})
    table = setting.table
    assert table.persons() == {} and table.done and table.awaited is None
    assert table.state.ending is not None and len(table.record) > 0
    refused(table, "North", offer(P), "the negotiation has ended", 409)


def random_agent_talks(protocol: str, seed: int) -> list[tuple[str, int, str | None, tuple[int, ...] | None]]:
    """North (a person) keeps offering P to a random agent that never accepts; the record after 4 moves."""
    seats = {"South": SeatSetup(kind="agent", strategy="random", params={"accept_probability": 0.0})}
    table = table_of(protocol, seats=seats, seed=seed, rounds=50)
    for _ in range(4):
        assert table.awaited is not None
        kind = table.awaited.kind
        table.act("North", offer(P) if kind == "propose" or protocol == "alternating" else REJECT)
    return trace(table.record)


@pytest.mark.parametrize("protocol", ["alternating", "simultaneous", "single-text"])
def test_agents_decide_the_same_under_the_same_seed(protocol: str) -> None:
    assert random_agent_talks(protocol, seed=7) == random_agent_talks(protocol, seed=7)
    assert random_agent_talks(protocol, seed=7) != random_agent_talks(protocol, seed=8)


@pytest.mark.parametrize(
    ("seats", "words"),
    [
        ({"East": SeatSetup()}, "seats.East: no party 'East' in the scenario; parties: North, South"),
        ({"South": SeatSetup(kind="agent", strategy="no-such-strategy")}, "seats.South:"),
        ({"South": SeatSetup(kind="person", strategy="boulware")}, "a person's seat takes no strategy"),
        ({"South": SeatSetup(kind="person", params={"x": 1})}, "a person's seat takes no strategy or params"),
        ({"South": SeatSetup(kind="agent", strategy="boulware", params={"bogus": 1})}, "seats.South:"),
    ],
)
def test_bad_seats_are_refused_with_the_seat_named(seats: dict[str, SeatSetup], words: str) -> None:
    with pytest.raises(ValueError, match=r"^seats\.") as caught:
        setting_of(seats=seats)
    assert words in str(caught.value)


def test_an_agent_that_fails_at_the_start_is_a_bad_seat() -> None:
    with pytest.raises(ValueError, match=r"^seats: an agent failed at the start \(ZeroDivisionError"):
        setting_of(seats={"South": SeatSetup(kind="agent", strategy="bayesian", params={"levels": 0})})


def test_an_agent_that_fails_later_leaves_the_table_as_before_the_move() -> None:
    """A move is all or nothing: when an agent's answer fails, the mover's move is not applied either
    (the room's log never records a move the table did not keep)."""
    table = table_of(seats={"South": SeatSetup(kind="agent", strategy="bayesian", params={"sigma": "x"})})
    refused(table, "North", offer(P), "an agent at this table failed (TypeError", 500)
    assert table.awaited is not None and (table.awaited.party, table.awaited.kind) == ("North", "propose")
    assert table.stale  # the agent may remember the failed call: the table waits to be rebuilt from the log
    refused(table, "North", offer(P), "an agent failed here: the table must be rebuilt from its log", 500)
