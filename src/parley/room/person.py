"""A seat played by a person: the moves come from the room's web page, not from a strategy.

The mechanisms of :mod:`parley.protocols` ask and take replies (:class:`parley.protocols.Ask`,
:class:`parley.protocols.Reply`); the room's table stops at an ask for a person's seat and answers it
with the move (:class:`Intent`) the delegation sends. A :class:`Person` only marks such a seat: the
engine never asks it (if it did, that is a bug, and it says so).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import ClassVar, Literal

import numpy as np

from parley.negotiators import Negotiator, Response, View
from parley.room.chain import JsonObject

MoveKind = Literal["propose", "respond"]


class Action(StrEnum):
    """What a delegation can do at the table."""

    OFFER = "offer"  # put a package on the table (in alternating offers: reject and counter-offer)
    ACCEPT = "accept"  # accept the package on the table
    REJECT = "reject"  # reject it (in alternating offers with a counter-offer package)
    REFER_BACK = "refer_back"  # ask the principal about the package on the table (or a named package)
    WALK_AWAY = "walk_away"  # leave: the negotiation breaks down
    APPROVE = "approve"  # a principal approves the package referred; a ratifying body votes for
    REFUSE = "refuse"  # a principal refuses it; a ratifying body votes against
    TABLE_TEXT = "table_text"  # a mediator tables the next single text (the package)


@dataclass(frozen=True)
class Intent:
    """One move a delegation has sent: the action and the package it names (option indices)."""

    action: Action
    package: tuple[int, ...] | None = None

    def to_json(self) -> JsonObject:
        return {"action": self.action.value, "package": None if self.package is None else list(self.package)}


class Person(Negotiator):
    """The marker negotiator of a person's seat: the room's table answers its asks with the moves its
    delegation sends, so being asked directly (``propose``/``respond``) is a RuntimeError."""

    name: ClassVar[str] = "person"

    def propose(self, view: View) -> np.ndarray | None:
        raise RuntimeError(self._not_asked(view))

    def respond(self, view: View, offer: np.ndarray) -> Response:
        raise RuntimeError(self._not_asked(view))

    @staticmethod
    def _not_asked(view: View) -> str:
        return (
            f"{view.party}'s seat is a person's: the room's table answers its asks with the moves its "
            "delegation sends, and the engine must not ask its negotiator"
        )
