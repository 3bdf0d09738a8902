"""Alternating offers: Rubinstein's protocol for two parties, the stacked variant (SAOP) for n ≥ 2.

Rubinstein, "Perfect equilibrium in a bargaining model", Econometrica 50(1), 1982; the multilateral
stacked alternating offers protocol of Aydoğan, Festen, Hindriks & Jonker, "Alternating offers
protocols for multilateral negotiation", in Fujita et al. (eds.), *Modern Approaches to Agent-based
Complex Automated Negotiation*, Springer 2017.

Rules. Seats move in turn, in seat order, cyclically. The first seat opens with an offer. Each next
seat answers the offer on the table:

- ACCEPT: recorded; once every seat other than the proposer has accepted the standing offer, it is
  agreed (for two parties: the other side's acceptance);
- REJECT: recorded, and the same seat then proposes a counter-offer, which becomes the standing offer
  (earlier acceptances lapse; the proposer accepts its own offer);
- WALK_AWAY, or a counter-offer of None: recorded as a walk-away, and the negotiation breaks down;
- REFER_BACK (a delegate with limited powers asks its principal): the package referred is the offer on
  the table, or the counter-offer the negotiator names by ``referral()``. A REFER_BACK event (round
  ``r``) is recorded; the seat's principal decides (no principal: refused, 0 rounds); the referral
  costs ``k = seat.referral_rounds`` rounds: the move counter advances by ``k · n`` (the table waits ``k``
  whole rounds for the answer, and the same seat is still to move), so the round becomes ``r + k`` and
  the deadline is ``k`` rounds nearer for everyone. A REFERRAL_DECISION event (round ``r + k``,
  ``data={"approved", "rounds_lost"}``) follows. If the deadline has passed by then, the negotiation
  ends there (DEADLINE at round ``r + k``). Otherwise, for the offer on the table: approved → the seat
  accepts it; refused → it rejects it and counter-offers. For a counter-offer: the seat rejects the
  offer on the table and proposes (its negotiator reads the decision in the record).

Rounds and time. One round is one move by every seat: move ``m`` (0-based) is made by seat ``m mod n``
in round ``m // n``, so ``Deadline(rounds=R)`` lets each seat move ``R`` times (``R · n`` moves in all).
A seat's view carries that round and ``deadline.relative_time(round, elapsed)``. The deadline is checked
before every move; when it has passed the negotiation ends with a DEADLINE event at the current round
(``R`` for a round limit). An AGREEMENT event names the seat whose offer was agreed.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import ClassVar

import numpy as np

from parley.negotiators.base import Response
from parley.protocols._moves import ask_proposal, ask_response
from parley.protocols.base import Ending, Mechanism, Seat, State, evolve
from parley.record import EventKind


@dataclass(frozen=True)
class AlternatingState(State):
    """A moment of alternating offers: moves made, the standing offer, who proposed and accepted it."""

    move: int = 0
    standing: tuple[int, ...] | None = None
    proposer: str | None = None
    accepted: frozenset[str] = frozenset()


class AlternatingOffers(Mechanism):
    """Stacked alternating offers (SAOP; Aydoğan et al. 2017), Rubinstein (1982) bargaining for two."""

    name: ClassVar[str] = "alternating"

    def initial_state(self) -> AlternatingState:
        """No offer on the table, the first seat to move."""
        return AlternatingState()

    def step(self, state: State) -> State:
        """One move: the seat whose turn it is opens, or answers the standing offer."""
        if not isinstance(state, AlternatingState):
            raise TypeError(f"{type(self).__name__} steps an AlternatingState, not {type(state).__name__}")
        seats = len(self.seats)
        if state.round != state.move // seats:
            state = evolve(state, round=state.move // seats)
        if self.deadline.passed(state.round, self.elapsed()):
            return self.finish(state, Ending.DEADLINE)
        seat = self.seats[state.move % seats]
        if state.standing is None:
            return self._propose(seat, state)
        return self._respond(seat, state)

    def _propose(self, seat: Seat, state: AlternatingState) -> State:
        """``seat`` puts a package on the table (or walks away by proposing None)."""
        package = ask_proposal(self, seat, self.view(seat, state))
        if package is None:
            return self._walk_away(seat, state)
        offer = self.event(EventKind.OFFER, state, seat.name, package)
        return evolve(
            state,
            record=state.record.append(offer),
            move=state.move + 1,
            standing=offer.outcome,
            proposer=seat.name,
            accepted=frozenset({seat.name}),
        )

    def _respond(self, seat: Seat, state: AlternatingState) -> State:
        """``seat`` answers the standing offer: accept, reject and counter, or walk away."""
        assert state.standing is not None
        offer = np.array(state.standing, dtype=self.space.dtype)
        answer = ask_response(seat, self.view(seat, state), offer)
        if answer is Response.WALK_AWAY:
            return self._walk_away(seat, state)
        if answer is Response.REFER_BACK:
            return self._refer_back(seat, state, offer)
        if answer is Response.REJECT:
            return self._reject(seat, state, offer)
        return self._accept(seat, state, offer)

    def _reject(self, seat: Seat, state: AlternatingState, offer: np.ndarray) -> State:
        """``seat`` rejects the standing offer and proposes a counter-offer."""
        rejection = self.event(EventKind.REJECT, state, seat.name, offer)
        return self._propose(seat, evolve(state, record=state.record.append(rejection)))

    def _accept(self, seat: Seat, state: AlternatingState, offer: np.ndarray) -> State:
        """``seat`` accepts the standing offer; agreement once every seat has."""
        acceptance = self.event(EventKind.ACCEPT, state, seat.name, offer)
        accepted = state.accepted | {seat.name}
        state = evolve(state, record=state.record.append(acceptance), move=state.move + 1, accepted=accepted)
        if len(accepted) == len(self.seats):
            return self.finish(state, Ending.AGREEMENT, state.standing, party=state.proposer)
        return state

    def _refer_back(self, seat: Seat, state: AlternatingState, offer: np.ndarray) -> State:
        """``seat`` refers a package to its principal (Putnam 1988): record, decide, charge, then go on."""
        counter = self.check_package(seat, seat.negotiator.referral())
        if counter is not None and np.array_equal(counter, offer):
            counter = None
        package = offer if counter is None else counter
        approved, lost = self._decide(seat, package)
        referral = self.event(EventKind.REFER_BACK, state, seat.name, package)
        move = state.move + lost * len(self.seats)
        state = evolve(state, record=state.record.append(referral), move=move, round=move // len(self.seats))
        decision = self.event(EventKind.REFERRAL_DECISION, state, seat.name, package)
        decision = replace(decision, data={"approved": approved, "rounds_lost": lost})
        state = evolve(state, record=state.record.append(decision))
        if self.deadline.passed(state.round, self.elapsed()):
            return self.finish(state, Ending.DEADLINE)
        if counter is None and approved:
            return self._accept(seat, state, offer)
        return self._reject(seat, state, offer)

    @staticmethod
    def _decide(seat: Seat, package: np.ndarray) -> tuple[bool, int]:
        """The principal's decision on ``package`` and the rounds it cost (no principal: refused, 0)."""
        if seat.principal is None:
            return False, 0
        return bool(seat.principal.approve(package.copy())), seat.referral_rounds

    def _walk_away(self, seat: Seat, state: AlternatingState) -> State:
        """``seat`` leaves: record it, and the negotiation breaks down."""
        walk = self.event(EventKind.WALK_AWAY, state, seat.name)
        return self.finish(evolve(state, record=state.record.append(walk)), Ending.BREAKDOWN, party=seat.name)
