"""Who may do what in a room: roles, secret join tokens (stored only as digests) and the checks.

A token is 256 random bits (``secrets.token_urlsafe(32)``); the database keeps its SHA-256, so a leaked
database gives no way in. The server's facilitator key (``parley serve --facilitator-key``) is the
facilitator of every room; every other token belongs to one room and one role (a delegation's and a
principal's to one party, a ratifier's to one ratifying body, by name).
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from enum import StrEnum


class RoomRole(StrEnum):
    """A caller's role in a room (not an actor's role in the process: :class:`parley.actors.Role`)."""

    FACILITATOR = "facilitator"  # opens and closes rooms, sees everything
    DELEGATION = "delegation"  # one party's delegation: its own mandate, the offers and the record
    MEDIATOR = "mediator"  # the record and what the scenario's ``mediator.sees`` grants
    OBSERVER = "observer"  # the public record only
    PRINCIPAL = (
        "principal"  # one party's principal: its briefings, mandate, referrals, its delegation's channel
    )
    RATIFIER = (
        "ratifier"  # one ratifying body (``party`` holds its name): the agreements put to it, its votes
    )


def new_token() -> str:
    """A fresh, unguessable token."""
    return secrets.token_urlsafe(32)


def digest(token: str) -> str:
    """The stored form of a token."""
    return hashlib.sha256(token.encode()).hexdigest()


@dataclass(frozen=True)
class Caller:
    """Who a request comes from: a role, the room it holds (None: every room) and its party."""

    role: RoomRole
    room: str | None
    party: str | None = None

    def may_enter(self, room: str) -> bool:
        """Whether this caller belongs to ``room`` at all."""
        return self.room is None or self.room == room

    @property
    def label(self) -> str:
        """How the log names the caller."""
        return f"{self.role.value}:{self.party}" if self.party else self.role.value


def same_secret(given: str, expected: str) -> bool:
    """Compare two secrets in constant time."""
    return hmac.compare_digest(given.encode(), expected.encode())
