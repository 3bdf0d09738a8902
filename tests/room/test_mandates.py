"""A principal adjusts its delegation's mandate before the talks: the authority limit a person
delegation is held to, within the reservation value and the best package's worth, only before the
delegation's first move; the change is logged and kept across a restart."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from parley.room import create_app
from tests.room.conftest import KEY, open_room, token_of

OFFER = [1, 1, 10, 0, 0, 0]  # local ceasefire, joint commission, 10 exchanged: worth 0.483 to South


def _room(client: TestClient) -> dict[str, Any]:
    return open_room(
        client, scenario="ceasefire", process=True, limited_powers=True, principals={"South": "person"}
    )


def _adjust(client: TestClient, room: dict[str, Any], label: str, client_id: str, limit: float) -> Any:
    body = {"client_id": client_id, "authority_limit": limit}
    return client.post(f"/api/rooms/{room['id']}/mandate", json=body, headers=token_of(room, label))


def _mandate(client: TestClient, room: dict[str, Any], label: str) -> dict[str, Any]:
    view: dict[str, Any] = client.get(f"/api/rooms/{room['id']}", headers=token_of(room, label)).json()
    return view["mandate"]


def _move(client: TestClient, room: dict[str, Any], party: str, client_id: str, **body: Any) -> Any:
    body = {"client_id": client_id, **body}
    return client.post(
        f"/api/rooms/{room['id']}/moves", json=body, headers=token_of(room, f"delegation:{party}")
    )


def test_a_lower_limit_set_before_the_talks_lets_the_delegation_accept_without_referring(
    client: TestClient,
) -> None:
    before = _room(client)
    assert _move(client, before, "North", "m1", action="offer", indices=OFFER).status_code == 200
    refused = _move(client, before, "South", "m2", action="accept")
    assert refused.status_code == 409 and "refer it back first" in refused.text  # 0.483 < 0.500

    room = _room(client)
    assert _mandate(client, room, "principal:South")["authority_limit"] == 0.5
    answer = _adjust(client, room, "principal:South", "a1", 0.45)
    assert answer.status_code == 200, answer.text
    assert answer.json()["entries"][0]["kind"] == "mandate"
    assert _mandate(client, room, "delegation:South")["authority_limit"] == 0.45
    assert _move(client, room, "North", "m1", action="offer", indices=OFFER).status_code == 200
    accepted = _move(client, room, "South", "m2", action="accept")
    assert accepted.status_code == 200, accepted.text
    stages = client.get(f"/api/rooms/{room['id']}", headers=token_of(room, "observer:1")).json()
    assert stages["room"]["process"]["stages"][0]["status"] == "agreed"


def test_the_mandate_is_fixed_once_the_delegation_has_moved_and_kept_within_bounds(
    client: TestClient,
) -> None:
    room = _room(client)
    low = _adjust(client, room, "principal:South", "a1", 0.1)
    assert low.status_code == 422 and "reservation value 0.280" in low.text
    agent = open_room(client, scenario="ceasefire", process=True, seats={"South": {"kind": "agent"}})
    assert _adjust(client, agent, "principal:South", "a1", 0.45).status_code == 409
    assert _move(client, room, "North", "m1", action="offer", indices=OFFER).status_code == 200
    assert _move(client, room, "South", "m2", action="offer", indices=[2, 2, 10, 0, 0, 0]).status_code == 200
    late = _adjust(client, room, "principal:South", "a2", 0.45)
    assert late.status_code == 409 and "already moved" in late.text
    assert _adjust(client, room, "delegation:South", "a3", 0.45).status_code == 403


def test_the_adjusted_mandate_is_replayed_after_a_restart(database_url: str) -> None:
    with TestClient(create_app(database_url, KEY)) as client:
        room = _room(client)
        assert _adjust(client, room, "principal:South", "a1", 0.45).status_code == 200
        assert _adjust(client, room, "principal:South", "a1", 0.45).json()["duplicate"] is True
    with TestClient(create_app(database_url, KEY)) as client:
        assert _mandate(client, room, "delegation:South")["authority_limit"] == 0.45
        assert _move(client, room, "North", "m1", action="offer", indices=OFFER).status_code == 200
        assert _move(client, room, "South", "m2", action="accept").status_code == 200
