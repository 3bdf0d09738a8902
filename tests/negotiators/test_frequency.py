"""The frequency opponent model (HardHeaded; Tunalı et al. 2017) and the negotiator built on it."""

from __future__ import annotations

import numpy as np
import pytest

from parley.domain import CategoricalIssue, OutcomeSpace
from parley.examples import load_example
from parley.negotiators import FrequencyModel
from tests.negotiators.contract import NegotiatorContract
from tests.negotiators.scripted import conceder_offers, example_party


class TestFrequency(NegotiatorContract):
    name = "frequency"


def test_fixed_issue_is_ranked_first() -> None:
    space = OutcomeSpace(tuple(CategoricalIssue(f"i{k}", ("a", "b", "c", "d")) for k in range(4)))
    model = FrequencyModel(space, "them")
    rng = np.random.default_rng(0)
    for _ in range(30):  # issue 2 never moves, the others wander
        offer = rng.integers(0, 4, size=4)
        offer[2] = 1
        model.observe(offer)
    assert int(np.argmax(model.weights)) == 2
    assert int(np.argmax(model.values(2))) == 1


@pytest.mark.parametrize("index", [0, 1])
def test_most_important_issue_of_a_conceder_is_ranked_first(index: int) -> None:
    space = load_example().space
    _, prefs = example_party(index)
    model = FrequencyModel(space, "them")
    for offer in conceder_offers(prefs, 30):
        model.observe(offer)
    true_weights = np.array(prefs.utility.weights)
    assert int(np.argmax(model.weights)) == int(np.argmax(true_weights))


def test_estimate_is_in_unit_interval_and_sums_weights_to_one() -> None:
    space = load_example().space
    _, prefs = example_party(1)
    model = FrequencyModel(space, "them")
    outcomes = space.all_outcomes()
    assert np.allclose(model.estimate(outcomes), 1.0)  # knows nothing yet: everything looks equally good
    for offer in conceder_offers(prefs, 15):
        model.observe(offer)
    estimate = model.estimate(outcomes)
    assert model.weights.sum() == pytest.approx(1.0)
    assert estimate.min() >= 0.0 and estimate.max() <= 1.0 + 1e-12
