"""How parties talk: negotiation mechanisms (alternating offers, simultaneous offers, single text).

Each mechanism is registered by name in :data:`MECHANISMS`; :func:`negotiate` runs one by name. A
mechanism is a resumable state machine that asks (:class:`Ask`) and takes replies (:class:`Reply`):
:func:`simulate` answers every ask from the seats' negotiators, :func:`drive` and :func:`drive_async`
from any answerer (pausing where it has no answer yet), and :func:`fork` rebuilds a negotiation's state
at a round of its record (see ``docs/engine.md``).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from parley.domain import OutcomeSpace
from parley.protocols.alternating import AlternatingOffers, AlternatingState
from parley.protocols.base import Deadline, Ending, Mechanism, Result, Seat, State
from parley.protocols.drivers import drive, drive_async, simulate
from parley.protocols.engine import Ask, AskKind, Reply
from parley.protocols.fork import fork
from parley.protocols.mediators import Ballot, Mediator, VoteMediator
from parley.protocols.registry import MECHANISMS, register_mechanism
from parley.protocols.simultaneous import SimultaneousOffers, SimultaneousState
from parley.protocols.single_text import SingleNegotiatingText, TextState


def make_mechanism(
    protocol: str,
    space: OutcomeSpace,
    seats: Sequence[Seat],
    deadline: Deadline | None,
    rng: np.random.Generator,
    **options: Any,
) -> Mechanism:
    """A new mechanism of the registered protocol ``protocol`` driven by the run's generator ``rng``
    (``deadline`` None: the default :class:`Deadline`), with its ``options``."""
    try:
        cls = MECHANISMS[protocol]
    except KeyError:
        known = ", ".join(sorted(MECHANISMS))
        raise KeyError(f"no mechanism called {protocol!r}; known: {known}") from None
    return cls(space, seats, deadline, rng=rng, **options)


def negotiate(
    space: OutcomeSpace,
    seats: Sequence[Seat],
    protocol: str = "alternating",
    deadline: Deadline | None = None,
    *,
    seed: int | np.random.Generator,
    **options: Any,
) -> Result:
    """Run one negotiation under the registered ``protocol``, driven by ``seed``: an int (the run uses
    ``np.random.default_rng(seed)``) or the generator itself. There is no default seed."""
    if not isinstance(seed, int | np.integer | np.random.Generator):  # None would mean fresh entropy
        raise TypeError(f"a negotiation's seed is an int or a numpy Generator, got {seed!r}")
    rng = np.random.default_rng(seed)  # a Generator is used as it is
    return make_mechanism(protocol, space, seats, deadline, rng, **options).run()


__all__ = [
    "MECHANISMS",
    "AlternatingOffers",
    "AlternatingState",
    "Ask",
    "AskKind",
    "Ballot",
    "Deadline",
    "Ending",
    "Mechanism",
    "Mediator",
    "Reply",
    "Result",
    "Seat",
    "SimultaneousOffers",
    "SimultaneousState",
    "SingleNegotiatingText",
    "State",
    "TextState",
    "VoteMediator",
    "drive",
    "drive_async",
    "fork",
    "make_mechanism",
    "negotiate",
    "register_mechanism",
    "simulate",
]
