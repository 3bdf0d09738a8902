"""Mechanisms registered by name (``alternating``, ``single-text``, …) for the CLI and tournaments."""

from __future__ import annotations

from typing import TypeVar

from parley.protocols.base import Mechanism

M = TypeVar("M", bound=type[Mechanism])

MECHANISMS: dict[str, type[Mechanism]] = {}


def register_mechanism(cls: M) -> M:
    """Class decorator: make ``cls`` available under ``cls.name``."""
    if cls.name in MECHANISMS and MECHANISMS[cls.name] is not cls:
        raise ValueError(f"a mechanism called {cls.name!r} is already registered")
    MECHANISMS[cls.name] = cls
    return cls
