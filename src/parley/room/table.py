"""The live negotiation of a room: an engine mechanism whose person seats move when their people do.

A :class:`Table` drives its mechanism on ask/answer (:mod:`parley.protocols`): the asks of agent seats,
of principals and of the mediator are answered at once (``answer_of``); the table stops at an ask for a
person's seat, which is who it awaits. A delegation's move is checked against that ask and becomes its
reply (under alternating offers a rejection or an offer with a package, at a respond ask, is the
rejection and then the same seat's counter-offer, in one move); the agents answer on from there. States
are immutable, so a refused move leaves the table as it was. The committed record is the one of the last
settled state (no step in progress: under simultaneous offers and the single text a whole round).

When an agent fails while answering after a person's move, the move is refused (status 500, nothing
committed) and the table is marked ``stale``: the agents may remember calls the log never recorded, so
the table takes no more moves and is rebuilt by replaying the room's log (the service does it at once).
Everything is deterministic under the room's seed: pushing the same moves in the same order rebuilds
the same table, which is how a room is recovered from its log.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TypeVar

import numpy as np

from parley.domain import OutcomeSpace
from parley.negotiators import Response
from parley.preferences import meets
from parley.protocols import (
    AlternatingOffers,
    Ask,
    AskKind,
    Deadline,
    Ending,
    Mechanism,
    Reply,
    Seat,
    State,
    make_mechanism,
)
from parley.record import Event, EventKind, Record
from parley.room.authority import Approvals, AuthorityError, check_authority
from parley.room.person import Action, Intent, MoveKind, Person


class MoveRefusedError(ValueError):
    """A move that is not allowed now (not this delegation's turn, wrong kind, bad package)."""

    def __init__(self, message: str, status: int = 409) -> None:
        super().__init__(message)
        self.status = status


class AgentFailedError(MoveRefusedError):
    """An agent failed while answering after a move: the move is not applied, and the table is stale
    (rebuild it from the room's log)."""


@dataclass(frozen=True)
class Awaited:
    """Who is to move, and how: ``kind`` is "propose" or "respond" (to ``offer``); what the awaited
    party's view shows (its record, round and time)."""

    party: str
    kind: MoveKind
    offer: tuple[int, ...] | None
    record: Record  # what the awaited party sees: the record with the moves of the step in progress
    round: int
    time: float


@dataclass(frozen=True)
class StageOutcome:
    """How one stage of the process went at this table: its name and status (``agreed``, ``deadline``,
    ``broken_off``, ``not_reached``...; ``open`` while it is played)."""

    name: str
    status: str


@dataclass(frozen=True)
class TableOutcome:
    """What a table has produced so far, for lists and debriefs: the full package agreed (or in force,
    for a process) and the round it was reached (None: none yet), each stage's status (empty for a
    single negotiation), each party's ratification (True, False, None: not put to it) and the status
    in a word (``open``, ``agreement``, ``deadline``..., or the process's ``ratified``/``partial``...)."""

    package: tuple[int, ...] | None
    round: int | None
    stages: tuple[StageOutcome, ...]
    ratification: Mapping[str, bool | None]
    status: str


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
        budget: int | None = None,
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
        self._persons = {s.name for s in self.mechanism.seats if isinstance(s.negotiator, Person)}
        self.state: State = self.mechanism.initial_state()  # the last settled state: what is committed
        self.mechanism.start_negotiators(self.state)
        self.awaited: Awaited | None = None
        self.closed = False
        self.stale = False  # an agent failed after a move: rebuild the table from the log
        self._ask: Ask | None = None  # the ask of the person awaited
        self._pending: dict[str, list[Intent]] = {}  # moves sent since the last settled state
        self._cursor: State | None = None  # where the agents stopped when their budget ran out
        self.agent_asks = 0  # asks the agents answered since the last change (a closing room logs it)
        self._settle(self.state, None, budget)

    # --- reading ---------------------------------------------------------------------------------
    @property
    def record(self) -> Record:
        """The committed record (completed steps only)."""
        return self.state.record

    @property
    def done(self) -> bool:
        return self.state.done or self.closed

    @property
    def running(self) -> bool:
        """Whether the agents stopped at their budget with more to answer (:meth:`resume` goes on)."""
        return self._cursor is not None

    @property
    def agreement(self) -> tuple[int, ...] | None:
        """The agreed package (None: none yet)."""
        return self.state.agreement

    @property
    def round(self) -> int:
        """The round the table is in (the awaited party's, while one is awaited)."""
        return self.awaited.round if self.awaited is not None else self.state.round

    @property
    def ending(self) -> Ending | None:
        """How the negotiation ended (None: it goes on)."""
        return self.state.ending

    @property
    def awaited_role(self) -> str | None:
        """The room role awaited: a delegation's (the only person seats of a single negotiation)."""
        return None if self.awaited is None else "delegation"

    def outcome(self) -> TableOutcome:
        """The agreement (if any), when it was reached, and how the negotiation stands."""
        state = self.state
        agreed = [event.round for event in state.record if event.kind is EventKind.AGREEMENT]
        status = "closed" if self.closed and not state.done else (state.ending or "open")
        return TableOutcome(state.agreement, agreed[-1] if agreed else None, (), {}, str(status))

    def persons(self) -> dict[str, Person]:
        """The seats played by people, by party."""
        return {s.name: s.negotiator for s in self.mechanism.seats if isinstance(s.negotiator, Person)}

    def pending(self, party: str) -> list[Intent]:
        """Moves ``party`` has sent that the step in progress has not completed yet."""
        return list(self._pending.get(party, ()))

    # --- moving ----------------------------------------------------------------------------------
    def check(self, party: str, intent: Intent) -> None:
        """Refuse (MoveRefusedError) a move ``party`` may not make now; otherwise return."""
        if self.stale:
            raise MoveRefusedError("an agent failed here: the table must be rebuilt from its log", 500)
        if self.done:
            raise MoveRefusedError("the negotiation has ended")
        if self.running:
            raise MoveRefusedError(f"the agents are still playing (round {self.state.round}); wait for them")
        if party not in self._persons:
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

    def act(
        self, party: str, intent: Intent, role: str = "delegation", budget: int | None = None
    ) -> list[Event]:
        """Apply ``party``'s move (checked) and let the agents answer (at most ``budget`` asks, the rest
        left to :meth:`resume`); the engine events it committed.

        All or nothing: a move the engine refuses changes nothing (MoveRefusedError, 422); an agent that
        fails after it leaves the table as before the move, stale (AgentFailedError, 500)."""
        if role != "delegation":
            raise MoveRefusedError(f"this room runs one negotiation: a {role} has no move here", status=403)
        self.check(party, intent)
        ask = self._ask
        assert ask is not None
        try:
            state = self._answered(ask, intent)
        except ValueError as error:
            raise MoveRefusedError(str(error), status=422) from error
        before = len(self.state.record)
        try:
            self._settle(state, (party, intent), budget)
        except Exception as error:
            self.stale = True  # the agents may remember answers the log will never hold
            raise AgentFailedError(
                f"an agent at this table failed ({type(error).__name__}: {error}); the move was not applied",
                status=500,
            ) from error
        return list(self.state.record.events[before:])

    def resume(self, budget: int | None) -> list[Event]:
        """Let the agents answer on where their budget stopped them (at most ``budget`` more asks); the
        engine events that committed (none when the table is not :attr:`running`). An agent that fails
        leaves the table stale (AgentFailedError, 500)."""
        cursor = self._cursor
        if cursor is None or self.closed:
            return []
        before = len(self.state.record)
        try:
            self._settle(cursor, None, budget, resumed=True)
        except Exception as error:
            self.stale, self._cursor = True, None
            raise AgentFailedError(
                f"an agent at this table failed ({type(error).__name__}: {error})", status=500
            ) from error
        return list(self.state.record.events[before:])

    def _answered(self, ask: Ask, intent: Intent) -> State:
        """The state after ``intent`` answers ``ask`` (ValueError if the engine refuses it)."""
        replies = self._replies(ask.kind, intent)
        state = self.mechanism.reply(ask, replies[0])
        for reply in replies[1:]:  # the counter-offer that follows a rejection, asked of the same seat
            counter = self.mechanism.advance(state)
            assert isinstance(counter, Ask) and (counter.party, counter.kind) == (ask.party, AskKind.PROPOSE)
            state = self.mechanism.reply(counter, reply)
        return state

    def _replies(self, kind: AskKind, intent: Intent) -> list[Reply]:
        """The engine's replies that a (checked) move makes at an ask of ``kind``."""
        action = intent.action
        if kind is AskKind.PROPOSE:
            return [Reply.offer(None if action is Action.WALK_AWAY else intent.package)]
        if action in (Action.OFFER, Action.REJECT):
            counter = [Reply.offer(intent.package)] if self.alternating else []
            return [Reply.answer(Response.REJECT), *counter]
        if action is Action.REFER_BACK:
            return [Reply.answer(Response.REFER_BACK, intent.package)]
        return [Reply.answer(Response.ACCEPT if action is Action.ACCEPT else Response.WALK_AWAY)]

    def _settle(
        self,
        state: State,
        move: tuple[str, Intent] | None,
        budget: int | None = None,
        resumed: bool = False,
    ) -> None:
        """Answer every ask of agents, principals and the mediator from ``state`` (just after ``move``)
        until a person is asked or the talks end, or ``budget`` asks were answered (then the table is
        :attr:`running` from where it stopped); then commit the last settled state, the person's ask
        and the moves pending. Nothing is kept if an answer raises."""
        committed, pending = self.state, {p: list(i) for p, i in self._pending.items()}
        if move is not None:
            pending.setdefault(move[0], []).append(move[1])
        mechanism = self.mechanism
        cursor: State | None = None
        answered = 0
        while True:
            if state.settled or state.done:
                committed, pending = state, {}
            now = mechanism.advance(state)
            if not isinstance(now, Ask):
                committed, pending, ask = now, {}, None
                break
            if now.kind in (AskKind.PROPOSE, AskKind.RESPOND) and now.party in self._persons:
                ask = now
                break
            if budget is not None and answered >= budget:
                cursor, ask = state, None
                break
            state = mechanism.reply(now, mechanism.answer_of(now))
            answered += 1
        self.agent_asks = (self.agent_asks if resumed else 0) + answered
        self.state, self._pending, self._ask, self._cursor = committed, pending, ask, cursor
        self.awaited = None if ask is None else _awaited(ask)

    def close(self) -> None:
        """Stop the table (the facilitator closed the room)."""
        self.closed = True
        self.awaited = None
        self._ask = None
        self._cursor = None


def _awaited(ask: Ask) -> Awaited:
    """Who ``ask`` awaits, as the room shows it."""
    assert ask.view is not None
    kind: MoveKind = "propose" if ask.kind is AskKind.PROPOSE else "respond"
    view = ask.view
    return Awaited(ask.party, kind, ask.offer, view.record, view.round, view.time)


#: How many packages a table remembers (feasibility, utilities) before it starts afresh.
REMEMBERED = 100_000


Key = TypeVar("Key")
Remembered = TypeVar("Remembered")


def _bound(memory: dict[Key, Remembered]) -> None:
    """Forget everything once ``memory`` holds REMEMBERED entries (a cheap bound, no bookkeeping)."""
    if len(memory) > REMEMBERED:
        memory.clear()
