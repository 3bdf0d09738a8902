"""Where rooms live: an append-only log table and a table of hashed join tokens, through SQLAlchemy.

SQLite is the default (one file, WAL journal: a committed entry survives ``kill -9`` of the server);
a ``postgresql://`` URL uses PostgreSQL through psycopg 3. Nothing is ever updated or deleted: a
room is the sequence of its entries, and ``(room, seq)`` and ``(room, client_id)`` are unique, so a
second writer or a retried request cannot fork or double a room's log.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, TypedDict

import sqlalchemy as sa
from sqlalchemy.engine import Engine
from sqlalchemy.engine.interfaces import DBAPIConnection
from sqlalchemy.pool import ConnectionPoolEntry

from parley.room.chain import LogEntry, canonical_json
from parley.room.witness import Witness

METADATA = sa.MetaData()

EVENTS = sa.Table(
    "room_events",
    METADATA,
    sa.Column(
        "id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), primary_key=True, autoincrement=True
    ),
    sa.Column("room", sa.String(64), nullable=False),
    sa.Column("seq", sa.Integer, nullable=False),
    sa.Column("kind", sa.String(32), nullable=False),
    sa.Column("role", sa.String(32), nullable=False),
    sa.Column("party", sa.String(200)),
    sa.Column("client_id", sa.String(100)),
    sa.Column("payload", sa.Text, nullable=False),
    sa.Column("at", sa.String(40), nullable=False),
    sa.Column("prev_hash", sa.String(64), nullable=False),
    sa.Column("hash", sa.String(64), nullable=False),
    sa.UniqueConstraint("room", "seq", name="uq_room_seq"),
    sa.UniqueConstraint("room", "client_id", name="uq_room_client_id"),
)

TOKENS = sa.Table(
    "room_tokens",
    METADATA,
    sa.Column("digest", sa.String(64), primary_key=True),
    sa.Column("room", sa.String(64), nullable=False, index=True),
    sa.Column("role", sa.String(32), nullable=False),
    sa.Column("party", sa.String(200)),
)


#: Join tokens withdrawn by the facilitator (a link re-issued): insert-only, like the log.
REVOKED = sa.Table(
    "room_revoked_tokens",
    METADATA,
    sa.Column("digest", sa.String(64), primary_key=True),
    sa.Column("at", sa.String(40), nullable=False),
)


@dataclass(frozen=True)
class TokenRow:
    """A join token as stored: its SHA-256 digest (never the token), its room, role and party."""

    digest: str
    room: str
    role: str
    party: str | None


def engine_url(url: str) -> str:
    """The SQLAlchemy URL for ``url``: a plain ``postgresql://`` URL uses the psycopg 3 driver."""
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def _sqlite_pragmas(connection: DBAPIConnection, _record: ConnectionPoolEntry) -> None:
    """WAL journal (readers never block the writer; a commit survives a killed process), a wait on
    a locked database instead of an error, and foreign keys on."""
    cursor = connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.close()


def make_engine(url: str) -> Engine:
    """An engine for ``url`` with the tables created if missing."""
    url = engine_url(url)
    if url.startswith("sqlite"):
        engine = sa.create_engine(url, connect_args={"check_same_thread": False})
        sa.event.listen(engine, "connect", _sqlite_pragmas)
    else:
        engine = sa.create_engine(url, pool_pre_ping=True)
    METADATA.create_all(engine)
    return engine


class EventRow(TypedDict):
    """A log entry as a row of :data:`EVENTS` (the payload as its canonical JSON text)."""

    room: str
    seq: int
    kind: str
    role: str
    party: str | None
    client_id: str | None
    payload: str
    at: str
    prev_hash: str
    hash: str


def _row(entry: LogEntry) -> EventRow:
    return {
        "room": entry.room,
        "seq": entry.seq,
        "kind": entry.kind,
        "role": entry.role,
        "party": entry.party,
        "client_id": entry.client_id,
        "payload": canonical_json(entry.payload),
        "at": entry.at,
        "prev_hash": entry.prev_hash,
        "hash": entry.hash,
    }


def _in_order(row: Mapping[str, object], columns: Sequence[str]) -> tuple[object, ...]:
    return tuple(row[column] for column in columns)


def _entry(row: sa.Row[Any]) -> LogEntry:
    return LogEntry(
        row.room,
        row.seq,
        row.kind,
        row.role,
        row.party,
        row.client_id,
        json.loads(row.payload),
        row.at,
        row.prev_hash,
        row.hash,
    )


def _stamp() -> str:
    """The current UTC time, as a checkpoint records it."""
    return datetime.now(UTC).isoformat(timespec="microseconds")


class Store:
    """The room database: append entries (one transaction per call), read a room's log, find tokens.

    With a :attr:`witness`, every commit is announced to it just before (``committed: false``) and
    confirmed just after, each room's new head signed (:mod:`parley.room.witness`)."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.witness: Witness | None = None
        self.engine = make_engine(url)
        self._columns = [column.name for column in EVENTS.columns if column.name != "id"]
        # the INSERT compiled once for this database: appends skip SQLAlchemy's per-call compilation
        compiled = sa.insert(EVENTS).compile(dialect=self.engine.dialect, column_keys=self._columns)
        self._insert = str(compiled)
        self._positional = compiled.positional
        self._order = list(compiled.positiontup or [])

    def create_room(self, entries: Sequence[LogEntry], tokens: Sequence[TokenRow]) -> None:
        """Store a room's first entries and its join tokens together (all or nothing)."""
        self._announce(entries, committed=False)
        with self.engine.begin() as connection:
            connection.execute(sa.insert(TOKENS), [token.__dict__ for token in tokens])
            connection.execute(sa.insert(EVENTS), [_row(entry) for entry in entries])
        self._announce(entries, committed=True)

    def append(self, entries: Sequence[LogEntry]) -> None:
        """Append ``entries`` in one transaction (all or nothing)."""
        if entries:
            self._announce(entries, committed=False)
            with self.engine.begin() as connection:
                rows = [_row(entry) for entry in entries]
                if self._positional:
                    connection.exec_driver_sql(self._insert, [_in_order(r, self._order) for r in rows])
                else:
                    connection.exec_driver_sql(self._insert, rows)
            self._announce(entries, committed=True)

    def _announce(self, entries: Sequence[LogEntry], committed: bool) -> None:
        """Tell the witness (if any) of the rooms' new heads, before or after their commit."""
        if self.witness is not None and entries:
            self.witness.saw(entries, _stamp(), committed)

    def entries(self, room: str, after: int = -1) -> list[LogEntry]:
        """A room's log, in order (the entries after ``after`` only)."""
        query = sa.select(EVENTS).where(EVENTS.c.room == room, EVENTS.c.seq > after).order_by(EVENTS.c.seq)
        with self.engine.connect() as connection:
            return [_entry(row) for row in connection.execute(query)]

    def rooms(self) -> list[str]:
        """Every room with entries (its first one lost or not), oldest first."""
        first = sa.func.min(EVENTS.c.id)
        query = sa.select(EVENTS.c.room).group_by(EVENTS.c.room).order_by(first)
        with self.engine.connect() as connection:
            return [row.room for row in connection.execute(query)]

    def token_rooms(self) -> list[str]:
        """Every room the token table names (a room deleted from the log may leave its tokens)."""
        query = sa.select(TOKENS.c.room).distinct().order_by(TOKENS.c.room)
        with self.engine.connect() as connection:
            return [row.room for row in connection.execute(query)]

    def token_rows(self, room: str) -> list[TokenRow]:
        """Every token stored for ``room``, revoked or not."""
        query = sa.select(TOKENS).where(TOKENS.c.room == room)
        with self.engine.connect() as connection:
            return [TokenRow(r.digest, r.room, r.role, r.party) for r in connection.execute(query)]

    def revoked_among(self, digests: Sequence[str]) -> set[str]:
        """Which of ``digests`` the revocation table holds."""
        if not digests:
            return set()
        query = sa.select(REVOKED.c.digest).where(REVOKED.c.digest.in_(list(digests)))
        with self.engine.connect() as connection:
            return {row.digest for row in connection.execute(query)}

    def all_entries(self) -> Iterator[tuple[str, list[LogEntry]]]:
        """Every room with its log (for verification), oldest room first."""
        for room in self.rooms():
            yield room, self.entries(room)

    def token(self, digest: str) -> TokenRow | None:
        """The stored token with this digest, if any and not revoked."""
        revoked = sa.select(REVOKED.c.digest).where(REVOKED.c.digest == digest)
        query = sa.select(TOKENS).where(TOKENS.c.digest == digest, ~sa.exists(revoked))
        with self.engine.connect() as connection:
            row = connection.execute(query).first()
        return None if row is None else TokenRow(row.digest, row.room, row.role, row.party)

    def tokens_of(self, room: str, role: str, party: str | None) -> list[str]:
        """The digests of a room's live (not revoked) tokens for one role and party."""
        revoked = sa.select(REVOKED.c.digest)
        query = sa.select(TOKENS.c.digest).where(
            TOKENS.c.room == room,
            TOKENS.c.role == role,
            TOKENS.c.party.is_(None) if party is None else TOKENS.c.party == party,
            TOKENS.c.digest.not_in(revoked),
        )
        with self.engine.connect() as connection:
            return [row.digest for row in connection.execute(query)]

    def replace_tokens(
        self, old: Sequence[str], new: TokenRow, at: str, entries: Sequence[LogEntry] = ()
    ) -> None:
        """Revoke the tokens ``old`` and store ``new`` in their place, with the log ``entries`` that
        record it (all or nothing)."""
        self._announce(entries, committed=False)
        with self.engine.begin() as connection:
            if old:
                connection.execute(sa.insert(REVOKED), [{"digest": digest, "at": at} for digest in old])
            connection.execute(sa.insert(TOKENS), [new.__dict__])
            if entries:
                connection.execute(sa.insert(EVENTS), [_row(entry) for entry in entries])
        self._announce(entries, committed=True)

    def close(self) -> None:
        """Release the connections."""
        self.engine.dispose()
