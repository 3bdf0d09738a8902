"""Typed, immutable events of a negotiation: what happened, who did it, when.

Events are the only thing a negotiation leaves behind; the state of any run (the current offer, who
accepted, how it ended) is a fold over them, so a record can be replayed, stored, forked and
rendered. Packages travel as tuples of option indices (hashable, JSON-friendly).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any


class EventKind(StrEnum):
    """What an event records."""

    OFFER = "offer"  # a party puts a package on the table
    ACCEPT = "accept"  # a party accepts the package on the table
    REJECT = "reject"  # a party rejects it (and may counter-offer next)
    WALK_AWAY = "walk_away"  # a party leaves: the negotiation breaks down
    TEXT = "text"  # a mediator proposes a single negotiating text
    AGREEMENT = "agreement"  # every party has accepted one package
    DEADLINE = "deadline"  # time or rounds ran out without agreement
    NOTE = "note"  # anything else worth keeping (a mechanism's remark)
    # the delegations process (parley.talks)
    REFER_BACK = "refer_back"  # a delegate asks its principal before going below its authority
    REFERRAL_DECISION = "referral_decision"  # the principal's answer (data: approved, rounds lost)
    STAGE_OPENED = "stage_opened"  # a stage of the talks opens (data: stage, issues)
    STAGE_CLOSED = "stage_closed"  # a stage ends (data: stage, status)
    INITIALLED = "initialled"  # a draft agreement is initialled by a party
    SIGNED = "signed"  # ... signed
    RATIFIED = "ratified"  # ... ratified by a party's ratifiers
    ABANDONED = "abandoned"  # ... abandoned or withdrawn (data: reason, step)
    FRONT_MOVED = "front_moved"  # a state variable (a front line) moved (data: variable, value, change)


@dataclass(frozen=True)
class Event:
    """One thing that happened, at ``round`` (0-based) and ``elapsed`` seconds after the start.

    ``elapsed`` is wall-clock and so not part of equality: two runs with the same seed give equal records.

    ``party`` is the actor's name (a mediator's name for TEXT; None for DEADLINE); ``outcome`` the
    package concerned, as option indices. ``data`` holds public extras (never private preferences).
    """

    kind: EventKind
    round: int
    elapsed: float = field(compare=False)
    party: str | None = None
    outcome: tuple[int, ...] | None = None
    data: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready dict of this event."""
        return {
            "kind": self.kind.value,
            "round": self.round,
            "elapsed": self.elapsed,
            "party": self.party,
            "outcome": list(self.outcome) if self.outcome is not None else None,
            **({"data": self.data} if self.data else {}),
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Event:
        """Inverse of :meth:`to_json`."""
        outcome = data.get("outcome")
        return cls(
            EventKind(data["kind"]),
            int(data["round"]),
            float(data["elapsed"]),
            data.get("party"),
            tuple(int(i) for i in outcome) if outcome is not None else None,
            dict(data.get("data", {})),
        )
