"""The room under abuse (issue 15, item 4): oversized bodies, long agent runs, broken rooms, reused
client ids, private entries' timing, Host headers, caching and content policies."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from parley.room import create_app
from parley.room.access import Caller, RoomRole
from parley.room.background import AGENT_BUDGET
from parley.room.live import Hub
from parley.room.service import RoomService
from parley.room.setup import RoomSetup
from parley.room.store import Store
from parley.room.views import position
from tests.room.conftest import FACILITATOR, KEY, open_room, token_of

P = [1, 0, 5, 0, 2, 1]  # a ceasefire package as option indices
AGENTS = {"North": {"kind": "agent"}, "South": {"kind": "agent"}}


def _post(client: TestClient, room: dict[str, Any], route: str, label: str, **body: Any) -> Any:
    return client.post(f"/api/rooms/{room['id']}/{route}", json=body, headers=token_of(room, label))


def _seq(client: TestClient, room: dict[str, Any], headers: dict[str, str]) -> int:
    seq: int = client.get(f"/api/rooms/{room['id']}", headers=headers).json()["room"]["seq"]
    return seq


# --- bodies ----------
def test_a_body_over_the_limit_is_refused_with_413_before_it_is_parsed(client: TestClient) -> None:
    room = open_room(client)
    huge = {"client_id": "m1", "action": "offer", "indices": [0] * 3_000_000}  # ~6 MB of JSON
    answer = _post(client, room, "moves", "observer:1", **huge)
    assert answer.status_code == 413
    assert len(answer.content) < 200


def test_a_streamed_body_without_a_length_is_cut_off_at_the_limit(client: TestClient) -> None:
    room = open_room(client)

    def chunks() -> Iterator[bytes]:
        yield b'{"client_id": "n1", "text": "'
        for _ in range(100):
            yield b"x" * 10_000  # a note's own limit is far smaller than the default 1 MB
        yield b'"}'

    headers = {**token_of(room, "delegation:North"), "Content-Type": "application/json"}
    answer = client.post(f"/api/rooms/{room['id']}/notes", content=chunks(), headers=headers)
    assert answer.status_code == 413
    assert client.get(f"/api/rooms/{room['id']}", headers=FACILITATOR).json()["notes"] == []


def test_a_422_names_the_field_and_the_problem_never_the_input(client: TestClient) -> None:
    room = open_room(client)
    answer = _post(
        client, room, "moves", "delegation:North", client_id="m1", action="offer", indices="y" * 500_000
    )
    assert answer.status_code == 422
    assert len(answer.content) < 1000
    assert answer.json()["detail"][0]["loc"] == ["body", "indices"]
    assert "yyyy" not in answer.text


# --- long agent runs ----------
def test_a_long_agent_run_goes_on_after_the_request_and_other_rooms_move_meanwhile(
    client: TestClient,
) -> None:
    created = client.post(
        "/api/rooms",
        json={"scenario": "ceasefire", "process": False, "rounds": 10_000, "seats": AGENTS},
        headers=FACILITATOR,
    )
    assert created.status_code == 201
    long_id = created.json()["id"]
    first = client.get(f"/api/rooms/{long_id}", headers=FACILITATOR).json()
    assert first["room"]["running"] is True and first["room"]["status"] == "open"
    other = open_room(client)  # a person's room moves while the agents play on
    assert (
        _post(
            client, other, "moves", "delegation:North", client_id="m1", action="offer", indices=P
        ).status_code
        == 200
    )
    assert client.get(f"/api/rooms/{long_id}", headers=FACILITATOR).json()["room"].get("running") is True
    closed = client.post(f"/api/rooms/{long_id}/close", json={}, headers=FACILITATOR)  # a runaway room stops
    assert closed.status_code == 200
    after = client.get(f"/api/rooms/{long_id}", headers=FACILITATOR).json()["room"]
    assert after["status"] == "closed" and not after.get("running")


@pytest.mark.parametrize(
    "room_setup",
    [{"process": False, "rounds": 10_000}, {"process": True}],
    ids=["one negotiation", "process"],
)
def test_a_runaway_agent_room_is_closed_where_its_agents_are_and_replays_so(
    database_url: str, room_setup: dict[str, Any]
) -> None:
    service = RoomService(Store(database_url))
    service.agent_budget = AGENT_BUDGET
    setup = RoomSetup.model_validate({"scenario": "ceasefire", "seats": AGENTS, **room_setup})
    room, _ = service.create(setup)
    service.advance(room.id)
    assert room.setting.table.running
    played = room.setting.table.record
    closed = service.close(room.id, "runaway")
    last = closed.entries[-1]
    assert last.kind == "room_closed" and last.payload["agent_asks"] == 2 * AGENT_BUDGET
    assert room.id not in service.running and not room.setting.table.running
    assert service.advance(room.id).entries == []  # nothing plays on after the close
    again = RoomService(Store(database_url))  # the log replays to the closed room, its agents stopped
    assert not again.broken and room.id not in again.running
    rebuilt = again.room(room.id).setting.table
    assert rebuilt.closed and rebuilt.record == played


def test_a_run_in_budgets_logs_what_one_run_would(database_url: str, tmp_path: Any) -> None:
    setup = RoomSetup.model_validate(
        {"scenario": "ceasefire", "process": False, "rounds": 300, "seats": AGENTS}
    )
    whole, _ = RoomService(Store(f"sqlite:///{tmp_path / 'whole.db'}")).create(setup)
    service = RoomService(Store(database_url))
    service.agent_budget = AGENT_BUDGET
    room, _ = service.create(setup)
    assert len(room.log) <= AGENT_BUDGET + 1 and room.id in service.running
    while room.id in service.running:
        assert len(service.advance(room.id).entries) <= 2 * AGENT_BUDGET  # an answer, and what it ends
    assert [e.payload for e in room.log[1:]] == [e.payload for e in whole.log[1:]]
    assert [e.payload for e in service.store.entries(room.id)[1:]] == [e.payload for e in whole.log[1:]]


def test_a_run_cut_short_by_the_servers_end_goes_on_in_the_background_on_start(database_url: str) -> None:
    service = RoomService(Store(database_url))
    service.agent_budget = AGENT_BUDGET
    setup = RoomSetup.model_validate({"scenario": "ceasefire", "process": True, "seats": AGENTS})
    room, _ = service.create(setup)
    service.advance(room.id)
    assert room.id in service.running
    logged = len([e for e in room.log if e.kind == "engine"])
    again = RoomService(Store(database_url))  # the server stopped mid-run, and starts again
    assert not again.broken and room.id in again.running  # rebuilt where the agents were: they go on
    assert len(again.room(room.id).setting.table.record) == logged
    while room.id in again.running:
        again.advance(room.id)
    whole, _ = RoomService(Store(database_url)).create(setup)
    assert again.room(room.id).setting.table.record == whole.setting.table.record
    assert [e.payload for e in again.store.entries(room.id)[1:]] == [e.payload for e in whole.log[1:]]


# --- broken rooms ----------
def test_a_broken_room_says_why_to_its_facilitator_only(client: TestClient) -> None:
    room = open_room(client, limited_powers=True)
    service: RoomService = client.app.state.service  # type: ignore[attr-defined]
    service.broken[room["id"]] = "North may not offer a package worth 0.41 (authority limit 0.6234)"
    for label in ("delegation:South", "observer:1", "mediator"):
        answer = client.get(f"/api/rooms/{room['id']}", headers=token_of(room, label))
        assert answer.status_code == 409 and "0.6234" not in answer.text and "0.41" not in answer.text
    for headers in (FACILITATOR, token_of(room, "facilitator")):
        answer = client.get(f"/api/rooms/{room['id']}", headers=headers)
        assert answer.status_code == 409 and "0.6234" in answer.text


# --- client ids ----------
def test_a_client_id_another_seat_used_tells_nothing_of_its_entry(client: TestClient) -> None:
    room = open_room(client)
    secret = {"client_id": "n-1", "text": "we can go down to 40", "private": True}
    assert _post(client, room, "notes", "delegation:North", **secret).json()["duplicate"] is False
    guess = _post(client, room, "notes", "delegation:South", **secret)  # the same id and body: no oracle
    assert guess.status_code == 200 and guess.json()["duplicate"] is False
    other = _post(client, room, "notes", "delegation:South", **{**secret, "client_id": "n-2", "text": "x"})
    assert other.status_code == 200
    again = _post(client, room, "notes", "delegation:North", **secret)  # North's own retry is still one
    assert again.json()["duplicate"] is True
    assert _post(client, room, "notes", "delegation:North", **{**secret, "text": "y"}).status_code == 409


# --- the public position ----------
def test_private_entries_do_not_move_the_position_others_see(client: TestClient) -> None:
    room = open_room(client, scenario="ceasefire", process=True)
    observer, north = token_of(room, "observer:1"), token_of(room, "delegation:North")
    before = {
        label: _seq(client, room, token_of(room, label)) for label in ("observer:1", "delegation:South")
    }
    _post(client, room, "notes", "delegation:North", client_id="n1", text="our floor", private=True)
    _post(client, room, "messages", "principal:North", client_id="c1", channel="caucus:North", text="hold")
    after = {label: _seq(client, room, token_of(room, label)) for label in ("observer:1", "delegation:South")}
    assert after == before
    assert _seq(client, room, north) > before["observer:1"]  # its own note and its caucus line
    assert _seq(client, room, FACILITATOR) > _seq(client, room, observer)
    _post(client, room, "notes", "delegation:North", client_id="n2", text="hello all", private=False)
    assert _seq(client, room, observer) == _seq(client, room, FACILITATOR)


def test_the_stream_sends_no_update_for_an_entry_the_caller_may_not_know_of(database_url: str) -> None:
    service = RoomService(Store(database_url))
    room, _ = service.create(RoomSetup.model_validate({"scenario": "ceasefire", "process": False}))
    observer = Caller(RoomRole.OBSERVER, room.id)
    north = Caller(RoomRole.DELEGATION, room.id, "North")

    async def updates() -> list[str]:
        hub = Hub()
        stream = hub.stream(room.id, position(room, observer), 2, lambda: position(room, observer))
        seen = [await anext(stream), await anext(stream)]  # the retry hint, the position now
        waiting = asyncio.ensure_future(anext(stream))
        await asyncio.sleep(0)
        service.note(room.id, north, "n1", "our floor", True)
        hub.publish(room.id, room.head.seq)
        await asyncio.sleep(0.05)
        assert not waiting.done()  # a private note: nothing sent
        service.note(room.id, north, "n2", "hello", False)
        hub.publish(room.id, room.head.seq)
        seen.append(await asyncio.wait_for(waiting, 5))
        return seen

    sent = asyncio.run(updates())
    assert f'"seq": {room.head.seq}' in sent[-1]


# --- links and headers ----------
def test_join_links_use_the_public_url_never_the_host_header(database_url: str) -> None:
    body = {"scenario": "ceasefire", "process": False}
    evil = {**FACILITATOR, "Host": "evil.example"}
    with TestClient(create_app(database_url, KEY, "https://rooms.example.org/")) as client:
        links = client.post("/api/rooms", json=body, headers=evil).json()["links"]
        assert all(link["url"].startswith("https://rooms.example.org/room/") for link in links.values())
    with TestClient(create_app(database_url, KEY)) as client:
        links = client.post("/api/rooms", json=body, headers=evil).json()["links"]
        assert all(link["url"].startswith("/room/") for link in links.values())


def test_api_answers_are_not_stored_and_every_page_has_a_content_security_policy(client: TestClient) -> None:
    room = open_room(client)
    for url, headers in [
        ("/api/health", {}),
        ("/api/rooms", FACILITATOR),
        (f"/api/rooms/{room['id']}", FACILITATOR),
        ("/api/rooms/nope", FACILITATOR),
    ]:
        assert client.get(url, headers=headers).headers["cache-control"] == "no-store", url
    for url, headers in [
        ("/", {}),
        (f"/room/{room['id']}", {}),
        (f"/api/rooms/{room['id']}/report", FACILITATOR),
        ("/docs", {}),
    ]:
        answer = client.get(url, headers=headers)
        assert answer.status_code == 200 and "default-src" in answer.headers["content-security-policy"], url
    report = client.get(f"/api/rooms/{room['id']}/report", headers=FACILITATOR)
    assert '<meta http-equiv="Content-Security-Policy"' in report.text
