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
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import ClassVar

import numpy as np

from parley.domain import OutcomeSpace
from parley.negotiators.base import Response
from parley.protocols._moves import ask_response
from parley.protocols.base import Deadline, Ending, Mechanism, Seat, State
from parley.protocols.mediators import Ballot, Mediator, VoteMediator
from parley.record import Event, EventKind


@dataclass(frozen=True)
class TextState(State):
    """A moment of the single-text procedure: the texts put to the vote so far, with their votes."""

    ballots: tuple[Ballot, ...] = ()


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

    def step(self, state: State) -> State:
        """One round: a text, every party's vote; agreement, breakdown, or the next round."""
        if not isinstance(state, TextState):
            raise TypeError(f"{type(self).__name__} steps a TextState, not {type(state).__name__}")
        if self.deadline.passed(state.round, self.elapsed()):
            return self.finish(state, Ending.DEADLINE)
        text = self._draft(state)
        state = replace(
            state, record=state.record.append(self.event(EventKind.TEXT, state, self.mediator.name, text))
        )
        votes: dict[str, Response] = {}
        events: list[Event] = []
        for seat in self.seats:
            answer = ask_response(seat, self.view(seat, state), text)
            if answer is Response.WALK_AWAY:
                walk = self.event(EventKind.WALK_AWAY, state, seat.name)
                state = replace(state, record=state.record.append(*events, walk))
                return self.finish(state, Ending.BREAKDOWN, party=seat.name)
            votes[seat.name] = answer
            kind = EventKind.ACCEPT if answer is Response.ACCEPT else EventKind.REJECT
            events.append(self.event(kind, state, seat.name, text))
        package = tuple(int(i) for i in text)
        state = replace(
            state,
            record=state.record.append(*events),
            ballots=(*state.ballots, Ballot(state.round, package, votes)),
        )
        if all(vote is Response.ACCEPT for vote in votes.values()):
            return self.finish(state, Ending.AGREEMENT, package, party=self.mediator.name)
        return replace(state, round=state.round + 1)

    def _draft(self, state: TextState) -> np.ndarray:
        """The mediator's next text, checked to be a feasible package of the space."""
        text = self.mediator.propose_text(state.round, state.ballots, self.rng)
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
        return np.asarray(row[0])
