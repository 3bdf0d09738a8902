"""Forking a negotiation: its state at the start of a round, rebuilt from its record, to go on otherwise.

:func:`fork` drives a fresh mechanism (the same protocol; other negotiators, another deadline, a new
seed if wanted) with the replies its record holds for the rounds before ``at``: each ask is answered
from the recorded event it must make (an OFFER is a proposal, an ACCEPT an answer, a REFERRAL_DECISION
the principal's decision, a TEXT the mediator's draft), and every event the mechanism makes is checked
against the recorded one (kind, round, party, package, data). The state comes back with the original
events themselves as its record, and the mechanism's negotiators started from it, ready to be driven
on. What a fork promises: its record begins with the original's events of the rounds before ``at``,
unchanged; forked at round 0 with the original settings and seed it replays the original run. Later
forks go on from the same record, but the negotiators start afresh there (their generators spawned
at the fork), so they need not continue as the original ones did.
"""

from __future__ import annotations

from collections.abc import Iterable

from parley.negotiators.base import Response
from parley.protocols.base import Mechanism, State, evolve
from parley.protocols.engine import Ask, AskKind, Reply
from parley.record import Event, EventKind, Record

#: The answer each recorded kind of event gives to a RESPOND ask.
RESPONSES = {
    EventKind.ACCEPT: Response.ACCEPT,
    EventKind.REJECT: Response.REJECT,
    EventKind.WALK_AWAY: Response.WALK_AWAY,
    EventKind.REFER_BACK: Response.REFER_BACK,
}


def fork(mechanism: Mechanism, record: Record | Iterable[Event], at: int) -> State:
    """The state of the negotiation ``record`` at the start of round ``at``, rebuilt on the fresh
    ``mechanism``; its negotiators are started with it. A ValueError says where the record and the
    mechanism part (or why ``at`` is not a round to fork at)."""
    events = tuple(record)
    prefix = _rounds_before(events, at, mechanism)
    state = mechanism.initial_state()
    while len(state.record) < len(prefix):
        ask = mechanism.advance(state)
        made = state.record if isinstance(ask, Ask) else ask.record
        _check(made.events[len(state.record) :], events, len(state.record))
        if not isinstance(ask, Ask):
            raise ValueError(f"event {len(made)}: the negotiation ended here, but the record goes on")
        state = mechanism.reply(ask, _reply(ask, events[len(state.record)], len(state.record)))
        _check(state.record.events[len(ask.state.record) :], events, len(ask.state.record))
    state = evolve(state, record=Record(prefix))
    mechanism.start_negotiators(state)
    return state


def _rounds_before(events: tuple[Event, ...], at: int, mechanism: Mechanism) -> tuple[Event, ...]:
    """The events of the rounds before ``at``; a ValueError if ``at`` is no round of the record."""
    if at < 0:
        raise ValueError(f"a fork is at a round from 0 on, not {at}")
    last = events[-1].round if events else 0
    if at > last:
        raise ValueError(f"the record ends in round {last}: a fork is at a round from 0 to {last}, not {at}")
    limit = mechanism.deadline.rounds
    if limit is not None and at > limit:
        raise ValueError(f"round {at} is past the fork's deadline of {limit} rounds")
    cut = next((i for i, event in enumerate(events) if event.round >= at), len(events))
    if any(event.round < at for event in events[cut:]):
        raise ValueError("the record's rounds go back in time: it is not one negotiation's record")
    return events[:cut]


def _reply(ask: Ask, event: Event, index: int) -> Reply:
    """The reply to ``ask`` that makes the recorded ``event`` (number ``index``)."""
    if event.party != ask.party:
        raise ValueError(
            f"event {index} (round {event.round}): the record has {event.kind.value} by {event.party}, "
            f"where the mechanism asks {ask.party} to {ask.kind.value}"
        )
    kind = event.kind
    if ask.kind is AskKind.PROPOSE and kind in (EventKind.OFFER, EventKind.WALK_AWAY):
        return Reply.offer(event.outcome)
    if ask.kind is AskKind.DRAFT and kind is EventKind.TEXT:
        return Reply.offer(event.outcome)
    if ask.kind is AskKind.REFER and kind is EventKind.REFERRAL_DECISION and "approved" in event.data:
        return Reply.decision(bool(event.data["approved"]))
    if ask.kind is AskKind.RESPOND and kind in RESPONSES:
        counter = event.outcome if kind is EventKind.REFER_BACK and event.outcome != ask.offer else None
        return Reply.answer(RESPONSES[kind], counter)
    raise ValueError(
        f"event {index} (round {event.round}): the record has {kind.value} by {event.party}, "
        f"which does not answer the mechanism's ask to {ask.kind.value}"
    )


def _check(made: Iterable[Event], events: tuple[Event, ...], first: int) -> None:
    """Each event the mechanism made (from number ``first``) is the recorded one, data included."""
    for index, event in enumerate(made, first):
        if index >= len(events):
            raise ValueError(f"event {index}: the mechanism made {_shown(event)}, past the record's end")
        if _key(event) != _key(events[index]):
            raise ValueError(
                f"event {index}: the mechanism made {_shown(event)}, the record has {_shown(events[index])}"
            )


def _key(event: Event) -> tuple[object, ...]:
    """What must match: kind, round, party, package and data (``Event`` equality leaves data out)."""
    return (event.kind, event.round, event.party, event.outcome, dict(event.data))


def _shown(event: Event) -> str:
    """An event in a few words, for an error message."""
    by = f" by {event.party}" if event.party is not None else ""
    package = f" of {list(event.outcome)}" if event.outcome is not None else ""
    data = f" {dict(event.data)}" if event.data else ""
    return f"{event.kind.value}{by}{package} in round {event.round}{data}"
