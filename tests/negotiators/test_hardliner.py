"""The hardliner and the random negotiator: the contract, and that they keep to their few rules."""

from __future__ import annotations

from typing import Any, ClassVar

import numpy as np
import pytest

from parley.examples import load_example
from parley.negotiators import Hardliner, RandomNegotiator, make_negotiator
from tests.negotiators.contract import NegotiatorContract, make_view, play


class TestHardliner(NegotiatorContract):
    name = "hardliner"


class TestRandom(NegotiatorContract):
    name = "random"
    params: ClassVar[dict[str, Any]] = {"accept_probability": 0.5}


def test_hardliner_never_concedes() -> None:
    scenario = load_example()
    prefs = scenario.parties[0].preferences
    outcomes = scenario.space.all_outcomes()
    best = prefs.evaluate(outcomes)[prefs.acceptable(outcomes)].max()
    moves = play(Hardliner(), make_negotiator("frequency"), seed=1)
    proposals = [package for kind, _, package in moves if kind == "propose"]
    assert len(proposals) > 5 and len(set(proposals)) == 1
    assert prefs.evaluate(np.array(proposals[:1])) == pytest.approx(best)
    accepted = [package for kind, answer, package in moves if answer == "accept"]
    assert all(prefs.evaluate(np.array([p]))[0] == pytest.approx(best) for p in accepted)


def test_hardliner_threshold_accepts_near_best_only() -> None:
    scenario = load_example()
    prefs = scenario.parties[0].preferences
    hardliner = Hardliner(threshold=0.8)
    view = make_view(scenario.space, prefs, "North", scenario.party_names)
    hardliner.start(view, np.random.default_rng(0))
    outcomes = scenario.space.all_outcomes()
    answers = np.array([hardliner.respond(view, row) == "accept" for row in outcomes])
    utilities = prefs.evaluate(outcomes)
    assert answers.any()
    assert (utilities[answers] >= hardliner.bar() - 1e-9).all()
    assert (utilities[~answers & prefs.acceptable(outcomes)] < hardliner.bar()).all()


def test_random_offers_only_acceptable_packages() -> None:
    scenario = load_example()
    prefs = scenario.parties[0].preferences
    negotiator = RandomNegotiator()
    view = make_view(scenario.space, prefs, "North", scenario.party_names)
    negotiator.start(view, np.random.default_rng(4))
    proposals = np.array([negotiator.propose(view) for _ in range(300)])
    assert prefs.acceptable(proposals).all() and scenario.space.feasible(proposals).all()
    assert len({tuple(p) for p in proposals}) > 50  # it does wander


def test_random_accepts_exactly_the_acceptable_when_sure() -> None:
    scenario = load_example()
    prefs = scenario.parties[0].preferences
    negotiator = RandomNegotiator()
    view = make_view(scenario.space, prefs, "North", scenario.party_names)
    negotiator.start(view, np.random.default_rng(4))
    outcomes = scenario.space.sample(200, np.random.default_rng(0))
    answers = np.array([negotiator.respond(view, row) == "accept" for row in outcomes])
    assert (answers == prefs.acceptable(outcomes)).all()


@pytest.mark.parametrize("bad", [-0.1, 1.5])
def test_probability_parameters_are_checked(bad: float) -> None:
    with pytest.raises(ValueError):
        RandomNegotiator(accept_probability=bad)
    with pytest.raises(ValueError):
        Hardliner(threshold=bad)
