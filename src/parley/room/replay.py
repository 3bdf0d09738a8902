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
    RoomClosedPayload,
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
    """The room ``entries`` record, rebuilt; ReplayError if they do not rebuild it.

    A log whose last change the agents were still answering when it was written (a server stopped or
    killed while they played on) rebuilds the room where they were: still running, to go on."""
    if not entries or entries[0].kind != "room_created":
        raise ReplayError("a room's log must start with its room_created entry")
    # the events as stored, not as read: an edited event must not compare equal through a typed reading
    logged = [entry.payload["event"] for entry in entries if entry.kind == "engine"]
    setting = _rebuilt(entries, None)
    replayed = [event_payload(event) for event in setting.table.record]
    if len(replayed) > len(logged) and replayed[: len(logged)] == logged:
        setting = _rebuilt(entries, len(logged))
        replayed = [event_payload(event) for event in setting.table.record]
    if logged != replayed:
        at = next((i for i, (a, b) in enumerate(zip(logged, replayed, strict=False)) if a != b), None)
        where = (
            f"event {at}" if at is not None else f"{len(logged)} logged events vs {len(replayed)} replayed"
        )
        raise ReplayError(f"room {entries[0].room}: the log does not replay to itself ({where})")
    return setting


def _rebuilt(entries: Sequence[LogEntry], logged: int | None) -> Setting:
    """The room rebuilt from ``entries``; with ``logged`` (the count of logged engine events), the
    agents' run after the last change stops once that many events have committed."""
    last = max((at for at, e in enumerate(entries) if e.kind in _CHANGES), default=0)
    created = payload_as(entries[0], RoomCreatedPayload)
    budget = _budget(entries, 0, last, logged)
    setting = build_setting(created.setup, created.scenario_yaml, budget)
    for at, entry in enumerate(entries[1:], start=1):
        if entry.kind == "action":
            assert entry.party is not None  # a mediator's move names the mediator as ""
            intent = payload_as(entry, ActionPayload).intent
            setting.table.act(entry.party, intent, entry.role, _budget(entries, at, last, logged))
        elif entry.kind == "room_closed":
            setting.table.close()
        elif entry.kind in ("incident", "clock"):
            _intervene(setting, entry)
        elif entry.kind == "mandate":
            assert entry.party is not None
            adjust(setting, entry.party, payload_as(entry, MandatePayload).authority_limit)
    if logged is not None:
        table = setting.table
        while table.running and len(table.record) < logged:
            table.resume(1)
    return setting


def _budget(entries: Sequence[LogEntry], at: int, last: int, logged: int | None) -> int | None:
    """The asks the agents answer after the change at ``at``: none yet for the last change when its run
    is to stop at the logged events (``logged``), else what a close in the middle logged (see
    :func:`_cut_short`)."""
    if logged is not None and at == last:
        return 0
    return _cut_short(entries, at)


#: The entries that change a room (the agents play on between two of them, to the end or to a close).
_CHANGES = frozenset({"action", "room_closed", "incident", "clock", "mandate"})


def _cut_short(entries: Sequence[LogEntry], at: int) -> int | None:
    """How many asks the agents answer after the change at ``at``: those a close in the middle of their
    run logged, or None (all of them) when the next change is not such a close."""
    following = next((e for e in entries[at + 1 :] if e.kind in _CHANGES), None)
    if following is None or following.kind != "room_closed":
        return None
    return payload_as(following, RoomClosedPayload).agent_asks


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
