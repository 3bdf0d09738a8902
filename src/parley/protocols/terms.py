"""The terms of a negotiation: its deadline, the seats at the table and whom they answer to, how it ended."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Protocol, runtime_checkable

import numpy as np

from parley.negotiators.base import Negotiator
from parley.preferences import Preferences


class Ending(StrEnum):
    """How a negotiation ended."""

    AGREEMENT = "agreement"
    BREAKDOWN = "breakdown"  # a party walked away
    DEADLINE = "deadline"  # rounds or seconds ran out


@dataclass(frozen=True)
class Deadline:
    """Limits on a negotiation: ``rounds`` (each party moves once per round) and/or wall ``seconds``."""

    rounds: int | None = 100
    seconds: float | None = None

    def __post_init__(self) -> None:
        if self.rounds is None and self.seconds is None:
            raise ValueError("a deadline needs a round limit, a time limit or both")
        if self.rounds is not None and self.rounds < 1:
            raise ValueError(f"the round limit must be at least 1, got {self.rounds}")
        if self.seconds is not None and self.seconds <= 0:
            raise ValueError(f"the time limit must be positive, got {self.seconds}")

    def relative_time(self, round: int, elapsed: float) -> float:
        """Progress in [0, 1]: the further on of rounds used and seconds used."""
        progress = 0.0
        if self.rounds is not None:
            progress = round / self.rounds
        if self.seconds is not None:
            progress = max(progress, elapsed / self.seconds)
        return min(progress, 1.0)

    def passed(self, round: int, elapsed: float) -> bool:
        """Whether no further move is allowed."""
        return (self.rounds is not None and round >= self.rounds) or (
            self.seconds is not None and elapsed >= self.seconds
        )


@runtime_checkable
class Principal(Protocol):
    """Whoever a delegation answers to: approves or refuses a package its delegate referred back.

    Putnam, "Diplomacy and domestic politics: the logic of two-level games", International Organization
    42(3), 1988: the delegate's limited powers; the principal decides with its full mandate.
    """

    def approve(self, outcome: np.ndarray) -> bool:
        """Whether the principal approves ``outcome`` (one row of option indices)."""
        ...


@dataclass(frozen=True)
class Seat:
    """A party at the table: its name, its (private) preferences and the negotiator speaking for it.

    ``principal`` answers the negotiator's referrals (Response.REFER_BACK); each referral costs
    ``referral_rounds`` rounds (see :class:`parley.protocols.AlternatingOffers`). Without a principal,
    a referral is refused at once (no rounds lost): the delegate's authority is final.
    """

    name: str
    preferences: Preferences
    negotiator: Negotiator
    principal: Principal | None = None
    referral_rounds: int = 1

    def __post_init__(self) -> None:
        if self.referral_rounds < 0:
            raise ValueError(f"a referral cannot cost {self.referral_rounds} rounds")
