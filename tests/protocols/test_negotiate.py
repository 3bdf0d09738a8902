"""The public API of parley.protocols: the registry, make_mechanism and negotiate over every mechanism."""

from __future__ import annotations

import numpy as np
import pytest

import parley.protocols as protocols
from parley.protocols import MECHANISMS, AlternatingOffers, Deadline, Ending, make_mechanism, negotiate
from parley.record import ENDINGS
from tests.protocols.scripted import FixedOffer, RandomOffers, seats, small_space

PUBLIC = {
    "MECHANISMS",
    "AlternatingOffers",
    "AlternatingState",
    "Ballot",
    "Deadline",
    "Ending",
    "Mechanism",
    "Mediator",
    "Result",
    "Seat",
    "SimultaneousOffers",
    "SingleNegotiatingText",
    "State",
    "TextState",
    "VoteMediator",
    "make_mechanism",
    "negotiate",
    "register_mechanism",
}


def test_public_api_is_pinned() -> None:
    assert set(protocols.__all__) == PUBLIC


def test_every_mechanism_is_registered() -> None:
    assert set(MECHANISMS) == {"alternating", "simultaneous", "single-text"}


def test_unknown_protocol_names_the_known_ones() -> None:
    space = small_space()
    with pytest.raises(KeyError, match="alternating"):
        negotiate(space, seats(space, A=FixedOffer((0, 0)), B=FixedOffer((1, 1))), "auction")


def test_make_mechanism_and_default_protocol() -> None:
    space = small_space()
    table = seats(space, A=FixedOffer((0, 0)), B=FixedOffer((1, 1)))
    assert isinstance(make_mechanism("alternating", space, table), AlternatingOffers)
    assert negotiate(space, table, deadline=Deadline(rounds=1)).ending is Ending.DEADLINE


@pytest.mark.parametrize("protocol", sorted(MECHANISMS))
@pytest.mark.parametrize("seed", range(4))
def test_random_negotiations_end_consistently(protocol: str, seed: int) -> None:
    space = small_space()
    table = seats(space, A=RandomOffers(0.4), B=RandomOffers(0.4), C=RandomOffers(0.4))
    result = negotiate(space, table, protocol, Deadline(rounds=5), seed)
    ending = result.record.ending
    assert ending is not None and ending is result.record.events[-1] and ending.kind in ENDINGS
    assert result.record.agreement == result.agreement
    assert (result.ending is Ending.AGREEMENT) == (result.agreement is not None)
    packages = np.array([e.outcome for e in result.record if e.outcome is not None])
    assert space.feasible(space.validate(packages)).all()
    assert all(e.round <= result.rounds for e in result.record)
