"""The public API of parley.protocols: the registry, make_mechanism and negotiate over every mechanism."""

from __future__ import annotations

import numpy as np
import pytest

from parley.protocols import MECHANISMS, AlternatingOffers, Deadline, Ending, make_mechanism, negotiate
from parley.record import ENDINGS
from tests.protocols.scripted import FixedOffer, RandomOffers, seats, small_space


def test_every_mechanism_is_registered() -> None:
    assert set(MECHANISMS) == {"alternating", "simultaneous", "single-text"}


def test_unknown_protocol_names_the_known_ones() -> None:
    space = small_space()
    with pytest.raises(KeyError, match="alternating"):
        negotiate(space, seats(space, A=FixedOffer((0, 0)), B=FixedOffer((1, 1))), "auction", seed=0)


def test_make_mechanism_and_default_protocol() -> None:
    space = small_space()
    table = seats(space, A=FixedOffer((0, 0)), B=FixedOffer((1, 1)))
    assert isinstance(
        make_mechanism("alternating", space, table, None, np.random.default_rng(0)), AlternatingOffers
    )
    assert negotiate(space, table, deadline=Deadline(rounds=1), seed=0).ending is Ending.DEADLINE


@pytest.mark.parametrize("protocol", sorted(MECHANISMS))
@pytest.mark.parametrize("seed", range(4))
def test_random_negotiations_end_consistently(protocol: str, seed: int) -> None:
    space = small_space()
    table = seats(space, A=RandomOffers(0.4), B=RandomOffers(0.4), C=RandomOffers(0.4))
    result = negotiate(space, table, protocol, Deadline(rounds=5), seed=seed)
    ending = result.record.ending
    assert ending is not None and ending is result.record.events[-1] and ending.kind in ENDINGS
    assert result.record.agreement == result.agreement
    assert (result.ending is Ending.AGREEMENT) == (result.agreement is not None)
    packages = np.array([e.outcome for e in result.record if e.outcome is not None])
    assert space.feasible(space.validate(packages)).all()
    assert all(e.round <= result.rounds for e in result.record)


def test_a_run_needs_its_generator_or_seed() -> None:
    space = small_space()
    table = seats(space, A=FixedOffer((0, 0)), B=FixedOffer((1, 1)))
    with pytest.raises(TypeError, match="rng"):
        AlternatingOffers(space, table)  # type: ignore[call-arg]
    with pytest.raises(TypeError, match="numpy Generator"):
        AlternatingOffers(space, table, rng=None)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="seed"):
        negotiate(space, table)  # type: ignore[call-arg]
    with pytest.raises(TypeError, match="an int or a numpy Generator"):
        negotiate(space, table, seed=None)  # type: ignore[arg-type]


def test_a_generator_stands_for_its_seed() -> None:
    space = small_space()

    def record(seed: int | np.random.Generator) -> object:
        table = seats(space, A=RandomOffers(0.3), B=RandomOffers(0.3))
        return negotiate(space, table, deadline=Deadline(rounds=6), seed=seed).record

    assert record(np.random.default_rng(9)) == record(9)
