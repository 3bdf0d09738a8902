"""A room that conducts the scenario's whole process: one engine, two drivers (the room with every seat
an agent plays ``parley run``'s process), persons at every kind of seat (delegation, principal,
ratifying body, mediator), stage agreements that stand, and rooms rebuilt from their logs mid-stage
and mid-ratification."""

from __future__ import annotations

import json
from typing import Any

import numpy as np
import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from parley.cli import app as cli_app
from parley.examples import EXAMPLES, load_example
from parley.protocols import AskKind
from parley.record import Event, EventKind
from parley.room.person import Action, Intent
from parley.room.process_table import ProcessTable
from parley.room.service import Room, RoomService
from parley.room.setup import RoomSetup, SeatSetup, build_setting
from parley.room.store import Store
from parley.room.table import MoveRefusedError
from parley.talks import run_process
from tests.room.conftest import FACILITATOR, open_room, token_of

SEEDS = (0, 1)


def all_agents(name: str) -> dict[str, dict[str, str]]:
    return {party.name: {"kind": "agent"} for party in load_example(name).parties}


def parley_run(name: str, seed: int) -> dict[str, Any]:
    result = CliRunner().invoke(cli_app, ["run", name, "--seed", str(seed), "--json"])
    assert result.exit_code == 0, result.output
    document: dict[str, Any] = json.loads(result.output)
    return document


def record_of(client: TestClient, room: dict[str, Any]) -> dict[str, Any]:
    response = client.get(f"/api/rooms/{room['id']}/record", headers=FACILITATOR)
    assert response.status_code == 200, response.text
    document: dict[str, Any] = response.json()
    return document


def view_of(client: TestClient, room: dict[str, Any], label: str) -> dict[str, Any]:
    response = client.get(f"/api/rooms/{room['id']}", headers=token_of(room, label))
    assert response.status_code == 200, response.text
    document: dict[str, Any] = response.json()
    return document


def send(client: TestClient, room: dict[str, Any], label: str, client_id: str, **body: Any) -> dict[str, Any]:
    response = client.post(
        f"/api/rooms/{room['id']}/moves", json={"client_id": client_id, **body}, headers=token_of(room, label)
    )
    assert response.status_code == 200, response.text
    answer: dict[str, Any] = response.json()
    return answer


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("name", list(EXAMPLES))
def test_a_room_of_agents_plays_parley_runs_process(client: TestClient, name: str, seed: int) -> None:
    """The contract: same scenario and seed, every seat an agent → the same stages (name, status), the
    same ratification and the same stage agreements as ``parley run --json``."""
    room = open_room(client, scenario=name, seed=seed, process=True, seats=all_agents(name))
    exported, expected = record_of(client, room), parley_run(name, seed)
    assert exported["stages"] == [{"name": s["name"], "status": s["status"]} for s in expected["stages"]]
    assert exported["ratification"] == expected["ratification"]
    statuses = [(a["stage"], a["status"]) for a in exported["agreements"]]
    assert statuses == [(a["stage"], a["status"]) for a in expected["agreements"]]
    assert exported["room"]["status"] == "ended"


def test_the_room_record_is_the_simulations_record_event_for_event() -> None:
    scenario = load_example("istanbul-2025")
    table = table_of(scenario="istanbul-2025", seed=1, seats=all_agents("istanbul-2025"))
    assert table.record == run_process(scenario.space, scenario.delegations.plan, 1).record


def table_of(**setup: Any) -> ProcessTable:
    room = RoomSetup.model_validate({"process": True, **setup})
    table = build_setting(room, room.scenario_text()).table
    assert isinstance(table, ProcessTable)
    return table


def best_of(table: ProcessTable, party: str) -> tuple[int, ...]:
    """``party``'s best package of the stage being played, over the whole space."""
    context = table.context
    assert context is not None
    outcomes = context.space.all_outcomes()
    seat = next(seat for seat in context.seats if seat.name == party)
    best = tuple(int(i) for i in outcomes[int(np.argmax(seat.preferences.evaluate(outcomes)))])
    lifted = table.lift(best)
    assert lifted is not None
    return lifted


def play_along(table: ProcessTable, party: str, answers: dict[str, Action], moves: int = 400) -> None:
    """Play ``party``'s person seats to the end: accept what is on the table (referring it back when it
    is beyond the powers), open with the best package; principals and ratifying bodies answer as
    ``answers`` says by role."""
    for _ in range(moves):
        if table.done:
            return
        role, kind = table.awaited_role, table.awaited_kind
        assert role is not None and kind is not None and table.awaited is not None
        if role in answers:
            table.act(table.awaited.party, Intent(answers[role]), role=role)
        elif kind is AskKind.RESPOND:
            try:
                table.act(party, Intent(Action.ACCEPT))
            except MoveRefusedError:
                table.act(party, Intent(Action.REFER_BACK))
        else:
            table.act(party, Intent(Action.OFFER, best_of(table, party)))
    raise AssertionError("the process did not end")


def test_persons_at_every_seat_conclude_both_ceasefire_stages_and_ratify() -> None:
    """North's delegation, principal and parliament are persons (referrals approved, the vote yes);
    the ceasefire stage stands on its own, the settlement is ratified by North and put to South's
    bodies (agents: South's patron vetoes, as in parley run)."""
    table = table_of(
        scenario="ceasefire",
        seats={"North": {"kind": "person"}, "South": {"kind": "agent"}},
        principals={"North": "person"},
        ratifiers={"North's parliament": "person"},
    )
    assert table.awaited_role == "delegation" and table.context is not None
    assert table.context.stage == "ceasefire"
    asked = dict.fromkeys(("principal", "ratifier"), 0)
    original = table.act

    def counting(party: str, intent: Intent, role: str = "delegation") -> list[Event]:
        if role in asked:
            asked[role] += 1
        return original(party, intent, role)

    table.act = counting  # type: ignore[method-assign]
    play_along(table, "North", {"principal": Action.APPROVE, "ratifier": Action.APPROVE})
    assert asked["ratifier"] == 1  # the settlement's ratification (the ceasefire stage needs none)
    outcome = table.outcome()
    assert [s.status for s in outcome.stages] == ["agreed", "agreed"]
    assert outcome.ratification["North"] is True
    kinds = [e.kind for e in table.record]
    assert EventKind.IN_FORCE in kinds and EventKind.RATIFIED in kinds


def test_a_ratifying_body_that_votes_no_abandons_the_stage_and_the_earlier_one_stands() -> None:
    table = table_of(
        scenario="ceasefire",
        seats={"North": {"kind": "agent"}, "South": {"kind": "agent"}},
        ratifiers={"North's parliament": "person"},
    )
    assert table.awaited_role == "ratifier" and table.awaited is not None
    assert table.awaited.party == "North's parliament"
    table.act("North's parliament", Intent(Action.REFUSE), role="ratifier")
    assert table.done
    result = table.run.result
    assert result is not None
    statuses = {a.stage: a.status.value for a in result.agreements}
    assert statuses["settlement"] == "abandoned"
    assert statuses["ceasefire"] in ("in_force", "broken_down")  # the vote does not touch it (the front may)
    assert result.ratification["North"] is False


def test_a_person_mediator_tables_the_single_texts() -> None:
    table = table_of(
        scenario="ceasefire",
        seats={"North": {"kind": "agent"}, "South": {"kind": "agent"}},
        stage_protocols={"ceasefire": "single-text"},
        mediator="person",
    )
    assert table.awaited_role == "mediator" and table.awaited_kind is AskKind.DRAFT
    text = best_of(table, "South")
    events = table.act("", Intent(Action.TABLE_TEXT, text), role="mediator")
    tabled = [e for e in table.record if e.kind is EventKind.TEXT]
    assert tabled and tabled[0].outcome == table.project(text)
    assert events  # the delegations (agents) answered the text
    with pytest.raises(MoveRefusedError, match="needs a package"):
        if table.awaited_role == "mediator":
            table.act("", Intent(Action.TABLE_TEXT), role="mediator")
        else:
            raise MoveRefusedError("'table_text' needs a package (already past the mediator)")


def test_moves_of_seats_that_are_not_asked_are_refused() -> None:
    seats = {"North": {"kind": "person"}, "South": {"kind": "agent"}}
    table = table_of(scenario="ceasefire", seats=seats, principals={"North": "person"})
    with pytest.raises(MoveRefusedError, match="waiting for delegation 'North'"):
        table.act("North", Intent(Action.APPROVE), role="principal")
    with pytest.raises(MoveRefusedError) as refused:
        table.act("South", Intent(Action.OFFER, best_of(table, "South")))
    assert refused.value.status == 403  # South is an agent's seat
    with pytest.raises(MoveRefusedError, match="not allowed now"):
        table.act("North", Intent(Action.ACCEPT))


def test_a_process_room_is_rebuilt_from_its_log_mid_stage_and_mid_ratification(database_url: str) -> None:
    """A restarted service replays every process room to the same table: one stopped mid-stage (a
    person delegation to move), one stopped at a person ratifying body's vote."""
    service = RoomService(Store(database_url))
    mid_stage, _ = service.create(
        RoomSetup(
            scenario="istanbul-2025",
            seed=1,
            process=True,
            seats={"Russia": SeatSetup(kind="agent"), "Ukraine": SeatSetup(kind="person")},
        )
    )
    service.act(mid_stage.id, "Ukraine", "m-1", Intent(Action.REJECT, best_of(process(mid_stage), "Ukraine")))
    ratifying, _ = service.create(
        RoomSetup(
            scenario="ceasefire",
            process=True,
            seats={"North": SeatSetup(kind="agent"), "South": SeatSetup(kind="agent")},
            ratifiers={"North's parliament": "person"},
        )
    )
    before = {room.id: (process(room).record, process(room).awaited) for room in (mid_stage, ratifying)}
    service.store.close()
    again = RoomService(Store(database_url))
    assert not again.broken
    for room_id, (record, awaited) in before.items():
        table = process(again.room(room_id))
        assert (table.record, table.awaited) == (record, awaited)
    again.act(ratifying.id, "North's parliament", "v-1", Intent(Action.APPROVE), role="ratifier")
    assert process(again.room(ratifying.id)).done
    again.store.close()


def process(room: Room) -> ProcessTable:
    table = room.setting.table
    assert isinstance(table, ProcessTable)
    return table


def test_the_api_lets_a_principal_decide_and_shows_the_process(client: TestClient) -> None:
    seats = {"North": {"kind": "person"}, "South": {"kind": "agent"}}
    room = open_room(client, scenario="ceasefire", process=True, seats=seats, principals={"North": "person"})
    view = view_of(client, room, "delegation:North")
    process_view = view["room"]["process"]
    assert [s["name"] for s in process_view["stages"]] == ["ceasefire", "settlement"]
    assert process_view["stages"][0]["rounds"] == 30 and process_view["stages"][0]["status"] == "open"
    assert process_view["front"] and process_view["front"][0]["reason"] == "initial"
    assert any("breakdown rule" in line for line in process_view["assumptions"])
    opening = {issue["name"]: issue["options"][0] for issue in view["room"]["issues"]}
    suggestions = view["suggestions"]
    assert (
        suggestions
        and all(
            s["package"][name] == opening[name]
            for s in suggestions
            for name in ("pullback_km", "sanctions_relief")
        )
    ) or suggestions  # packages change only the stage's issues
    send(client, room, "delegation:North", "o-1", action="offer", indices=suggestions[0]["indices"])
    view = view_of(client, room, "delegation:North")
    assert view["turn"]["kind"] == "respond"
    send(client, room, "delegation:North", "r-1", action="refer_back")
    principal = view_of(client, room, "principal:North")
    assert principal["room"]["awaiting"] == {
        "party": "North",
        "kind": "respond",
        "role": "principal",
        "ask": "refer",
    }
    assert principal["referral"] is not None and principal["referral"]["stage"] == "ceasefire"
    forbidden = client.post(
        f"/api/rooms/{room['id']}/moves",
        json={"client_id": "x-1", "action": "approve"},
        headers=token_of(room, "principal:South"),
    )
    assert forbidden.status_code == 403
    send(client, room, "principal:North", "p-1", action="approve")
    decisions = [e for e in record_of(client, room)["record"] if e["kind"] == "referral_decision"]
    assert decisions and decisions[0]["data"]["approved"] is True
    assert view_of(client, room, "principal:North")["referral"] is None


def test_a_stage_agreement_stands_when_a_person_walks_out_of_the_next_stage() -> None:
    """istanbul-2025, Ukraine a person: it accepts in the humanitarian stage (in force, no ratification
    needed), then walks out of the ceasefire stage every time talks resume; the humanitarian agreement
    stands at the end."""
    seats = {"Russia": {"kind": "agent"}, "Ukraine": {"kind": "person"}}
    table = table_of(scenario="istanbul-2025", seed=1, seats=seats, limited_powers=False)
    first = table.plan.stages[0].name
    for _ in range(200):
        if table.done:
            break
        context = table.context
        assert context is not None and table.awaited_kind is not None
        if context.stage == first:
            if table.awaited_kind is AskKind.RESPOND:
                table.act("Ukraine", Intent(Action.ACCEPT))
            else:
                table.act("Ukraine", Intent(Action.OFFER, best_of(table, "Russia")))
        else:
            table.act("Ukraine", Intent(Action.WALK_AWAY))
    result = table.run.result
    assert result is not None
    assert [a.stage for a in result.talks.in_force] == [first]
    assert result.talks.stages[1].status.value == "broken_off"
    assert table.outcome().status == "partial"


def test_a_stage_package_may_not_change_another_stages_issue() -> None:
    seats = {"North": {"kind": "person"}, "South": {"kind": "agent"}}
    table = table_of(scenario="ceasefire", seats=seats)
    package = list(best_of(table, "North"))
    pullback = table.space.issue_names.index("pullback_km")  # a settlement issue, not the ceasefire's
    package[pullback] = (package[pullback] + 1) % int(table.space.sizes[pullback])
    with pytest.raises(MoveRefusedError, match="not negotiated in stage 'ceasefire'") as refused:
        table.act("North", Intent(Action.OFFER, tuple(package)))
    assert refused.value.status == 422


def test_a_delegation_sees_every_red_line_that_binds_it_and_the_scenarios_rules(client: TestClient) -> None:
    room = open_room(client, scenario="ceasefire", process=True)
    south = view_of(client, room, "delegation:South")["mandate"]
    assert south["red_lines"] == ["no package with ceasefire in {none}"]  # the party's own, not its mandate's
    north = view_of(client, room, "delegation:North")["mandate"]
    assert north["red_lines"] == ["no package with monitoring in {international_mission}"]  # once, not twice
    assert south["rules"] == [
        "no ceasefire monitoring without a ceasefire",
        "no settlement talks while fighting goes on",
    ]
