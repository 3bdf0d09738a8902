"""The single negotiating text: a mediator drafts one text, every party votes, the mediator redrafts.

Fisher's procedure at Camp David (1978), as told by Fisher & Ury, *Getting to Yes* (1981) and Raiffa,
*The Art and Science of Negotiation*, Harvard 1982, ch. 14. The mediator sees the outcome space, the
parties' names and the texts and votes so far, never a party's preferences (see
:mod:`parley.protocols.mediators`).

Rules, per round:

1. the mediator proposes a text (a feasible package), recorded as a TEXT event by the mediator;
2. every party answers it, all from the same view (the record with the new text): ACCEPT (would sign
   this text) or REJECT (criticises it), recorded in seat order; the first WALK_AWAY in that order ends
   the negotiation (breakdown);
3. when every party accepted, the text is agreed (the AGREEMENT event names the mediator).

Rounds and time: one round is one text and its votes; ``Deadline(rounds=R)`` allows R texts. The
deadline is checked before each round. The mediator draws its randomness from the mechanism's
generator (the negotiators get generators spawned from it).

As a state machine (:mod:`parley.protocols.engine`), a round asks the mediator to DRAFT a text, then
every party in seat order to RESPOND to it; the state holds the text on the table, the votes so far
and the record every party sees (``seen``: the record with the new text). A step, as ``step`` makes
it, is one whole round.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar

import numpy as np

from parley.domain import OutcomeSpace
from parley.negotiators.base import Response
from parley.protocols._moves import checked_reply, offer_reply, response_of
from parley.protocols.base import Deadline, Ending, Mechanism, Seat, State, evolve
from parley.protocols.engine import ANSWERS, Ask, AskKind, Reply, new_ask
from parley.protocols.mediators import Ballot, Mediator, VoteMediator
from parley.record import EventKind, Record


@dataclass(frozen=True)
class TextState(State):
    """A moment of the single-text procedure: the texts put to the vote so far, with their votes; and,
    within a round, the text on the table, the record every party sees, and the votes so far (in seat
    order)."""

    ballots: tuple[Ballot, ...] = ()
    text: tuple[int, ...] | None = None
    seen: Record | None = None
    votes: tuple[Response, ...] = ()

    @property
    def settled(self) -> bool:
        return self.text is None


class SingleNegotiatingText(Mechanism):
    """Mediated single negotiating text (Fisher, Camp David 1978; Raiffa 1982, ch. 14)."""

    name: ClassVar[str] = "single-text"

    def __init__(
        self,
        space: OutcomeSpace,
        seats: Sequence[Seat],
        deadline: Deadline | None = None,
        *,
        rng: np.random.Generator,
        mediator: Mediator | None = None,
    ) -> None:
        super().__init__(space, seats, deadline, rng=rng)
        self.mediator = mediator if mediator is not None else VoteMediator()
        if self.mediator.name in {seat.name for seat in self.seats}:
            raise ValueError(f"the mediator's name {self.mediator.name!r} is also a seat's name")

    def initial_state(self) -> TextState:
        """No text yet; the mediator is told the space and the parties' names (nothing else)."""
        self.mediator.start(self.space, [seat.name for seat in self.seats])
        return TextState()

    def advance(self, state: State) -> State | Ask:
        """The mediator's draft (a new round), the next party's vote, or the end."""
        if state.ending is not None:
            return state
        if not isinstance(state, TextState):
            raise TypeError(f"{type(self).__name__} advances a TextState, not {type(state).__name__}")
        if state.text is None:
            if self.passed(state.round):
                return self.finish(state, Ending.DEADLINE)
            return new_ask(self.mediator.name, AskKind.DRAFT, state, None)
        assert state.seen is not None
        seat = self.seats[len(state.votes)]
        view = self.view_of(seat, state.round, state.seen)
        return new_ask(seat.name, AskKind.RESPOND, state, view, state.text)

    def answer_of(self, ask: Ask) -> Reply:
        """The mediator's next text (checked), or a party's vote on the text."""
        state = ask.state
        if ask.kind is AskKind.DRAFT:
            assert isinstance(state, TextState)
            text = self.mediator.propose_text(state.round, state.ballots, self.rng)
            return offer_reply(self._checked_text(text))
        assert ask.view is not None and ask.offer is not None
        seat = self.seats[self._seat_index[ask.party]]
        return ANSWERS[response_of(seat, ask.view, np.array(ask.offer, dtype=self.space.dtype))]

    def checked_reply(self, ask: Ask, reply: Reply) -> Reply:
        """A draft is a feasible text (ValueError naming the mediator); votes as every mechanism's."""
        if ask.kind is not AskKind.DRAFT:
            return checked_reply(self, ask, reply)
        if (
            not isinstance(reply, Reply)
            or reply.package is None
            or reply.response
            or reply.approved is not None
        ):
            raise ValueError(f"mediator {ask.party!r} drafts a text (Reply.package), got {reply!r}")
        return offer_reply(self._checked_text(reply.package))

    def apply_reply(self, ask: Ask, reply: Reply) -> State:
        """The text put to the vote, or a party's vote (the last: agreement, or the next round)."""
        state = ask.state
        assert isinstance(state, TextState)
        if ask.kind is AskKind.DRAFT:
            event = self.event(EventKind.TEXT, state, self.mediator.name, reply.package)
            record = state.record.append(event)
            return evolve(state, record=record, text=reply.package, seen=record)
        answer = reply.response
        assert answer is not None and state.text is not None
        if answer is Response.WALK_AWAY:
            return self.walk_away(state, ask.party)
        kind = EventKind.ACCEPT if answer is Response.ACCEPT else EventKind.REJECT
        record = state.record.append(self.event(kind, state, ask.party, state.text))
        votes = (*state.votes, answer)
        if len(votes) < len(self.seats):
            return evolve(state, record=record, votes=votes)
        names = (seat.name for seat in self.seats)
        ballot = Ballot(state.round, state.text, dict(zip(names, votes, strict=True)))
        state = evolve(state, record=record, ballots=(*state.ballots, ballot))
        if all(vote is Response.ACCEPT for vote in votes):
            return self.finish(state, Ending.AGREEMENT, state.text, party=self.mediator.name)
        return evolve(state, round=state.round + 1, text=None, seen=None, votes=())

    def _checked_text(self, text: object) -> tuple[int, ...]:
        """The mediator's text as a feasible package of the space (option indices)."""
        try:
            row = self.space.validate(np.asarray(text).reshape(1, -1))
        except ValueError as error:
            raise ValueError(
                f"mediator {self.mediator.name!r} proposed an invalid text {text!r}: {error}"
            ) from error
        if not self.space.feasible(row)[0]:
            raise ValueError(
                f"mediator {self.mediator.name!r} proposed an infeasible text {self.space.values_of(row[0])}"
            )
        return tuple(row[0].tolist())
