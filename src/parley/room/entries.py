"""What a room's log entries hold: one typed payload per kind of entry.

The chain (:mod:`parley.room.chain`) hashes a payload as it is stored, a JSON object; the classes here
say what each kind's payload holds. ``to_json`` writes a payload exactly as the room always has (the
hashes of every stored entry depend on it: same keys, same values); :func:`payload_of` reads one back,
raising a ValueError (pydantic's ValidationError) when it does not fit its kind. Reading never feeds a
hash: the chain is checked over the stored JSON itself, so a typed reading cannot hide an edit.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar, Literal, NotRequired, TypeAlias, TypeVar, cast

from pydantic import TypeAdapter
from typing_extensions import TypedDict  # pydantic reads TypedDicts from typing_extensions on Python 3.11

from parley.record import EventData
from parley.room.chain import JsonObject, LogEntry
from parley.room.person import Intent
from parley.room.setup import RoomSetup

#: The kinds of entry a room's log holds.
EntryKind = Literal[
    "room_created",
    "action",
    "engine",
    "note",
    "room_closed",
    "incident",
    "clock",
    "message",
    "mandate",
    "link",
    "checkpoint",
]


@dataclass(frozen=True)
class TokenGrant:
    """A join token as the log records it: its SHA-256 digest (never the token), its role and party, so
    the chain covers who may do what (a row of the token table that differs from it is reported)."""

    digest: str
    role: str
    party: str | None

    def to_json(self) -> JsonObject:
        return {"digest": self.digest, "role": self.role, "party": self.party}


class LoggedEvent(TypedDict):
    """An engine event as logged: its JSON (:meth:`parley.record.Event.to_json`) without the wall-clock
    ``elapsed`` (the entry has its own time)."""

    kind: str
    round: int
    party: str | None
    outcome: list[int] | None
    data: NotRequired[EventData]


@dataclass(frozen=True)
class RoomCreatedPayload:
    """``room_created``, a room's first entry: the facilitator's set-up and the scenario's YAML text,
    everything a replay needs."""

    kind: ClassVar[EntryKind] = "room_created"
    setup: RoomSetup
    scenario_yaml: str
    # the join tokens handed out (log format 2); None in a room opened before the log covered them
    tokens: list[TokenGrant] | None = None

    def to_json(self) -> JsonObject:
        body: JsonObject = {"setup": self.setup.model_dump(mode="json"), "scenario_yaml": self.scenario_yaml}
        if self.tokens is not None:
            body["tokens"] = [grant.to_json() for grant in self.tokens]
        return body


@dataclass(frozen=True)
class ActionPayload:
    """``action``: a delegation's move (the entry names the party and carries the client id)."""

    kind: ClassVar[EntryKind] = "action"
    intent: Intent

    def to_json(self) -> JsonObject:
        return {"intent": self.intent.to_json()}


@dataclass(frozen=True)
class EnginePayload:
    """``engine``: an event of the negotiation record and its place (``index``) in the record."""

    kind: ClassVar[EntryKind] = "engine"
    index: int
    event: LoggedEvent

    def to_json(self) -> JsonObject:
        # a LoggedEvent is a JSON object (replay.event_payload makes it one); mypy sees TypedDicts apart
        return {"index": self.index, "event": cast(JsonObject, self.event)}


@dataclass(frozen=True)
class NotePayload:
    """``note``: a note's text and whether it is private (the entry names its author's role and party)."""

    kind: ClassVar[EntryKind] = "note"
    text: str
    private: bool

    def to_json(self) -> JsonObject:
        return {"text": self.text, "private": self.private}


@dataclass(frozen=True)
class RoomClosedPayload:
    """``room_closed``: the facilitator closed the room, for this reason."""

    kind: ClassVar[EntryKind] = "room_closed"
    reason: str
    #: Closed while the agents played on: how many asks they had answered since the last change, so
    #: that a replay stops them there too (None: the room was settled).
    agent_asks: int | None = None

    def to_json(self) -> JsonObject:
        if self.agent_asks is None:
            return {"reason": self.reason}
        return {"reason": self.reason, "agent_asks": self.agent_asks}


@dataclass(frozen=True)
class IncidentPayload:
    """``incident``: a front incident the facilitator reports (how far each front variable moves, and
    what happened); the process applies it when the stage next settles."""

    kind: ClassVar[EntryKind] = "incident"
    changes: dict[str, float]
    note: str

    def to_json(self) -> JsonObject:
        return {"changes": dict(self.changes), "note": self.note}


@dataclass(frozen=True)
class ClockPayload:
    """``clock``: a stage's wall-clock limit ran out (the server's clock writes it), so the stage ends."""

    kind: ClassVar[EntryKind] = "clock"
    stage: str
    limit_s: float

    def to_json(self) -> JsonObject:
        return {"stage": self.stage, "limit_s": self.limit_s}


@dataclass(frozen=True)
class MessagePayload:
    """``message``: a message on one channel (``table``; ``caucus:{party}``: a delegation and its
    principal; ``mediator:{party}``: the mediator and one delegation), with a package it proposes, if
    any. The entry names the sender's role and party."""

    kind: ClassVar[EntryKind] = "message"
    channel: str
    text: str
    package: list[int] | None = None  # a package proposed with the message (option indices)

    def to_json(self) -> JsonObject:
        body: JsonObject = {"channel": self.channel, "text": self.text}
        if self.package is not None:
            body["package"] = list(self.package)
        return body


@dataclass(frozen=True)
class MandatePayload:
    """``mandate``: a principal sets its delegation's authority limit before the delegation's first move
    (the entry names the principal's party)."""

    kind: ClassVar[EntryKind] = "mandate"
    authority_limit: float

    def to_json(self) -> JsonObject:
        return {"authority_limit": self.authority_limit}


@dataclass(frozen=True)
class LinkPayload:
    """``link``: the facilitator re-issued a seat's link: the new token's grant and the digests of the
    tokens it revokes (the token tables must say the same)."""

    kind: ClassVar[EntryKind] = "link"
    grant: TokenGrant
    revoked: list[str]

    def to_json(self) -> JsonObject:
        return {"grant": self.grant.to_json(), "revoked": list(self.revoked)}


@dataclass(frozen=True)
class CheckpointPayload:
    """``checkpoint``: the server signed the room's head (the entry before this one), HMAC-SHA256 under
    its log key (:mod:`parley.room.witness`), so a rewrite of the log before it shows without the key."""

    kind: ClassVar[EntryKind] = "checkpoint"
    seq: int
    hash: str
    at: str
    mac: str

    def to_json(self) -> JsonObject:
        return {"seq": self.seq, "hash": self.hash, "at": self.at, "mac": self.mac}


#: A log entry's payload, one class per kind (the entry's ``kind`` says which).
Payload: TypeAlias = (
    RoomCreatedPayload
    | ActionPayload
    | EnginePayload
    | NotePayload
    | RoomClosedPayload
    | IncidentPayload
    | ClockPayload
    | MessagePayload
    | MandatePayload
    | LinkPayload
    | CheckpointPayload
)
PAYLOADS: tuple[type[Payload], ...] = (
    RoomCreatedPayload,
    ActionPayload,
    EnginePayload,
    NotePayload,
    RoomClosedPayload,
    IncidentPayload,
    ClockPayload,
    MessagePayload,
    MandatePayload,
    LinkPayload,
    CheckpointPayload,
)
_READERS: dict[str, TypeAdapter[Payload]] = {kind.kind: TypeAdapter(kind) for kind in PAYLOADS}

P = TypeVar(
    "P",
    RoomCreatedPayload,
    ActionPayload,
    EnginePayload,
    NotePayload,
    RoomClosedPayload,
    IncidentPayload,
    ClockPayload,
    MessagePayload,
    MandatePayload,
    LinkPayload,
    CheckpointPayload,
)


def payload_of(entry: LogEntry) -> Payload:
    """The typed payload of ``entry``; a ValueError if its kind is unknown or its payload does not fit."""
    reader = _READERS.get(entry.kind)
    if reader is None:
        raise ValueError(f"entry {entry.seq}: no entry kind {entry.kind!r}")
    return reader.validate_python(entry.payload)


def payload_as(entry: LogEntry, kind: type[P]) -> P:
    """The payload of ``entry``, which must be of ``kind`` (a ValueError otherwise)."""
    payload = payload_of(entry)
    if not isinstance(payload, kind):
        raise ValueError(f"entry {entry.seq} is a {entry.kind} entry, not a {kind.kind} entry")
    return payload
