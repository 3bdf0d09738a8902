"""A process room forked at a round into a new room (a rehearsal): the fork's record is the room's
first rounds, event for event; it goes on with the seats the request names; it is rebuilt from its own
log after a restart; a room not yet at the round, or one that runs one negotiation, is refused."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from parley.room import create_app
from tests.room.conftest import FACILITATOR, KEY, open_room, settled, token_of
from tests.room.test_process_crash import stage_packages

AGENTS = {"North": {"kind": "agent"}, "South": {"kind": "agent"}}


def _record(client: TestClient, room_id: str) -> list[dict[str, Any]]:
    body = client.get(f"/api/rooms/{room_id}/record", headers=FACILITATOR).json()
    events: list[dict[str, Any]] = body["record"]
    return events


def _fork(client: TestClient, room_id: str, **body: Any) -> Any:
    """Fork ``room_id`` (the answer), waiting for the fork's agents to play on to their first stop."""
    answer = client.post(f"/api/rooms/{room_id}/fork", json=body, headers=FACILITATOR)
    if answer.status_code == 201:
        settled(client, answer.json()["id"])
    return answer


def _played(client: TestClient) -> dict[str, Any]:
    """A ceasefire process room where two persons have made six offers."""
    room = open_room(client, scenario="ceasefire", process=True)
    packages = stage_packages()
    for k in range(6):
        party = ("North", "South")[k % 2]
        body = {"client_id": f"m{k}", "action": "offer", "indices": packages[(11 * k + 3) % len(packages)]}
        answer = client.post(
            f"/api/rooms/{room['id']}/moves", json=body, headers=token_of(room, f"delegation:{party}")
        )
        assert answer.status_code == 200, answer.text
    return room


@pytest.mark.parametrize("round_", [0, 1, 2, 3])
def test_a_fork_shares_the_rooms_first_rounds_event_for_event(client: TestClient, round_: int) -> None:
    room = _played(client)
    original = _record(client, room["id"])
    answer = _fork(client, room["id"], round=round_)
    assert answer.status_code == 201, answer.text
    forked = _record(client, answer.json()["id"])
    before = [event for event in original if event["round"] < round_]
    assert forked[: len(before)] == before
    if round_:  # then only the fighting before round ``round_``: the fork waits for its first move
        assert all(e["kind"] == "front_moved" and e["round"] == round_ for e in forked[len(before) :])
    else:  # a fresh start: the stage opened, nobody has offered yet
        assert forked == original[: len(forked)] and "offer" not in [e["kind"] for e in forked]


def test_a_fork_goes_on_with_other_seats_and_is_rebuilt_after_a_restart(database_url: str) -> None:
    with TestClient(create_app(database_url, KEY)) as client:
        room = _played(client)
        answer = _fork(client, room["id"], round=2, seats={"North": "person", "South": "agent"})
        assert answer.status_code == 201, answer.text
        fork = answer.json()
        view = client.get(f"/api/rooms/{fork['id']}", headers=FACILITATOR).json()
        assert [p["seat"] for p in view["room"]["parties"]] == ["person", "agent"]
        assert view["room"]["title"].endswith("fork at round 2")
        assert view["room"]["awaiting"]["party"] == "North"  # South, an agent now, answered at once
        record = _record(client, fork["id"])
        original = _record(client, room["id"])
        assert record[: len([e for e in original if e["round"] < 2])] == [
            e for e in original if e["round"] < 2
        ]
    with TestClient(create_app(database_url, KEY)) as client:
        assert _record(client, fork["id"]) == record  # the fork's own log rebuilds it
        accept = {"client_id": "a1", "action": "accept"}
        north = token_of(fork, "delegation:North")
        view = client.get(f"/api/rooms/{fork['id']}", headers=north).json()
        if view["turn"] and "accept" in view["turn"]["allowed"]:
            assert (
                client.post(f"/api/rooms/{fork['id']}/moves", json=accept, headers=north).status_code == 200
            )


def test_a_fork_past_the_record_or_of_a_single_negotiation_is_refused(client: TestClient) -> None:
    room = _played(client)
    late = _fork(client, room["id"], round=50)
    assert late.status_code == 422 and "has not reached round 50" in late.text
    single = open_room(client, scenario="ceasefire")
    refused = _fork(client, single["id"], round=0)
    assert refused.status_code == 422 and "parley fork" in refused.text
    assert (
        client.post(
            f"/api/rooms/{room['id']}/fork", json={"round": 1}, headers=token_of(room, "facilitator")
        ).status_code
        == 403
    )
    assert _fork(client, "0123456789abcdef", round=0).status_code == 404


def test_an_agent_room_forked_with_the_same_seats_plays_the_same_process(client: TestClient) -> None:
    room = open_room(client, scenario="ceasefire", process=True, seats=AGENTS, seed=1)
    original = _record(client, room["id"])
    fork = _fork(client, room["id"], round=5).json()
    assert _record(client, fork["id"]) == original  # the agents, given the same history, answer the same
