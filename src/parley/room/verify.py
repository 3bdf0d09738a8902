"""Checking a room database: every room's hash chain, and that its log replays to the same record."""

from __future__ import annotations

from dataclasses import dataclass

from parley.room.chain import verify_chain
from parley.room.replay import ReplayError, replay
from parley.room.store import Store


@dataclass(frozen=True)
class RoomCheck:
    """One room's verdict: its entries and the problems found (none: intact)."""

    room: str
    entries: int
    problems: tuple[str, ...]

    @property
    def valid(self) -> bool:
        return not self.problems


def verify_store(store: Store, room: str | None = None, replayed: bool = True) -> list[RoomCheck]:
    """Check every room (or one): the chain links and hashes, then (``replayed``) the replay."""
    rooms = [room] if room is not None else store.rooms()
    checks = []
    for room_id in rooms:
        entries = store.entries(room_id)
        problems = [str(problem) for problem in verify_chain(room_id, entries)]
        if not entries:
            problems.append(f"room {room_id}: no entries")
        elif replayed and not problems:
            try:
                replay(entries)
            except (ReplayError, ValueError, KeyError) as error:
                problems.append(f"room {room_id}: does not replay: {error}")
        checks.append(RoomCheck(room_id, len(entries), tuple(problems)))
    return checks
