"""The server's clock: a stage whose wall-clock limit has run out is ended at its deadline.

A limit counts from the logged time of the stage's ``stage_opened`` event. The clock does not decide
in the engine's place: it writes a ``clock`` entry (the tick) and the process then ends the stage, so a
replay applies the tick at the same place in the log and rebuilds the same room, whenever it runs.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from datetime import UTC, datetime

from parley.room.process_views import stage_opened_at
from parley.room.room_state import Room
from parley.room.service import RoomService
from parley.room.table import MoveRefusedError

LOG = logging.getLogger(__name__)
#: How often the server's clock looks at the rooms (seconds).
CLOCK_INTERVAL_S = 1.0


def overdue(room: Room, now: datetime) -> tuple[str, float] | None:
    """The stage being played whose limit has run out at ``now``, with the limit (None: none)."""
    setting = room.setting
    process = setting.process
    if process is None or not setting.stage_time_limits or process.done:
        return None
    context = process.context
    if context is None or context.stage not in setting.stage_time_limits:
        return None
    limit = setting.stage_time_limits[context.stage]
    opened = stage_opened_at(room.log, context.stage)
    if opened is None or (now - datetime.fromisoformat(opened)).total_seconds() < limit:
        return None
    return context.stage, limit


def due(service: RoomService, now: datetime | None = None) -> list[tuple[str, str, float]]:
    """Every room with an overdue stage at ``now``: (room id, stage, limit)."""
    now = now or datetime.now(UTC)
    found = []
    cluster = service.cluster
    for room in list(service.rooms.values()):
        if cluster is not None and not cluster.holds(room.id):
            continue  # another process serves it, and keeps its clock
        stage = overdue(room, now)
        if stage is not None:
            found.append((room.id, *stage))
    return found


def tick(service: RoomService, now: datetime | None = None) -> list[str]:
    """One look at every room: end each overdue stage; the rooms it ended a stage in."""
    ended = []
    for room_id, stage, limit in due(service, now):
        with contextlib.suppress(MoveRefusedError):  # a move ended the stage meanwhile
            service.expire(room_id, stage, limit)
            ended.append(room_id)
    return ended


async def run_clock(service: RoomService, interval: float = CLOCK_INTERVAL_S) -> None:
    """Tick every ``interval`` seconds until cancelled (the server's lifespan runs it); a room is
    ticked between its changes' commits, never inside one."""
    while True:
        await asyncio.sleep(interval)
        for room_id, stage, limit in due(service):
            try:
                async with service.room(room_id).guard:
                    with contextlib.suppress(MoveRefusedError):  # a move ended the stage meanwhile
                        service.expire(room_id, stage, limit)
            except Exception:  # one room's failure (its commit, say) must not stop every room's clock
                LOG.exception("the clock could not end stage %r of room %s", stage, room_id)
