"""A run of agents cut short: a server that stops while a room's agents play on in the background
(:mod:`parley.room.background`) leaves that room's log with only the first of the run's engine events.

Such a log does not replay to itself (a replay lets the agents play to the end), so on start the service
asks :func:`owed_events` for the events it still owes, appends them, and loads the room as usual. Only the
last change of the log can have started the run (nothing else is accepted while agents play on), so
everything before it is replayed as it is, and that change alone is applied again.
"""

from __future__ import annotations

from collections.abc import Sequence

from parley.record import Event
from parley.room.chain import LogEntry
from parley.room.entries import ActionPayload, RoomCreatedPayload, payload_as
from parley.room.replay import event_payload, replay
from parley.room.setup import Setting, build_setting

#: The kinds of entry that change a room's table (a note or a message does not).
TABLE_CHANGES = frozenset({"room_created", "action", "room_closed", "incident", "clock", "mandate"})


def owed_events(entries: Sequence[LogEntry]) -> tuple[int, list[Event]]:
    """The record index and the engine events that ``entries`` still owe after a run of agents was cut
    short (none for any other log: one that replays, or one whose checks should judge it)."""
    changes = [i for i, entry in enumerate(entries) if entry.kind in TABLE_CHANGES]
    if not changes or entries[changes[-1]].kind not in ("room_created", "action"):
        return 0, []
    setting = _played_to_the_end(entries, changes[-1])
    logged = [entry.payload["event"] for entry in entries if entry.kind == "engine"]
    replayed = setting.table.record.events
    if len(logged) >= len(replayed) or [event_payload(e) for e in replayed[: len(logged)]] != logged:
        return 0, []
    return len(logged), list(replayed[len(logged) :])


def _played_to_the_end(entries: Sequence[LogEntry], last: int) -> Setting:
    """The room replayed up to its change at ``last``, then that change with every agent answering."""
    entry = entries[last]
    if entry.kind == "room_created":
        created = payload_as(entry, RoomCreatedPayload)
        return build_setting(created.setup, created.scenario_yaml)
    setting = replay(entries[:last])
    assert entry.party is not None  # a mediator's move names the mediator as ""
    setting.table.act(entry.party, payload_as(entry, ActionPayload).intent, entry.role)
    return setting
