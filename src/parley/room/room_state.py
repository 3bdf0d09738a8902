"""A room in memory (its setting, its log, the indexes a request needs) and the service's errors.

Kept apart from :mod:`parley.room.service`, which applies changes: what a room holds and how its client
ids are scoped per seat, and which entries are private (they do not move the public position).
"""

from __future__ import annotations

import asyncio
import hashlib
import threading
from dataclasses import dataclass, field
from datetime import UTC, datetime

from parley.room.chain import LogEntry
from parley.room.entries import Payload
from parley.room.setup import Setting
from parley.room.table import MoveRefusedError


@dataclass(frozen=True)
class Draft:
    """An entry before sealing: who makes it (role, party, the client id of a request) and its payload,
    whose class gives the entry's kind."""

    role: str
    party: str | None
    client_id: str | None
    payload: Payload


def now() -> str:
    """The current UTC time, as stored in the log."""
    return datetime.now(UTC).isoformat(timespec="microseconds")


class UnknownRoomError(KeyError):
    """No room with that id."""


class BrokenRoomError(MoveRefusedError):
    """A room whose log failed its checks when the server loaded it: it is not served (409, why)."""


class ClientIdReusedError(MoveRefusedError):
    """A client id sent again with a different request."""


@dataclass
class Room:
    """A room in memory: its setting (scenario and table) and its log."""

    id: str
    setting: Setting
    log: list[LogEntry]
    lock: threading.Lock = field(default_factory=threading.Lock)
    guard: asyncio.Lock = field(default_factory=asyncio.Lock)  # held across a change's commit on the server
    clients: dict[str, LogEntry] = field(default_factory=dict)  # seat-scoped client id -> the entry it made
    answered: dict[str, int] = field(default_factory=dict)  # stored client id -> where its answer ended
    messages: list[LogEntry] = field(default_factory=list)  # the message entries, in log order
    taken: set[str] = field(default_factory=set)  # every client id as stored (unique in the room)
    public_seq: int = 0  # the last entry everyone may know of (private notes and lines do not move it)
    private_tail: list[LogEntry] = field(default_factory=list)  # the private entries after public_seq
    behind: bool = False  # another process serves it: its log is followed, its setting not rebuilt

    def __post_init__(self) -> None:
        self.index(self.log)

    def index(self, entries: list[LogEntry]) -> None:
        """Remember the client ids of ``entries`` (just appended to the log), per seat, and where each
        request's entries end (a move's own entry is followed by the engine events it caused); keep the
        messages apart (a page reads them after every change: they are not looked for in the whole
        log); move the public position past the public entries."""
        self.messages.extend(entry for entry in entries if entry.kind == "message")
        for position, entry in enumerate(entries):
            self._place(entry)
            if entry.client_id is None or entry.client_id in self.taken:
                continue
            self.taken.add(entry.client_id)
            self.clients[_scoped_key(entry)] = entry
            end = position
            while end + 1 < len(entries) and entries[end + 1].kind == "engine":
                end += 1
            self.answered[entry.client_id] = entries[end].seq

    def _place(self, entry: LogEntry) -> None:
        """Move the public position to ``entry``, or keep it (a private entry) in :attr:`private_tail`."""
        if is_private(entry):
            self.private_tail.append(entry)
        else:
            self.public_seq, self.private_tail = entry.seq, []

    @property
    def head(self) -> LogEntry:
        return self.log[-1]

    def by_client_id(
        self, client_id: str, role: str = "delegation", party: str | None = None
    ) -> LogEntry | None:
        """The entry ``role``'s seat ``party`` first used a client id for, if any: ids are scoped per
        seat, so another seat's use of the same id is neither found nor revealed."""
        key = client_key(role, party, client_id)
        return self.clients.get(key) or self.clients.get(client_alias(key))

    def stored_client_id(self, client_id: str, role: str, party: str | None) -> str:
        """The id a seat's new entry is stored under: the client's own, or (when another seat's entry
        holds it already) an alias of the seat's scoped id, so the database's uniqueness holds."""
        return client_alias(client_key(role, party, client_id)) if client_id in self.taken else client_id

    def notes(self) -> list[LogEntry]:
        return [entry for entry in self.log if entry.kind == "note"]


def client_key(role: str, party: str | None, client_id: str) -> str:
    """A client id scoped to one seat (a role and its party; the mediator's moves and notes alike)."""
    return f"{role}\x1f{party or ''}\x1f{client_id}"


#: An alias starts with "~", which a client's own id may not contain (see ``parley.room.api.ClientId``).
ALIAS = "~"


def client_alias(key: str) -> str:
    """The stored form of a scoped client id whose plain form another seat holds (65 characters)."""
    return ALIAS + hashlib.sha256(key.encode()).hexdigest()


def _scoped_key(entry: LogEntry) -> str:
    """The seat-scoped key of a stored entry's client id (an alias is its own key)."""
    client_id = entry.client_id or ""
    return client_id if client_id.startswith(ALIAS) else client_key(entry.role, entry.party, client_id)


def is_private(entry: LogEntry) -> bool:
    """Whether only some roles may know of ``entry``: a private note, a message on a caucus or mediator
    line, a principal's mandate."""
    if entry.kind == "note":
        return bool(entry.payload.get("private"))
    if entry.kind == "message":
        return entry.payload.get("channel") != "table"
    return entry.kind == "mandate"
