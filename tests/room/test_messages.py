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
