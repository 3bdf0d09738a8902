"""The life of an agreement: draft → initialled → signed → ratified, or abandoned at any step.

Each party takes each step in turn (a party may take a step once every party has taken the one
before: all initial, then all sign, then all ratify); any party may abandon (withdraw) the draft at
any step before it is ratified by all. Every step is an event with who and when: INITIALLED, SIGNED,
RATIFIED, and ABANDONED with ``data={"step": <the draft's status then>, "reason": ...}``. Drafts are
values, saved and loaded as JSON, and can open new talks (:class:`OpeningText`). The steps follow the
treaty-making stages of the Vienna Convention on the Law of Treaties (1969), articles 10–16.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any

import numpy as np

from parley.domain import OutcomeSpace
from parley.negotiators.opening_text import OpeningText
from parley.protocols import Seat
from parley.record import Event, EventKind


class Step(StrEnum):
    """Where a draft (or one party's part in it) stands."""

    DRAFT = "draft"
    INITIALLED = "initialled"
    SIGNED = "signed"
    RATIFIED = "ratified"
    ABANDONED = "abandoned"


ORDER = (Step.DRAFT, Step.INITIALLED, Step.SIGNED, Step.RATIFIED)
_KINDS = {
    Step.INITIALLED: EventKind.INITIALLED,
    Step.SIGNED: EventKind.SIGNED,
    Step.RATIFIED: EventKind.RATIFIED,
}


@dataclass(frozen=True)
class Act:
    """One step taken by ``party`` at ``round`` (``reason`` for an abandonment)."""

    party: str
    step: Step
    round: int
    reason: str = ""


@dataclass(frozen=True)
class AgreementDraft:
    """An agreed text: the package (option indices over ``issues``), the parties and what each has done."""

    issues: tuple[str, ...]
    outcome: tuple[int, ...]
    parties: tuple[str, ...]
    history: tuple[Act, ...] = ()

    @classmethod
    def of(
        cls, space: OutcomeSpace, outcome: np.ndarray | tuple[int, ...], parties: tuple[str, ...]
    ) -> AgreementDraft:
        """A fresh draft of ``outcome`` (a row of ``space``) between ``parties``."""
        return cls(space.issue_names, tuple(int(i) for i in np.asarray(outcome).ravel()), tuple(parties))

    def step_of(self, party: str) -> Step:
        """The furthest step ``party`` has taken (DRAFT when none)."""
        steps = [act.step for act in self.history if act.party == party]
        return steps[-1] if steps else Step.DRAFT

    @property
    def status(self) -> Step:
        """ABANDONED once anyone abandoned it; otherwise the step every party has reached."""
        if any(act.step is Step.ABANDONED for act in self.history):
            return Step.ABANDONED
        return min((self.step_of(p) for p in self.parties), key=ORDER.index)

    def take(self, party: str, step: Step, round: int) -> tuple[AgreementDraft, Event]:
        """``party`` takes ``step`` (initial, sign or ratify) at ``round``: the new draft and its event."""
        if step not in _KINDS or party not in self.parties:
            raise ValueError(f"{party!r} cannot take step {step!r} on a draft between {self.parties}")
        status, own = self.status, self.step_of(party)
        wanted = ORDER.index(step)
        if status is Step.ABANDONED or ORDER.index(own) != wanted - 1 or ORDER.index(status) < wanted - 1:
            raise ValueError(f"{party!r} cannot move from {own} to {step} while the draft is {status}")
        event = Event(_KINDS[step], round, 0.0, party, self.outcome, {"step": step.value})
        return AgreementDraft(
            self.issues, self.outcome, self.parties, (*self.history, Act(party, step, round))
        ), event

    def abandon(self, party: str, round: int, reason: str = "") -> tuple[AgreementDraft, Event]:
        """``party`` abandons (withdraws from) the draft at ``round``: the new draft and its event."""
        status = self.status
        if status in (Step.ABANDONED, Step.RATIFIED) or party not in self.parties:
            raise ValueError(f"{party!r} cannot abandon a draft that is {status}")
        event = Event(
            EventKind.ABANDONED, round, 0.0, party, self.outcome, {"step": status.value, "reason": reason}
        )
        act = Act(party, Step.ABANDONED, round, reason)
        return AgreementDraft(self.issues, self.outcome, self.parties, (*self.history, act)), event

    def row(self, space: OutcomeSpace) -> np.ndarray:
        """The package as a row of ``space`` (whose issues must be the draft's, in order)."""
        if space.issue_names != self.issues:
            raise ValueError(f"the draft is over {self.issues}, the space over {space.issue_names}")
        row: np.ndarray = space.validate(np.array([self.outcome]))[0]
        return row

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready dict."""
        acts = [
            {"party": a.party, "step": a.step.value, "round": a.round, "reason": a.reason}
            for a in self.history
        ]
        return {
            "issues": list(self.issues),
            "outcome": list(self.outcome),
            "parties": list(self.parties),
            "history": acts,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> AgreementDraft:
        """Inverse of :meth:`to_json`."""
        acts = tuple(
            Act(a["party"], Step(a["step"]), int(a["round"]), a.get("reason", "")) for a in data["history"]
        )
        return cls(
            tuple(data["issues"]), tuple(int(i) for i in data["outcome"]), tuple(data["parties"]), acts
        )

    def save(self, path: str | Path) -> None:
        """Write the draft as JSON to ``path``."""
        Path(path).write_text(json.dumps(self.to_json(), indent=2), encoding="utf-8")

    @classmethod
    def load(cls, path: str | Path) -> AgreementDraft:
        """Read a draft written by :meth:`save`."""
        return cls.from_json(json.loads(Path(path).read_text(encoding="utf-8")))


def with_opening(seat: Seat, draft: AgreementDraft, space: OutcomeSpace) -> Seat:
    """``seat`` opening the new talks with ``draft``'s text as its first offer."""
    package = tuple(int(i) for i in draft.row(space))
    negotiator = OpeningText(seat.negotiator, package=package)
    return Seat(seat.name, seat.preferences, negotiator, seat.principal, seat.referral_rounds)
