"""The mechanism interface: a negotiation protocol asks, someone answers, until it ends.

A mechanism owns the rules (who speaks when, what counts as agreement) and the seats (each a party's
name, its preferences and its negotiator). It is a resumable state machine: :meth:`Mechanism.advance`
applies the protocol's own transitions until someone must answer and returns that
:class:`~parley.protocols.Ask` (or the finished state); :meth:`Mechanism.reply` checks the answer and
returns the next state; :meth:`Mechanism.answer_of` is the simulation's answer (the seat's negotiator,
its principal, the mediator). ``step`` and ``run`` answer every ask that way. It builds each
negotiator's :class:`View` from that party's own preferences and the public record only, appends every
move to the record, and never prints or does I/O. All randomness comes from the one generator passed in.
"""

from __future__ import annotations

import time as clock
from abc import ABC, abstractmethod
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import ClassVar, TypeVar

import numpy as np

from parley.domain import OutcomeSpace
from parley.negotiators.base import View
from parley.protocols._moves import checked_reply, new_event
from parley.protocols.engine import Ask, Reply
from parley.protocols.terms import Deadline, Ending, Principal, Seat
from parley.record import Event, EventData, EventKind, Record

__all__ = ["Deadline", "Ending", "Mechanism", "Principal", "Result", "Seat", "State", "as_package", "evolve"]


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

    @property
    def settled(self) -> bool:
        """Whether no step is in progress: where :meth:`Mechanism.step` stops, and where a caller may
        change the seats or append events (mechanisms whose steps ask several seats override it)."""
        return True


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
    """A negotiation protocol. Subclasses set ``name`` and implement ``initial_state``, ``advance``,
    ``answer_of`` and ``apply_reply`` (the next state after a reply already checked by ``reply``).

    ``rng`` is the run's generator (required: no fixed seed stands in); the negotiators get generators
    spawned from it when they start, and the protocol draws from it (tie-breaks, a mediator's texts) in
    ``apply_reply`` and ``answer_of``, never in ``advance``.
    """

    name: ClassVar[str] = "mechanism"
    #: Whether a RESPOND reply of REFER_BACK may name a counter-offer (``Reply.package``).
    referrals: ClassVar[bool] = False

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
        self._seat_index = {name: i for i, name in enumerate(self._party_names)}
        self._sizes = tuple(issue.size for issue in space.issues)

    # --- to implement ---------------------------------------------------------------------------------
    @abstractmethod
    def initial_state(self) -> State:
        """The state before the first move."""

    @abstractmethod
    def advance(self, state: State) -> State | Ask:
        """Apply the protocol's own transitions (deadline, round end) until someone must answer: the
        finished state, or the :class:`Ask` for whoever answers next. Pure with respect to the state."""

    @abstractmethod
    def answer_of(self, ask: Ask) -> Reply:
        """The simulation's answer to ``ask``: from the seat's negotiator, its principal, the mediator."""

    @abstractmethod
    def apply_reply(self, ask: Ask, reply: Reply) -> State:
        """The state after ``reply`` (already checked) to ``ask``."""

    # --- driving ---------------------------------------------------------------------------------------
    def reply(self, ask: Ask, reply: Reply) -> State:
        """The next state after ``reply`` to ``ask``; a ValueError naming the seat (nothing changed) for
        a package or an answer that ``ask`` does not allow."""
        return self.apply_reply(ask, self.checked_reply(ask, reply))

    def checked_reply(self, ask: Ask, reply: Reply) -> Reply:
        """``reply`` checked against ``ask``, its package as a tuple of option indices (ValueError)."""
        return checked_reply(self, ask, reply)

    def step(self, state: State) -> State:
        """One move (or one round) of the protocol, every ask answered by :meth:`answer_of`: the next
        settled state (no step in progress), or the finished one."""
        while True:
            ask = self.advance(state)
            if not isinstance(ask, Ask):
                return ask
            state = self.apply_reply(ask, self.answer_of(ask))
            if state.settled or state.done:
                return state

    def run(self) -> Result:
        """Run to the end, every ask answered by :meth:`answer_of`, and summarise."""
        self._started = clock.perf_counter()
        state = self.initial_state()
        self.start_negotiators(state)
        advance, answer_of, apply_reply = self.advance, self.answer_of, self.apply_reply
        ask = advance(state)
        while isinstance(ask, Ask):
            ask = advance(apply_reply(ask, answer_of(ask)))
        return self.result(ask)

    def result(self, state: State) -> Result:
        """The summary of a finished ``state``: ending, agreement, each seat's utility of it, record."""
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

    # --- shared machinery ------------------------------------------------------------------------------
    def elapsed(self) -> float:
        """Seconds since the negotiation started."""
        return clock.perf_counter() - self._started

    def seat_of(self, party: str) -> Seat:
        """The seat called ``party`` (the current one: ``seats`` may be replaced between steps)."""
        return self.seats[self._seat_index[party]]

    def view(self, seat: Seat, state: State) -> View:
        """What ``seat``'s negotiator may see now: its own preferences and the public record only."""
        return self.view_of(seat, state.round, state.record)

    def view_of(self, seat: Seat, round: int, record: Record) -> View:
        """``seat``'s view at ``round`` of ``record``; built without the frozen dataclass's per-field
        ``__setattr__`` (one view per ask, on the engine's hot path)."""
        deadline = self.deadline
        if deadline.seconds is None and deadline.rounds is not None:
            time = min(round / deadline.rounds, 1.0)  # relative_time, without reading the clock
        else:
            time = deadline.relative_time(round, self.elapsed())
        view = object.__new__(View)
        view.__dict__.update(
            space=self.space,
            preferences=seat.preferences,
            party=seat.name,
            parties=self._party_names,
            round=round,
            time=time,
            rounds=deadline.rounds,
            record=record,
        )
        return view

    def passed(self, round: int) -> bool:
        """Whether the deadline has passed at ``round`` (the clock is read only under a time limit)."""
        deadline = self.deadline
        if deadline.seconds is None:
            return deadline.rounds is not None and round >= deadline.rounds
        return deadline.passed(round, self.elapsed())

    def event(
        self,
        kind: EventKind,
        state: State,
        party: str | None = None,
        outcome: np.ndarray | tuple[int, ...] | None = None,
        data: EventData | None = None,
    ) -> Event:
        """An event at the current round and time (``data``: its public extras)."""
        package = outcome if outcome is None or isinstance(outcome, tuple) else as_package(outcome)
        return new_event(kind, state.round, self.elapsed(), party, package, data)

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
            record = record.append(new_event(kind, state.round, self.elapsed(), party, agreement))
        return evolve(state, record=record, ending=ending, agreement=agreement)

    def walk_away(self, state: State, party: str) -> State:
        """``party`` leaves: the walk-away recorded, and the negotiation breaks down."""
        walk = self.event(EventKind.WALK_AWAY, state, party)
        return self.finish(evolve(state, record=state.record.append(walk)), Ending.BREAKDOWN, party=party)

    def package_of(self, party: str, outcome: object) -> tuple[int, ...]:
        """``outcome`` as a feasible package of this space (option indices); a ValueError otherwise."""
        row = np.asarray(outcome)
        indices = row.tolist() if row.shape == (len(self._sizes),) and row.dtype.kind in "iu" else None
        if indices is not None:
            for index, size in zip(indices, self._sizes, strict=True):  # a plain loop: a few issues
                if not 0 <= index < size:
                    indices = None
                    break
        if indices is None:
            row = self.space.validate(row.reshape(1, -1))[0]  # raises a clear error for a bad package
            indices = row.tolist()
        if self.space.constraints and not self.space.feasible(np.array([indices], dtype=self.space.dtype))[0]:
            raise ValueError(
                f"{party} offered an infeasible package {self.space.values_of(np.array(indices))}"
            )
        return tuple(indices)

    def check_package(self, seat: Seat, outcome: np.ndarray | None) -> np.ndarray | None:
        """Validate a negotiator's package: a feasible row of this space (None passes through)."""
        if outcome is None:
            return None
        return np.array(self.package_of(seat.name, outcome), dtype=self.space.dtype)

    def start_negotiators(self, state: State) -> None:
        """Give each negotiator its first view and an independent generator spawned from the run's."""
        for seat, seed in zip(self.seats, self.rng.spawn(len(self.seats)), strict=True):
            seat.negotiator.start(self.view(seat, state), seed)


def as_package(outcome: np.ndarray) -> tuple[int, ...]:
    """A package row as the hashable tuple of option indices that events and results hold."""
    return tuple(np.asarray(outcome).ravel().tolist())
