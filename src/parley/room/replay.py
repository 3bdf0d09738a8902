"""Rebuilding a room from its log: the set-up from the first entry, then every move, incident and clock
tick in order.

The engine is deterministic under the room's seed, so replaying the moves gives the same table; the
logged engine events are then checked against the replayed record, so a log that does not replay to
itself (edited, or written by an engine that decides differently) is reported, not silently trusted.
"""

from __future__ import annotations

import json
from collections.abc import Sequence

from parley.record import Event
from parley.room.chain import LogEntry, canonical_json
from parley.room.entries import (
    ActionPayload,
    ClockPayload,
    IncidentPayload,
    LoggedEvent,
    MandatePayload,
    RoomCreatedPayload,
    payload_as,
    payload_of,
)
from parley.room.mandates import adjust
from parley.room.setup import Setting, build_setting


class ReplayError(ValueError):
    """A room's log does not rebuild the room it recorded."""


def event_payload(event: Event) -> LoggedEvent:
    """An engine event as logged: JSON-normal, without its wall-clock time (the entry has its own)."""
    timeless = {key: value for key, value in event.to_json().items() if key != "elapsed"}
    normal: LoggedEvent = json.loads(canonical_json(timeless))
    return normal


def replay(entries: Sequence[LogEntry]) -> Setting:
    """The room ``entries`` record, rebuilt; ReplayError if they do not rebuild it."""
    if not entries or entries[0].kind != "room_created":
        raise ReplayError("a room's log must start with its room_created entry")
    first = entries[0]
    created = payload_as(first, RoomCreatedPayload)
    setting = build_setting(created.setup, created.scenario_yaml)
    for entry in entries[1:]:
        if entry.kind == "action":
            assert entry.party is not None  # a mediator's move names the mediator as ""
            setting.table.act(entry.party, payload_as(entry, ActionPayload).intent, entry.role)
        elif entry.kind == "room_closed":
            setting.table.close()
        elif entry.kind in ("incident", "clock"):
            _intervene(setting, entry)
        elif entry.kind == "mandate":
            assert entry.party is not None
            adjust(setting, entry.party, payload_as(entry, MandatePayload).authority_limit)
    # the events as stored, not as read: an edited event must not compare equal through a typed reading
    logged = [entry.payload["event"] for entry in entries if entry.kind == "engine"]
    replayed = [event_payload(event) for event in setting.table.record]
    if logged != replayed:
        at = next((i for i, (a, b) in enumerate(zip(logged, replayed, strict=False)) if a != b), None)
        where = (
            f"event {at}" if at is not None else f"{len(logged)} logged events vs {len(replayed)} replayed"
        )
        raise ReplayError(f"room {first.room}: the log does not replay to itself ({where})")
    return setting


def _intervene(setting: Setting, entry: LogEntry) -> None:
    """Apply a logged incident or clock tick at its place in the log (a process room's only)."""
    process = setting.process
    if process is None:
        raise ReplayError(f"entry {entry.seq}: a {entry.kind} entry in a room that runs one negotiation")
    payload = payload_of(entry)
    if isinstance(payload, IncidentPayload):
        process.incident(payload.changes, payload.note)
    elif isinstance(payload, ClockPayload):
        process.expire(payload.stage)
