"""Group commit: the changes of many rooms made at the same moment go to the database in one transaction.

Each change still waits for its commit before it is acknowledged (nothing is acknowledged that a crash
could lose); what is shared is the transaction's fixed cost. A change's ``append`` is queued and the
flush runs once the event loop has run every request that was ready at the same time. If the shared
transaction fails, each change is committed alone, so one room's conflict never fails another's move.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence

from parley.room.chain import LogEntry
from parley.room.store import Store


class GroupCommit:
    """Batches ``Store.append`` calls made from coroutines of one event loop."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.pending: list[tuple[Sequence[LogEntry], asyncio.Future[None]]] = []
        self.batches = 0  # how many transactions were committed (for the curious and the tests)
        self.changes = 0

    async def append(self, entries: Sequence[LogEntry]) -> None:
        """Commit ``entries`` (with whatever else is queued now); returns once they are committed."""
        loop = asyncio.get_running_loop()
        done: asyncio.Future[None] = loop.create_future()
        if not self.pending:
            loop.call_soon(self.flush)
        self.pending.append((entries, done))
        await done

    def flush(self) -> None:
        """Commit everything queued in one transaction (each alone if that fails)."""
        batch, self.pending = self.pending, []
        if not batch:
            return
        try:
            self.store.append([entry for entries, _ in batch for entry in entries])
        except Exception:
            self._one_by_one(batch)
            return
        self.batches += 1
        self.changes += len(batch)
        for _, done in batch:
            if not done.done():
                done.set_result(None)

    def _one_by_one(self, batch: list[tuple[Sequence[LogEntry], asyncio.Future[None]]]) -> None:
        for entries, done in batch:
            try:
                self.store.append(entries)
            except Exception as error:
                if not done.done():
                    done.set_exception(error)
                continue
            self.batches += 1
            self.changes += 1
            if not done.done():
                done.set_result(None)
