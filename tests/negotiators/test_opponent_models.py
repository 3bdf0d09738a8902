"""The opponent-model interface and the concession strategy that uses one (frequency and Bayesian)."""

from __future__ import annotations

import numpy as np
import pytest

from parley.examples import load_example
from parley.negotiators import BayesianNegotiator, FrequencyModel, FrequencyNegotiator, ModelledConceder
from parley.record import Event, EventKind, Record
from tests.negotiators.contract import make_view
from tests.negotiators.scripted import conceder_offers, example_party


def _record(party: str, offers: np.ndarray) -> Record:
    """A public record holding ``offers`` by ``party``."""
    events = [Event(EventKind.OFFER, k, 0.0, party, tuple(int(i) for i in o)) for k, o in enumerate(offers)]
    return Record(tuple(events))


def test_update_reads_only_new_offers_of_its_party() -> None:
    scenario = load_example()
    name, prefs = example_party(1)
    offers = conceder_offers(prefs, 6)
    record = _record(name, offers).append(Event(EventKind.OFFER, 9, 0.0, "North", (0, 0, 0, 0, 0, 0)))
    model, direct = FrequencyModel(scenario.space, name), FrequencyModel(scenario.space, name)
    view = make_view(scenario.space, example_party(0)[1], "North", scenario.party_names, 3, record)
    model.update(view)
    model.update(view)  # a second update of the same record learns nothing new
    for offer in offers:
        direct.observe(offer)
    assert model.seen == 6
    assert np.allclose(model.weights, direct.weights)


@pytest.mark.parametrize("cls", [FrequencyNegotiator, BayesianNegotiator])
def test_offers_stay_above_target_and_favour_the_opponent(cls: type[ModelledConceder]) -> None:
    scenario = load_example()
    own, (them, their_prefs) = example_party(0), example_party(1)
    negotiator = cls(e=1.0)
    outcomes = scenario.space.all_outcomes()
    record = _record(them, conceder_offers(their_prefs, 20))
    view = make_view(scenario.space, own[1], own[0], scenario.party_names, 15, record)
    negotiator.start(view, np.random.default_rng(0))
    proposal = negotiator.propose(view)
    assert proposal is not None
    target = negotiator.target(view.time)
    assert own[1].evaluate(proposal[None, :])[0] >= target - 1e-9
    # Among the packages it could offer, it picks one better for the other side than a typical one.
    candidates = negotiator.packages.outcomes[: negotiator.packages.count_at_least(target)]
    their = their_prefs.utility.evaluate
    assert their(proposal[None, :])[0] > np.median(their(candidates))
    assert outcomes.shape[1] == proposal.shape[0]


@pytest.mark.parametrize("cls", [FrequencyNegotiator, BayesianNegotiator])
def test_accepts_exactly_acceptable_offers_at_or_above_target(cls: type[ModelledConceder]) -> None:
    scenario = load_example()
    name, prefs = example_party(0)
    negotiator = cls()
    view = make_view(scenario.space, prefs, name, scenario.party_names, 20)
    negotiator.start(view, np.random.default_rng(0))
    outcomes = scenario.space.all_outcomes()
    answers = np.array([negotiator.respond(view, row) == "accept" for row in outcomes])
    expected = prefs.acceptable(outcomes) & (prefs.evaluate(outcomes) >= negotiator.target(view.time) - 1e-9)
    assert (answers == expected).all()


def test_target_concedes_from_best_to_worst() -> None:
    scenario = load_example()
    name, prefs = example_party(0)
    negotiator = FrequencyNegotiator(e=0.5)
    negotiator.start(make_view(scenario.space, prefs, name, scenario.party_names), np.random.default_rng(0))
    times = np.linspace(0, 1, 11)
    targets = [negotiator.target(t) for t in times]
    assert targets[0] == pytest.approx(negotiator.packages.best)
    assert targets[-1] == pytest.approx(negotiator.packages.worst)
    assert np.all(np.diff(targets) <= 0)
    with pytest.raises(ValueError):
        FrequencyNegotiator(e=0)
