"""The tamper-evident chain of a room's log: every entry carries the hash of the one before it.

An entry's hash is SHA-256 over its canonical JSON (sorted keys, no spaces) including the previous
entry's hash, so changing, removing or reordering any stored entry breaks every hash after it;
:func:`verify_chain` says where.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TypeAlias, TypedDict

from pydantic import JsonValue

#: The "previous hash" of a room's first entry.
GENESIS = "0" * 64

#: A JSON object, as parsed: what an entry's payload is to the chain (:mod:`parley.room.entries` types
#: each kind's payload).
JsonObject: TypeAlias = dict[str, JsonValue]


def canonical_json(value: object) -> str:
    """The one JSON text of ``value`` (anything ``json`` writes: dicts, lists, strings, numbers, booleans,
    None) that hashes are computed over."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False)


@dataclass(frozen=True)
class LogEntry:
    """One stored entry of a room's log, as appended: what happened, by whom, and its chain links.

    ``kind`` is ``room_created``, ``action`` (a delegation's move, with its client id), ``engine`` (an
    event of the negotiation record), ``note`` or ``room_closed``; ``payload`` holds the details, as
    stored and hashed (:func:`parley.room.entries.payload_of` reads them as typed payloads).
    """

    room: str
    seq: int
    kind: str
    role: str
    party: str | None
    client_id: str | None
    payload: JsonObject
    at: str
    prev_hash: str
    hash: str

    def to_json(self) -> EntryJson:
        """A JSON-ready dict of the entry, hashes included."""
        return {
            "room": self.room,
            "seq": self.seq,
            "kind": self.kind,
            "role": self.role,
            "party": self.party,
            "client_id": self.client_id,
            "payload": self.payload,
            "at": self.at,
            "prev_hash": self.prev_hash,
            "hash": self.hash,
        }


class EntryJson(TypedDict):
    """A log entry as JSON (:meth:`LogEntry.to_json`), hashes included."""

    room: str
    seq: int
    kind: str
    role: str
    party: str | None
    client_id: str | None
    payload: JsonObject
    at: str
    prev_hash: str
    hash: str


def entry_hash(
    room: str,
    seq: int,
    kind: str,
    role: str,
    party: str | None,
    client_id: str | None,
    payload: JsonObject,
    at: str,
    prev_hash: str,
) -> str:
    """The SHA-256 (hex) of an entry's content and its predecessor's hash."""
    content: JsonObject = {
        "room": room,
        "seq": seq,
        "kind": kind,
        "role": role,
        "party": party,
        "client_id": client_id,
        "payload": payload,
        "at": at,
        "prev": prev_hash,
    }
    return hashlib.sha256(canonical_json(content).encode()).hexdigest()


def seal(
    room: str,
    seq: int,
    kind: str,
    role: str,
    party: str | None,
    client_id: str | None,
    payload: JsonObject,
    at: str,
    prev_hash: str,
) -> LogEntry:
    """A new entry linked to ``prev_hash``."""
    digest = entry_hash(room, seq, kind, role, party, client_id, payload, at, prev_hash)
    return LogEntry(room, seq, kind, role, party, client_id, payload, at, prev_hash, digest)


@dataclass(frozen=True)
class ChainProblem:
    """Where a room's chain is broken and how."""

    room: str
    seq: int
    problem: str

    def __str__(self) -> str:
        return f"room {self.room}, entry {self.seq}: {self.problem}"


def verify_chain(room: str, entries: Iterable[LogEntry]) -> list[ChainProblem]:
    """Every break in one room's chain (empty when the log is intact): gaps, bad links, bad hashes."""
    problems: list[ChainProblem] = []
    previous = GENESIS
    expected_seq = 0
    for entry in entries:
        if entry.seq != expected_seq:
            problems.append(ChainProblem(room, entry.seq, f"expected entry {expected_seq} (entries missing)"))
        if entry.prev_hash != previous:
            problems.append(ChainProblem(room, entry.seq, "does not link to the entry before it"))
        content = (entry.kind, entry.role, entry.party, entry.client_id, entry.payload, entry.at)
        if entry_hash(room, entry.seq, *content, entry.prev_hash) != entry.hash:
            problems.append(ChainProblem(room, entry.seq, "its content does not match its hash (altered)"))
        previous = entry.hash
        expected_seq = entry.seq + 1
    return problems
