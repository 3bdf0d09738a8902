"""Several room servers over one PostgreSQL database: who serves which room, and news of every commit.

Each room is served by one process at a time, the one holding its **lease**: a session-level
PostgreSQL advisory lock on the room (held on this process's own connection, so it is released the
moment the process dies, however it dies) and a row of ``room_leases`` saying where that process can
be reached (its advertised URL). A process that gets a request for a room it does not hold tries the
lock: taken, it rebuilds the room from its log and serves it; held elsewhere, the request is forwarded
to the holder (:mod:`parley.room.forward`). Every commit is announced on the ``parley_rooms`` channel
(``NOTIFY``), so the other processes follow the room's log and tell their own pages (live updates).

The lease table is the only table that is ever updated: it is bookkeeping, not part of any room's log.
"""

from __future__ import annotations

import hashlib
import logging
import threading
import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

LOG = logging.getLogger(__name__)
#: The channel every commit is announced on (payload ``room:seq``).
CHANNEL = "parley_rooms"
LEASES_DDL = (
    "CREATE TABLE IF NOT EXISTS room_leases ("
    "room VARCHAR(64) PRIMARY KEY, owner VARCHAR(64) NOT NULL, url TEXT NOT NULL, at VARCHAR(40) NOT NULL)"
)
#: How long the listener waits for news before it looks whether it should stop (seconds).
LISTEN_POLL_S = 0.5


def lock_key(room: str) -> int:
    """The room's advisory-lock key: a signed 64-bit number from its id's SHA-256."""
    return int.from_bytes(hashlib.sha256(room.encode()).digest()[:8], "big", signed=True)


def plain_url(url: str) -> str:
    """A libpq URL for psycopg from a SQLAlchemy one (``postgresql+psycopg://`` → ``postgresql://``)."""
    scheme, _, rest = url.partition("://")
    return f"{scheme.split('+')[0]}://{rest}"


class Cluster:
    """This process's part in a cluster: the leases it holds, and the announcements of commits."""

    def __init__(self, database_url: str, advertise_url: str) -> None:
        import psycopg

        self.url = advertise_url.rstrip("/")
        self.id = uuid.uuid4().hex
        self.held: set[str] = set()
        self._database = plain_url(database_url)
        self._lock = threading.Lock()  # one statement at a time on the lease connection
        self._connection: Any = psycopg.connect(self._database, autocommit=True)
        self._connection.execute(LEASES_DDL)
        self._listener: threading.Thread | None = None
        self._stopping = threading.Event()

    # --- leases ---------------------------------------------------------------------------------------
    def holds(self, room: str) -> bool:
        """Whether this process serves ``room`` now."""
        return room in self.held

    def take(self, room: str) -> bool:
        """Take ``room``'s lease if no live process holds it; whether this process holds it now."""
        with self._lock:
            if room in self.held:
                return True
            row = self._connection.execute("SELECT pg_try_advisory_lock(%s)", (lock_key(room),)).fetchone()
            if not row or not row[0]:
                return False
            self._connection.execute(
                "INSERT INTO room_leases (room, owner, url, at) VALUES (%s, %s, %s, %s) "
                "ON CONFLICT (room) DO UPDATE "
                "SET owner = EXCLUDED.owner, url = EXCLUDED.url, at = EXCLUDED.at",
                (room, self.id, self.url, datetime.now(UTC).isoformat()),
            )
            self.held.add(room)
            return True

    def owner_url(self, room: str) -> str | None:
        """The advertised URL of the process that last took ``room``'s lease (None: nobody has)."""
        with self._lock:
            row = self._connection.execute("SELECT url FROM room_leases WHERE room = %s", (room,)).fetchone()
        return None if row is None else str(row[0])

    def leased_elsewhere(self) -> list[str]:
        """The rooms some other process took a lease on (alive or not): candidates to take over."""
        with self._lock:
            rows = self._connection.execute("SELECT room FROM room_leases WHERE owner <> %s", (self.id,))
            return [str(row[0]) for row in rows.fetchall() if row[0] not in self.held]

    # --- announcements --------------------------------------------------------------------------------
    def announce(self, room: str, seq: int) -> None:
        """Tell every process that ``room``'s log reached ``seq`` (only for a room this one serves)."""
        if room not in self.held:
            return
        with self._lock:
            self._connection.execute("SELECT pg_notify(%s, %s)", (CHANNEL, f"{room}:{seq}"))

    def listen(self, heard: Callable[[str, int], None]) -> None:
        """Call ``heard(room, seq)`` for every commit another process announces, from a thread of its
        own (until :meth:`close`)."""
        import psycopg

        def run() -> None:
            with psycopg.connect(self._database, autocommit=True) as connection:
                connection.execute(f"LISTEN {CHANNEL}")
                while not self._stopping.is_set():
                    for notice in connection.notifies(timeout=LISTEN_POLL_S):
                        room, _, seq = notice.payload.rpartition(":")
                        if room and room not in self.held:
                            try:
                                heard(room, int(seq))
                            except Exception:  # one room's news must not stop the others'
                                LOG.exception("could not follow room %s to entry %s", room, seq)

        self._listener = threading.Thread(target=run, name="parley-listen", daemon=True)
        self._listener.start()

    def close(self) -> None:
        """Stop listening and release every lease (by closing the connection that holds them)."""
        self._stopping.set()
        if self._listener is not None:
            self._listener.join(timeout=2 * LISTEN_POLL_S + 1)
        with self._lock:
            self.held.clear()
            self._connection.close()
