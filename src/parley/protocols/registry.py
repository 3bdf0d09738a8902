"""Mechanisms by name (``alternating``, ``single-text``, …) for the CLI and tournaments.

The built-in protocols are listed here, in :data:`BUILT_IN` (their modules register nothing);
:func:`register_mechanism` adds one of your own.
"""

from __future__ import annotations

from typing import TypeVar

from parley.protocols.alternating import AlternatingOffers
from parley.protocols.base import Mechanism
from parley.protocols.simultaneous import SimultaneousOffers
from parley.protocols.single_text import SingleNegotiatingText

M = TypeVar("M", bound=type[Mechanism])

#: Every built-in protocol (a test fails when a concrete Mechanism subclass of parley is missing).
BUILT_IN: tuple[type[Mechanism], ...] = (AlternatingOffers, SimultaneousOffers, SingleNegotiatingText)

MECHANISMS: dict[str, type[Mechanism]] = {}


def register_mechanism(cls: M) -> M:
    """Class decorator: make ``cls`` available under ``cls.name``."""
    if cls.name in MECHANISMS and MECHANISMS[cls.name] is not cls:
        raise ValueError(f"a mechanism called {cls.name!r} is already registered")
    MECHANISMS[cls.name] = cls
    return cls


for _built_in in BUILT_IN:
    register_mechanism(_built_in)
