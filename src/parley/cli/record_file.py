"""Record files: what ``parley negotiate --record`` writes and ``parley fork`` reads (pydantic, at the edge).

A negotiation record (format ``parley-negotiation-record/1``) holds what a run needs to be run again or
forked: the scenario as it was given (a path or a built-in name), the protocol, the round limit, the
seed, each party's strategy label, and the events as ``Record.to_json`` writes them (a fork also names
the record and the round it was forked from). ``parley fork`` also reads a room's exported record
(``parley-room-record/1``: the protocol, rounds, parties and events; the scenario and the strategies are
then given on the command line). Reading errors name the file and the place in it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Literal, NotRequired

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, ValidationError
from typing_extensions import TypedDict  # pydantic reads TypedDicts from typing_extensions on Python 3.11

from parley.formats import write_text_file
from parley.record import Event, EventData, EventKind, Record

FORMAT = "parley-negotiation-record/1"
ROOM_FORMAT = "parley-room-record/1"


class EventRow(TypedDict):
    """One event as :meth:`parley.record.Event.to_json` writes it (``data`` only when it has extras)."""

    kind: EventKind
    round: Annotated[int, Field(ge=0)]
    elapsed: float
    party: str | None
    outcome: list[Annotated[int, Field(ge=0)]] | None
    data: NotRequired[EventData]


class ForkOrigin(BaseModel):
    """Where a forked record comes from: the record file and the round it was forked at."""

    model_config = ConfigDict(extra="forbid")

    record: str
    at: int = Field(ge=0)


class NegotiationRecordFile(BaseModel):
    """A negotiation's record file: the run's settings and its events."""

    model_config = ConfigDict(extra="forbid")

    format: Literal["parley-negotiation-record/1"]
    scenario: str = Field(min_length=1, description="the scenario as given: a path or a built-in name")
    protocol: str = Field(min_length=1)
    rounds: int = Field(ge=1)
    seed: int
    strategies: dict[str, str] = Field(description="each party's strategy label, in seat order")
    forked_from: ForkOrigin | None = None
    events: list[EventRow]


class _RoomParty(BaseModel):
    name: str


class _ExportedRoom(BaseModel):
    protocol: str
    rounds: int = Field(ge=1)
    parties: list[_RoomParty]


class _RoomEvent(BaseModel):
    kind: EventKind
    round: int = Field(ge=0)
    party: str | None
    outcome: list[Annotated[int, Field(ge=0)]] | None
    data: EventData = Field(default_factory=EventData)


class RoomRecordFile(BaseModel):
    """A room's exported record, as much of it as a fork reads (the rest is ignored)."""

    format: Literal["parley-room-record/1"]
    room: _ExportedRoom
    record: list[_RoomEvent]


RecordFile = Annotated[NegotiationRecordFile | RoomRecordFile, Field(discriminator="format")]
_FILES: TypeAdapter[NegotiationRecordFile | RoomRecordFile] = TypeAdapter(RecordFile)


class RecordFileError(ValueError):
    """A record file that cannot be read: the message names the file and the place in it."""


@dataclass(frozen=True)
class Recorded:
    """A record file, read: the run's settings (None where the file does not say) and its record."""

    scenario: str | None
    protocol: str
    rounds: int
    seed: int | None
    strategies: dict[str, str] | None
    parties: tuple[str, ...] | None
    record: Record


def read_record_file(path: Path) -> Recorded:
    """The record file at ``path`` (either format); RecordFileError with the place of what is wrong."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise RecordFileError(f"{path}: {error.strerror or error}") from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise RecordFileError(f"{path}: line {error.lineno}, column {error.colno}: {error.msg}") from None
    try:
        parsed = _FILES.validate_python(data)
    except ValidationError as error:
        first = error.errors()[0]
        loc = first["loc"][1:] if first["loc"][:1] in ((FORMAT,), (ROOM_FORMAT,)) else first["loc"]
        if first["type"] == "union_tag_invalid":
            loc = ("format",)
        where = ".".join(str(part) for part in loc) or "the top level"
        raise RecordFileError(f"{path}: {where}: {first['msg']}") from None
    if isinstance(parsed, RoomRecordFile):
        room = parsed.room
        events = tuple(  # an exported event has no time (the room's log has)
            Event(e.kind, e.round, 0.0, e.party, None if e.outcome is None else tuple(e.outcome), e.data)
            for e in parsed.record
        )
        parties = tuple(party.name for party in room.parties)
        return Recorded(None, room.protocol, room.rounds, None, None, parties, Record(events))
    record = Record.from_json(parsed.model_dump(mode="json")["events"])
    parties = tuple(parsed.strategies)
    return Recorded(
        parsed.scenario, parsed.protocol, parsed.rounds, parsed.seed, parsed.strategies, parties, record
    )


def writable(path: Path, force: bool) -> None:
    """Raise RecordFileError unless ``path`` may be written (a file there is kept without ``force``)."""
    if path.exists() and not force:
        raise RecordFileError(f"{path} exists; give --force to overwrite it")


def write_record_file(path: Path, file: NegotiationRecordFile) -> None:
    """Write ``file`` to ``path`` as JSON (OSError if it cannot be written)."""
    data = file.model_dump(mode="json")
    if data["forked_from"] is None:
        del data["forked_from"]
    write_text_file(path, json.dumps(data, indent=1, ensure_ascii=False) + "\n")


def record_file(
    scenario: str,
    protocol: str,
    rounds: int,
    seed: int,
    strategies: dict[str, str],
    record: Record,
    forked_from: ForkOrigin | None = None,
) -> NegotiationRecordFile:
    """The record file of a run (validated, so that what is written reads back)."""
    return NegotiationRecordFile.model_validate(
        {
            "format": FORMAT,
            "scenario": scenario,
            "protocol": protocol,
            "rounds": rounds,
            "seed": seed,
            "strategies": strategies,
            "forked_from": forked_from,
            "events": record.to_json(),
        }
    )
