"""The Bayesian opponent model (Hindriks & Tykhonov 2008, per-issue form) and its negotiator."""

from __future__ import annotations

import numpy as np
import pytest

from parley.examples import load_example
from parley.negotiators import BayesianModel
from parley.negotiators.bayesian import triangular_shapes
from tests.negotiators.contract import NegotiatorContract
from tests.negotiators.scripted import conceder_offers, example_party


class TestBayesian(NegotiatorContract):
    name = "bayesian"


@pytest.mark.parametrize("index", [0, 1])
@pytest.mark.parametrize("count", [10, 25])
def test_estimate_correlates_with_true_utility(index: int, count: int) -> None:
    space = load_example().space
    _, prefs = example_party(index)
    model = BayesianModel(space, "them")
    for offer in conceder_offers(prefs, count):
        model.observe(offer)
    outcomes = space.all_outcomes()
    truth = prefs.normalized().utility.evaluate(outcomes)
    correlation = np.corrcoef(model.estimate(outcomes), truth)[0, 1]
    assert correlation > 0.5


def test_estimate_stays_in_unit_interval() -> None:
    space = load_example().space
    model = BayesianModel(space, "them")
    outcomes = space.all_outcomes()
    prior = model.estimate(outcomes)
    assert prior.min() >= 0.0 and prior.max() <= 1.0
    for offer in conceder_offers(example_party(0)[1], 20):
        model.observe(offer)
    estimate = model.estimate(outcomes)
    assert estimate.min() >= 0.0 and estimate.max() <= 1.0 + 1e-12
    for posterior in model.posteriors:
        assert posterior.sum() == pytest.approx(1.0)


@pytest.mark.parametrize("size", [1, 2, 5])
def test_triangular_shapes_peak_at_each_option(size: int) -> None:
    shapes = triangular_shapes(size)
    assert shapes.shape == (size, size)
    assert np.allclose(np.diag(shapes), 1.0)
    assert shapes.min() >= 0.0 and (size == 1 or np.isclose(shapes.min(axis=1), 0.0).all())
