"""What reaches a process room from outside the negotiation: the facilitator's front incidents and the
stage clock. Each is a logged entry, applied by the process at its place in the log, so a restarted
server rebuilds the same room."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient

from parley.record import EventKind
from parley.room.clock import tick
from parley.room.person import Action, Intent
from parley.room.process_views import stage_opened_at
from parley.room.service import Room, RoomService
from parley.room.setup import RoomSetup, SeatSetup
from parley.room.store import Store
from parley.room.table import MoveRefusedError
from tests.room.conftest import FACILITATOR, open_room
from tests.room.test_process_room import best_of, process

PERSONS = {"Russia": SeatSetup(kind="agent"), "Ukraine": SeatSetup(kind="person")}


def _room(service: RoomService, **setup: Any) -> Room:
    room, _ = service.create(
        RoomSetup(
            scenario="istanbul-2025", seed=1, process=True, seats=PERSONS, limited_powers=False, **setup
        )
    )
    return room


def _move(service: RoomService, room: Room, client_id: str) -> None:
    """Ukraine (a person) rejects what is on the table with its best package, or opens with it."""
    table = process(room)
    action = Action.REJECT if table.awaited is not None and table.awaited.kind == "respond" else Action.OFFER
    service.act(room.id, "Ukraine", client_id, Intent(action, best_of(table, "Ukraine")))


def test_an_incident_is_logged_and_moves_the_front_when_the_stage_next_settles(database_url: str) -> None:
    service = RoomService(Store(database_url))
    room = _room(service)
    stage = process(room).context
    assert stage is not None
    service.incident(room.id, "i-1", {"front_donetsk": 5.0}, "a push near Pokrovsk")
    assert room.head.kind == "incident"
    _move(service, room, "m-1")
    moved = [e for e in process(room).record if e.kind is EventKind.FRONT_MOVED]
    assert any(e.data["reason"] == "incident: a push near Pokrovsk" for e in moved)
    assert service.incident(room.id, "i-1", {"front_donetsk": 5.0}, "a push near Pokrovsk").duplicate
    record = process(room).record
    service.store.close()
    again = RoomService(Store(database_url))  # replayed: the incident at its place in the log
    assert not again.broken and process(again.room(room.id)).record == record
    again.store.close()


def test_an_incident_on_an_unknown_variable_is_refused_and_not_logged(database_url: str) -> None:
    service = RoomService(Store(database_url))
    room = _room(service)
    length = len(room.log)
    with pytest.raises(MoveRefusedError, match="no front variable 'front_kherson'") as refused:
        service.incident(room.id, "i-1", {"front_kherson": 1.0}, "")
    assert refused.value.status == 422 and len(room.log) == length
    service.store.close()


def test_the_clock_ends_a_stage_whose_time_ran_out_and_the_process_goes_on(database_url: str) -> None:
    service = RoomService(Store(database_url))
    room = _room(service, stage_time_limits={"humanitarian steps and the next round": 600})
    table = process(room)
    stage = table.context
    assert stage is not None and stage.stage == "humanitarian steps and the next round"
    at = stage_opened_at(room.log, stage.stage)
    assert at is not None
    opened = datetime.fromisoformat(at)
    assert tick(service, opened + timedelta(seconds=599)) == []  # not yet
    assert tick(service, opened + timedelta(seconds=600)) == [room.id]
    clocks = [entry for entry in room.log if entry.kind == "clock"]
    assert [entry.payload for entry in clocks] == [{"stage": stage.stage, "limit_s": 600}]
    statuses = dict(table.stage_statuses())
    assert statuses["humanitarian steps and the next round"] == "deadline"
    deadline = [e for e in table.record if e.kind is EventKind.DEADLINE]
    assert deadline and deadline[-1].data["reason"] == "the stage's time limit ran out"
    record = table.record
    service.store.close()
    again = RoomService(Store(database_url))
    assert not again.broken and process(again.room(room.id)).record == record
    assert (
        tick(again, datetime.now(UTC) + timedelta(days=30)) == []
    )  # that stage is over; no other has a limit
    again.store.close()


def test_a_time_limit_names_a_stage_of_the_scenario(client: TestClient) -> None:
    body = {"scenario": "ceasefire", "process": True, "stage_time_limits": {"armistice": 600}}
    response = client.post("/api/rooms", json=body, headers=FACILITATOR)
    assert response.status_code == 422 and "stage_time_limits.armistice: no such stage" in response.text
    body["stage_time_limits"] = {"ceasefire": 5}
    response = client.post("/api/rooms", json=body, headers=FACILITATOR)
    assert response.status_code == 422 and "between 60 s and 7 days" in response.text


def test_the_facilitator_reports_an_incident_through_the_api(client: TestClient) -> None:
    seats = {"Russia": {"kind": "agent"}, "Ukraine": {"kind": "person"}}
    room = open_room(client, scenario="istanbul-2025", seed=1, process=True, seats=seats)
    url = f"/api/rooms/{room['id']}/incidents"
    body = {"client_id": "i-1", "changes": {"front_donetsk": -3.0}, "note": "a counter-attack"}
    answer = client.post(url, json=body, headers=FACILITATOR)
    assert answer.status_code == 200, answer.text
    assert answer.json()["entries"][0]["kind"] == "incident"
    assert answer.json()["entries"][0]["payload"] == {
        "changes": {"front_donetsk": -3.0},
        "note": "a counter-attack",
    }
    bad = client.post(
        url, json={**body, "client_id": "i-2", "changes": {"front_donetsk": "inf"}}, headers=FACILITATOR
    )
    assert bad.status_code == 422


def test_the_servers_clock_ends_a_due_stage_and_one_rooms_failure_stops_no_other(
    database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    import asyncio

    from parley.room import clock

    service = RoomService(Store(database_url))
    room = _room(service, stage_time_limits={"humanitarian steps and the next round": 600})
    stage = "humanitarian steps and the next round"
    rounds = iter([[("no-such-room", stage, 600.0), (room.id, stage, 600.0)]])
    monkeypatch.setattr(clock, "due", lambda _service: next(rounds, []))

    async def run_briefly() -> None:
        task = asyncio.create_task(clock.run_clock(service, interval=0.01))
        await asyncio.sleep(0.2)
        task.cancel()

    asyncio.run(run_briefly())
    assert [entry.kind for entry in room.log].count("clock") == 1
    assert dict(process(room).stage_statuses())[stage] == "deadline"
    service.store.close()
