"""Live updates: each room's subscribers get a server-sent event whenever its log grows.

An update carries only the room id and its new log position as the page's caller may know it (the
stream's ``position``: others' private entries neither move it nor send an update); each page then
fetches its own view, so nothing private ever travels on a shared channel.
"""

from __future__ import annotations

import asyncio
import json
from collections import defaultdict
from collections.abc import AsyncIterator, Callable

HEARTBEAT_SECONDS = 15.0


class Hub:
    """Per-room queues of the connected pages; safe to publish to from any thread."""

    def __init__(self) -> None:
        self.loop: asyncio.AbstractEventLoop | None = None
        self.subscribers: dict[str, set[asyncio.Queue[int]]] = defaultdict(set)

    def publish(self, room: str, seq: int) -> None:
        """Tell ``room``'s pages that its log reached ``seq``."""
        loop = self.loop
        if loop is None or loop.is_closed() or not self.subscribers.get(room):
            return
        for queue in list(self.subscribers[room]):
            loop.call_soon_threadsafe(queue.put_nowait, seq)

    async def stream(
        self, room: str, seq: int, max_events: int | None, position: Callable[[], int] | None = None
    ) -> AsyncIterator[str]:
        """Server-sent events for ``room``: the current position at once, then every change that moves
        ``position()`` (every change, without it; a heartbeat comment when quiet); ends after
        ``max_events`` updates when given."""
        self.loop = asyncio.get_running_loop()
        queue: asyncio.Queue[int] = asyncio.Queue()
        self.subscribers[room].add(queue)
        try:
            yield "retry: 1000\n\n"
            sent = 0
            while max_events is None or sent < max_events:
                yield f"event: update\ndata: {json.dumps({'room': room, 'seq': seq})}\n\n"
                sent += 1
                latest = None
                while latest is None and (max_events is None or sent < max_events):
                    try:
                        latest = await asyncio.wait_for(queue.get(), HEARTBEAT_SECONDS)
                    except TimeoutError:
                        yield ": heartbeat\n\n"
                    while latest is not None and not queue.empty():
                        latest = queue.get_nowait()
                    if latest is not None and position is not None:
                        latest = position()
                        latest = None if latest == seq else latest  # a change this caller may not know of
                seq = latest if latest is not None else seq
        finally:
            self.subscribers[room].discard(queue)
