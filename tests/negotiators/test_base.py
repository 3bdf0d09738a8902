"""The negotiator interface: a negotiator's generator is the one its mechanism starts it with."""

from __future__ import annotations

import numpy as np
import pytest

from parley.examples import load_example
from parley.negotiators import make_negotiator
from tests.negotiators.contract import make_view


def test_the_generator_before_start_is_an_error_not_a_fixed_seed() -> None:
    negotiator = make_negotiator("random")
    with pytest.raises(RuntimeError, match=r"no random generator yet: start\(view, rng\)"):
        negotiator.rng.random()


def test_start_hands_over_the_run_generator() -> None:
    scenario = load_example()
    party = scenario.parties[0]
    negotiator = make_negotiator("random")
    rng = np.random.default_rng(4)
    negotiator.start(make_view(scenario.space, party.preferences, party.name, scenario.party_names), rng)
    assert negotiator.rng is rng
