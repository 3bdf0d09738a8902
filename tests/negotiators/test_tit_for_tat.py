"""Tit-for-tat tactics: the contract, and that they mirror the opponent's concessions."""

from __future__ import annotations

import numpy as np
import pytest

from parley.negotiators import AbsoluteTitForTat, RelativeTitForTat, Response, make_negotiator
from parley.negotiators.packages import settle
from parley.negotiators.tit_for_tat import absolute_step, relative_step
from tests.negotiators.contract import NegotiatorContract
from tests.negotiators.test_time_dependent import SPACE, preferences, view_at


class TestRelative(NegotiatorContract):
    name = "tit-for-tat-relative"


class TestAbsolute(NegotiatorContract):
    name = "tit-for-tat-absolute"


class TestShortName(NegotiatorContract):
    name = "tit-for-tat"


def test_steps() -> None:
    # the opponent closed half the gap to my best (0.4 → 0.7 of best 1.0): I give up half my surplus
    assert relative_step(0.9, 0.2, 1.0, 0.4, 0.7) == pytest.approx(0.2 + 0.7 * 0.5)
    assert absolute_step(0.9, 0.2, 1.0, 0.4, 0.7) == pytest.approx(0.6)
    assert absolute_step(0.9, 0.2, 1.0, 0.7, 0.4) == pytest.approx(1.0)  # a retreat raises the target
    assert absolute_step(0.3, 0.2, 1.0, 0.1, 0.9) == pytest.approx(0.2)  # never below the floor


def by_utility(prefs: object, utilities: np.ndarray, value: float) -> np.ndarray:
    """The outcome whose utility is closest to ``value``."""
    return SPACE.all_outcomes()[int(np.argmin(np.abs(utilities - value)))]


@pytest.mark.parametrize("kind", [RelativeTitForTat, AbsoluteTitForTat])
def test_mirrors_concessions(kind: type) -> None:
    prefs = preferences(seed=4, reservation=0.0)
    outcomes = SPACE.all_outcomes()
    utilities = prefs.evaluate(outcomes)
    negotiator = kind()
    negotiator.start(view_at(prefs, 0), np.random.default_rng(0))
    assert negotiator.target(view_at(prefs, 0)) == settle(utilities).max()  # opens at its best
    low, mid, high = (np.quantile(utilities, q) for q in (0.1, 0.3, 0.6))
    offers = [by_utility(prefs, utilities, value) for value in (low, mid, mid, high)]
    seen = [float(prefs.evaluate(o[None, :])[0]) for o in offers]
    targets = []
    for round_, offer in enumerate(offers):
        assert isinstance(negotiator.respond(view_at(prefs, round_), offer), Response)
        targets.append(negotiator.current)
    best, floor = negotiator.best, negotiator.floor
    assert targets[0] == best  # one offer is no concession yet
    assert targets[1] < targets[0]  # the opponent conceded, so it concedes
    assert targets[2] == targets[1]  # no concession, no move
    assert targets[3] < targets[2]
    step = relative_step if kind is RelativeTitForTat else absolute_step
    assert targets[1] == pytest.approx(step(best, floor, best, seen[0], seen[1]))
    assert targets[3] == pytest.approx(step(targets[2], floor, best, seen[2], seen[3]))


def test_absolute_concedes_the_same_utility() -> None:
    prefs = preferences(seed=6, reservation=0.0)
    utilities = prefs.evaluate(SPACE.all_outcomes())
    negotiator = make_negotiator("tit-for-tat-absolute")
    negotiator.start(view_at(prefs, 0), np.random.default_rng(0))
    first, second = (by_utility(prefs, utilities, v) for v in np.quantile(utilities, [0.2, 0.5]))
    negotiator.respond(view_at(prefs, 0), first)
    before = negotiator.current
    negotiator.respond(view_at(prefs, 1), second)
    gained = prefs.evaluate(second[None, :])[0] - prefs.evaluate(first[None, :])[0]
    assert before - negotiator.current == pytest.approx(gained)
