"""The table of negotiators by name: :func:`register` adds a class, :func:`make_negotiator` builds one.

It imports no strategy, so strategies that wrap another by name (the envoy, the delegate, the opening
text) build it through this table; :mod:`parley.negotiators.registry` fills it with the built-ins.
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
