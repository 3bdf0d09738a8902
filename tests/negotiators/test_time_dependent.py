"""Time-dependent tactics: the contract, the formula, and Boulware holding out longer than Conceder."""

from __future__ import annotations

from typing import Any, ClassVar

import numpy as np
import pytest

from parley.domain import CategoricalIssue, Condition, OutcomeSpace
from parley.negotiators import (
    Aspiration,
    Boulware,
    Conceder,
    Linear,
    Response,
    TimeDependent,
    make_negotiator,
)
from parley.negotiators.packages import settle
from parley.negotiators.time_dependent import concession, target_utility
from parley.preferences import LinearAdditiveUtility, Preferences
from parley.record import Record
from tests.negotiators.contract import NegotiatorContract

SPACE = OutcomeSpace(tuple(CategoricalIssue(f"i{k}", tuple(f"v{j}" for j in range(6))) for k in range(3)))


def preferences(
    seed: int = 0, reservation: float = 0.2, red_lines: tuple[Condition, ...] = ()
) -> Preferences:
    """A random linear-additive profile over ``SPACE``."""
    rng = np.random.default_rng(seed)
    utility = LinearAdditiveUtility.from_tables(SPACE, rng.dirichlet(np.ones(3)), rng.random((3, 6)))
    return Preferences(SPACE, utility, reservation_value=reservation, red_lines=red_lines)


def view_at(prefs: Preferences, round_: int, rounds: int = 20) -> Any:
    """A view of party "a" at ``round_`` of ``rounds``."""
    from parley.negotiators import View

    return View(SPACE, prefs, "a", ("a", "b"), round_, round_ / rounds, rounds, Record())


def started(name: str, prefs: Preferences, **params: Any) -> TimeDependent:
    """A started negotiator of the registered time-dependent strategy ``name``."""
    negotiator = make_negotiator(name, **params)
    assert isinstance(negotiator, TimeDependent)
    negotiator.start(view_at(prefs, 0), np.random.default_rng(0))
    return negotiator


class TestTimeDependent(NegotiatorContract):
    name = "time-dependent"
    params: ClassVar[dict[str, Any]] = {"e": 0.5}


class TestBoulware(NegotiatorContract):
    name = "boulware"


class TestLinear(NegotiatorContract):
    name = "linear"


class TestConceder(NegotiatorContract):
    name = "conceder"


class TestAspiration(NegotiatorContract):
    name = "aspiration"


def test_concession_formula() -> None:
    t = np.linspace(0, 1, 11)
    np.testing.assert_allclose(concession(t, 2.0, 0.1), 0.1 + 0.9 * t**0.5)
    np.testing.assert_allclose(target_utility(t, 1.0, 0.2, 0.25), 0.2 + (1 - t**4) * 0.8)
    assert target_utility(np.array([0.0]), 0.9, 0.3, 1.0)[0] == pytest.approx(0.9)
    assert target_utility(np.array([1.0]), 0.9, 0.3, 1.0)[0] == pytest.approx(0.3)


def test_named_variants_use_negmas_curves() -> None:
    assert (Boulware().e, Linear().e, Conceder().e) == (0.25, 1.0, 4.0)
    aspiration = Aspiration(max_aspiration=0.8)
    assert (aspiration.e, aspiration.k, aspiration.tolerance) == (0.25, pytest.approx(0.2), 0.001)


def test_offers_follow_the_target() -> None:
    prefs = preferences(reservation=0.1)
    utilities = np.sort(settle(prefs.evaluate(SPACE.all_outcomes())))  # as negotiators keep them
    for name in ("boulware", "linear", "conceder"):
        negotiator = started(name, prefs)
        assert negotiator.best == utilities[-1] and negotiator.floor == max(0.1, utilities[0])
        for round_ in range(20):
            view = view_at(prefs, round_)
            target = negotiator.target(view)
            offered = settle(prefs.evaluate(negotiator.propose(view)[None, :]))[0]
            assert offered == utilities[utilities >= target].min()  # the smallest at or above the target
            expected = target_utility(
                np.array([round_ / 20]), negotiator.best, negotiator.floor, negotiator.e
            )
            assert target == pytest.approx(expected[0])


def test_boulware_concedes_slower_than_conceder() -> None:
    prefs = preferences(seed=3)
    boulware, linear, conceder = (started(name, prefs) for name in ("boulware", "linear", "conceder"))
    for round_ in range(1, 20):
        view = view_at(prefs, round_)
        assert boulware.target(view) > linear.target(view) > conceder.target(view)
        offers = [prefs.evaluate(n.propose(view)[None, :])[0] for n in (boulware, linear, conceder)]
        assert offers[0] >= offers[1] >= offers[2]


def test_accepts_at_or_above_the_target_only() -> None:
    prefs = preferences(seed=5)
    negotiator = started("linear", prefs)
    outcomes = SPACE.all_outcomes()
    utilities = prefs.evaluate(outcomes)
    view = view_at(prefs, 10)
    target = negotiator.target(view)
    for outcome, utility in zip(outcomes, utilities, strict=True):
        expected = Response.ACCEPT if utility >= target else Response.REJECT
        assert negotiator.respond(view, outcome) is expected


def test_red_lines_are_never_offered_and_fallback_is_the_best() -> None:
    line = Condition("i0", ("v0", "v1"))
    prefs = preferences(seed=2, reservation=0.0, red_lines=(line,))
    negotiator = started("conceder", prefs)
    for round_ in range(20):
        assert negotiator.propose(view_at(prefs, round_))[0] not in (0, 1)
    hopeless = preferences(seed=2, reservation=5.0)  # nothing reaches the reservation value
    negotiator = started("linear", hopeless)
    best = hopeless.evaluate(SPACE.all_outcomes()).max()
    assert hopeless.evaluate(negotiator.propose(view_at(hopeless, 19))[None, :])[0] == best


def test_bad_parameters_are_refused() -> None:
    with pytest.raises(ValueError):
        TimeDependent(e=0.0)
    with pytest.raises(ValueError):
        TimeDependent(k=1.5)
    with pytest.raises(ValueError):
        Aspiration(aspiration_type="sometimes")
