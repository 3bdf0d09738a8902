"""Asking a seat for a move and checking a reply: errors that name the seat, and the hot path's records.

Shared by every mechanism so that a bad package or a bad answer fails the same clear way, whether it
comes from the seat's negotiator (``answer_of``) or from whoever drives the mechanism (``reply``).
"""

from __future__ import annotations

from dataclasses import fields
from typing import TYPE_CHECKING

import numpy as np

from parley.negotiators.base import Response, View
from parley.protocols.engine import ANSWERS, Ask, AskKind, Reply
from parley.record import Event, EventData, EventKind

if TYPE_CHECKING:  # the mechanism's module imports this one
    from parley.protocols.base import Mechanism
    from parley.protocols.terms import Seat

#: A PROPOSE reply of no package: the seat walks away.
WALK_AWAY = Reply()
#: The fields an :class:`Event` is built from on the hot path (checked against the class below).
EVENT_FIELDS = ("kind", "round", "elapsed", "party", "outcome", "data")
_FAST_EVENTS = tuple(f.name for f in fields(Event)) == EVENT_FIELDS


def new_event(
    kind: EventKind,
    round: int,
    elapsed: float,
    party: str | None,
    outcome: tuple[int, ...] | None,
    data: EventData | None = None,
) -> Event:
    """An :class:`Event`, built without the frozen dataclass's per-field ``__setattr__`` (several per
    move, on the engine's hot path) while its fields are the ones this module knows."""
    if not _FAST_EVENTS:
        return Event(kind, round, elapsed, party, outcome, EventData() if data is None else data)
    event = object.__new__(Event)
    event.__dict__.update(
        kind=kind,
        round=round,
        elapsed=elapsed,
        party=party,
        outcome=outcome,
        data={} if data is None else data,
    )
    return event


def offer_reply(package: tuple[int, ...] | None) -> Reply:
    """A PROPOSE (or DRAFT) reply, built the hot path's way (see :func:`new_event`)."""
    reply = object.__new__(Reply)
    reply.__dict__.update(response=None, package=package, approved=None)
    return reply


def proposal_of(mechanism: Mechanism, seat: Seat, view: View) -> Reply:
    """The package ``seat``'s negotiator proposes, checked (no package: it walks away)."""
    proposal = seat.negotiator.propose(view)
    if proposal is None:
        return WALK_AWAY
    try:
        return offer_reply(mechanism.package_of(seat.name, proposal))
    except ValueError as error:
        raise ValueError(
            f"seat {seat.name!r} ({seat.negotiator!r}) proposed an invalid package {proposal!r}: {error}"
        ) from error


def response_of(seat: Seat, view: View, offer: np.ndarray) -> Response:
    """``seat``'s negotiator's answer to ``offer`` (a fresh array: the table cannot be altered)."""
    answer = seat.negotiator.respond(view, offer)
    if answer.__class__ is Response:
        return answer
    try:
        return Response(answer)
    except ValueError:
        raise ValueError(
            f"seat {seat.name!r} ({seat.negotiator!r}) answered {answer!r}, which is not a Response"
        ) from None


def principal_reply(seat: Seat, package: tuple[int, ...], dtype: np.dtype[np.generic]) -> Reply:
    """``seat``'s principal's decision on ``package`` (no principal: refused, the delegate's is final)."""
    if seat.principal is None:
        return DECISIONS[False]
    return DECISIONS[bool(seat.principal.approve(np.array(package, dtype=dtype)))]


DECISIONS = {approved: Reply(approved=approved) for approved in (False, True)}


def checked_reply(mechanism: Mechanism, ask: Ask, reply: Reply) -> Reply:
    """``reply`` as ``ask`` allows it, its package a tuple of option indices; a ValueError naming the
    seat otherwise. DRAFT asks are the single text's (it checks its mediator's texts itself)."""
    if not isinstance(reply, Reply):
        raise TypeError(f"an ask is answered with a Reply, not {reply!r}")
    who = f"seat {ask.party!r}"
    if ask.kind is AskKind.REFER:
        if not isinstance(reply.approved, bool | np.bool_) or reply.response or reply.package is not None:
            raise ValueError(f"{who}'s principal answers a referral with approved=True or False, got {reply}")
        return DECISIONS[bool(reply.approved)]
    if reply.approved is not None:
        raise ValueError(f"{who} is asked to {ask.kind.value}; only a principal approves, got {reply}")
    if ask.kind is AskKind.PROPOSE:
        if reply.response is not None:
            raise ValueError(f"{who} is asked to propose (a package, or none to walk away), got {reply}")
        if reply.package is None:
            return WALK_AWAY
        return offer_reply(_package(mechanism, ask.party, reply.package))
    if ask.kind is not AskKind.RESPOND:
        raise ValueError(f"{mechanism.name} makes no {ask.kind.value} asks")
    try:
        response = Response(reply.response)  # type: ignore[arg-type]  # None, or a stray value, is refused
    except ValueError:
        raise ValueError(f"{who} answered {reply.response!r}, which is not a Response") from None
    if reply.package is None:
        return ANSWERS[response]
    if response is not Response.REFER_BACK or not mechanism.referrals:
        raise ValueError(f"{who}: a {response.value} answer under {mechanism.name} names no package")
    return Reply(response=response, package=_package(mechanism, ask.party, reply.package))


def _package(mechanism: Mechanism, party: str, package: object) -> tuple[int, ...]:
    """``package`` checked by the mechanism, the error naming the seat."""
    try:
        return mechanism.package_of(party, package)
    except ValueError as error:
        raise ValueError(f"seat {party!r} proposed an invalid package {package!r}: {error}") from error
