"""Who may write and read each message channel of a room.

* ``table`` — the negotiating table: the delegations, the mediator and the facilitator write; every
  role in the room reads (observers and ratifiers too: what is said at the table is public).
* ``caucus:{party}`` — a delegation and its principal, between themselves (the referral line): only
  those two write and read it, and the facilitator reads it.
* ``mediator:{party}`` — the mediator and one delegation (shuttle diplomacy): only those two write and
  read it, and the facilitator reads it.

The facilitator reads every channel and writes the table. A message is a hash-chained log entry like a
move, so a channel's history cannot be edited unseen; what a role reads is filtered here, on the server.
"""

from __future__ import annotations

import numpy as np

from parley.domain import OutcomeSpace
from parley.room.access import Caller, RoomRole
from parley.room.chain import LogEntry
from parley.room.entries import MessagePayload, payload_as
from parley.room.setup import Setting
from parley.room.table import MoveRefusedError

TABLE = "table"


def channels(setting: Setting) -> list[str]:
    """Every channel of the room: the table, then a caucus and a mediator line per party."""
    parties = setting.parties
    return [TABLE, *(f"caucus:{p}" for p in parties), *(f"mediator:{p}" for p in parties)]


def writable(setting: Setting, caller: Caller) -> list[str]:
    """The channels ``caller`` may write, in :func:`channels` order."""
    return [channel for channel in channels(setting) if _writes(caller, channel)]


def readable(setting: Setting, caller: Caller) -> list[str]:
    """The channels ``caller`` may read, in :func:`channels` order."""
    return [channel for channel in channels(setting) if _reads(caller, channel)]


def check_sender(setting: Setting, caller: Caller, channel: str) -> None:
    """Refuse a message ``caller`` may not send on ``channel`` (422: no such channel; 403: not yours)."""
    if channel not in channels(setting):
        known = ", ".join(channels(setting))
        raise MoveRefusedError(f"no channel {channel!r} in this room; channels: {known}", status=422)
    if not _writes(caller, channel):
        raise MoveRefusedError(f"a {caller.role.value} may not write on {channel!r}", status=403)


def check_proposal(space: OutcomeSpace, package: tuple[int, ...]) -> None:
    """Refuse a proposed package that is not a feasible package of ``space`` (422)."""
    sizes = [int(size) for size in space.sizes]
    if len(package) != len(sizes) or not all(0 <= i < n for i, n in zip(package, sizes, strict=True)):
        raise MoveRefusedError(f"package {list(package)} is not a package of this space", status=422)
    if space.constraints and not bool(space.feasible(np.array([package], dtype=space.dtype))[0]):
        raise MoveRefusedError(f"package {space.values_of(np.array(package))} breaks a constraint", 422)


def visible(log: list[LogEntry], setting: Setting, caller: Caller) -> list[tuple[LogEntry, MessagePayload]]:
    """The room's messages ``caller`` may read, in log order, each with its payload."""
    allowed = set(readable(setting, caller))
    shown = []
    for entry in log:
        if entry.kind != "message":
            continue
        payload = payload_as(entry, MessagePayload)
        if payload.channel in allowed:
            shown.append((entry, payload))
    return shown


def _writes(caller: Caller, channel: str) -> bool:
    role, party = caller.role, caller.party
    if channel == TABLE:
        return role in (RoomRole.DELEGATION, RoomRole.MEDIATOR, RoomRole.FACILITATOR)
    line, _, of = channel.partition(":")
    if line == "caucus":
        return role in (RoomRole.DELEGATION, RoomRole.PRINCIPAL) and party == of
    return (role is RoomRole.DELEGATION and party == of) or role is RoomRole.MEDIATOR


def _reads(caller: Caller, channel: str) -> bool:
    if caller.role is RoomRole.FACILITATOR or channel == TABLE:
        return True
    return _writes(caller, channel)
