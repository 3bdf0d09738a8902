"""The bodies of a room's message channels and of the facilitator's front incidents (pydantic, at the
API's edge)."""

from __future__ import annotations

import math

from pydantic import BaseModel, ConfigDict, Field, field_validator

from parley.room.api import ClientId, ResponseBody
from parley.room.packages import NamedPackage


class MessageRequest(BaseModel):
    """A message on one channel (``table``, ``caucus:{party}`` or ``mediator:{party}``)."""

    model_config = ConfigDict(extra="forbid")

    client_id: str = ClientId
    channel: str = Field(min_length=1, max_length=200)
    text: str = Field(min_length=1, max_length=5000)
    package: NamedPackage | None = Field(default=None, description="a package proposed: {issue: value}")
    indices: list[int] | None = Field(default=None, max_length=1000, description="or as option indices")


class IncidentRequest(BaseModel):
    """A front incident: how far each front variable moves (its own units), and what happened."""

    model_config = ConfigDict(extra="forbid")

    client_id: str = ClientId
    changes: dict[str, float] = Field(min_length=1, max_length=50)
    note: str = Field(default="", max_length=1000)

    @field_validator("changes")
    @classmethod
    def _finite(cls, changes: dict[str, float]) -> dict[str, float]:
        for name, change in changes.items():
            if not math.isfinite(change):
                raise ValueError(f"changes.{name}: a move must be a finite number")
        return changes


class RoomMessage(ResponseBody):
    """A message: its place in the log, when, the channel, the sender (role and party) and the text."""

    seq: int
    at: str
    channel: str
    by: str
    party: str | None
    text: str
    package: NamedPackage | None = Field(default=None, description="the package the message proposes")


class MessagesView(ResponseBody):
    """The channels the caller may write and read, and the messages it may read, oldest first."""

    writable: list[str]
    readable: list[str]
    messages: list[RoomMessage]


class MandateRequest(BaseModel):
    """A principal's adjustment of its delegation's mandate before the talks: the authority limit."""

    model_config = ConfigDict(extra="forbid")

    client_id: str = ClientId
    authority_limit: float = Field(allow_inf_nan=False)
