"""Checking a room database: every room's hash chain, its token table against the grants its log
records, the signed checkpoints in its log, that its log replays to the same record and, given an
anchor kept outside the database (the witness file, or a head hash noted down), that the log is the one
the server wrote: not truncated, rewritten, extended or deleted.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from pydantic import JsonValue

from parley.room.chain import LogEntry, verify_chain
from parley.room.replay import ReplayError, replay
from parley.room.store import Store, TokenRow
from parley.room.witness import (
    WitnessRead,
    checkpoint_entry_problems,
    expected_head_problems,
    witness_problems,
)


@dataclass(frozen=True)
class RoomCheck:
    """One room's verdict: its entries and the problems found (none: intact)."""

    room: str
    entries: int
    problems: tuple[str, ...]
    notes: tuple[str, ...] = ()  # what could not be checked, and why

    @property
    def valid(self) -> bool:
        return not self.problems


@dataclass(frozen=True)
class Anchors:
    """What a check holds outside the database: the witness's checkpoints (signatures already checked
    when a key was given), the log key, and head hashes noted down (room -> hash)."""

    witness: WitnessRead | None = None
    key: bytes | None = None
    expected: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Verdict:
    """A whole check: each room's verdict, and the problems of the witness file itself."""

    rooms: list[RoomCheck]
    witness: tuple[str, ...]

    @property
    def valid(self) -> bool:
        return not self.witness and all(check.valid for check in self.rooms)


def verify_store(
    store: Store, room: str | None = None, replayed: bool = True, anchors: Anchors | None = None
) -> list[RoomCheck]:
    """Check every room (or one): chain, tokens, checkpoints, then (``replayed``) the replay and the
    anchors."""
    return verify_all(store, room, replayed, anchors).rooms


def verify_all(
    store: Store, room: str | None = None, replayed: bool = True, anchors: Anchors | None = None
) -> Verdict:
    """Check every room the database or the anchors know of (or one room)."""
    anchors = anchors or Anchors()
    rooms = [room] if room is not None else _every_room(store, anchors)
    checks = []
    for room_id in rooms:
        entries = store.entries(room_id)
        problems = room_problems(store, room_id, entries, anchors)
        if replayed and entries and not problems:
            problems += replay_problems(room_id, entries)
        checks.append(RoomCheck(room_id, len(entries), tuple(problems), tuple(room_notes(entries))))
    witness = anchors.witness.problems if anchors.witness is not None else ()
    return Verdict(checks, witness)


def _every_room(store: Store, anchors: Anchors) -> list[str]:
    """The rooms of the log, then those only the token table, the witness or a noted head names."""
    named = [*store.rooms(), *store.token_rooms(), *anchors.expected]
    if anchors.witness is not None:
        named += anchors.witness.rooms()
    return list(dict.fromkeys(named))


def room_problems(store: Store, room: str, entries: Sequence[LogEntry], anchors: Anchors) -> list[str]:
    """What is wrong with one room short of replaying it: its chain, its tokens, its checkpoints, its
    anchors (none: as far as these show, the log is the one the server wrote)."""
    problems = [str(problem) for problem in verify_chain(room, entries)]
    if not entries:
        problems.append(_missing_log(store, room))
    else:
        problems += token_problems(room, entries, store.token_rows(room), store)
        problems += checkpoint_entry_problems(room, entries, anchors.key)
    if anchors.witness is not None:
        problems += witness_problems(room, entries, anchors.witness.of(room))
    if room in anchors.expected:
        problems += expected_head_problems(room, entries, anchors.expected[room])
    return problems


def room_notes(entries: Sequence[LogEntry]) -> list[str]:
    """What a room's own log cannot vouch for: its token table, when opened before log format 2."""
    if entries and logged_grants(entries) is None:
        return [
            "its log does not record its join tokens (opened before log format 2): "
            "the token table is not checked"
        ]
    return []


def replay_problems(room: str, entries: Sequence[LogEntry]) -> list[str]:
    """Whether the log rebuilds the room it records (value-free reasons: they may be shown to anyone)."""
    try:
        replay(entries)
    except ReplayError as error:
        return [f"room {room}: does not replay: {error}"]
    except (ValueError, KeyError) as error:
        return [f"room {room}: does not replay: an entry does not fit its kind ({type(error).__name__})"]
    return []


def _missing_log(store: Store, room: str) -> str:
    """Why a room has no entries: deleted, if the token table still holds its links."""
    if store.token_rows(room):
        return f"room {room}: no entries, but its join tokens remain (its log was deleted)"
    return f"room {room}: no entries"


#: A grant as the token table and the log are compared: (role, party).
Grant = tuple[str, str | None]


def logged_grants(entries: Sequence[LogEntry]) -> tuple[dict[str, Grant], set[str]] | None:
    """The join tokens a log granted (digest -> role and party) and those it revoked; None for a room
    opened before its log recorded its tokens (log format 1)."""
    if not entries or entries[0].kind != "room_created" or "tokens" not in entries[0].payload:
        return None
    granted: dict[str, Grant] = {}
    revoked: set[str] = set()
    for grant in _as_list(entries[0].payload["tokens"]):
        _grant(granted, grant)
    for entry in entries:
        if entry.kind == "link":
            _grant(granted, entry.payload.get("grant"))
            revoked.update(str(digest) for digest in _as_list(entry.payload.get("revoked")))
    return granted, revoked


def _as_list(value: JsonValue) -> list[JsonValue]:
    return value if isinstance(value, list) else []


def _grant(granted: dict[str, Grant], grant: JsonValue) -> None:
    """Add one logged grant (a JSON object) to ``granted``."""
    if isinstance(grant, dict):
        party = grant.get("party")
        granted[str(grant.get("digest"))] = (str(grant.get("role")), None if party is None else str(party))


def token_problems(
    room: str, entries: Sequence[LogEntry], rows: Sequence[TokenRow], store: Store
) -> list[str]:
    """The room's token table against the grants and revocations its log records: a token added, or
    changed (an observer's link made a facilitator's), removed, revived or revoked behind the log."""
    logged = logged_grants(entries)
    if logged is None:
        return []
    granted, revoked = logged
    stored = {row.digest: (row.role, row.party) for row in rows}
    problems = []
    for digest in sorted(stored.keys() | granted.keys()):
        has, had = stored.get(digest), granted.get(digest)
        if has != had:
            problems.append(
                f"room {room}: token {digest[:8]}… is {_said(has)} in the token table, "
                f"{_said(had)} in the log"
            )
    stored_revoked = store.revoked_among(sorted(granted))
    for digest in sorted(revoked - stored_revoked):
        problems.append(
            f"room {room}: token {digest[:8]}… was revoked in the log but works again "
            "(its revocation was deleted)"
        )
    for digest in sorted(stored_revoked - revoked):
        problems.append(f"room {room}: token {digest[:8]}… was revoked in the database, not in the log")
    return problems


def _said(grant: Grant | None) -> str:
    """A grant in words (``absent`` for none)."""
    if grant is None:
        return "absent"
    role, party = grant
    return role if party is None else f"{role}:{party}"
