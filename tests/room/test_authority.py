"""A person delegation's limited powers: below its authority limit it needs its principal's approval.

The ceasefire scenario's mandates give each delegation an authority limit above its reservation value;
the packages used here are found from the delegations' own utilities, not hard-coded.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
from fastapi.testclient import TestClient

from parley.record import EventKind
from parley.room.person import Action, Intent
from parley.room.setup import RoomSetup, Setting, build_setting
from parley.room.table import MoveRefusedError, Table
from tests.room.conftest import FACILITATOR, token_of


def setting(**setup: Any) -> Setting:
    room = RoomSetup.model_validate({"scenario": "ceasefire", "process": False, **setup})
    return build_setting(room, room.scenario_text())


def package_for(table: Table, party: str, band: str) -> tuple[int, ...]:
    """A feasible package worth, to ``party``: "above" its authority limit, "between" its reservation
    value and that limit (a principal approves it), or "red" (crossing a red line)."""
    outcomes = table.space.all_outcomes()
    outcomes = outcomes[table.space.feasible(outcomes)]
    seat = next(seat for seat in table.mechanism.seats if seat.name == party)
    utility = seat.preferences.evaluate(outcomes)
    limit, reservation = table.authority[party], seat.preferences.reservation_value
    mask = {
        "above": utility > limit + 1e-6,
        "between": (utility > reservation + 0.02) & (utility < limit - 0.02),
        "red": ~np.isfinite(utility),
    }[band]
    assert mask.any(), f"no {band} package for {party}"
    return tuple(int(i) for i in outcomes[np.flatnonzero(mask)[0]])


def open_with(table: Table, package: tuple[int, ...]) -> None:
    """North opens with ``package`` (within North's own authority: chosen so)."""
    table.act("North", Intent(Action.OFFER, package))


def north_opening(table: Table, south_band: str) -> tuple[int, ...]:
    """A package above North's limit and in ``south_band`` for South."""
    outcomes = table.space.all_outcomes()
    outcomes = outcomes[table.space.feasible(outcomes)]
    seats = {seat.name: seat for seat in table.mechanism.seats}
    north = seats["North"].preferences.evaluate(outcomes)
    south = seats["South"].preferences.evaluate(outcomes)
    limit, reservation = table.authority["South"], seats["South"].preferences.reservation_value
    band = {
        "between": (south > reservation + 0.02) & (south < limit - 0.02),
        "red": ~np.isfinite(south),
    }[south_band]
    mask = (north > table.authority["North"] + 1e-6) & band
    assert mask.any()
    return tuple(int(i) for i in outcomes[np.flatnonzero(mask)[0]])


def test_every_person_seat_has_its_mandates_authority_limit() -> None:
    built = setting()
    for delegation in built.built.plan.delegations:
        assert built.table.authority[delegation.party] == delegation.authority
        assert delegation.authority is not None
        assert delegation.authority > delegation.preferences.reservation_value


def test_an_offer_below_the_authority_limit_is_refused_and_changes_nothing() -> None:
    table = setting().table
    low = package_for(table, "North", "between")
    with pytest.raises(MoveRefusedError, match="below your authority limit") as refused:
        table.act("North", Intent(Action.OFFER, low))
    assert refused.value.status == 409 and "refer it back first" in str(refused.value)
    assert len(table.record) == 0 and table.awaited is not None and table.awaited.party == "North"
    table.act("North", Intent(Action.OFFER, package_for(table, "North", "above")))  # within: fine
    assert table.record.events[-1].kind is EventKind.OFFER


def test_accepting_below_the_limit_is_refused_but_referring_it_back_gets_it_accepted() -> None:
    table = setting().table
    open_with(table, north_opening(table, "between"))
    with pytest.raises(MoveRefusedError, match="may not accept it"):
        table.act("South", Intent(Action.ACCEPT))
    table.act("South", Intent(Action.REFER_BACK))
    kinds = [event.kind for event in table.record]
    assert kinds[-4:] == [
        EventKind.REFER_BACK,
        EventKind.REFERRAL_DECISION,
        EventKind.ACCEPT,
        EventKind.AGREEMENT,
    ]
    assert table.record.events[-3].data["approved"] is True


def test_a_red_line_package_is_refused_by_the_principal_and_the_delegation_must_counter() -> None:
    table = setting().table
    open_with(table, north_opening(table, "red"))
    table.act("South", Intent(Action.REFER_BACK))
    assert table.awaited is not None and table.awaited.kind == "propose"  # refused: South proposes now
    decision = table.awaited.record.of_kind(EventKind.REFERRAL_DECISION)[-1]
    assert decision.party == "South" and decision.data["approved"] is False
    assert table.awaited.record.events[-1].kind is EventKind.REJECT  # the offer rejected, a counter due


def test_a_counter_offer_the_principal_approved_may_be_offered() -> None:
    table = setting().table
    open_with(table, package_for(table, "North", "above"))
    counter = package_for(table, "South", "between")
    with pytest.raises(MoveRefusedError, match="refer_back with this package"):
        table.act("South", Intent(Action.OFFER, counter))
    table.act("South", Intent(Action.REFER_BACK, counter))
    assert table.awaited is not None and table.awaited.party == "South" and table.awaited.kind == "propose"
    table.act("South", Intent(Action.OFFER, counter))  # approved: now within its powers
    assert table.record.events[-1].kind is EventKind.OFFER and table.record.events[-1].outcome == counter


def test_without_limited_powers_a_delegation_may_go_below_its_limit() -> None:
    table = setting(limited_powers=False).table
    assert table.authority == {}
    table.act("North", Intent(Action.OFFER, package_for(setting().table, "North", "between")))
    assert table.record.events[-1].kind is EventKind.OFFER


def test_agents_are_bound_by_their_own_envoy_not_by_the_rooms_check() -> None:
    table = setting(seats={"South": {"kind": "agent"}}).table
    assert set(table.authority) == {"North"}


def test_the_api_refuses_a_move_beyond_authority_with_a_clear_409(client: TestClient) -> None:
    answer = client.post(
        "/api/rooms", json={"scenario": "ceasefire", "process": False}, headers=FACILITATOR
    ).json()
    low = package_for(setting().table, "North", "between")
    response = client.post(
        f"/api/rooms/{answer['id']}/moves",
        json={"client_id": "low-1", "action": "offer", "indices": list(low)},
        headers=token_of(answer, "delegation:North"),
    )
    assert response.status_code == 409
    assert "below your authority limit" in response.json()["detail"]
    log = client.get(f"/api/rooms/{answer['id']}/log", headers=FACILITATOR).json()
    assert [entry["kind"] for entry in log] == ["room_created"]  # nothing logged


def test_the_packages_within_everyones_powers_are_exactly_those_no_move_refuses() -> None:
    table = setting().table
    within = {tuple(int(i) for i in row) for row in table.within_powers()}
    assert within and len(within) < table.space.feasible_count
    for party in ("North", "South"):
        assert all(table.utility(party, package) >= table.authority[party] - 1e-9 for package in within)
    inside = next(iter(sorted(within)))
    table.act("North", Intent(Action.OFFER, inside))
    table.act("South", Intent(Action.ACCEPT))  # within South's powers too: no referral needed
    assert table.state.agreement == inside
