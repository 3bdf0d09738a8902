"""The mechanism interface: a negotiation protocol runs ``step(state) -> state`` until it ends.

A mechanism owns the rules (who speaks when, what counts as agreement) and the seats (each a party's
name, its preferences and its negotiator). It builds each negotiator's :class:`View` from that party's
own preferences and the public record only, appends every move to the record, and never prints or
does I/O. All randomness comes from the one generator passed in.
"""

from __future__ import annotations

import time as clock
from abc import ABC, abstractmethod
from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import ClassVar, Protocol, TypeVar, runtime_checkable

import numpy as np

from parley.domain import OutcomeSpace
from parley.negotiators.base import Negotiator, View
from parley.preferences import Preferences
from parley.record import Event, EventKind, Record


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


@dataclass(frozen=True)
class State:
    """One moment of a negotiation: the round, the record so far, and how it ended (if it has).

    Mechanisms keep their own extra fields in subclasses (whose turn it is, who has accepted…).
    """

    round: int = 0
    record: Record = field(default_factory=Record)
    ending: Ending | None = None
    agreement: tuple[int, ...] | None = None

    @property
    def done(self) -> bool:
        return self.ending is not None


S = TypeVar("S", bound=State)


def evolve(state: S, **changes: object) -> S:
    """A copy of ``state`` with ``changes``: ``dataclasses.replace`` without its per-call field
    introspection (states are plain frozen records with no validation), on the engine's hot path."""
    new = object.__new__(type(state))
    new.__dict__.update(state.__dict__)
    new.__dict__.update(changes)
    return new


@dataclass(frozen=True)
class Result:
    """The outcome of a run: how it ended, the agreed package and its utilities, and the record."""

    ending: Ending
    agreement: tuple[int, ...] | None
    utilities: tuple[float, ...] | None
    rounds: int
    record: Record
    elapsed: float


class Mechanism(ABC):
    """A negotiation protocol. Subclasses set ``name`` and implement ``initial_state`` and ``step``.

    ``rng`` is the run's generator (required: no fixed seed stands in); the negotiators get generators
    spawned from it when they start, and the protocol draws from it (tie-breaks, a mediator's texts).
    """

    name: ClassVar[str] = "mechanism"

    def __init__(
        self,
        space: OutcomeSpace,
        seats: Sequence[Seat],
        deadline: Deadline | None = None,
        *,
        rng: np.random.Generator,
    ) -> None:
        if len(seats) < 2:
            raise ValueError("a negotiation needs at least two seats")
        names = [seat.name for seat in seats]
        if len(set(names)) != len(names):
            raise ValueError(f"seat names must be unique, got {names}")
        self.space = space
        self.seats = tuple(seats)
        self.deadline = deadline or Deadline()
        if not isinstance(rng, np.random.Generator):
            raise TypeError(f"a mechanism needs the run's numpy Generator as rng, got {rng!r}")
        self.rng = rng
        self._started = clock.perf_counter()
        self._party_names = tuple(seat.name for seat in self.seats)
        self._sizes = tuple(issue.size for issue in space.issues)

    # --- to implement ---------------------------------------------------------------------------------
    @abstractmethod
    def initial_state(self) -> State:
        """The state before the first move."""

    @abstractmethod
    def step(self, state: State) -> State:
        """One move (or one round) of the protocol; returns the next state."""

    # --- shared machinery ------------------------------------------------------------------------------
    def elapsed(self) -> float:
        """Seconds since the negotiation started."""
        return clock.perf_counter() - self._started

    def view(self, seat: Seat, state: State) -> View:
        """What ``seat``'s negotiator may see now: its own preferences and the public record only."""
        return View(
            space=self.space,
            preferences=seat.preferences,
            party=seat.name,
            parties=self._party_names,
            round=state.round,
            time=self.deadline.relative_time(state.round, self.elapsed()),
            rounds=self.deadline.rounds,
            record=state.record,
        )

    def event(
        self,
        kind: EventKind,
        state: State,
        party: str | None = None,
        outcome: np.ndarray | tuple[int, ...] | None = None,
    ) -> Event:
        """An event at the current round and time."""
        package = None if outcome is None else tuple(np.asarray(outcome).ravel().tolist())
        return Event(kind, state.round, self.elapsed(), party, package)

    def finish(
        self, state: State, ending: Ending, agreement: tuple[int, ...] | None = None, party: str | None = None
    ) -> State:
        """``state`` ended the given way, with the ending event appended."""
        kind = {
            Ending.AGREEMENT: EventKind.AGREEMENT,
            Ending.BREAKDOWN: EventKind.WALK_AWAY,
            Ending.DEADLINE: EventKind.DEADLINE,
        }[ending]
        record = state.record
        if ending is not Ending.BREAKDOWN:  # a walk-away event is already recorded by the mover
            record = record.append(Event(kind, state.round, self.elapsed(), party, agreement))
        return evolve(state, record=record, ending=ending, agreement=agreement)

    def check_package(self, seat: Seat, outcome: np.ndarray | None) -> np.ndarray | None:
        """Validate a negotiator's package: a feasible row of this space (None passes through)."""
        if outcome is None:
            return None
        row = np.asarray(outcome)
        indices = row.tolist() if row.shape == (len(self._sizes),) and row.dtype.kind in "iu" else None
        if indices is None or not all(0 <= i < n for i, n in zip(indices, self._sizes, strict=True)):
            row = self.space.validate(row.reshape(1, -1))[0]  # raises a clear error for a bad package
        else:
            row = row.astype(self.space.dtype, copy=False)
        if self.space.constraints and not self.space.feasible(row[None, :])[0]:
            raise ValueError(f"{seat.name} offered an infeasible package {self.space.values_of(row)}")
        return row

    def start_negotiators(self, state: State) -> None:
        """Give each negotiator its first view and an independent generator spawned from the run's."""
        for seat, seed in zip(self.seats, self.rng.spawn(len(self.seats)), strict=True):
            seat.negotiator.start(self.view(seat, state), seed)

    def run(self) -> Result:
        """Run to the end and summarise."""
        self._started = clock.perf_counter()
        state = self.initial_state()
        self.start_negotiators(state)
        while not state.done:
            state = self.step(state)
        utilities = None
        if state.agreement is not None:
            row = np.array(state.agreement, dtype=self.space.dtype)[None, :]
            utilities = tuple(float(seat.preferences.evaluate(row)[0]) for seat in self.seats)
        return Result(
            state.ending or Ending.DEADLINE,
            state.agreement,
            utilities,
            state.round,
            state.record,
            self.elapsed(),
        )
