"""Negotiators registered by name, so that a strategy is chosen with a string (CLI, tournaments).

Add one in ten lines::

    from parley.negotiators import Negotiator, Response, register

    @register
    class Stubborn(Negotiator):
        '''Offers its best package and accepts nothing less.'''
        name = "stubborn"
        def propose(self, view):
            return view.space.outcome(...)  # or precompute the best package in start()
        def respond(self, view, offer):
            return Response.ACCEPT if view.utility(offer)[0] >= 0.99 else Response.REJECT
"""

from __future__ import annotations

from typing import Any, TypeVar

from parley.negotiators.base import Negotiator

N = TypeVar("N", bound=type[Negotiator])

NEGOTIATORS: dict[str, type[Negotiator]] = {}


def register(cls: N) -> N:
    """Class decorator: make ``cls`` available under ``cls.name`` (names must be unique)."""
    name = cls.name
    if name in NEGOTIATORS and NEGOTIATORS[name] is not cls:
        raise ValueError(f"a negotiator called {name!r} is already registered ({NEGOTIATORS[name].__name__})")
    NEGOTIATORS[name] = cls
    return cls


def make_negotiator(name: str, **params: Any) -> Negotiator:
    """A new negotiator of the registered strategy ``name``."""
    try:
        cls = NEGOTIATORS[name]
    except KeyError:
        known = ", ".join(sorted(NEGOTIATORS))
        raise KeyError(f"no negotiator called {name!r}; known: {known}") from None
    return cls(**params)
