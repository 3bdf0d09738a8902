"""The envoy and referral in alternating offers: exact records for referrals approved and refused."""

from __future__ import annotations

from typing import Any, ClassVar

import numpy as np

from parley.negotiators import Response, make_negotiator
from parley.protocols import Deadline, Ending, Result, Seat, negotiate
from parley.talks import CallablePrincipal, Envoy, PreferencesPrincipal, as_principal
from tests.negotiators.contract import NegotiatorContract
from tests.protocols.scripted import Scripted, Threshold, trace
from tests.talks.tables import falling, line, linear, rising

REJECT = Response.REJECT


class TestEnvoyContract(NegotiatorContract):
    name = "envoy"
    params: ClassVar[dict[str, Any]] = {"inner": "conceder", "authority": 0.6}


def run(envoy: Envoy, opponent_offers: list[Any], principal: Any, rounds: int = 10, lost: int = 2) -> Result:
    """The opponent O (scripted, rejects all) opens; the envoy E answers, with ``principal`` behind it."""
    space = line()
    seats = [
        Seat("O", linear(space, [rising()]), Scripted(opponent_offers, [REJECT])),
        Seat("E", linear(space, [falling()]), envoy, principal, referral_rounds=lost),
    ]
    return negotiate(space, seats, deadline=Deadline(rounds=rounds), seed=0)


def test_accepting_below_authority_is_referred_and_approved() -> None:
    envoy = Envoy(Threshold(0.4), authority=0.6)  # would accept 0.5 on its own, but may not
    principal = PreferencesPrincipal(linear(line(), [falling()]), threshold=0.45)
    result = run(envoy, [(4,), (2,)], principal)
    assert result.ending is Ending.AGREEMENT and result.agreement == (2,)
    assert trace(result.record) == [
        ("offer", 0, "O", (4,)),
        ("reject", 0, "E", (4,)),  # 0 is below the inner threshold: no referral
        ("offer", 0, "E", (0,)),
        ("reject", 1, "O", (0,)),
        ("offer", 1, "O", (2,)),
        ("refer_back", 1, "E", (2,)),  # 0.5: acceptable to the inner strategy, below the authority
        ("referral_decision", 3, "E", (2,)),  # two rounds lost
        ("accept", 3, "E", (2,)),
        ("agreement", 3, "O", (2,)),
    ]
    decision = result.record.events[6]
    assert decision.data == {"approved": True, "rounds_lost": 2}


def test_refused_referral_rejects_counters_and_is_not_asked_again() -> None:
    asked: list[tuple[int, ...]] = []

    def refuse(outcome: np.ndarray) -> bool:
        asked.append(tuple(int(i) for i in outcome))
        return False

    result = run(Envoy(Threshold(0.4), authority=0.6), [(4,), (2,)], CallablePrincipal(refuse), rounds=6)
    assert result.ending is Ending.DEADLINE and asked == [(2,)]
    assert trace(result.record)[5:10] == [
        ("refer_back", 1, "E", (2,)),
        ("referral_decision", 3, "E", (2,)),
        ("reject", 3, "E", (2,)),
        ("offer", 3, "E", (0,)),
        ("reject", 4, "O", (0,)),
    ]
    assert result.record.events[6].data == {"approved": False, "rounds_lost": 2}
    kinds = [e.kind.value for e in result.record]
    assert kinds.count("refer_back") == 1  # (2,) is offered again but never referred twice


def test_a_counter_offer_below_authority_is_referred_before_it_is_made() -> None:
    inner = Scripted([(3,)], [REJECT])  # wants to counter with 3 (utility 0.25)
    principal = CallablePrincipal(lambda outcome: True)
    result = run(Envoy(inner, authority=0.6), [(4,)], principal, rounds=3, lost=1)
    assert trace(result.record)[:6] == [
        ("offer", 0, "O", (4,)),
        ("refer_back", 0, "E", (3,)),
        ("referral_decision", 1, "E", (3,)),
        ("reject", 1, "E", (4,)),
        ("offer", 1, "E", (3,)),  # approved: made as planned
        ("reject", 2, "O", (3,)),
    ]


def test_a_refused_counter_offer_becomes_the_nearest_package_within_authority() -> None:
    inner = Scripted([(3,)], [REJECT])
    result = run(Envoy(inner, authority=0.6), [(4,)], CallablePrincipal(lambda o: False), rounds=3, lost=0)
    assert trace(result.record)[1:5] == [
        ("refer_back", 0, "E", (3,)),
        ("referral_decision", 0, "E", (3,)),
        ("reject", 0, "E", (4,)),
        ("offer", 0, "E", (0,)),  # within the authority (0 and 1 are), the better of the nearest
    ]


def test_without_a_principal_a_referral_is_refused_at_once() -> None:
    result = run(Envoy(Threshold(0.4), authority=0.6), [(4,), (2,)], None, rounds=4)
    decision = result.record.events[6]
    assert decision.kind.value == "referral_decision" and decision.round == 1
    assert decision.data == {"approved": False, "rounds_lost": 0}


def test_a_referral_that_outlasts_the_deadline_ends_the_talks() -> None:
    result = run(
        Envoy(Threshold(0.4), authority=0.6), [(4,), (2,)], CallablePrincipal(lambda o: True), rounds=3
    )
    assert result.ending is Ending.DEADLINE
    assert trace(result.record)[-2:] == [("referral_decision", 3, "E", (2,)), ("deadline", 3, None, None)]


def test_envoy_is_registered() -> None:
    envoy = make_negotiator("envoy", inner="boulware", authority=0.7)
    assert isinstance(envoy, Envoy) and envoy.authority == 0.7


def test_principals_from_preferences_callables_and_principals() -> None:
    prefs = linear(line(), [falling()], reservation=0.5)
    by_reservation = as_principal(prefs)
    assert by_reservation.approve(np.array([2])) and not by_reservation.approve(np.array([3]))
    assert not as_principal(prefs, threshold=0.8).approve(np.array([1]))
    assert as_principal(lambda outcome: outcome[0] == 4).approve(np.array([4]))
    assert as_principal(by_reservation) is by_reservation
