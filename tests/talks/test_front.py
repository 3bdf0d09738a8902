"""The moving front and ripeness: known paths, the linear reservation rule, the zone opening on time."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

import numpy as np
import pytest

from parley.analysis import agreement_zone
from parley.protocols import Seat
from parley.talks import (
    Front,
    ReservationRule,
    Stage,
    StateVariable,
    advance,
    cost_of_delay,
    reservation_values,
    ripeness,
    ripeness_path,
    run_talks,
)
from parley.talks.front import breakdown
from tests.protocols.scripted import FixedOffer
from tests.talks.tables import line, linear

SPACE = line(11)
PREFERENCES = {
    "A": linear(SPACE, [[i / 10 for i in range(11)]], reservation=0.7),  # wants x ≥ 7
    "B": linear(SPACE, [[1 - i / 10 for i in range(11)]], reservation=0.5),  # wants x ≤ 5
}


def softening() -> Front:
    """A's reservation value falls by 0.05 a round as the front moves against it; B's stays."""
    variable = StateVariable("front", 10.0, drift=-1.0)
    rules = (ReservationRule("A", 0.7, {"front": 0.05}), ReservationRule("B", 0.5, {}))
    return Front((variable,), rules)


def test_ripeness_turns_true_exactly_when_the_zone_opens() -> None:
    path = ripeness_path(SPACE, PREFERENCES, softening(), rounds=7, rng=np.random.default_rng(0))
    assert [p.ripe for p in path] == [False] * 4 + [True] * 4  # 0.7 − 0.05·t ≤ 0.5 from t = 4
    assert [p.reservation_values["A"] for p in path] == pytest.approx([0.7 - 0.05 * t for t in range(8)])
    assert path[0].cost_of_delay == pytest.approx({"A": -0.05, "B": 0.0})
    for point in path:  # ripeness is exactly the analysis' zone of agreement
        current = [replace(p, reservation_value=point.reservation_values[n]) for n, p in PREFERENCES.items()]
        assert agreement_zone(SPACE, current).exists is point.ripe


def test_ripeness_is_tracked_round_by_round_during_talks() -> None:
    def seats(stage: Stage) -> Sequence[Seat]:
        return [Seat("A", PREFERENCES["A"], FixedOffer((10,))), Seat("B", PREFERENCES["B"], FixedOffer((0,)))]

    result = run_talks(SPACE, seats, (Stage("all", ("x",), rounds=7),), front=softening(), seed=0)
    assert [(p.round, p.ripe) for p in result.ripeness] == [(t, t >= 4) for t in range(7)]


def test_a_random_walk_is_seeded_and_stays_within_bounds() -> None:
    front = Front((StateVariable("v", 0.0, drift=0.5, spread=2.0, bounds=(-1.0, 1.0)),))
    paths = []
    for _ in range(2):
        rng, state, values = np.random.default_rng(3), front.initial_state(), []
        for _ in range(50):
            state, _moves = advance(front, state, rng)
            values.append(state.values[0])
        paths.append(values)
    assert paths[0] == paths[1] and all(-1.0 <= v <= 1.0 for v in paths[0])


def test_reservation_rule_is_linear_in_the_state() -> None:
    front = Front(
        (StateVariable("north", 5.0, drift=1.0), StateVariable("south", -2.0, drift=-0.5)),
        (ReservationRule("A", 0.3, {"north": 0.1, "south": -0.2}),),
        breakdown_cost={"north": -1.0},
    )
    state = front.initial_state()
    state, moves = advance(front, state, np.random.default_rng(0))
    assert moves == [("north", 6.0, 1.0), ("south", -2.5, -0.5)]
    assert reservation_values(front, state)["A"] == pytest.approx(0.3 + 0.1 * 1.0 - 0.2 * -0.5)
    assert cost_of_delay(front, state)["A"] == pytest.approx(0.1 * 1.0 - 0.2 * -0.5)
    state, moves = breakdown(front, state)
    assert moves == [("north", 5.0, -1.0)]
    frozen = replace(state, frozen=True)
    assert advance(front, frozen, np.random.default_rng(0)) == (frozen, [])
    assert cost_of_delay(front, frozen)["A"] == 0.0


def test_unknown_variables_are_refused() -> None:
    with pytest.raises(ValueError, match="unknown state variables"):
        Front((StateVariable("v", 0.0),), (ReservationRule("A", 0.0, {"w": 1.0}),))


def test_a_single_ripeness_check() -> None:
    front = softening()
    state = front.initial_state()
    assert not ripeness(SPACE, PREFERENCES, front, state).ripe
