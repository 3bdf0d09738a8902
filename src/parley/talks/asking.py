"""Where the process stops for someone: the asks a driver answers itself, and how the simulation would.

The process runs as a generator of :class:`Pending` asks (:mod:`parley.protocols.engine` gives the
vocabulary): it yields an ask only when ``pause_for(ask)`` says the driver answers it (a person's seat,
a principal asked for a referral, a ratifier's vote, the mediator) and answers every other ask as the
simulation does, at once. A driver sends back the :class:`~parley.protocols.Reply`; ``simulated()``
is the simulation's answer, so a driver that always sends it gives the simulation's record.
"""

from __future__ import annotations

from collections.abc import Callable, Generator
from dataclasses import dataclass, replace
from typing import TypeVar

from parley.domain import OutcomeSpace
from parley.protocols import Ask, Reply, Seat
from parley.record import Record

T = TypeVar("T")

#: Whether the driver answers this ask itself (the others are answered as in a simulation).
PauseFor = Callable[[Ask], bool]


@dataclass(frozen=True)
class StageContext:
    """Where an ask of a stage's mechanism stands in the whole process, for a driver that shows it:
    the stage, its issues, protocol and round limit, its sub-space and seats (packages in the ask are
    over ``space``), the full package standing when the attempt opened (the other issues' options),
    and ``before``, the shared record up to this attempt's own events (its STAGE_OPENED included),
    whose rounds the stage's local rounds follow from ``offset``. ``open_issues``: with a no-deal
    state, the issues neither the stage nor an agreement in force settles (valued at each party's
    no-deal share, see :mod:`parley.talks.no_deal`); empty otherwise."""

    stage: str
    issues: tuple[str, ...]
    protocol: str
    rounds: int
    space: OutcomeSpace
    seats: tuple[Seat, ...]
    standing: tuple[int, ...]
    before: Record
    offset: int
    open_issues: tuple[str, ...] = ()


@dataclass(frozen=True)
class Pending:
    """An ask the driver is to answer, the answer the simulation would give, and the check a reply must
    pass (it returns the reply as it will be applied, or raises ValueError and nothing changes);
    ``context`` places a stage's ask in the process (None: an ask of the process itself, such as a
    ratifier's vote, whose state's record is the shared record)."""

    ask: Ask
    simulated: Callable[[], Reply]
    check: Callable[[Reply], Reply] = lambda reply: reply
    context: StageContext | None = None


#: A resumable piece of the process: yields pending asks, is sent replies, returns its result.
Steps = Generator[Pending, Reply, T]


def never(ask: Ask) -> bool:
    """No pause: every ask answered as in a simulation."""
    return False


def always(ask: Ask) -> bool:
    """Pause at every ask."""
    return True


def within(steps: Steps[T], context: StageContext) -> Steps[T]:
    """``steps`` with ``context`` on each ask it yields (only asks a driver answers pass through here)."""
    try:
        pending = next(steps)
        while True:
            reply = yield replace(pending, context=context)
            pending = steps.send(reply)
    except StopIteration as stop:
        result: T = stop.value
        return result


def finish(steps: Steps[T]) -> T:
    """Run ``steps`` to the end, answering any pending ask as the simulation would."""
    try:
        pending = next(steps)
        while True:
            pending = steps.send(pending.simulated())
    except StopIteration as stop:
        result: T = stop.value
        return result
