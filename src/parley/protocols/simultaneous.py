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
"""

from __future__ import annotations

from dataclasses import replace
from typing import ClassVar

import numpy as np

from parley.negotiators.base import Response
from parley.protocols._moves import ask_proposal, ask_response
from parley.protocols.base import Ending, Mechanism, Seat, State
from parley.record import Event, EventKind

ANSWER_KINDS = {Response.ACCEPT: EventKind.ACCEPT, Response.REJECT: EventKind.REJECT}


class SimultaneousOffers(Mechanism):
    """Simultaneous offers (Raiffa 1982): all propose, all answer, agreement where offers cross."""

    name: ClassVar[str] = "simultaneous"

    def initial_state(self) -> State:
        """Round 0, nothing said."""
        return State()

    def step(self, state: State) -> State:
        """One round: all propose, then all answer; agreement, breakdown, or the next round."""
        if self.deadline.passed(state.round, self.elapsed()):
            return self.finish(state, Ending.DEADLINE)
        offers, walker, events = self._proposals(state)
        state = replace(state, record=state.record.append(*events))
        if walker is not None:
            return self.finish(state, Ending.BREAKDOWN, party=walker)
        accepted, walker, events = self._answers(state, offers)
        state = replace(state, record=state.record.append(*events))
        if walker is not None:
            return self.finish(state, Ending.BREAKDOWN, party=walker)
        agreed = [i for i, by in enumerate(accepted) if len(by) == len(self.seats) - 1]
        if agreed:
            chosen = agreed[0] if len(agreed) == 1 else agreed[int(self.rng.integers(len(agreed)))]
            package = tuple(int(i) for i in offers[chosen])
            return self.finish(state, Ending.AGREEMENT, package, party=self.seats[chosen].name)
        return replace(state, round=state.round + 1)

    def _proposals(self, state: State) -> tuple[list[np.ndarray], str | None, list[Event]]:
        """Every seat's offer from the same record; the first walker in seat order (if any); events."""
        proposals = [ask_proposal(self, seat, self.view(seat, state)) for seat in self.seats]
        offers: list[np.ndarray] = []
        events: list[Event] = []
        walker: str | None = None
        for seat, package in zip(self.seats, proposals, strict=True):
            if package is None:
                events.append(self.event(EventKind.WALK_AWAY, state, seat.name))
                walker = walker or seat.name
            else:
                offers.append(package)
                events.append(self.event(EventKind.OFFER, state, seat.name, package))
        return offers, walker, events

    def _answers(
        self, state: State, offers: list[np.ndarray]
    ) -> tuple[list[set[str]], str | None, list[Event]]:
        """Each seat's answers to the others' offers: who accepted each offer, a walker, the events."""
        accepted: list[set[str]] = [set() for _ in self.seats]
        events: list[Event] = []
        for responder in self.seats:
            for i, proposer in enumerate(self.seats):
                if proposer is responder:
                    continue
                answer = ask_response(responder, self.view(responder, state), offers[i])
                if answer is Response.REFER_BACK:  # no referrals in this protocol: it counts as a rejection
                    answer = Response.REJECT
                if answer is Response.WALK_AWAY:
                    events.append(self.event(EventKind.WALK_AWAY, state, responder.name))
                    return accepted, responder.name, events
                events.append(self._answer_event(state, responder, proposer, answer, offers[i]))
                if answer is Response.ACCEPT:
                    accepted[i].add(responder.name)
        return accepted, None, events

    def _answer_event(
        self, state: State, responder: Seat, proposer: Seat, answer: Response, offer: np.ndarray
    ) -> Event:
        """An ACCEPT or REJECT of ``proposer``'s offer, naming the proposer in the event's data."""
        event = self.event(ANSWER_KINDS[answer], state, responder.name, offer)
        return replace(event, data={"offer_by": proposer.name})
