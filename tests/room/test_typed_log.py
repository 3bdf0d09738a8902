"""The typed log and the typed responses: a log written before the payloads were typed still verifies,
replays and reads; the typed payloads write exactly what the chain hashed; and every response of the API
is described by its OpenAPI schema and fits it."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from fastapi.testclient import TestClient
from pydantic import TypeAdapter

from parley.examples import example_path_text
from parley.room import Store, create_app, replay, verify_store
from parley.room.api import AppliedResponse, Health, LoggedEntry, RecordExport, RoomView
from parley.room.chain import LogEntry, canonical_json, seal, verify_chain
from parley.room.entries import (
    ActionPayload,
    EnginePayload,
    NotePayload,
    RoomClosedPayload,
    RoomCreatedPayload,
    payload_as,
    payload_of,
)
from parley.room.service import RoomService
from parley.room.store import EVENTS
from tests.room.conftest import FACILITATOR, KEY, open_room, token_of

#: Three small rooms (textbook-split: alternating with notes, simultaneous, limited powers with referrals)
#: as the room stored them before its payloads were typed.
LEGACY = Path(__file__).parent / "data" / "legacy_log.json"


def legacy_rows() -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = json.loads(LEGACY.read_text(encoding="utf-8"))
    return rows


def legacy_logs() -> dict[str, list[LogEntry]]:
    logs: dict[str, list[LogEntry]] = {}
    for row in legacy_rows():
        logs.setdefault(row["room"], []).append(LogEntry(**{**row, "payload": json.loads(row["payload"])}))
    return logs


def test_the_legacy_log_covers_every_kind_of_entry() -> None:
    entries = [entry for log in legacy_logs().values() for entry in log]
    assert {entry.kind for entry in entries} == {"room_created", "action", "engine", "note", "room_closed"}
    extras = {key for e in entries if e.kind == "engine" for key in e.payload["event"].get("data", {})}
    assert extras == {"approved", "rounds_lost", "offer_by"}


def test_a_log_written_before_the_typed_payloads_verifies_and_replays(database_url: str) -> None:
    store = Store(database_url)
    try:
        with store.engine.begin() as connection:
            connection.execute(sa.insert(EVENTS), legacy_rows())
        checks = verify_store(store)
        assert [check.valid for check in checks] == [True, True, True], [c.problems for c in checks]
        service = RoomService(store)
        assert not service.broken and len(service.rooms) == 3
    finally:
        store.close()


def test_the_typed_payloads_read_and_write_the_stored_json_exactly() -> None:
    """Every legacy entry reads as its kind's payload, and (all but the set-up, which its model writes)
    writes back to the very text stored, so a new entry hashes as an old one with the same content."""
    kinds = {
        "room_created": RoomCreatedPayload,
        "action": ActionPayload,
        "engine": EnginePayload,
        "note": NotePayload,
        "room_closed": RoomClosedPayload,
    }
    rows = {(row["room"], row["seq"]): row for row in legacy_rows()}
    for room, log in legacy_logs().items():
        assert verify_chain(room, log) == []
        for entry in log:
            payload = payload_of(entry)
            assert isinstance(payload, kinds[entry.kind])
            if entry.kind == "room_created":
                continue
            written = payload.to_json()
            assert canonical_json(written) == rows[(room, entry.seq)]["payload"]
            fields = (
                entry.kind,
                entry.role,
                entry.party,
                entry.client_id,
                written,
                entry.at,
                entry.prev_hash,
            )
            assert seal(entry.room, entry.seq, *fields) == entry
        assert replay(log).table.closed


def test_a_payload_of_the_wrong_kind_or_shape_is_refused() -> None:
    created = legacy_logs()[next(iter(legacy_logs()))][0]
    with pytest.raises(ValueError, match="not a note entry"):
        payload_as(created, NotePayload)
    broken = seal("r", 1, "note", "mediator", None, "c", {"text": "x"}, "t", created.hash)
    with pytest.raises(ValueError, match="private"):
        payload_of(broken)
    unknown = seal("r", 1, "vote", "mediator", None, "c", {}, "t", created.hash)
    with pytest.raises(ValueError, match="no entry kind 'vote'"):
        payload_of(unknown)


# --- the responses and their schema ---------------------------------------------------------------------
def test_every_success_response_has_a_schema() -> None:
    app = create_app("sqlite://", KEY)
    try:
        paths = app.openapi()["paths"]
    finally:
        app.state.service.store.close()
    answers = [
        (f"{method} {path}", code, answer)
        for path, operations in paths.items()
        for method, operation in operations.items()
        for code, answer in operation["responses"].items()
        if code.startswith("2")
    ]
    assert len(answers) == 23
    for where, code, answer in answers:
        schemas = [body.get("schema") for body in answer.get("content", {}).values()]
        assert schemas and all(schemas), (where, code, answer)


def test_the_responses_fit_their_models(client: TestClient) -> None:
    room = open_room(client, scenario=None, scenario_yaml=_with_every_grant())
    base = f"/api/rooms/{room['id']}"
    north = token_of(room, "delegation:North")
    applied = TypeAdapter(AppliedResponse)
    moved = client.post(
        f"{base}/moves",
        json={"client_id": "m1", "action": "offer", "indices": [1, 0, 5, 0, 2, 1]},
        headers=north,
    )
    applied.validate_python(moved.json())
    noted = client.post(
        f"{base}/notes", json={"client_id": "n1", "text": "a note", "private": True}, headers=north
    )
    applied.validate_python(noted.json())
    for label in ["facilitator", *room["links"]]:
        headers = FACILITATOR if label == "facilitator" else token_of(room, label)
        view = TypeAdapter(RoomView).validate_python(client.get(base, headers=headers).json())
        assert view.role == label.partition(":")[0]
        RecordExport.model_validate(client.get(f"{base}/record", headers=headers).json())
    closed = client.post(f"{base}/close", json={"reason": "time"}, headers=FACILITATOR)
    applied.validate_python(closed.json())
    log = TypeAdapter(list[LoggedEntry]).validate_python(
        client.get(f"{base}/log", headers=FACILITATOR).json()
    )
    assert [entry.kind for entry in log][:3] == ["room_created", "action", "engine"]
    Health.model_validate(client.get("/api/health").json())


def _with_every_grant() -> str:
    text = example_path_text("ceasefire")
    section = "mediator:\n  sees: [mandates, notes]\n"
    assert section in text
    return text.replace(section, "mediator:\n  sees: [mandates, reservation_values, utilities, notes]\n")


def test_the_log_route_has_a_model_for_every_kind_of_entry() -> None:
    from typing import get_args

    from parley.room.api import LoggedEntry
    from parley.room.entries import PAYLOADS

    union = get_args(LoggedEntry)[0]
    kinds = {get_args(model.model_fields["kind"].annotation)[0] for model in get_args(union)}
    assert kinds == {payload.kind for payload in PAYLOADS}
