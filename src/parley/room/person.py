"""A seat played by a person: the moves come from the room's web page, not from a strategy.

The mechanisms of :mod:`parley.protocols` ask their seats synchronously (``propose``/``respond``). A
:class:`Person` answers from a queue of the moves its delegation has sent; when the queue runs dry it
raises :class:`AwaitingMove`, which the room's table catches: the step is undone, and the exception says
who is to move, what kind of move, and what that delegation sees now.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any, ClassVar, Literal

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


@dataclass(frozen=True)
class Intent:
    """One move a delegation has sent: the action and the package it names (option indices)."""

    action: Action
    package: tuple[int, ...] | None = None

    def to_json(self) -> JsonObject:
        return {"action": self.action.value, "package": None if self.package is None else list(self.package)}


class AwaitingMove(Exception):  # noqa: N818 (a signal, not an error)
    """The mechanism asked a person who has not moved yet: ``party`` is to ``kind``, seeing ``view``
    (and, to respond, the package ``offer``)."""

    def __init__(self, party: str, kind: MoveKind, view: View, offer: tuple[int, ...] | None) -> None:
        super().__init__(f"{party} is to {kind}")
        self.party = party
        self.kind: MoveKind = kind
        self.view = view
        self.offer = offer


class Person(Negotiator):
    """A delegation's moves as sent from the room, replayed to the mechanism in order.

    ``counter_in_proposal``: under alternating offers a rejection is followed at once by the same
    seat's proposal, so an OFFER (or REJECT with a package) answers "reject" and then names the package.
    """

    name: ClassVar[str] = "person"

    def __init__(self, counter_in_proposal: bool = True, **params: Any) -> None:
        super().__init__(counter_in_proposal=counter_in_proposal, **params)
        self.counter_in_proposal = counter_in_proposal
        self.queue: list[Intent] = []
        self.cursor = 0
        self._referral: tuple[int, ...] | None = None

    def settle(self) -> None:
        """A step completed: the moves it used are spent."""
        del self.queue[: self.cursor]
        self.cursor = 0

    def rewind(self) -> None:
        """A step was undone: the moves it used will be asked for again."""
        self.cursor = 0

    def _peek(self, view: View, kind: MoveKind, offer: np.ndarray | None) -> Intent:
        if self.cursor >= len(self.queue):
            package = None if offer is None else tuple(int(i) for i in offer)
            raise AwaitingMove(view.party, kind, view, package)
        return self.queue[self.cursor]

    def propose(self, view: View) -> np.ndarray | None:
        intent = self._peek(view, "propose", None)
        self.cursor += 1
        if intent.action is Action.WALK_AWAY or intent.package is None:
            return None
        return np.array(intent.package, dtype=view.space.dtype)

    def respond(self, view: View, offer: np.ndarray) -> Response:
        intent = self._peek(view, "respond", offer)
        if intent.action in (Action.OFFER, Action.REJECT) and self.counter_in_proposal:
            return Response.REJECT  # the proposal that follows takes the package
        self.cursor += 1
        if intent.action is Action.REFER_BACK:
            self._referral = intent.package
            return Response.REFER_BACK
        return {
            Action.ACCEPT: Response.ACCEPT,
            Action.WALK_AWAY: Response.WALK_AWAY,
        }.get(intent.action, Response.REJECT)

    def referral(self) -> np.ndarray | None:
        package, self._referral = self._referral, None
        return None if package is None else np.array(package)
