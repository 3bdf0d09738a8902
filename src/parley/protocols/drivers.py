"""Driving a mechanism: who answers its asks, and when.

:func:`simulate` answers every ask from the seats themselves (their negotiators, principals, the
mediator); :func:`drive` asks a caller for each answer and stops where it has none yet, so a caller can
pause (a person thinking, a request to come) and resume later with ``mechanism.reply(ask, reply)``;
:func:`drive_async` awaits each answer. Whichever driver answers, the same answers give the same record.
A driven state starts as ``mechanism.initial_state()`` with ``mechanism.start_negotiators(state)``
called once (or as :func:`~parley.protocols.fork` returns it).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from parley.protocols.base import Mechanism, Result, State
from parley.protocols.engine import Ask, Reply


def simulate(mechanism: Mechanism, state: State | None = None) -> Result:
    """The negotiation run to its end, every ask answered by ``mechanism.answer_of``: from the start
    (``mechanism.run()``), or from ``state``, whose negotiators are already started (a fork's)."""
    if state is None:
        return mechanism.run()
    finished = drive(mechanism, state, mechanism.answer_of)
    assert not isinstance(finished, Ask)  # answer_of always answers
    return mechanism.result(finished)


def drive(mechanism: Mechanism, state: State, answer: Callable[[Ask], Reply | None]) -> State | Ask:
    """Advance from ``state``, each ask answered by ``answer``, until it returns None (that ask comes
    back, pending: reply to it later with ``mechanism.reply``, then drive on) or the talks end (the
    finished state comes back). A refused reply raises ValueError from ``mechanism.reply``."""
    while True:
        ask = mechanism.advance(state)
        if not isinstance(ask, Ask):
            return ask
        reply = answer(ask)
        if reply is None:
            return ask
        state = mechanism.reply(ask, reply)


async def drive_async(mechanism: Mechanism, state: State, answer: Callable[[Ask], Awaitable[Reply]]) -> State:
    """Advance from ``state`` to the end, awaiting ``answer`` for every ask; the finished state."""
    while True:
        ask = mechanism.advance(state)
        if not isinstance(ask, Ask):
            return ask
        state = mechanism.reply(ask, await answer(ask))
