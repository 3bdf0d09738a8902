"""The request and response bodies of the room's HTTP API (pydantic: validated at the edge)."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from parley.room.person import Action

ClientId = Field(
    min_length=1,
    max_length=100,
    pattern=r"^[A-Za-z0-9._:-]+$",
    description="chosen by the client; a retry with the same id is applied once",
)
OptionValue = str | int | float


class MoveRequest(BaseModel):
    """A delegation's move: the action and, for an offer or counter-offer, the package."""

    model_config = ConfigDict(extra="forbid")

    client_id: str = ClientId
    action: Action
    package: dict[str, OptionValue] | None = Field(default=None, description="{issue: option value}")
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


class Link(BaseModel):
    """A join link: the secret token (shown once) and the page it opens."""

    token: str
    url: str


class RoomCreated(BaseModel):
    """A new room: its id and one join link per role (facilitator, mediator, each delegation, observers)."""

    id: str
    links: dict[str, Link]


class Applied(BaseModel):
    """What a move or note did: whether it was a retry, the log position, the entries it added."""

    duplicate: bool
    seq: int
    entries: list[dict[str, Any]]


class RoomSummary(BaseModel):
    """A room in the facilitator's list."""

    id: str
    title: str
    status: str
    seq: int
    parties: list[str]


class Verification(BaseModel):
    """The result of checking a room's hash chain."""

    room: str
    entries: int
    valid: bool
    problems: list[str]
