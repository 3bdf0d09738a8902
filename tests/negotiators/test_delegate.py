"""The mandate-bound delegate: whatever its inner strategy says, it stays within its mandate."""

from __future__ import annotations

import pickle
from typing import Any, ClassVar

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from parley.domain import OutcomeSpace
from parley.examples import load_example
from parley.negotiators import Delegate, Negotiator, Response, View, make_negotiator
from parley.preferences import Preferences
from parley.protocols import Deadline, Seat, negotiate
from tests.negotiators.contract import NegotiatorContract, make_view
from tests.strategies import PROPERTY, outcome_spaces, preferences


class TestDelegate(NegotiatorContract):
    name = "delegate"


class TestDelegateOfATimeDependentStrategy(NegotiatorContract):
    name = "delegate"
    params: ClassVar[dict[str, Any]] = {"inner": "hardliner", "inner_params": {"threshold": 0.5}}


class Saboteur(Negotiator):
    """An adversarial inner strategy: offers the worst packages it can find (infeasible ones too) and
    accepts everything."""

    name = "saboteur"

    def start(self, view: View, rng: np.random.Generator) -> None:
        super().start(view, rng)
        rows = rng.integers(0, view.space.sizes, size=(64, len(view.space.issues)))
        self.worst = rows[np.argsort(view.utility(rows), kind="stable")]
        self.moves = 0

    def propose(self, view: View) -> np.ndarray | None:
        self.moves += 1
        row: np.ndarray = self.worst[self.moves % len(self.worst)]
        return row

    def respond(self, view: View, offer: np.ndarray) -> Response:
        return Response.ACCEPT


def _within_mandate(prefs: Preferences, space: OutcomeSpace, row: np.ndarray) -> bool:
    """Feasible, at least the reservation value and across no red line."""
    row = np.asarray(row).reshape(1, -1)
    return bool(space.feasible(row)[0] and prefs.acceptable(row)[0] and not prefs.crosses_red_line(row)[0])


@st.composite
def profiles(draw: st.DrawFn) -> tuple[OutcomeSpace, Preferences, Preferences]:
    space = draw(outcome_spaces(max_outcomes=400))
    return space, draw(preferences(space)), draw(preferences(space))


@PROPERTY
@given(profiles(), st.integers(0, 2**16))
def test_delegate_never_leaves_its_mandate(
    profile: tuple[OutcomeSpace, Preferences, Preferences], seed: int
) -> None:
    space, prefs, _ = profile
    delegate = Delegate(inner=Saboteur())
    outcomes = space.all_outcomes()
    view = make_view(space, prefs, "us", ("us", "them"))
    delegate.start(view, np.random.default_rng(seed))
    for round_ in range(0, 30, 3):
        view = make_view(space, prefs, "us", ("us", "them"), round_)
        proposal = delegate.propose(view)
        assert proposal is None or _within_mandate(prefs, space, proposal)
    accepted = [row for row in outcomes if delegate.respond(view, row) is Response.ACCEPT]
    assert all(_within_mandate(prefs, space, row) for row in accepted)
    if len(outcomes):  # everything within the mandate is accepted (the saboteur accepts all)
        assert len(accepted) == int(prefs.acceptable(outcomes).sum())


@PROPERTY
@given(profiles(), st.integers(0, 2**16))
def test_delegate_keeps_its_mandate_in_a_negotiation(
    profile: tuple[OutcomeSpace, Preferences, Preferences], seed: int
) -> None:
    space, prefs, other = profile
    if not space.feasible_count:
        return
    seats = [Seat("us", prefs, Delegate(inner=Saboteur())), Seat("them", other, make_negotiator("random"))]
    result = negotiate(space, seats, deadline=Deadline(rounds=10), seed=seed)
    for event in result.record.offers():
        if event.party == "us" and event.outcome is not None:
            assert _within_mandate(prefs, space, np.array(event.outcome))
    if result.agreement is not None:
        assert _within_mandate(prefs, space, np.array(result.agreement))


def test_walks_away_when_nothing_is_acceptable() -> None:
    scenario = load_example()
    prefs = scenario.parties[0].preferences
    hopeless = Preferences(prefs.space, prefs.utility, reservation_value=10.0)
    delegate = Delegate(inner=Saboteur())
    view = make_view(scenario.space, hopeless, "North", scenario.party_names)
    delegate.start(view, np.random.default_rng(0))
    assert delegate.propose(view) is None
    assert delegate.respond(view, scenario.space.all_outcomes()[0]) is Response.REJECT


def test_authority_rejects_offers_below_it() -> None:
    scenario = load_example()
    prefs = scenario.parties[0].preferences
    delegate = Delegate(inner=Saboteur(), authority=0.8)
    view = make_view(scenario.space, prefs, "North", scenario.party_names)
    delegate.start(view, np.random.default_rng(0))
    outcomes = scenario.space.all_outcomes()
    accepted = np.array([delegate.respond(view, row) is Response.ACCEPT for row in outcomes])
    assert accepted.any()
    assert (prefs.evaluate(outcomes[accepted]) >= 0.8 - 1e-9).all()


def test_passes_acceptable_proposals_through_and_round_trips() -> None:
    scenario = load_example()
    prefs = scenario.parties[0].preferences
    delegate = Delegate(inner="hardliner")
    view = make_view(scenario.space, prefs, "North", scenario.party_names)
    delegate.start(view, np.random.default_rng(0))
    inner_proposal = delegate.inner.propose(view)
    assert inner_proposal is not None
    assert np.array_equal(delegate.propose(view), inner_proposal)
    twin = pickle.loads(pickle.dumps(delegate))
    assert np.array_equal(twin.propose(view), inner_proposal)
