"""The negotiator interface: what a negotiator sees (a :class:`View`) and the two answers it gives.

A negotiator implements :meth:`Negotiator.propose` and :meth:`Negotiator.respond`; nothing else is
required. Its view holds its OWN preferences and the public record only: another party's utility,
reservation value or red lines never reach it, by construction of the view (privacy is a property of
the interface, not of good manners).
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, ClassVar

import numpy as np

from parley.domain import OutcomeSpace
from parley.preferences import Preferences
from parley.record import Record


class Response(StrEnum):
    """A negotiator's answer to a package on the table."""

    ACCEPT = "accept"
    REJECT = "reject"
    WALK_AWAY = "walk_away"
    #: Ask the seat's principal first (a delegate with limited powers): the package referred is the one on
    #: the table, or the counter-offer named by :meth:`Negotiator.referral`. Mechanisms without referral
    #: (simultaneous offers, single text) do not expect it; alternating offers handles it.
    REFER_BACK = "refer_back"


@dataclass(frozen=True)
class View:
    """Everything one negotiator may know at one moment of a negotiation.

    ``time`` is the relative time in [0, 1] (rounds done over the round limit, or seconds over the
    time limit, whichever is further on); ``round`` counts from 0; ``record`` is the public record.
    """

    space: OutcomeSpace
    preferences: Preferences
    party: str
    parties: tuple[str, ...]
    round: int
    time: float
    rounds: int | None
    record: Record

    def utility(self, outcomes: np.ndarray) -> np.ndarray:
        """The negotiator's own (undiscounted) utility of ``outcomes`` (rows) — convenience."""
        return self.preferences.evaluate(np.atleast_2d(outcomes))

    def offers_by(self, party: str) -> list[tuple[int, ...]]:
        """Every package ``party`` has offered so far, oldest first."""
        return [e.outcome for e in self.record.offers() if e.party == party and e.outcome is not None]

    def opponents(self) -> tuple[str, ...]:
        """The other parties' names."""
        return tuple(name for name in self.parties if name != self.party)


class Negotiator(ABC):
    """A negotiation strategy. Subclasses set ``name`` and implement ``propose`` and ``respond``.

    A negotiator may keep state between calls; :meth:`start` is called once before each negotiation
    with the first view and the run's random generator (the only source of randomness allowed): the
    mechanism spawns it from the run's generator. :attr:`rng` before that is an error, not a fixed seed.
    """

    name: ClassVar[str] = "negotiator"

    def __init__(self, **params: Any) -> None:
        self.params = params
        self._rng: np.random.Generator | None = None

    @property
    def rng(self) -> np.random.Generator:
        """The generator :meth:`start` was given; a RuntimeError before the negotiator is started."""
        rng: np.random.Generator | None = getattr(self, "_rng", None)
        if rng is None:
            raise RuntimeError(
                f"{type(self).__name__} has no random generator yet: start(view, rng) gives it one "
                "(a mechanism starts its negotiators with generators spawned from the run's)"
            )
        return rng

    def start(self, view: View, rng: np.random.Generator) -> None:
        """Prepare for a new negotiation (reset state, precompute from own preferences)."""
        self._rng = rng

    @abstractmethod
    def propose(self, view: View) -> np.ndarray | None:
        """The package (a row of option indices) to offer now; None walks away."""

    @abstractmethod
    def respond(self, view: View, offer: np.ndarray) -> Response:
        """Accept, reject or walk away from the package on the table."""

    def referral(self) -> np.ndarray | None:
        """After answering REFER_BACK: the counter-offer to refer, or None for the package on the table.

        Optional (most strategies never refer); see :class:`parley.protocols.AlternatingOffers`.
        """
        return None

    def __repr__(self) -> str:
        params = ", ".join(f"{k}={v!r}" for k, v in self.params.items())
        return f"{type(self).__name__}({params})"
