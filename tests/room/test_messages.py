"""A room's message channels: the table (public), a delegation's caucus with its principal, and the
mediator's line to each delegation; each role reads and writes only its own, messages are hash-chained
log entries sent once per client id and kept across a restart."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from parley.room import create_app
from tests.room.conftest import FACILITATOR, KEY, open_room, token_of


def _post(
    client: TestClient, room: dict[str, Any], label: str, client_id: str, channel: str, text: str
) -> int:
    headers = FACILITATOR if label == "server" else token_of(room, label)
    body = {"client_id": client_id, "channel": channel, "text": text}
    return client.post(f"/api/rooms/{room['id']}/messages", json=body, headers=headers).status_code


def _read(client: TestClient, room: dict[str, Any], label: str) -> dict[str, Any]:
    headers = FACILITATOR if label == "server" else token_of(room, label)
    response = client.get(f"/api/rooms/{room['id']}/messages", headers=headers)
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def _texts(client: TestClient, room: dict[str, Any], label: str) -> list[tuple[str, str]]:
    return [(m["channel"], m["text"]) for m in _read(client, room, label)["messages"]]


def _process_room(client: TestClient) -> dict[str, Any]:
    return open_room(client, scenario="ceasefire", process=True, principals={"North": "person"})


def test_each_role_reads_only_its_channels(client: TestClient) -> None:
    room = _process_room(client)
    assert _post(client, room, "delegation:North", "a", "table", "we propose a local ceasefire") == 200
    assert _post(client, room, "delegation:North", "b", "caucus:North", "may we offer monitoring?") == 200
    assert _post(client, room, "principal:North", "c", "caucus:North", "yes, a joint commission") == 200
    assert _post(client, room, "mediator", "d", "mediator:South", "would South accept a pull-back?") == 200
    table = [("table", "we propose a local ceasefire")]
    north_caucus = [("caucus:North", "may we offer monitoring?"), ("caucus:North", "yes, a joint commission")]
    assert _texts(client, room, "delegation:North") == table + north_caucus
    assert _texts(client, room, "principal:North") == table + north_caucus
    assert _texts(client, room, "delegation:South") == [
        *table,
        ("mediator:South", "would South accept a pull-back?"),
    ]
    assert _texts(client, room, "observer:1") == table
    assert len(_texts(client, room, "server")) == 4  # the facilitator reads every channel
    north = _read(client, room, "delegation:North")
    assert north["writable"] == ["table", "caucus:North", "mediator:North"]
    assert _read(client, room, "principal:South")["writable"] == ["caucus:South"]
    assert _read(client, room, "observer:1")["writable"] == []


def test_a_role_may_not_write_on_anothers_channel(client: TestClient) -> None:
    room = _process_room(client)
    assert _post(client, room, "delegation:South", "a", "caucus:North", "what did your principal say?") == 403
    assert _post(client, room, "principal:North", "b", "table", "a principal speaks at the table") == 403
    assert _post(client, room, "observer:1", "c", "table", "an observer speaks") == 403
    assert _post(client, room, "mediator", "d", "caucus:North", "the mediator in a caucus") == 403
    assert _post(client, room, "delegation:North", "e", "back-channel", "no such channel") == 422
    assert _texts(client, room, "server") == []


def test_a_message_is_sent_once_per_client_id_and_survives_a_restart(database_url: str) -> None:
    with TestClient(create_app(database_url, KEY)) as client:
        room = _process_room(client)
        assert _post(client, room, "delegation:North", "m-1", "table", "hello") == 200
        assert _post(client, room, "delegation:North", "m-1", "table", "hello") == 200  # a retry
        assert _post(client, room, "delegation:North", "m-1", "table", "something else") == 409
        assert _texts(client, room, "observer:1") == [("table", "hello")]
        log = client.get(f"/api/rooms/{room['id']}/log", headers=FACILITATOR).json()
        messages = [entry for entry in log if entry["kind"] == "message"]
        assert [(m["role"], m["party"], m["payload"]) for m in messages] == [
            ("delegation", "North", {"channel": "table", "text": "hello"})
        ]
    with TestClient(create_app(database_url, KEY)) as client:
        assert _texts(client, room, "observer:1") == [("table", "hello")]
        verified = client.get(f"/api/rooms/{room['id']}/verify", headers=FACILITATOR).json()
        assert verified["valid"] is True and verified["problems"] == []


def test_a_message_may_propose_a_package_that_everyone_sees_named(client: TestClient) -> None:
    room = _process_room(client)
    url = f"/api/rooms/{room['id']}/messages"
    package = {
        "ceasefire": "full",
        "monitoring": "international_mission",
        "prisoner_exchange": 8,
        "pullback_km": 10.0,
        "sanctions_relief": "partial",
        "settlement_talks": "within_two_years",
    }
    body = {"client_id": "p1", "channel": "table", "text": "a package both could sign", "package": package}
    answer = client.post(url, json=body, headers=token_of(room, "mediator"))
    assert answer.status_code == 200, answer.text
    assert answer.json()["entries"][0]["payload"]["package"] == [2, 2, 8, 2, 1, 1]
    for label in ("delegation:North", "delegation:South", "observer:1"):
        (message,) = _read(client, room, label)["messages"]
        assert message["package"] == package and message["by"] == "mediator"
    broken = {**package, "ceasefire": "none"}  # monitoring without a ceasefire breaks the scenario's rule
    refused = client.post(
        url, json={**body, "client_id": "p2", "package": broken}, headers=token_of(room, "mediator")
    )
    assert refused.status_code == 422 and "breaks a constraint" in refused.text
    wrong = client.post(
        url,
        json={**body, "client_id": "p3", "indices": [9, 9, 9, 9, 9, 9], "package": None},
        headers=token_of(room, "mediator"),
    )
    assert wrong.status_code == 422
    plain = client.post(
        url,
        json={"client_id": "p4", "channel": "table", "text": "no package"},
        headers=token_of(room, "mediator"),
    )
    assert "package" not in plain.json()["entries"][0]["payload"]  # a message without one is stored as before
