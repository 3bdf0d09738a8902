"""The request and response bodies of the room's HTTP API (pydantic: validated at the edge, and
described in the OpenAPI schema).

A response body (:class:`ResponseBody`) sends a field that has a default only when it was set: the
routes answer with ``exclude_unset``, so "absent" and null stay apart (a package's utility is null when
it crosses a red line, absent when the caller may not see it).
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

from parley.domain import Value
from parley.protocols import Ending
from parley.record import EventData, EventKind
from parley.room.chain import JsonObject
from parley.room.entries import (
    ActionPayload,
    CheckpointPayload,
    ClockPayload,
    EnginePayload,
    IncidentPayload,
    LinkPayload,
    MandatePayload,
    MessagePayload,
    NotePayload,
    RoomClosedPayload,
    RoomCreatedPayload,
)
from parley.room.packages import NamedPackage
from parley.room.person import Action, Intent, MoveKind
from parley.room.process_api import AgreementView, Ballot, ProcessView, Referral, StageStatusExport
from parley.room.setup import Protocol, SeatSetup

ClientId = Field(
    min_length=1,
    max_length=100,
    pattern=r"^[A-Za-z0-9._:-]+$",
    description="chosen by the client; a retry with the same id is applied once",
)


class MoveRequest(BaseModel):
    """A delegation's move: the action and, for an offer or counter-offer, the package."""

    model_config = ConfigDict(extra="forbid")

    client_id: str = ClientId
    action: Action
    package: NamedPackage | None = Field(default=None, description="{issue: option value}")
    indices: list[int] | None = Field(
        default=None, max_length=1000, description="or the package as option indices"
    )


class NoteRequest(BaseModel):
    """A note: private (the author's side and the facilitator) or public (everyone in the room)."""

    model_config = ConfigDict(extra="forbid")

    client_id: str = ClientId
    text: str = Field(min_length=1, max_length=5000)
    private: bool = True


class CloseRequest(BaseModel):
    """Closing a room: no more moves."""

    model_config = ConfigDict(extra="forbid")

    reason: str = Field(default="", max_length=1000)


# --- responses ---------------------------------------------------------------------------------------------
class ResponseBody(BaseModel):
    """A response body: every field without a default is always sent, a field with a default only when
    set (the routes answer with ``exclude_unset``; :meth:`to_json` does the same). A field assigned
    after construction is validated and counts as set."""

    model_config = ConfigDict(validate_assignment=True)

    def to_json(self) -> JsonObject:
        """The body as the API sends it."""
        return self.model_dump(mode="json", exclude_unset=True)


class Health(ResponseBody):
    """Whether the server is up, and how many rooms it holds."""

    status: Literal["ok"]
    rooms: int


class Link(BaseModel):
    """A join link: the secret token (shown once) and the page it opens."""

    token: str
    url: str


class RoomCreated(BaseModel):
    """A new room: its id and one join link per role (facilitator, mediator, each delegation, observers)."""

    id: str
    links: dict[str, Link]


# --- the log ---------------------------------------------------------------------------------------------
class _Entry(BaseModel):
    """A log entry as the API sends it (:meth:`parley.room.chain.LogEntry.to_json`)."""

    room: str
    seq: int = Field(description="its place in the room's log, from 0")
    role: str = Field(description="who made it: a room role, or 'engine'")
    party: str | None
    client_id: str | None = Field(description="the client id of the request that made it")
    at: str = Field(description="when (UTC, ISO 8601)")
    prev_hash: str = Field(description="the hash of the entry before it (64 zeros for the first)")
    hash: str = Field(description="SHA-256 of the entry's canonical JSON, prev_hash included")


class RoomCreatedEntry(_Entry):
    """The room's first entry: its set-up."""

    kind: Literal["room_created"]
    payload: RoomCreatedPayload


class ActionEntry(_Entry):
    """A delegation's move."""

    kind: Literal["action"]
    payload: ActionPayload


class EngineEntry(_Entry):
    """An event of the negotiation record."""

    kind: Literal["engine"]
    payload: EnginePayload


class NoteEntry(_Entry):
    """A note."""

    kind: Literal["note"]
    payload: NotePayload


class RoomClosedEntry(_Entry):
    """The facilitator closed the room."""

    kind: Literal["room_closed"]
    payload: RoomClosedPayload


class IncidentEntry(_Entry):
    """A front incident the facilitator reported."""

    kind: Literal["incident"]
    payload: IncidentPayload


class ClockEntry(_Entry):
    """A stage's wall-clock limit ran out (written by the server's clock)."""

    kind: Literal["clock"]
    payload: ClockPayload


class MessageEntry(_Entry):
    """A message on one channel."""

    kind: Literal["message"]
    payload: MessagePayload


class MandateEntry(_Entry):
    """A principal set its delegation's authority limit before the talks."""

    kind: Literal["mandate"]
    payload: MandatePayload


class LinkEntry(_Entry):
    """The facilitator re-issued a seat's link: the new token's grant and the tokens it revokes."""

    kind: Literal["link"]
    payload: LinkPayload


class CheckpointEntry(_Entry):
    """The server signed the room's head (:mod:`parley.room.witness`)."""

    kind: Literal["checkpoint"]
    payload: CheckpointPayload


#: A log entry as the API sends it, one model per kind of entry.
LoggedEntry = Annotated[
    RoomCreatedEntry
    | ActionEntry
    | EngineEntry
    | NoteEntry
    | RoomClosedEntry
    | IncidentEntry
    | ClockEntry
    | MessageEntry
    | MandateEntry
    | LinkEntry
    | CheckpointEntry,
    Field(discriminator="kind"),
]


class AppliedResponse(BaseModel):
    """What a move, note or closing did: whether it was a retry, the log position, the entries it added."""

    duplicate: bool
    seq: int
    entries: list[LoggedEntry]


# --- the room ---------------------------------------------------------------------------------------------
#: How a room stands: open, ended (agreement or breakdown), or closed by the facilitator.
RoomStatus = Literal["open", "ended", "closed"]
#: Who plays a seat.
SeatKind = Literal["person", "agent"]


class RoomSummary(BaseModel):
    """A room in the facilitator's list."""

    id: str
    title: str
    status: RoomStatus | Literal["broken"]
    seq: int
    parties: list[str]
    class_id: str | None = None
    class_name: str = ""
    opened_at: str = ""
    running: bool = Field(default=False, description="whether its agents still play on in the background")
    problem: str = Field(default="", description="a broken room's: why its log does not rebuild it")


class PartySeat(ResponseBody):
    """A party at the table and who plays it."""

    name: str
    seat: SeatKind


class WhoseMove(ResponseBody):
    """The seat the table waits for: the party (a ratifying body's name; the mediator's), whether it is
    to propose or to respond, and — in a process room — its role and the kind of ask."""

    party: str
    kind: MoveKind
    role: str = "delegation"
    ask: str = Field(default="", description="propose, respond, refer, ratify or draft")


class IssueOptions(ResponseBody):
    """An issue and its options (by index), for the offer builder."""

    name: str
    kind: str
    options: list[Value]


class PublicRoom(ResponseBody):
    """What anyone in the room may know: title, protocol, parties, whose move, how it ended."""

    id: str
    title: str
    protocol: Protocol
    rounds: int
    round: int
    parties: list[PartySeat]
    status: RoomStatus
    awaiting: WhoseMove | None
    ending: Ending | None
    agreement: NamedPackage | None
    seq: int = Field(
        description="the room's log position as the caller may know it (others' private notes, lines and "
        "mandates do not move it)"
    )
    issues: list[IssueOptions]
    process: ProcessView | None = Field(default=None, description="a process room's stages and agreements")
    running: bool = Field(
        default=False,
        description="sent (true) while the agents play on after the request that started them; `round` "
        "tells how far they are",
    )


class PublicEvent(ResponseBody):
    """An event of the record (without its wall-clock time) with its package written out, and the
    package's utility for each party whose utilities the caller may see (null: it crosses a red line)."""

    kind: EventKind
    round: int
    party: str | None
    outcome: list[int] | None = Field(description="the package as option indices")
    data: EventData = Field(default_factory=EventData, description="sent when the event has extras")
    package: NamedPackage | None
    utility: dict[str, float | None] = Field(
        default_factory=dict, description="sent when the caller may see a utility of the package"
    )


class RoomNote(ResponseBody):
    """A note: its place in the log, its author (role and party), when, the text, and whether private."""

    seq: int
    by: str
    party: str | None
    at: str
    text: str
    private: bool


class MandateTask(ResponseBody):
    """A task of a mandate: what the package must do, and whether it is required or earns a bonus."""

    name: str
    required: bool
    bonus: float
    condition: str


class MandateView(ResponseBody):
    """A party's instructions: reservation value, authority limit, referral rounds, and (when the party
    has a mandate) its summary, opening package, weights, tasks and red lines."""

    party: str
    reservation_value: float
    authority_limit: float
    referral_rounds: int
    summary: str = ""
    opening: NamedPackage | None = None
    weights: dict[str, float] = Field(default_factory=dict)
    tasks: list[MandateTask] = Field(default_factory=list)
    red_lines: list[str] = Field(
        default_factory=list,
        description="every red line that binds the delegation: its party's and its mandate's",
    )
    rules: list[str] = Field(
        default_factory=list, description="the scenario's rules (constraints) binding everyone"
    )


class Turn(ResponseBody):
    """A delegation's turn: what it is asked, the package on the table, the actions allowed now, and
    (with a package on the table) that package's utility for it."""

    kind: MoveKind
    offer: NamedPackage | None
    allowed: list[Action]
    offer_utility: float | None = Field(default=None, description="sent with a package on the table")


class SuggestedPackage(ResponseBody):
    """A package to consider: its values and indices, its utility for the delegation, the other sides'
    estimated utility (from their offers) and whether offering it needs a referral."""

    package: NamedPackage
    indices: list[int]
    own_utility: float
    their_estimate: float | None
    needs_referral: bool


class LogHead(ResponseBody):
    """How long the room's log is and the hash of its last entry."""

    entries: int
    head: str


class DelegationRoomView(ResponseBody):
    """A delegation's view: its mandate and utilities, the public record, its turn, suggestions, notes."""

    role: Literal["delegation"]
    party: str
    seat: SeatKind
    room: PublicRoom
    mandate: MandateView
    turn: Turn | None
    pending: list[Intent] = Field(description="moves sent that the step in progress has not completed")
    record: list[PublicEvent]
    suggestions: list[SuggestedPackage]
    notes: list[RoomNote]
    agreement_utility: dict[str, float | None] | None


class MediatorRoomView(ResponseBody):
    """The mediator's view: the record, and what the scenario grants it (``mediator.sees``)."""

    role: Literal["mediator"]
    grants: list[str]
    room: PublicRoom
    asked: bool = Field(default=False, description="a person mediator is asked to table the next text")
    record: list[PublicEvent]
    notes: list[RoomNote]
    mandates: dict[str, MandateView] = Field(default_factory=dict, description="granted 'mandates'")
    reservation_values: dict[str, float] = Field(
        default_factory=dict, description="granted 'reservation_values' (without 'mandates')"
    )


class ObserverRoomView(ResponseBody):
    """An observer's view: the public record and the public notes."""

    role: Literal["observer"]
    room: PublicRoom
    record: list[PublicEvent]
    notes: list[RoomNote]


class PrincipalRoomView(ResponseBody):
    """A party's principal's view: its delegation's mandate (derived from its briefings), the referral
    it is asked to decide (if any), its seat, the record with its own utilities and the public notes."""

    role: Literal["principal"]
    party: str
    seat: SeatKind
    room: PublicRoom
    mandate: MandateView
    referral: Referral | None
    record: list[PublicEvent]
    notes: list[RoomNote]


class RatifierRoomView(ResponseBody):
    """A ratifying body's view: whose body it is, the public record and the public notes."""

    role: Literal["ratifier"]
    name: str
    party: str
    seat: SeatKind
    room: PublicRoom
    ballot: Ballot | None
    record: list[PublicEvent]
    notes: list[RoomNote]


class FacilitatorRoomView(ResponseBody):
    """The facilitator's view: every mandate, utility and note, the seats, the chain's head."""

    role: Literal["facilitator"]
    room: PublicRoom
    seats: dict[str, SeatSetup]
    mandates: dict[str, MandateView]
    pending: dict[str, list[Intent]]
    record: list[PublicEvent]
    notes: list[RoomNote]
    agreement_utility: dict[str, float | None] | None
    log: LogHead


#: The room as one role sees it (``role`` says which).
RoomView = Annotated[
    DelegationRoomView
    | MediatorRoomView
    | ObserverRoomView
    | PrincipalRoomView
    | RatifierRoomView
    | FacilitatorRoomView,
    Field(discriminator="role"),
]


class ExportedScenario(ResponseBody):
    """The scenario of an exported record: its title and the room's protocol."""

    title: str
    protocol: Protocol


class RecordExport(ResponseBody):
    """A room's record as the caller may see it (format ``parley-room-record/1``), with the notes the
    facilitator (or a mediator granted ``notes``) may read."""

    format: Literal["parley-room-record/1"]
    room: PublicRoom
    scenario: ExportedScenario
    record: list[PublicEvent]
    log: LogHead
    notes: list[RoomNote] = Field(default_factory=list, description="for the facilitator, or granted")
    stages: list[StageStatusExport] = Field(
        default_factory=list, description="a process room's stages and how each ended (as parley run's)"
    )
    ratification: dict[str, bool | None] = Field(
        default_factory=dict, description="a process room's ratification per party (as parley run's)"
    )
    agreements: list[AgreementView] = Field(default_factory=list, description="a process room's agreements")


class SignedHead(BaseModel):
    """A room's head as the server signed it (HMAC-SHA256 under its log key), for the facilitator to
    keep outside the server and give to ``parley verify-log --expect-head``."""

    room: str
    seq: int = Field(description="the head entry's place in the log")
    hash: str = Field(description="the head entry's hash")
    at: str
    mac: str = Field(description="the signature (hex)")
    expect_head: str = Field(description="the argument of `parley verify-log --expect-head`")


class Verification(BaseModel):
    """The result of checking a room's hash chain."""

    room: str
    entries: int
    valid: bool
    problems: list[str]
