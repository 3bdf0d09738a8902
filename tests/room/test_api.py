"""The room's HTTP API: idempotent client ids, racing moves, refused requests with a clear ``detail``,
notes, closing, the agreement, the exports and recovery after a restart."""

from __future__ import annotations

import json
import re
import threading
from collections import Counter
from typing import Any

import pytest
from fastapi.testclient import TestClient

from parley.room import create_app
from parley.room.chain import LogEntry, verify_chain
from parley.room.person import Action, Intent
from parley.room.table import MoveRefusedError
from tests.room.conftest import FACILITATOR, KEY, open_room, token_of

P = [1, 0, 5, 0, 2, 1]  # ceasefire packages as option indices
Q = [2, 1, 5, 3, 1, 2]
P_VALUES = {
    "ceasefire": "local",
    "monitoring": "none",
    "prisoner_exchange": 5,
    "pullback_km": 0.0,
    "sanctions_relief": "full",
    "settlement_talks": "within_two_years",
}


def post_move(client: TestClient, room: dict[str, Any], party: str, **body: Any) -> Any:
    return client.post(
        f"/api/rooms/{room['id']}/moves", json=body, headers=token_of(room, f"delegation:{party}")
    )


def view(client: TestClient, room: dict[str, Any], headers: dict[str, str] = FACILITATOR) -> dict[str, Any]:
    response = client.get(f"/api/rooms/{room['id']}", headers=headers)
    assert response.status_code == 200, response.text
    data: dict[str, Any] = response.json()
    return data


def log(client: TestClient, room: dict[str, Any]) -> list[dict[str, Any]]:
    entries: list[dict[str, Any]] = client.get(f"/api/rooms/{room['id']}/log", headers=FACILITATOR).json()
    return entries


# --- idempotent client ids ----------------------------------------------------------------------------------
def test_a_retried_move_is_applied_once(client: TestClient) -> None:
    room = open_room(client)
    first = post_move(client, room, "North", client_id="move-1", action="offer", indices=P)
    assert first.status_code == 200 and first.json()["duplicate"] is False
    entries = log(client, room)
    for _ in range(3):
        again = post_move(client, room, "North", client_id="move-1", action="offer", indices=P)
        assert again.status_code == 200
        assert again.json()["duplicate"] is True and again.json()["entries"] == []
    assert log(client, room) == entries
    assert [e["kind"] for e in view(client, room)["record"]] == ["offer"]


def test_a_retry_is_acknowledged_even_after_the_turn_has_passed(client: TestClient) -> None:
    room = open_room(client)
    post_move(client, room, "North", client_id="move-1", action="offer", indices=P)
    post_move(client, room, "South", client_id="move-2", action="reject", indices=Q)
    again = post_move(client, room, "North", client_id="move-1", action="offer", package=P_VALUES)
    assert again.status_code == 200 and again.json()["duplicate"] is True  # the same package, named by value


def test_a_retry_is_answered_with_the_same_log_position(client: TestClient) -> None:
    room = open_room(client)
    first = post_move(client, room, "North", client_id="move-1", action="offer", indices=P).json()
    again = post_move(client, room, "North", client_id="move-1", action="offer", indices=P).json()
    assert again["seq"] == first["seq"]


@pytest.mark.parametrize(
    "body",
    [
        {"action": "offer", "indices": Q},  # another package
        {"action": "walk_away"},  # another action
    ],
)
def test_a_client_id_reused_for_another_move_is_refused(client: TestClient, body: dict[str, Any]) -> None:
    room = open_room(client)
    post_move(client, room, "North", client_id="move-1", action="offer", indices=P)
    entries = log(client, room)
    response = post_move(client, room, "North", client_id="move-1", **body)
    assert response.status_code == 409
    assert response.json() == {"detail": "this client id was already used for a different request"}
    assert log(client, room) == entries


def test_a_client_id_is_one_request_per_seat(client: TestClient) -> None:
    """Client ids are scoped per seat (tests/room/test_abuse.py): another seat's id is its own request,
    the same seat's id for another request is refused."""
    room = open_room(client)
    post_move(client, room, "North", client_id="shared", action="offer", indices=P)
    south = post_move(client, room, "South", client_id="shared", action="offer", indices=P)
    assert south.status_code == 200 and south.json()["duplicate"] is False
    note = client.post(
        f"/api/rooms/{room['id']}/notes",
        json={"client_id": "shared", "text": "hello"},
        headers=token_of(room, "delegation:North"),
    )
    assert note.status_code == 409


def test_a_retried_note_is_kept_once(client: TestClient) -> None:
    room = open_room(client)
    body = {"client_id": "note-1", "text": "we need a break", "private": False}
    headers = token_of(room, "delegation:South")
    answers = [client.post(f"/api/rooms/{room['id']}/notes", json=body, headers=headers) for _ in range(2)]
    assert [a.json()["duplicate"] for a in answers] == [False, True]
    assert [n["text"] for n in view(client, room)["notes"]] == ["we need a break"]
    changed = client.post(
        f"/api/rooms/{room['id']}/notes", json={**body, "text": "something else"}, headers=headers
    )
    assert changed.status_code == 409


# --- racing moves -------------------------------------------------------------------------------------------
def race(client: TestClient, room: dict[str, Any], party: str, bodies: list[dict[str, Any]]) -> list[Any]:
    """Send ``bodies`` for ``party`` at once, one thread each; the responses in order."""
    barrier = threading.Barrier(len(bodies))
    responses: list[Any] = [None] * len(bodies)

    def send(i: int) -> None:
        barrier.wait()
        responses[i] = post_move(client, room, party, **bodies[i])

    threads = [threading.Thread(target=send, args=(i,)) for i in range(len(bodies))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return responses


def test_racing_offers_for_one_turn_have_exactly_one_winner(client: TestClient) -> None:
    room = open_room(client)
    offers = [[1 + i % 2, 0, i % 11, i % 7, i % 3, 1] for i in range(12)]
    bodies = [{"client_id": f"race-{i}", "action": "offer", "indices": o} for i, o in enumerate(offers)]
    responses = race(client, room, "North", bodies)
    assert Counter(r.status_code for r in responses) == {200: 1, 409: 11}
    winner = next(i for i, r in enumerate(responses) if r.status_code == 200)
    for response in responses:
        if response.status_code == 409:
            assert response.json()["detail"] == "it is not North's move; the table is waiting for 'South'"
    record = view(client, room)["record"]
    assert [(e["kind"], e["outcome"]) for e in record] == [("offer", offers[winner])]
    verdict = client.get(f"/api/rooms/{room['id']}/verify", headers=FACILITATOR).json()
    assert verdict == {"room": room["id"], "entries": 3, "valid": True, "problems": []}


def test_racing_retries_of_one_move_apply_it_once(client: TestClient) -> None:
    room = open_room(client)
    body = {"client_id": "same", "action": "offer", "indices": P}
    responses = race(client, room, "North", [body] * 10)
    assert all(r.status_code == 200 for r in responses)
    assert sorted(r.json()["duplicate"] for r in responses) == [False] + [True] * 9
    assert [e["kind"] for e in log(client, room)] == ["room_created", "action", "engine"]


def test_racing_rooms_do_not_interfere(client: TestClient) -> None:
    rooms = [open_room(client) for _ in range(4)]
    barrier = threading.Barrier(len(rooms))
    failures: list[str] = []

    def play(room: dict[str, Any]) -> None:
        barrier.wait()
        for k in range(6):
            party, action = ("North", "offer") if k == 0 else (("South", "North")[k % 2 == 0], "reject")
            package = [1 + k % 2, 0, k, k % 7, k % 3, 1]
            answer = post_move(client, room, party, client_id=f"m{k}", action=action, indices=package)
            if answer.status_code != 200:
                failures.append(answer.text)

    threads = [threading.Thread(target=play, args=(room,)) for room in rooms]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    for room in rooms:
        entries = log(client, room)
        assert [e["client_id"] for e in entries if e["kind"] == "action"] == [f"m{k}" for k in range(6)]
        assert client.get(f"/api/rooms/{room['id']}/verify", headers=FACILITATOR).json()["valid"]


def test_racing_threads_on_the_service_are_serialised_by_the_rooms_lock(client: TestClient) -> None:
    """Below the event loop: threads calling the service at once still make exactly one winner."""
    service = client.app.state.service  # type: ignore[attr-defined]
    room = open_room(client)
    barrier = threading.Barrier(16)
    outcomes: list[str] = []

    def offer(i: int) -> None:
        barrier.wait()
        try:
            service.act(room["id"], "North", f"t{i}", Intent(Action.OFFER, (1, 0, i % 11, 0, 2, 1)))
            outcomes.append("applied")
        except MoveRefusedError as error:
            outcomes.append(f"{error.status}")

    threads = [threading.Thread(target=offer, args=(i,)) for i in range(16)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert Counter(outcomes) == {"applied": 1, "409": 15}
    entries = service.store.entries(room["id"])
    assert verify_chain(room["id"], entries) == [] and entries == service.room(room["id"]).log
    assert [e.kind for e in entries] == ["room_created", "action", "engine"]


def test_a_second_server_on_the_same_database_cannot_fork_a_room(
    client: TestClient, database_url: str
) -> None:
    room = open_room(client)
    with TestClient(create_app(database_url, KEY), raise_server_exceptions=False) as second:
        assert (
            post_move(client, room, "North", client_id="first", action="offer", indices=P).status_code == 200
        )
        stale = post_move(second, room, "North", client_id="second", action="offer", indices=Q)
        # the database refuses the fork whatever the answer; the answer should say what happened
        assert [e["client_id"] for e in log(client, room) if e["kind"] == "action"] == ["first"]
        assert view(second, room)["log"] == view(client, room)["log"]  # the second server caught up
        assert stale.status_code == 409, stale.text


# --- refused requests: 4xx with a clear detail --------------------------------------------------------------
def detail_of(response: Any) -> str:
    """The response's ``detail`` as text (pydantic's list of errors joined)."""
    detail = response.json()["detail"]
    if isinstance(detail, list):
        assert detail and all({"loc", "msg"} <= set(error) for error in detail)
        return "; ".join(f"{'.'.join(map(str, error['loc']))}: {error['msg']}" for error in detail)
    assert isinstance(detail, str) and detail
    return detail


@pytest.mark.parametrize(
    ("party", "body", "status", "words"),
    [
        ("North", {"client_id": "x", "action": "offer", "indices": P, "colour": "red"}, 422, "body.colour"),
        ("North", {"client_id": "x", "action": "bribe"}, 422, "body.action"),
        ("North", {"action": "offer", "indices": P}, 422, "body.client_id: Field required"),
        ("North", {"client_id": "has space", "action": "offer", "indices": P}, 422, "body.client_id"),
        ("North", {"client_id": "x" * 101, "action": "offer", "indices": P}, 422, "body.client_id"),
        (
            "North",
            {"client_id": "x", "action": "offer", "indices": [1, 0, 5, 0, 2, 1.5]},
            422,
            "body.indices.5",
        ),
        ("North", {"client_id": "x", "action": "offer", "indices": "1,0,5"}, 422, "body.indices"),
        ("North", {"client_id": "x", "action": "offer", "package": ["local"]}, 422, "body.package"),
        (
            "North",
            {"client_id": "x", "action": "offer", "package": {**P_VALUES, "colour": "red"}},
            422,
            "package: no issue 'colour'; issues: ceasefire, monitoring, prisoner_exchange",
        ),
        (
            "North",
            {"client_id": "x", "action": "offer", "package": {"ceasefire": "local"}},
            422,
            "package: no value for issue 'monitoring' (a package names every issue)",
        ),
        (
            "North",
            {"client_id": "x", "action": "offer", "package": {**P_VALUES, "ceasefire": "eternal"}},
            422,
            "package.ceasefire: issue 'ceasefire' has no option 'eternal'",
        ),
        (
            "North",
            {"client_id": "x", "action": "offer", "package": {**P_VALUES, "prisoner_exchange": 5.5}},
            422,
            "package.prisoner_exchange: issue 'prisoner_exchange' holds whole numbers 0..10, not 5.5",
        ),
        (
            "North",
            {"client_id": "x", "action": "offer", "package": {**P_VALUES, "prisoner_exchange": 11}},
            422,
            "package.prisoner_exchange:",
        ),
        (
            "North",
            {"client_id": "x", "action": "offer", "package": {**P_VALUES, "pullback_km": 3.0}},
            422,
            "package.pullback_km: 3.0 is not one of the options 0, 5, 10, 15, 20, 25, 30",
        ),
        (
            "North",
            {"client_id": "x", "action": "offer", "package": {**P_VALUES, "pullback_km": 45}},
            422,
            "package.pullback_km: issue 'pullback_km' holds reals in [0.0, 30.0], not 45",
        ),
        (
            "North",
            {"client_id": "x", "action": "offer", "package": P_VALUES, "indices": P},
            422,
            "give the package either as 'package' or as 'indices', not both",
        ),
        (
            "North",
            {"client_id": "x", "action": "offer", "indices": [1, 0, 5]},
            422,
            "is not a package of this space",
        ),
        (
            "North",
            {"client_id": "x", "action": "offer", "indices": [1, 0, 5, 0, 2, 99]},
            422,
            "package [1, 0, 5, 0, 2, 99] is not a package of this space",
        ),
        (
            "North",
            {"client_id": "x", "action": "offer", "indices": [-1, 0, 5, 0, 2, 1]},
            422,
            "not a package",
        ),
        (
            "North",
            {"client_id": "x", "action": "offer", "indices": [0, 1, 0, 0, 0, 0]},
            422,
            "breaks a constraint",
        ),
        ("North", {"client_id": "x", "action": "offer"}, 422, "'offer' needs a package (the counter-offer)"),
        (
            "North",
            {"client_id": "x", "action": "accept"},
            409,
            "North is asked to propose; 'accept' is not allowed",
        ),
        ("South", {"client_id": "x", "action": "offer", "indices": P}, 409, "it is not South's move"),
    ],
)
def test_bad_moves_are_refused_with_a_clear_detail(
    client: TestClient, party: str, body: dict[str, Any], status: int, words: str
) -> None:
    room = open_room(client)
    before = log(client, room)
    response = post_move(client, room, party, **body)
    assert response.status_code == status, response.text
    assert words in detail_of(response)
    assert log(client, room) == before


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (b"{not json", "JSON decode error"),
        (b"", "body: Field required"),
        (b"[1, 2]", "body: Input should be a valid dictionary"),
        (b'"offer"', "body: Input should be a valid dictionary"),
    ],
)
def test_a_body_that_is_not_a_json_object_is_refused(client: TestClient, content: bytes, words: str) -> None:
    room = open_room(client)
    headers = {**token_of(room, "delegation:North"), "Content-Type": "application/json"}
    response = client.post(f"/api/rooms/{room['id']}/moves", content=content, headers=headers)
    assert response.status_code == 422
    assert words in detail_of(response)


@pytest.mark.parametrize("label", ["facilitator", "mediator", "observer:1"])
def test_only_delegations_move(client: TestClient, label: str) -> None:
    room = open_room(client)
    body = {"client_id": "x", "action": "offer", "indices": P}
    response = client.post(f"/api/rooms/{room['id']}/moves", json=body, headers=token_of(room, label))
    assert response.status_code == 403
    assert detail_of(response) == f"a {label.split(':')[0]} may not do this"


def test_an_agents_seat_cannot_be_moved_by_its_delegation(client: TestClient) -> None:
    room = open_room(client, seats={"South": {"kind": "agent", "strategy": "boulware"}})
    response = post_move(client, room, "South", client_id="x", action="offer", indices=P)
    assert response.status_code == 403
    assert detail_of(response) == "'South' is not a person's seat at this table"


@pytest.mark.parametrize(
    ("body", "words"),
    [
        ({"scenario": "atlantis"}, "no built-in scenario 'atlantis'; built-in: ceasefire"),
        ({"scenario": "ceasefire", "scenario_yaml": "x: 1"}, "give exactly one of 'scenario'"),
        ({}, "give exactly one of 'scenario'"),
        ({"scenario_yaml": "parley: 1\nissues: ["}, "scenario_yaml, line 2: not valid YAML"),
        ({"scenario_yaml": "- a list"}, "scenario_yaml: a scenario file must be a YAML mapping"),
        ({"scenario_yaml": "parley: 1\ntitle: x\n"}, "scenario_yaml, line 1, at issues: Field required"),
        ({"scenario": "ceasefire", "protocol": "auction"}, "body.protocol"),
        ({"scenario": "ceasefire", "rounds": 0}, "body.rounds"),
        ({"scenario": "ceasefire", "observers": 21}, "body.observers"),
        ({"scenario": "ceasefire", "colour": "red"}, "body.colour: Extra inputs are not permitted"),
        ({"scenario": "ceasefire", "seats": {"East": {}}}, "seats.East: no party 'East' in the scenario"),
        ({"scenario": "ceasefire", "seats": {"South": {"kind": "robot"}}}, "body.seats.South.kind"),
        (
            {"scenario": "ceasefire", "seats": {"South": {"kind": "agent", "strategy": "psychic"}}},
            "seats.South: no negotiator called 'psychic'",
        ),
        (
            {
                "scenario": "ceasefire",
                "seats": {"South": {"kind": "agent", "strategy": "boulware", "params": {"e": -1}}},
            },
            "seats.South: the concession exponent e must be positive",
        ),
        (
            {"scenario": "ceasefire", "seats": {"South": {"kind": "person", "strategy": "boulware"}}},
            "seats.South: a person's seat takes no strategy or params",
        ),
        (
            {
                "scenario": "ceasefire",
                "seats": {"South": {"kind": "agent", "strategy": "bayesian", "params": {"levels": 0}}},
            },
            "seats: an agent failed at the start (ZeroDivisionError",
        ),
    ],
)
def test_bad_room_setups_are_refused_with_a_clear_detail(
    client: TestClient, body: dict[str, Any], words: str
) -> None:
    response = client.post("/api/rooms", json=body, headers=FACILITATOR)
    assert response.status_code == 422, response.text
    assert words in detail_of(response)
    assert client.get("/api/rooms", headers=FACILITATOR).json() == []


def test_an_agent_that_fails_mid_negotiation_leaves_the_room_as_it_was(client: TestClient) -> None:
    room = open_room(
        client, seats={"South": {"kind": "agent", "strategy": "bayesian", "params": {"sigma": "x"}}}
    )
    before = log(client, room)
    response = post_move(client, room, "North", client_id="x", action="offer", indices=P)
    assert response.status_code == 500
    assert "an agent at this table failed" in detail_of(response) and "not applied" in detail_of(response)
    assert log(client, room) == before
    assert view(client, room)["room"]["awaiting"] == {"party": "North", "kind": "propose"}


@pytest.mark.parametrize(
    ("body", "words"),
    [
        ({"client_id": "n", "text": ""}, "body.text"),
        ({"client_id": "n", "text": "x" * 5001}, "body.text"),
        ({"text": "hello"}, "body.client_id: Field required"),
        ({"client_id": "n", "text": "hello", "to": "South"}, "body.to: Extra inputs are not permitted"),
        ({"client_id": "n", "text": "hello", "private": "maybe"}, "body.private"),
    ],
)
def test_bad_notes_are_refused(client: TestClient, body: dict[str, Any], words: str) -> None:
    room = open_room(client)
    response = client.post(f"/api/rooms/{room['id']}/notes", json=body, headers=token_of(room, "mediator"))
    assert response.status_code == 422
    assert words in detail_of(response)


# --- notes --------------------------------------------------------------------------------------------------
def test_notes_are_private_unless_said_otherwise(client: TestClient) -> None:
    room = open_room(client)
    base = f"/api/rooms/{room['id']}"
    north = token_of(room, "delegation:North")
    client.post(f"{base}/notes", json={"client_id": "a", "text": "our fallback"}, headers=north)
    client.post(f"{base}/notes", json={"client_id": "b", "text": "welcome", "private": False}, headers=north)
    mine = view(client, room, north)["notes"]
    assert [(n["text"], n["private"], n["by"], n["party"]) for n in mine] == [
        ("our fallback", True, "delegation", "North"),
        ("welcome", False, "delegation", "North"),
    ]
    assert all(n["seq"] and n["at"] for n in mine)
    assert [n["text"] for n in view(client, room, token_of(room, "delegation:South"))["notes"]] == ["welcome"]
    assert [n["text"] for n in view(client, room, token_of(room, "observer:1"))["notes"]] == ["welcome"]
    assert [n["text"] for n in view(client, room)["notes"]] == ["our fallback", "welcome"]


def test_notes_do_not_touch_the_negotiation(client: TestClient) -> None:
    room = open_room(client)
    client.post(
        f"/api/rooms/{room['id']}/notes",
        json={"client_id": "a", "text": "hm"},
        headers=token_of(room, "mediator"),
    )
    assert view(client, room)["room"]["awaiting"] == {"party": "North", "kind": "propose"}
    assert post_move(client, room, "North", client_id="m", action="offer", indices=P).status_code == 200


# --- closing ------------------------------------------------------------------------------------------------
def test_a_closed_room_takes_no_more_moves(client: TestClient) -> None:
    room = open_room(client)
    post_move(client, room, "North", client_id="m1", action="offer", indices=P)
    closed = client.post(
        f"/api/rooms/{room['id']}/close", json={"reason": "time"}, headers=token_of(room, "facilitator")
    )
    assert closed.status_code == 200 and closed.json()["duplicate"] is False
    assert closed.json()["entries"][0]["kind"] == "room_closed"
    assert closed.json()["entries"][0]["payload"] == {"reason": "time"}
    public = view(client, room, token_of(room, "observer:1"))["room"]
    assert public["status"] == "closed" and public["awaiting"] is None
    refused = post_move(client, room, "South", client_id="m2", action="accept")
    assert refused.status_code == 409 and detail_of(refused) == "the negotiation has ended"
    again = client.post(f"/api/rooms/{room['id']}/close", json={}, headers=FACILITATOR)
    assert again.status_code == 200 and again.json()["duplicate"] is True
    assert [e["kind"] for e in log(client, room)].count("room_closed") == 1
    notes = client.post(
        f"/api/rooms/{room['id']}/notes", json={"client_id": "n", "text": "after"}, headers=FACILITATOR
    )
    assert notes.status_code == 200  # the record of a closed room can still be annotated


# --- the agreement and the exports --------------------------------------------------------------------------
def agree(client: TestClient, room: dict[str, Any]) -> None:
    assert post_move(client, room, "North", client_id="m1", action="offer", indices=P).status_code == 200
    assert post_move(client, room, "South", client_id="m2", action="accept").status_code == 200


def test_the_agreement_is_drafted_only_after_agreement(client: TestClient) -> None:
    room = open_room(client)
    url = f"/api/rooms/{room['id']}/agreement"
    before = client.get(url, headers=token_of(room, "observer:1"))
    assert before.status_code == 409 and detail_of(before) == "no agreement has been reached in this room"
    agree(client, room)
    for label in room["links"]:
        answer = client.get(url, headers=token_of(room, label))
        assert answer.status_code == 200, label
        assert answer.headers["content-type"] == "text/markdown; charset=utf-8"
        text = answer.text
        assert text.startswith("# Agreement between North and South on a ceasefire and further talks")
        assert "The parties cease hostilities in the sectors of the line of contact" in text  # local
        assert "Each party releases 500 of the persons it holds" in text
        assert "The sanctions in force are lifted" in text


def test_the_record_export(client: TestClient) -> None:
    room = open_room(client)
    agree(client, room)
    export = client.get(f"/api/rooms/{room['id']}/record", headers=token_of(room, "delegation:North")).json()
    assert export["format"] == "parley-room-record/1"
    assert export["room"]["id"] == room["id"] and export["room"]["status"] == "ended"
    assert export["room"]["agreement"] == P_VALUES
    assert export["scenario"]["protocol"] == "alternating"
    assert [(e["kind"], e["party"], e["package"]) for e in export["record"]] == [
        ("offer", "North", P_VALUES),
        ("accept", "South", P_VALUES),
        ("agreement", "North", P_VALUES),
    ]
    entries = log(client, room)
    assert export["log"] == {"entries": len(entries), "head": entries[-1]["hash"]}
    json.dumps(export, allow_nan=False)  # strict JSON: no NaN or infinity anywhere


def test_the_report_is_a_self_contained_html_page(client: TestClient) -> None:
    room = open_room(client)
    agree(client, room)
    response = client.get(f"/api/rooms/{room['id']}/report", headers=FACILITATOR)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    html = response.text
    assert html.lstrip().lower().startswith("<!doctype html>")
    assert room["id"] in html and "Draft agreement" in html and "Mandates" in html
    assert '<script src="http' not in html  # plotly is inlined, nothing is fetched


def test_the_log_is_a_valid_chain(client: TestClient) -> None:
    room = open_room(client, seats={"South": {"kind": "agent", "strategy": "boulware"}})
    post_move(client, room, "North", client_id="m1", action="offer", indices=P)
    entries = log(client, room)
    assert entries[0]["kind"] == "room_created" and entries[0]["payload"]["setup"]["scenario"] == "ceasefire"
    assert verify_chain(room["id"], [LogEntry(**e) for e in entries]) == []


def test_pages_and_assets_are_served(client: TestClient) -> None:
    room = open_room(client)
    for url in ("/", f"/room/{room['id']}"):
        page = client.get(url)
        assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    for name in ("room.js", "console.js", "room.css"):
        assert client.get(f"/static/{name}").status_code == 200
    assert '<script type="module" src="/static/room.js">' in client.get(f"/room/{room['id']}").text
    assert '<script type="module" src="/static/console.js">' in client.get("/").text
    # the pages are ES modules: each module they import (and those import) is served as JavaScript
    modules = ["room.js", "console.js"]
    for name in modules:
        script = client.get(f"/static/{name}")
        assert script.status_code == 200, name
        assert script.headers["content-type"].startswith("text/javascript"), name
        imported = re.findall(r'^(?:import [^\n]*|\}) from "\./([\w.-]+\.js)";$', script.text, re.MULTILINE)
        modules += [module for module in imported if module not in modules]
    assert {"common.js", "room-format.js", "room-live.js", "sse.js", "retry.js"} <= set(modules)
    assert client.get("/static/secrets.txt").status_code == 404
    assert client.get("/static/..%2Fapp.py").status_code == 404


# --- recovery -----------------------------------------------------------------------------------------------
def test_a_restarted_app_shows_the_same_views(database_url: str) -> None:
    with TestClient(create_app(database_url, KEY)) as first:
        rooms = [
            open_room(first),
            open_room(
                first, protocol="simultaneous", seats={"South": {"kind": "agent", "strategy": "conceder"}}
            ),
            open_room(first, protocol="single-text"),
        ]
        post_move(first, rooms[0], "North", client_id="m1", action="offer", indices=P)
        post_move(first, rooms[0], "South", client_id="m2", action="refer_back")
        post_move(first, rooms[1], "North", client_id="m1", action="offer", indices=P)
        post_move(first, rooms[2], "North", client_id="m1", action="reject")
        first.post(
            f"/api/rooms/{rooms[2]['id']}/notes",
            json={"client_id": "n", "text": "x"},
            headers=token_of(rooms[2], "mediator"),
        )
        first.post(f"/api/rooms/{rooms[2]['id']}/close", json={"reason": "r"}, headers=FACILITATOR)
        seen = {
            (room["id"], label): view(first, room, token_of(room, label))
            for room in rooms
            for label in room["links"]
        }
        logs = [log(first, room) for room in rooms]
    with TestClient(create_app(database_url, KEY)) as second:
        assert [r["id"] for r in second.get("/api/rooms", headers=FACILITATOR).json()] == [
            r["id"] for r in rooms
        ]
        for room in rooms:
            for label in room["links"]:
                assert view(second, room, token_of(room, label)) == seen[(room["id"], label)], label
        assert [log(second, room) for room in rooms] == logs
        # the recovered rooms go on: a retry is still known, a new move is applied
        retry = post_move(second, rooms[0], "North", client_id="m1", action="offer", indices=P)
        assert retry.json()["duplicate"] is True
        assert post_move(second, rooms[1], "North", client_id="m2", action="reject").status_code == 200
