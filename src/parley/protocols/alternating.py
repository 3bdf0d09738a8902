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

As a state machine (:mod:`parley.protocols.engine`): a seat to move is asked to PROPOSE (no offer on
the table) or to RESPOND to the standing offer; after a REJECT the same seat is asked to PROPOSE its
counter-offer (``countering``), and after a REFER_BACK its principal is asked to decide (REFER, the
package in ``referred``). A step, as ``step`` makes it, is one seat's whole move, referral included.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

import numpy as np

from parley.negotiators.base import Response
from parley.protocols._moves import principal_reply, proposal_of, response_of
from parley.protocols.base import Ending, Mechanism, Seat, State, evolve
from parley.protocols.engine import ANSWERS, Ask, AskKind, Reply, new_ask
from parley.record import EventData, EventKind


@dataclass(frozen=True)
class AlternatingState(State):
    """A moment of alternating offers: moves made, the standing offer, who proposed and accepted it;
    and a move in progress: a rejection awaiting its counter-offer (``countering``), or a referral
    awaiting the principal (``referred``: the package; ``counter_referred``: a counter-offer, not the
    standing offer)."""

    move: int = 0
    standing: tuple[int, ...] | None = None
    proposer: str | None = None
    accepted: frozenset[str] = frozenset()
    countering: bool = False
    referred: tuple[int, ...] | None = None
    counter_referred: bool = False

    @property
    def settled(self) -> bool:
        return not self.countering and self.referred is None


class AlternatingOffers(Mechanism):
    """Stacked alternating offers (SAOP; Aydoğan et al. 2017), Rubinstein (1982) bargaining for two."""

    name: ClassVar[str] = "alternating"
    referrals: ClassVar[bool] = True

    def initial_state(self) -> AlternatingState:
        """No offer on the table, the first seat to move."""
        return AlternatingState()

    def advance(self, state: State) -> State | Ask:
        """The ask of the seat whose turn it is (to open, answer, counter), of a principal, or the end."""
        if state.ending is not None:
            return state
        if not isinstance(state, AlternatingState):
            raise TypeError(f"{type(self).__name__} advances an AlternatingState, not {type(state).__name__}")
        seats = len(self.seats)
        seat = self.seats[state.move % seats]
        if state.countering:
            return new_ask(seat.name, AskKind.PROPOSE, state, self.view_of(seat, state.round, state.record))
        if state.referred is not None:
            return new_ask(seat.name, AskKind.REFER, state, None, state.referred)
        if state.round != state.move // seats:
            state = evolve(state, round=state.move // seats)
        if self.passed(state.round):
            return self.finish(state, Ending.DEADLINE)
        view = self.view_of(seat, state.round, state.record)
        if state.standing is None:
            return new_ask(seat.name, AskKind.PROPOSE, state, view)
        return new_ask(seat.name, AskKind.RESPOND, state, view, state.standing)

    def answer_of(self, ask: Ask) -> Reply:
        """The seat's negotiator's offer or answer (a referral names its package), or its principal's."""
        seat = self.seats[self._seat_index[ask.party]]
        if ask.kind is AskKind.PROPOSE:
            assert ask.view is not None
            return proposal_of(self, seat, ask.view)
        assert ask.offer is not None
        if ask.kind is AskKind.REFER:
            return principal_reply(seat, ask.offer, self.space.dtype)
        assert ask.view is not None
        answer = response_of(seat, ask.view, np.array(ask.offer, dtype=self.space.dtype))
        if answer is not Response.REFER_BACK:
            return ANSWERS[answer]
        counter = seat.negotiator.referral()
        if counter is None:
            return ANSWERS[answer]
        try:
            return Reply(answer, self.package_of(seat.name, counter))
        except ValueError as error:
            raise ValueError(
                f"seat {seat.name!r} ({seat.negotiator!r}) referred an invalid package {counter!r}: {error}"
            ) from error

    def apply_reply(self, ask: Ask, reply: Reply) -> State:
        """The move the reply makes: an offer, an answer to the standing offer, a principal's decision."""
        state = ask.state
        assert isinstance(state, AlternatingState)
        seat = self.seats[self._seat_index[ask.party]]
        if ask.kind is AskKind.PROPOSE:
            return self._propose(seat, state, reply.package)
        if ask.kind is AskKind.REFER:
            return self._decided(seat, state, bool(reply.approved))
        answer = reply.response
        if answer is Response.WALK_AWAY:
            return self.walk_away(state, seat.name)
        if answer is Response.REFER_BACK:
            return self._refer_back(seat, state, reply.package)
        if answer is Response.REJECT:
            return self._reject(seat, state)
        return self._accept(seat, state)

    def _propose(self, seat: Seat, state: AlternatingState, package: tuple[int, ...] | None) -> State:
        """``seat`` puts a package on the table (or walks away by proposing None)."""
        if package is None:
            return self.walk_away(state, seat.name)
        offer = self.event(EventKind.OFFER, state, seat.name, package)
        return evolve(
            state,
            record=state.record.append(offer),
            move=state.move + 1,
            standing=package,
            proposer=seat.name,
            accepted=frozenset({seat.name}),
            countering=False,
        )

    def _reject(self, seat: Seat, state: AlternatingState) -> State:
        """``seat`` rejects the standing offer; it is asked for its counter-offer next."""
        rejection = self.event(EventKind.REJECT, state, seat.name, state.standing)
        return evolve(state, record=state.record.append(rejection), countering=True)

    def _accept(self, seat: Seat, state: AlternatingState) -> State:
        """``seat`` accepts the standing offer; agreement once every seat has."""
        acceptance = self.event(EventKind.ACCEPT, state, seat.name, state.standing)
        accepted = state.accepted | {seat.name}
        state = evolve(state, record=state.record.append(acceptance), move=state.move + 1, accepted=accepted)
        if len(accepted) == len(self.seats):
            return self.finish(state, Ending.AGREEMENT, state.standing, party=state.proposer)
        return state

    def _refer_back(self, seat: Seat, state: AlternatingState, counter: tuple[int, ...] | None) -> State:
        """``seat`` refers a package to its principal (Putnam 1988): recorded; the principal is asked."""
        if counter == state.standing:
            counter = None
        package = state.standing if counter is None else counter
        referral = self.event(EventKind.REFER_BACK, state, seat.name, package)
        return evolve(
            state,
            record=state.record.append(referral),
            referred=package,
            counter_referred=counter is not None,
        )

    def _decided(self, seat: Seat, state: AlternatingState, approved: bool) -> State:
        """The principal's decision, recorded after the rounds it cost; then accept, or reject and
        counter (or the deadline, if it passed meanwhile)."""
        package, counter = state.referred, state.counter_referred
        lost = 0 if seat.principal is None else seat.referral_rounds
        move = state.move + lost * len(self.seats)
        state = evolve(state, move=move, round=move // len(self.seats), referred=None, counter_referred=False)
        data: EventData = {"approved": approved, "rounds_lost": lost}
        decision = self.event(EventKind.REFERRAL_DECISION, state, seat.name, package, data)
        state = evolve(state, record=state.record.append(decision))
        if self.passed(state.round):
            return self.finish(state, Ending.DEADLINE)
        if not counter and approved:
            return self._accept(seat, state)
        return self._reject(seat, state)
