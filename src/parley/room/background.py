"""The agents that play on after a request: a room whose agents have more to answer than one request
may do (:attr:`parley.room.service.RoomService.agent_budget`) is played on here, a budget at a time.

One task (the server's lifespan runs it) takes the running rooms in turn, oldest first, and lets each
answer one budget of asks under its lock, committed like any change; between two budgets it yields to
the event loop, so a request to another room waits for at most one budget, however many rooms run.
"""

from __future__ import annotations

import asyncio
import logging

from parley.room.service import RoomService

LOG = logging.getLogger(__name__)
#: The most asks the agents of a room answer in one request or one step of the background run.
AGENT_BUDGET = 8
#: How long the task sleeps when no room is running (seconds).
IDLE_S = 0.02


async def play_on(service: RoomService, idle: float = IDLE_S) -> None:
    """Play the running rooms on, a budget each in turn, until cancelled."""
    while True:
        if not service.running:
            await asyncio.sleep(idle)
            continue
        for room_id in list(service.running):
            await _step(service, room_id)
            await asyncio.sleep(0)  # the other requests of this moment go first


async def _step(service: RoomService, room_id: str) -> None:
    """One budget of ``room_id``'s agents; a failure (an agent's, a commit's) stops that room only."""
    try:
        await service.advance_together(room_id)
    except Exception:
        service.running.pop(room_id, None)
        LOG.exception("the agents of room %s could not play on", room_id)
