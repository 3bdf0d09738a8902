"""A room that conducts the scenario's whole delegations process: stages in order over their own
issues, the front moving, each stage agreement initialled, signed, ratified and in force, referrals,
breakdowns and resumption — the process of :func:`parley.talks.run_process`, driven ask by ask.

A :class:`ProcessTable` runs :class:`parley.talks.ProcessRun` pausing at every ask: the asks of seats
played by agents are answered as the simulation answers them, so a room whose every seat is an agent
plays exactly ``parley run``'s process; the table stops at an ask for a person's seat — a delegation's
move (over the stage's issues), a principal's referral, a ratifying body's vote, a person mediator's
text — and answers it with the move that person sends. Every answer is kept (:attr:`answers`), so the
same answers replay the same room (and a prefix of them forks it).

The committed record is the shared record of the process up to the last settled step: it only grows,
so the room's log can hold its events as they come. Packages a person sees and sends are over the
whole space; the issues outside the stage stay at the options standing when the stage opened.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace

import numpy as np

from parley.domain import OutcomeSpace
from parley.negotiators import Response
from parley.protocols import Ask, AskKind, Ending, Reply
from parley.record import Event, EventKind, Record
from parley.room.authority import Approvals, AuthorityError, check_authority
from parley.room.journal import Mark, Step, cut
from parley.room.person import Action, Intent, MoveKind
from parley.room.table import ALLOWED, AgentFailedError, Awaited, MoveRefusedError, StageOutcome, TableOutcome
from parley.talks import ProcessPlan, ProcessRun, StageContext

#: A seat of the process: (room role, name): ("delegation", party), ("principal", party),
#: ("ratifier", body), ("mediator", "").
SeatKey = tuple[str, str]

#: Which room role answers each kind of ask.
ROLE_OF = {
    AskKind.PROPOSE: "delegation",
    AskKind.RESPOND: "delegation",
    AskKind.REFER: "principal",
    AskKind.RATIFY: "ratifier",
    AskKind.DRAFT: "mediator",
}

#: The engine ending that a process status reads as (when no agreement stands at the end).
ENDING_OF = {"broken_off": Ending.BREAKDOWN, "deadline": Ending.DEADLINE}

#: What a principal, a ratifier and a mediator may do when asked.
DECISIONS = {Action.APPROVE, Action.REFUSE}
ALLOWED_OF_ROLE = {"principal": DECISIONS, "ratifier": DECISIONS, "mediator": {Action.TABLE_TEXT}}


def seat_of(ask: Ask) -> SeatKey:
    """The seat that answers ``ask``."""
    role = ROLE_OF[ask.kind]
    return (role, "" if role == "mediator" else ask.party)


class ProcessTable:
    """One room's delegations process: the run, the committed record, who it waits for."""

    def __init__(
        self,
        space: OutcomeSpace,
        plan: ProcessPlan,
        seed: int,
        persons: frozenset[SeatKey],
        authority: Mapping[str, float] | None = None,
        prefix: Sequence[Step] = (),
        budget: int | None = None,
    ) -> None:
        self.space = space
        self.plan = plan
        self.persons_seats = persons
        self.authority = dict(authority or {})
        self.closed = False
        self.stale = False
        self.running = False  # the agents stopped at their budget with more to answer (see resume)
        self.agent_asks = 0  # asks the agents answered since the last change (a closing room logs it)
        self.journal: list[Step] = []  # every answer and intervention, in order (for forks)
        self.marks: list[Mark] = [Mark(0, -1)]  # the settled points along the journal
        self._shift_cache: dict[tuple[int, int], tuple[tuple[Event, ...], list[Event]]] = {}
        self._approvals = Approvals()
        self._committed = Record(())
        self.stage_record = Record(())  # the stage's own record (stage packages, local rounds), settled
        self._pending: dict[str, list[Intent]] = {}
        self.awaited: Awaited | None = None
        self.awaited_role: str | None = None
        self.awaited_kind: AskKind | None = None
        self.run = ProcessRun(space, plan, seed, track_ripeness=False)
        self._replay_prefix(prefix)
        self._settle(None, budget)

    # --- reading ---------------------------------------------------------------------------------
    @property
    def record(self) -> Record:
        """The committed shared record (completed steps only)."""
        return self._committed

    @property
    def done(self) -> bool:
        return self.run.done or self.closed

    @property
    def context(self) -> StageContext | None:
        """The stage being played, while a stage's ask is pending."""
        return None if self.done else self.run.context

    @property
    def alternating(self) -> bool:
        context = self.context
        return context is not None and context.protocol == "alternating"

    @property
    def agreement(self) -> tuple[int, ...] | None:
        """The full package in force at the end (None while the process goes on, or if none stands)."""
        return self.outcome().package

    @property
    def round(self) -> int:
        """The round of the shared record the process is in."""
        if self.awaited is not None:
            return self.awaited.round
        return max([0, *(event.round for event in self._committed)])

    @property
    def ending(self) -> Ending | None:
        """How the process ended, in the engine's words: an agreement when a package stands at the end,
        the last stage's ending otherwise (None: it goes on)."""
        if self.run.result is None:
            return None
        if self.run.result.talks.in_force:
            return Ending.AGREEMENT
        return ENDING_OF.get(self.run.result.status, Ending.DEADLINE)

    def persons(self) -> dict[str, str]:
        """The delegation seats played by people, by party (the value names the kind of seat)."""
        return {name: "person" for role, name in self.persons_seats if role == "delegation"}

    def pending(self, party: str) -> list[Intent]:
        """Moves ``party`` has sent that the step in progress has not completed yet."""
        return list(self._pending.get(party, ()))

    def outcome(self) -> TableOutcome:
        """The package in force, each stage's status and each party's ratification (so far)."""
        result = self.run.result
        if result is None:
            status = "closed" if self.closed else "open"
            stages = tuple(StageOutcome(*stage) for stage in self.stage_statuses())
            return TableOutcome(None, None, stages, {}, status)
        stages = tuple(StageOutcome(s.name, s.status.value) for s in result.talks.stages)
        standing = result.talks.in_force
        rounds = [a.in_force_from for a in standing if a.in_force_from is not None]
        package = result.outcome if standing else None
        return TableOutcome(
            package, max(rounds) if rounds else None, stages, result.ratification, result.status
        )

    def stage_statuses(self) -> list[tuple[str, str]]:
        """Each stage's status so far: from its STAGE_CLOSED event, ``open`` for the stage being played,
        ``waiting`` for the later ones."""
        closed: dict[str, str] = {}
        for event in self._committed:
            if event.kind.value == "stage_closed":
                closed[str(event.data.get("stage", ""))] = str(event.data.get("status", ""))
        current = self.context.stage if self.context is not None else None
        stages = self.plan.stages or ()
        return [(s.name, closed.get(s.name, "open" if s.name == current else "waiting")) for s in stages]

    # --- packages: the whole space ↔ the stage's issues -------------------------------------------
    def lift(self, package: tuple[int, ...] | None) -> tuple[int, ...] | None:
        """A package of the stage being played, written over the whole space."""
        context = self.context
        if package is None or context is None or len(package) == len(self.space.sizes):
            return package
        full = list(context.standing)
        for issue, option in zip(context.issues, package, strict=True):
            full[self.space.issue_names.index(issue)] = int(option)
        return tuple(full)

    def project(self, package: tuple[int, ...]) -> tuple[int, ...]:
        """A whole-space package sent by a person, as a package of the stage (MoveRefusedError if it
        changes an issue the stage does not negotiate)."""
        context = self.context
        sizes = tuple(int(size) for size in self.space.sizes)
        if len(package) != len(sizes) or not all(0 <= i < n for i, n in zip(package, sizes, strict=True)):
            raise MoveRefusedError(f"package {list(package)} is not a package of this space", status=422)
        if context is None:
            return package
        names = self.space.issue_names
        for index, name in enumerate(names):
            if name not in context.issues and package[index] != context.standing[index]:
                fixed = self.space.issues[index].value(context.standing[index])
                raise MoveRefusedError(
                    f"issue {name!r} is not negotiated in stage {context.stage!r}: it stays at {fixed!r}",
                    status=422,
                )
        return tuple(package[names.index(issue)] for issue in context.issues)

    # --- moving ----------------------------------------------------------------------------------
    def check(self, party: str, intent: Intent, role: str = "delegation") -> list[Reply]:
        """The engine replies ``intent`` makes for ``role``'s seat ``party`` now (MoveRefusedError if the
        move is not allowed now: nothing changes)."""
        if self.stale:
            raise MoveRefusedError("an agent failed here: the table must be rebuilt from its log", 500)
        if self.done:
            raise MoveRefusedError("the process has ended")
        self.check_settled()
        key: SeatKey = (role, "" if role == "mediator" else party)
        if key not in self.persons_seats:
            raise MoveRefusedError(f"{role} {party!r} is not a person's seat at this table", status=403)
        ask = self.run.pending
        assert ask is not None
        if seat_of(ask) != key:
            whom = f"{self.awaited_role} {self.awaited.party!r}" if self.awaited is not None else "nobody"
            raise MoveRefusedError(f"it is not {party}'s move; the table is waiting for {whom}")
        if role == "delegation":
            return self._delegation_reply(party, intent, ask)
        if intent.action not in ALLOWED_OF_ROLE[role]:
            raise MoveRefusedError(
                f"the {role} is asked to {ask.kind.value}; {intent.action.value!r} is not allowed now"
            )
        if role == "mediator":
            if intent.package is None:
                raise MoveRefusedError("'table_text' needs a package (the text)", status=422)
            return [Reply.offer(self._checked_package(intent.package))]
        if intent.package is not None:
            raise MoveRefusedError(f"{intent.action.value!r} takes no package", status=422)
        return [Reply.decision(intent.action is Action.APPROVE)]

    def _delegation_reply(self, party: str, intent: Intent, ask: Ask) -> list[Reply]:
        """A person delegation's move as the engine's reply, checked as the single-negotiation table
        checks it (allowed actions, the package, the authority limit)."""
        kind = "propose" if ask.kind is AskKind.PROPOSE else "respond"
        alternating = self.alternating
        if intent.action not in ALLOWED[(kind, alternating)]:
            raise MoveRefusedError(f"{party} is asked to {kind}; {intent.action.value!r} is not allowed now")
        needs_package = intent.action is Action.OFFER or (intent.action is Action.REJECT and alternating)
        if needs_package and intent.package is None:
            raise MoveRefusedError(f"{intent.action.value!r} needs a package (the counter-offer)", status=422)
        package = None
        if intent.package is not None:
            if intent.action in (Action.ACCEPT, Action.WALK_AWAY) or (
                intent.action is Action.REJECT and not alternating
            ):
                raise MoveRefusedError(f"{intent.action.value!r} takes no package", status=422)
            package = self._checked_package(intent.package)
        local = Intent(intent.action, package)
        if party in self.authority and self.awaited is not None:
            view = ask.view
            assert view is not None
            approved = self._approvals.of(view.record, party)
            try:
                check_authority(
                    lambda p: self._utility(party, p), self.authority[party], local, ask.offer, approved
                )
            except AuthorityError as error:
                raise MoveRefusedError(str(error)) from None
        return _replies_of(ask.kind, local, alternating)

    def _checked_package(self, package: tuple[int, ...]) -> tuple[int, ...]:
        """The stage package of a whole-space ``package`` that keeps the scenario's constraints."""
        local = self.project(package)
        context = self.context
        space = self.space if context is None else context.space
        if space.constraints and not bool(space.feasible(np.array([local], dtype=space.dtype))[0]):
            raise MoveRefusedError(
                f"package {self.space.values_of(np.array(package))} breaks a constraint", 422
            )
        return local

    def _utility(self, party: str, package: tuple[int, ...]) -> float:
        """``party``'s utility of a stage package (the seat's preferences restricted to the stage)."""
        context = self.context
        assert context is not None
        seat = next(seat for seat in context.seats if seat.name == party)
        return float(seat.preferences.evaluate(np.array([package], dtype=context.space.dtype))[0])

    def utility(self, party: str, package: tuple[int, ...]) -> float:
        """``party``'s utility of a whole-space package (its delegation's preferences)."""
        delegation = next(d for d in self.plan.delegations if d.party == party)
        return float(delegation.preferences.evaluate(np.array([package], dtype=self.space.dtype))[0])

    def check_settled(self) -> None:
        """Refuse (409) a change while the agents are still playing (:attr:`running`)."""
        if self.running:
            raise MoveRefusedError(f"the agents are still playing (round {self.round}); wait for them")

    def act(
        self, party: str, intent: Intent, role: str = "delegation", budget: int | None = None
    ) -> list[Event]:
        """Apply a person's move (checked) and let the agents answer on (at most ``budget`` asks, the
        rest left to :meth:`resume`); the events it committed.

        A move the engine refuses changes nothing (422). Once the move is answered the run cannot be
        undone: if anything fails after that (an agent, the counter-offer of a rejection), the move is
        refused and the table is stale, to be rebuilt from the room's log (AgentFailedError)."""
        replies = self.check(party, intent, role)
        before = len(self._committed)
        try:
            self._answer(replies[0])
        except ValueError as error:  # the run checks a reply before taking it: nothing changed
            raise MoveRefusedError(str(error), status=422) from error
        try:
            for reply in replies[1:]:  # the counter-offer of a rejection, asked of the same seat at once
                counter = self.run.pending
                assert counter is not None and (counter.party, counter.kind) == (party, AskKind.PROPOSE)
                self._answer(reply)
            self._settle((party, intent), budget)
        except Exception as error:
            self.stale = True  # the agents may remember answers the log will never hold
            status = 422 if isinstance(error, ValueError) else 500
            raise AgentFailedError(
                f"the move could not be completed ({type(error).__name__}: {error}); it was not applied",
                status=status,
            ) from error
        return list(self._committed.events[before:])

    def _answer(self, reply: Reply, simulated: bool = False) -> None:
        """Answer the pending ask; journal it (an agent's reply as simulated) and mark a settled point."""
        self.run.answer(reply)
        self.journal.append(Step("answer", None if simulated else reply))
        ask = self.run.pending
        if ask is None and self.run.result is not None:
            record = self.run.result.record
        elif ask is not None and ask.state.settled:
            record = self._shared(ask, ask.state.record)
        else:
            return
        # the fighting between rounds is dated to the round it precedes: a fork at that round starts
        # after it, so it does not count as that round begun
        moves = [event.round for event in record if event.kind is not EventKind.FRONT_MOVED]
        self.marks.append(Mark(len(self.journal), max([-1, *moves])))

    def _replay_prefix(self, prefix: Sequence[Step]) -> None:
        """Go through a forked room's first steps as they were taken (an agent's answers given again)."""
        for step in prefix:
            if step.kind == "incident":
                self.incident(dict(step.changes), step.note)
            elif step.kind == "expire":
                self.run.expire(step.stage)
                self.journal.append(step)
            elif step.reply is None:
                self._answer(self.run.simulated(), simulated=True)
            else:
                self._answer(step.reply)
        ask = self.run.pending
        if ask is not None and ask.state.settled:
            self._committed = self._shared(ask, ask.state.record)

    def fork_steps(self, round: int) -> list[Step]:
        """The journal's steps a room forked at ``round`` replays (ValueError: not reached yet)."""
        return self.journal[: cut(self.marks, round)]

    def resume(self, budget: int | None) -> list[Event]:
        """Let the agents answer on where their budget stopped them (at most ``budget`` more asks); the
        events that committed (none when not :attr:`running`). An agent that fails leaves the table
        stale (AgentFailedError, 500)."""
        if not self.running or self.closed:
            return []
        before = len(self._committed)
        try:
            self._settle(None, budget, resumed=True)
        except Exception as error:
            self.stale, self.running = True, False
            raise AgentFailedError(
                f"an agent failed ({type(error).__name__}: {error})", status=500
            ) from error
        return list(self._committed.events[before:])

    def _settle(
        self, move: tuple[str, Intent] | None, budget: int | None = None, resumed: bool = False
    ) -> None:
        """Answer every ask of an agent's seat as the simulation does, until a person's seat is asked or
        the process ends, or ``budget`` asks were answered (then the table is :attr:`running`); commit
        the shared record of the last settled step."""
        committed = self._committed
        pending = {p: list(i) for p, i in self._pending.items()}
        if move is not None:
            pending.setdefault(move[0], []).append(move[1])
        answered = 0
        self.running = False
        while True:
            ask = self.run.pending
            if ask is None:
                assert self.run.result is not None
                committed, pending = self.run.result.record, {}
                break
            if ask.state.settled:
                committed, pending = self._shared(ask, ask.state.record), {}
                if self.run.context is not None:
                    self.stage_record = ask.state.record
            if seat_of(ask) in self.persons_seats:
                break
            if budget is not None and answered >= budget:
                self.running = True
                break
            self._answer(self.run.simulated(), simulated=True)
            answered += 1
        self.agent_asks = (self.agent_asks if resumed else 0) + answered
        self._committed, self._pending = committed, pending
        self._await(None if self.running else self.run.pending)

    def _shared(self, ask: Ask, record: Record) -> Record:
        """``record`` of ``ask`` (a stage's local record, or the shared one) as the shared record."""
        context = self.run.context
        if context is None:
            return record
        return context.before.append(*self._shifted(context.before, context.offset, record.events))

    def _shifted(self, before: Record, offset: int, events: tuple[Event, ...]) -> list[Event]:
        """``events`` (a stage's own record) dated in the shared record's rounds. A stage's record only
        grows, so the events shifted for the last call are kept and only the new ones shifted (the
        record of every step would otherwise be copied event by event: quadratic in a stage's length)."""
        key = (id(before), offset)
        originals, shifted = self._shift_cache.get(key, ((), []))
        known = len(originals)
        if known > len(events) or (known and events[known - 1] is not originals[-1]):
            known, shifted = 0, []  # another record than the last one: shift it all
        shifted = shifted[:known] + [replace(event, round=event.round + offset) for event in events[known:]]
        self._shift_cache = {key: (events, shifted)}
        return shifted

    def _await(self, ask: Ask | None) -> None:
        """Note who the table now waits for, and what they see."""
        if ask is None:
            self.awaited, self.awaited_role, self.awaited_kind = None, None, None
            return
        role, _ = seat_of(ask)
        view = ask.view
        context = self.run.context
        offset = 0 if context is None else context.offset
        record = self._shared(ask, view.record) if view is not None else self._committed
        round = (view.round if view is not None else ask.state.round) + (offset if view is not None else 0)
        kind: MoveKind = "propose" if ask.kind in (AskKind.PROPOSE, AskKind.DRAFT) else "respond"
        offer = self.lift(ask.offer) if ask.kind is not AskKind.RATIFY else ask.offer
        self.awaited = Awaited(ask.party, kind, offer, record, round, 0.0 if view is None else view.time)
        self.awaited_role = role
        self.awaited_kind = ask.kind

    # --- from outside the model: the facilitator's incidents, the stage clock ---------------------
    def incident(self, changes: Mapping[str, float], note: str) -> list[Event]:
        """A front incident the facilitator reports: the front moves by ``changes`` when the stage next
        settles (MoveRefusedError for a variable the front lacks, or once the process has ended)."""
        if self.done:
            raise MoveRefusedError("the process has ended")
        self.check_settled()
        try:
            self.run.incident(dict(changes), note)
        except ValueError as error:
            raise MoveRefusedError(str(error), status=422) from None
        self.journal.append(Step("incident", changes=tuple(changes.items()), note=note))
        return []

    def expire(self, stage: str) -> list[Event]:
        """``stage``'s wall-clock limit ran out: if it is being played it ends at once with a DEADLINE
        and the process goes on; the events that committed."""
        if self.done:
            raise MoveRefusedError("the process has ended")
        self.check_settled()
        context = self.context
        if context is None or context.stage != stage:
            raise MoveRefusedError(f"stage {stage!r} is not being played", status=409)
        before = len(self._committed)
        self.run.expire(stage)
        self.journal.append(Step("expire", stage=stage))
        self._answer(self.run.simulated(), simulated=True)  # the stage ends instead of taking this reply
        self._settle(None)
        return list(self._committed.events[before:])

    def close(self) -> None:
        """Stop the table (the facilitator closed the room)."""
        self.closed = True
        self.running = False
        self.awaited, self.awaited_role, self.awaited_kind = None, None, None


def _replies_of(kind: AskKind, intent: Intent, alternating: bool) -> list[Reply]:
    """The engine's replies that a (checked) delegation move makes at an ask of ``kind``: under
    alternating offers a rejection with a package is the rejection, then the same seat's counter-offer."""
    action = intent.action
    if kind is AskKind.PROPOSE:
        return [Reply.offer(None if action is Action.WALK_AWAY else intent.package)]
    if action in (Action.OFFER, Action.REJECT):
        counter = [Reply.offer(intent.package)] if alternating else []
        return [Reply.answer(Response.REJECT), *counter]
    if action is Action.REFER_BACK:
        return [Reply.answer(Response.REFER_BACK, intent.package)]
    return [Reply.answer(Response.ACCEPT if action is Action.ACCEPT else Response.WALK_AWAY)]
