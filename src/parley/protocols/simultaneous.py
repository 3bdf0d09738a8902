"""Simultaneous offers: every seat proposes at once, then answers every other seat's new offer.

A multilateral form of the simultaneous-offers protocol (Nash's demand game made repeated; see
Raiffa, *The Art and Science of Negotiation*, Harvard 1982, ch. 4, and Aydoğan et al. 2017 for
multilateral protocols).

Rules, per round:

1. every seat proposes, all from the same view (the record up to the end of the previous round);
   the offers are recorded in seat order; a proposal of None is a walk-away (breakdown);
2. every seat answers every other seat's new offer, all from the same view (the record with this
   round's offers, not this round's answers); answers are recorded responder by responder, each with
   ``data={"offer_by": proposer}``; the first WALK_AWAY in that order ends the negotiation (breakdown);
3. an offer that every other seat accepted is agreed ("the offers cross"). When several are, one is
   drawn uniformly with the mechanism's generator: the rule uses only public answers (no utilities),
   favours no seat by its position, and is reproducible under a seed.

Rounds and time: one round is one such exchange; ``Deadline(rounds=R)`` allows R rounds. The deadline
is checked before each round. An AGREEMENT event names the seat whose offer was agreed.

As a state machine (:mod:`parley.protocols.engine`), a round asks every seat in turn to PROPOSE, then
every seat to RESPOND to each other seat's offer, responder by responder; the state holds what this
round has collected (the offers, the answers so far, the first walker) and the record every seat sees
(``seen``). A step, as ``step`` makes it, is one whole round.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

import numpy as np

from parley.negotiators.base import Response
from parley.protocols._moves import proposal_of, response_of
from parley.protocols.base import Ending, Mechanism, State, evolve
from parley.protocols.engine import ANSWERS, Ask, AskKind, Reply, new_ask
from parley.record import EventData, EventKind, Record

ANSWER_KINDS = {Response.ACCEPT: EventKind.ACCEPT, Response.REJECT: EventKind.REJECT}


@dataclass(frozen=True)
class SimultaneousState(State):
    """A moment of simultaneous offers; within a round: the record every seat sees (``seen``: the one
    at the round's start while seats propose, then the one with this round's offers), the packages
    proposed so far in seat order (None: a walk-away), the first walker, the answers given so far and,
    per offer, how many seats accepted it."""

    seen: Record | None = None
    offers: tuple[tuple[int, ...] | None, ...] = ()
    walker: str | None = None
    answered: int = 0
    acceptances: tuple[int, ...] = ()

    @property
    def settled(self) -> bool:
        return self.seen is None


class SimultaneousOffers(Mechanism):
    """Simultaneous offers (Raiffa 1982): all propose, all answer, agreement where offers cross."""

    name: ClassVar[str] = "simultaneous"

    def initial_state(self) -> SimultaneousState:
        """Round 0, nothing said."""
        return SimultaneousState()

    def advance(self, state: State) -> State | Ask:
        """The next seat to propose, or the next answer owed (responder by responder), or the end."""
        if state.ending is not None:
            return state
        if not isinstance(state, SimultaneousState):
            raise TypeError(f"{type(self).__name__} advances a SimultaneousState, not {type(state).__name__}")
        if state.seen is None:
            if self.passed(state.round):
                return self.finish(state, Ending.DEADLINE)
            state = evolve(state, seen=state.record)
        assert state.seen is not None
        proposed = len(state.offers)
        if proposed < len(self.seats):
            seat = self.seats[proposed]
            return new_ask(seat.name, AskKind.PROPOSE, state, self.view_of(seat, state.round, state.seen))
        responder, proposer = self._pair(state.answered)
        seat = self.seats[responder]
        view = self.view_of(seat, state.round, state.seen)
        return new_ask(seat.name, AskKind.RESPOND, state, view, state.offers[proposer])

    def _pair(self, answered: int) -> tuple[int, int]:
        """The (responder, proposer) seat indices of the answer numbered ``answered`` in the round."""
        others = len(self.seats) - 1
        responder, k = divmod(answered, others)
        return responder, k if k < responder else k + 1

    def answer_of(self, ask: Ask) -> Reply:
        """The seat's negotiator's proposal, or its answer to one other seat's offer."""
        seat = self.seats[self._seat_index[ask.party]]
        assert ask.view is not None
        if ask.kind is AskKind.PROPOSE:
            return proposal_of(self, seat, ask.view)
        assert ask.offer is not None
        return ANSWERS[response_of(seat, ask.view, np.array(ask.offer, dtype=self.space.dtype))]

    def apply_reply(self, ask: Ask, reply: Reply) -> State:
        """A proposal collected (the round's offers complete: the answers begin, or a walker ends it),
        or an answer (the round's last: agreement where offers cross, or the next round)."""
        state = ask.state
        assert isinstance(state, SimultaneousState)
        if ask.kind is AskKind.PROPOSE:
            return self._proposed(state, ask.party, reply.package)
        answer = reply.response
        if answer is Response.WALK_AWAY:
            return self.walk_away(state, ask.party)
        if answer is not Response.ACCEPT:  # no referrals in this protocol: REFER_BACK counts as a rejection
            answer = Response.REJECT
        proposer = self._pair(state.answered)[1]
        data: EventData = {"offer_by": self.seats[proposer].name}
        event = self.event(ANSWER_KINDS[answer], state, ask.party, ask.offer, data)
        acceptances = state.acceptances
        if answer is Response.ACCEPT:
            acceptances = (*acceptances[:proposer], acceptances[proposer] + 1, *acceptances[proposer + 1 :])
        state = evolve(
            state, record=state.record.append(event), answered=state.answered + 1, acceptances=acceptances
        )
        if state.answered < len(self.seats) * (len(self.seats) - 1):
            return state
        return self._round_end(state)

    def _proposed(self, state: SimultaneousState, party: str, package: tuple[int, ...] | None) -> State:
        """``party``'s proposal recorded (None: a walk-away); once all have proposed, the answers' view."""
        walker = state.walker
        if package is None:
            event = self.event(EventKind.WALK_AWAY, state, party)
            walker = walker or party
        else:
            event = self.event(EventKind.OFFER, state, party, package)
        record = state.record.append(event)
        offers = (*state.offers, package)
        if len(offers) < len(self.seats):
            return evolve(state, record=record, offers=offers, walker=walker)
        state = evolve(state, record=record, offers=offers, walker=walker, seen=record)
        if walker is not None:
            return self.finish(state, Ending.BREAKDOWN, party=walker)
        return evolve(state, acceptances=(0,) * len(self.seats))

    def _round_end(self, state: SimultaneousState) -> State:
        """Agreement on an offer every other seat accepted (drawn among several), else the next round."""
        agreed = [i for i, count in enumerate(state.acceptances) if count == len(self.seats) - 1]
        if agreed:
            chosen = agreed[0] if len(agreed) == 1 else agreed[int(self.rng.integers(len(agreed)))]
            package = state.offers[chosen]
            return self.finish(state, Ending.AGREEMENT, package, party=self.seats[chosen].name)
        return evolve(
            state, round=state.round + 1, seen=None, offers=(), walker=None, answered=0, acceptances=()
        )
