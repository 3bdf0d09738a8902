"""Typed, immutable events of a negotiation: what happened, who did it, when.

Events are the only thing a negotiation leaves behind; the state of any run (the current offer, who
accepted, how it ended) is a fold over them, so a record can be replayed, stored, forked and
rendered. Packages travel as tuples of option indices (hashable, JSON-friendly).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import NotRequired

from typing_extensions import TypedDict  # pydantic reads TypedDicts from typing_extensions on Python 3.11


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
    IN_FORCE = "in_force"  # a stage's agreement enters into force (data: stage)
    BROKEN_DOWN = (
        "broken_down"  # an agreement in force breaks down, a ceasefire violated (data: stage, reason)
    )
    PRESSURE = "pressure"  # a patron presses its party's delegation (data: patron, the shifts)


class EventData(TypedDict, total=False):
    """The public extras of an event, by the kinds that carry them (every key is optional)."""

    approved: bool  # REFERRAL_DECISION: whether the principal approved the package
    rounds_lost: int  # REFERRAL_DECISION: the rounds the referral cost
    offer_by: str  # simultaneous offers: whose offer an ACCEPT or REJECT answers
    stage: str  # STAGE_OPENED, STAGE_CLOSED: the stage's name
    issues: list[str]  # STAGE_OPENED: the issues the stage negotiates
    status: str  # STAGE_CLOSED: how the stage ended
    step: str  # INITIALLED, SIGNED, RATIFIED, ABANDONED: the draft's step (then)
    reason: str  # ABANDONED, FRONT_MOVED: why
    votes: dict[str, bool]  # RATIFIED, ABANDONED at ratification: each ratifier's vote
    variable: str  # FRONT_MOVED: the state variable
    value: float  # FRONT_MOVED: its new value
    change: float  # FRONT_MOVED: how far it moved
    note: str  # NOTE: the remark
    opening: str  # STAGE_OPENED: the text the stage opens from (a named draft, or "last draft")
    resumed: int  # STAGE_OPENED: how many times the stage has resumed after a breakdown
    charged: str  # FRONT_MOVED after a breakdown: the party the breakdown rule charges
    patron: str  # PRESSURE: the patron pressing
    reservation_shift: float  # PRESSURE: the shift of the delegation's reservation value
    authority_shift: float  # PRESSURE: the shift of the delegation's authority limit


class EventJson(TypedDict):
    """An event as JSON (:meth:`Event.to_json`): ``data`` only when the event has extras."""

    kind: str
    round: int
    elapsed: float
    party: str | None
    outcome: list[int] | None
    data: NotRequired[EventData]


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
    data: EventData = field(default_factory=EventData, compare=False, hash=False)

    def to_json(self) -> EventJson:
        """A JSON-ready dict of this event."""
        json: EventJson = {
            "kind": self.kind.value,
            "round": self.round,
            "elapsed": self.elapsed,
            "party": self.party,
            "outcome": list(self.outcome) if self.outcome is not None else None,
        }
        if self.data:
            json["data"] = self.data
        return json

    @classmethod
    def from_json(cls, data: EventJson) -> Event:
        """Inverse of :meth:`to_json`."""
        outcome = data.get("outcome")
        return cls(
            EventKind(data["kind"]),
            int(data["round"]),
            float(data["elapsed"]),
            data.get("party"),
            tuple(int(i) for i in outcome) if outcome is not None else None,
            EventData(**data.get("data", EventData())),
        )
