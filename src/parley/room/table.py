"""The live negotiation of a room: an engine mechanism whose person seats move when their people do.

A :class:`Table` steps its mechanism until a person is to move (or the talks end) and keeps who is
awaited. A delegation's move is checked against what it is asked, queued on its seat, and the
mechanism stepped again; a step interrupted by a person who has not moved is undone (mechanisms whose
step asks several seats are restored from a snapshot, so agents and mediators never see a move twice).
Everything is deterministic under the room's seed: pushing the same moves in the same order rebuilds
the same table, which is how a room is recovered from its log.
"""

from __future__ import annotations

import functools
import pickle
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TypeVar

import numpy as np

from parley.domain import OutcomeSpace
from parley.preferences import meets
from parley.protocols import AlternatingOffers, Deadline, Mechanism, Seat, State, make_mechanism
from parley.record import Event, Record
from parley.room.authority import Approvals, AuthorityError, check_authority
from parley.room.person import Action, AwaitingMove, Intent, MoveKind, Person


class MoveRefusedError(ValueError):
    """A move that is not allowed now (not this delegation's turn, wrong kind, bad package)."""

    def __init__(self, message: str, status: int = 409) -> None:
        super().__init__(message)
        self.status = status


@dataclass(frozen=True)
class Awaited:
    """Who is to move, and how: ``kind`` is "propose" or "respond" (to ``offer``)."""

    party: str
    kind: MoveKind
    offer: tuple[int, ...] | None
    record: Record  # what the awaited party sees: the record with the moves of the step in progress
    round: int
    time: float


#: What each kind of ask allows, per protocol family (alternating: a rejection carries the counter-offer).
ALLOWED = {
    ("propose", True): {Action.OFFER, Action.WALK_AWAY},
    ("propose", False): {Action.OFFER, Action.WALK_AWAY},
    ("respond", True): {Action.ACCEPT, Action.REJECT, Action.OFFER, Action.REFER_BACK, Action.WALK_AWAY},
    ("respond", False): {Action.ACCEPT, Action.REJECT, Action.WALK_AWAY},
}


class Table:
    """One room's mechanism, its current state and who it waits for."""

    def __init__(
        self,
        space: OutcomeSpace,
        seats: Sequence[Seat],
        protocol: str,
        rounds: int,
        seed: int,
        authority: Mapping[str, float] | None = None,
    ) -> None:
        self.space = space
        self.authority = dict(authority or {})  # person seats' authority limits (see parley.room.authority)
        self._approvals = Approvals()
        self._sizes = tuple(int(size) for size in space.sizes)
        self._feasible: dict[tuple[int, ...], bool] = {}
        self._utilities: dict[tuple[str, tuple[int, ...]], float] = {}
        self.mechanism: Mechanism = make_mechanism(
            protocol, space, seats, Deadline(rounds=rounds), np.random.default_rng(seed)
        )
        self.alternating = isinstance(self.mechanism, AlternatingOffers)
        self.state: State = self.mechanism.initial_state()
        self.mechanism.start_negotiators(self.state)
        self.awaited: Awaited | None = None
        self.closed = False
        self.advance()

    # --- reading ---------------------------------------------------------------------------------
    @property
    def record(self) -> Record:
        """The committed record (completed steps only)."""
        return self.state.record

    @property
    def done(self) -> bool:
        return self.state.done or self.closed

    def persons(self) -> dict[str, Person]:
        """The seats played by people, by party."""
        return {s.name: s.negotiator for s in self.mechanism.seats if isinstance(s.negotiator, Person)}

    def pending(self, party: str) -> list[Intent]:
        """Moves ``party`` has sent that the step in progress has not completed yet."""
        person = self.persons().get(party)
        return list(person.queue) if person is not None else []

    # --- moving ----------------------------------------------------------------------------------
    def check(self, party: str, intent: Intent) -> None:
        """Refuse (MoveRefusedError) a move ``party`` may not make now; otherwise return."""
        if self.done:
            raise MoveRefusedError("the negotiation has ended")
        if party not in self.persons():
            raise MoveRefusedError(f"{party!r} is not a person's seat at this table", status=403)
        awaited = self.awaited
        if awaited is None or awaited.party != party:
            whom = "nobody" if awaited is None else repr(awaited.party)
            raise MoveRefusedError(f"it is not {party}'s move; the table is waiting for {whom}")
        if intent.action not in ALLOWED[(awaited.kind, self.alternating)]:
            raise MoveRefusedError(
                f"{party} is asked to {awaited.kind}; {intent.action.value!r} is not allowed now"
            )
        needs_package = intent.action is Action.OFFER or (intent.action is Action.REJECT and self.alternating)
        if needs_package and intent.package is None:
            raise MoveRefusedError(f"{intent.action.value!r} needs a package (the counter-offer)", status=422)
        if intent.package is not None:
            if intent.action in (Action.ACCEPT, Action.WALK_AWAY) or (
                intent.action is Action.REJECT and not self.alternating
            ):
                raise MoveRefusedError(f"{intent.action.value!r} takes no package", status=422)
            self._check_package(intent.package)
        if party in self.authority:
            try:
                approved = self._approvals.of(awaited.record, party)
                utility = functools.partial(self.utility, party)
                check_authority(utility, self.authority[party], intent, awaited.offer, approved)
            except AuthorityError as error:
                raise MoveRefusedError(str(error)) from None

    def within_powers(self) -> np.ndarray:
        """The feasible packages (rows of option indices) that every person's seat may offer and accept
        without a referral: at or above each one's authority limit. Enumerates the space."""
        outcomes = self.space.all_outcomes()
        keep = self.space.feasible(outcomes)
        for seat in self.mechanism.seats:
            if seat.name in self.authority:
                keep &= meets(seat.preferences.evaluate(outcomes), self.authority[seat.name])
        within: np.ndarray = outcomes[keep]
        return within

    def utility(self, party: str, package: tuple[int, ...]) -> float:
        """``party``'s utility of ``package`` (remembered: a negotiation revisits few packages)."""
        key = (party, package)
        value = self._utilities.get(key)
        if value is None:
            seat = next(seat for seat in self.mechanism.seats if seat.name == party)
            value = float(seat.preferences.evaluate(np.array([package], dtype=self.space.dtype))[0])
            _bound(self._utilities)
            self._utilities[key] = value
        return value

    def _check_package(self, package: tuple[int, ...]) -> None:
        sizes = self._sizes
        if len(package) != len(sizes) or not all(0 <= i < n for i, n in zip(package, sizes, strict=True)):
            raise MoveRefusedError(f"package {list(package)} is not a package of this space", status=422)
        feasible = self._feasible.get(package)
        if feasible is None:
            row = np.array([package], dtype=self.space.dtype)
            feasible = not self.space.constraints or bool(self.space.feasible(row)[0])
            _bound(self._feasible)
            self._feasible[package] = feasible
        if not feasible:
            raise MoveRefusedError(
                f"package {self.space.values_of(np.array(package))} breaks a constraint", 422
            )

    def act(self, party: str, intent: Intent) -> list[Event]:
        """Apply ``party``'s move (checked) and let the agents answer; the engine events it completed."""
        self.check(party, intent)
        state, awaited, saved = self.state, self.awaited, self._snapshot()
        self.persons()[party].queue.append(intent)
        before = len(self.state.record)
        try:
            return self.advance()
        except Exception as error:
            progressed = len(self.state.record) != before
            # all or nothing: the table is as before the move, so memory never runs ahead of the log
            self.state, self.awaited = state, awaited
            if saved is not None:
                self.mechanism = pickle.loads(saved)
            else:
                self.persons()[party].queue.pop()
                self.persons()[party].rewind()
            if isinstance(error, ValueError) and not progressed:
                raise MoveRefusedError(str(error), status=422) from error
            raise MoveRefusedError(
                f"an agent at this table failed ({type(error).__name__}: {error}); the move was not applied",
                status=500,
            ) from error

    def _snapshot(self) -> bytes | None:
        """What a failed move restores besides the (immutable) state: the mechanism with its agents,
        mediator and generator; nothing when every seat is a person's under alternating offers, where a
        move runs only the mover's own step (the states themselves are never changed, only replaced)."""
        if self.alternating and all(isinstance(s.negotiator, Person) for s in self.mechanism.seats):
            return None
        return pickle.dumps(self.mechanism)

    def close(self) -> None:
        """Stop the table (the facilitator closed the room)."""
        self.closed = True
        self.awaited = None

    def advance(self) -> list[Event]:
        """Step until a person is awaited or the talks end; the engine events of the completed steps."""
        start = len(self.state.record)
        while not self.done:
            snapshot = None if self.alternating else pickle.dumps(self.mechanism)
            try:
                state = self.mechanism.step(self.state)
            except AwaitingMove as wait:
                self._undo(snapshot)
                self.awaited = Awaited(
                    wait.party, wait.kind, wait.offer, wait.view.record, wait.view.round, wait.view.time
                )
                break
            except ValueError:
                self._undo(snapshot)
                raise
            self.state = state
            for person in self.persons().values():
                person.settle()
        if self.done:
            self.awaited = None
        return list(self.state.record.events[start:])

    def _undo(self, snapshot: bytes | None) -> None:
        """Forget an interrupted step: restore the snapshot, or (alternating) rewind the persons."""
        if snapshot is not None:
            self.mechanism = pickle.loads(snapshot)
        for person in self.persons().values():
            person.rewind()


#: How many packages a table remembers (feasibility, utilities) before it starts afresh.
REMEMBERED = 100_000


Key = TypeVar("Key")
Remembered = TypeVar("Remembered")


def _bound(memory: dict[Key, Remembered]) -> None:
    """Forget everything once ``memory`` holds REMEMBERED entries (a cheap bound, no bookkeeping)."""
    if len(memory) > REMEMBERED:
        memory.clear()
