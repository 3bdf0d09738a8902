"""Staged talks: one shared record, a later stage only after an agreement, the front and its freeze."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pytest

from parley.examples import load_example
from parley.negotiators import Negotiator, make_negotiator
from parley.preferences import Preferences, Utility
from parley.protocols import Seat
from parley.record import EventKind
from parley.talks import (
    CallablePrincipal,
    Envoy,
    Front,
    ReservationRule,
    Stage,
    StageStatus,
    StateVariable,
    restrict,
    run_talks,
)
from parley.talks.subspace import FixedUtility, embed, fixed_row
from tests.protocols.scripted import AcceptAfter, FixedOffer, Threshold, WalkAwayAt, trace
from tests.talks.tables import falling, linear, rising, two_stage_space

STAGES = (
    Stage("ceasefire", ("ceasefire",), rounds=4, freezes_front=True),
    Stage("settlement", ("settlement",), rounds=3),
)


def factory(first: dict[str, Negotiator], second: dict[str, Negotiator] | None = None):  # type: ignore[no-untyped-def]
    """Seats A and B over the two-stage space, with fresh scripted negotiators per stage."""
    space = two_stage_space()
    prefs = {"A": linear(space, [rising(3), rising(3)]), "B": linear(space, [falling(3), falling(3)])}

    def seats(stage: Stage) -> Sequence[Seat]:
        chosen = first if stage.name == "ceasefire" else (second or first)
        return [Seat(name, prefs[name], chosen[name]) for name in ("A", "B")]

    return seats


def test_stage_two_opens_only_after_stage_one_is_agreed() -> None:
    seats = factory(
        {"A": FixedOffer((2,)), "B": AcceptAfter((0,), rounds=0)},
        {"A": FixedOffer((1,)), "B": AcceptAfter((0,), rounds=1)},
    )
    result = run_talks(two_stage_space(), seats, STAGES, seed=0)
    assert [(s.name, s.status) for s in result.stages] == [
        ("ceasefire", StageStatus.AGREED),
        ("settlement", StageStatus.AGREED),
    ]
    assert trace(result.record) == [
        ("stage_opened", 0, None, None),
        ("offer", 0, "A", (2,)),
        ("accept", 0, "B", (2,)),
        ("agreement", 0, "A", (2,)),
        ("stage_closed", 0, None, (2,)),
        ("stage_opened", 1, None, None),  # one round after the first stage closed
        ("offer", 1, "A", (1,)),
        ("reject", 1, "B", (1,)),
        ("offer", 1, "B", (0,)),
        ("reject", 2, "A", (0,)),
        ("offer", 2, "A", (1,)),
        ("accept", 2, "B", (1,)),
        ("agreement", 2, "A", (1,)),
        ("stage_closed", 2, None, (1,)),
    ]
    opened = result.record.of_kind(EventKind.STAGE_OPENED)
    assert [e.data for e in opened] == [
        {"stage": "ceasefire", "issues": ["ceasefire"]},
        {"stage": "settlement", "issues": ["settlement"]},
    ]
    assert result.record.of_kind(EventKind.STAGE_CLOSED)[0].data == {"stage": "ceasefire", "status": "agreed"}
    assert (
        result.concluded and result.outcome == (2, 1) and result.agreed == {"ceasefire": 2, "settlement": 1}
    )


def test_a_breakdown_leaves_the_next_stage_not_reached() -> None:
    seats = factory({"A": FixedOffer((2,)), "B": WalkAwayAt((0,), round=0)})
    result = run_talks(two_stage_space(), seats, STAGES, seed=0)
    assert [s.status for s in result.stages] == [StageStatus.BROKEN_OFF, StageStatus.NOT_REACHED]
    assert len(result.record.of_kind(EventKind.STAGE_OPENED)) == 1 and result.outcome is None
    assert result.stages[1].first_round is None


def test_a_deadline_ends_the_talks_too() -> None:
    seats = factory({"A": FixedOffer((2,)), "B": FixedOffer((0,))})
    result = run_talks(two_stage_space(), seats, STAGES, seed=0)
    assert [s.status for s in result.stages] == [StageStatus.DEADLINE, StageStatus.NOT_REACHED]


def marching(drift: float = 1.0, spread: float = 0.0) -> Front:
    """One front line moving by ``drift`` a round; A's reservation value follows it."""
    variable = StateVariable("front", 0.0, drift=drift, spread=spread, bounds=(-50.0, 50.0))
    return Front((variable,), (ReservationRule("A", 0.0, {"front": -0.01}),), breakdown_cost={"front": -3.0})


def test_an_agreed_ceasefire_freezes_the_front() -> None:
    seats = factory(
        {"A": FixedOffer((2,)), "B": AcceptAfter((0,), rounds=2)},
        {"A": FixedOffer((2,)), "B": FixedOffer((0,))},
    )
    result = run_talks(two_stage_space(), seats, STAGES, front=marching(), seed=0)
    moved = result.record.of_kind(EventKind.FRONT_MOVED)
    assert [(e.round, e.data["value"], e.data["change"]) for e in moved] == [(1, 1.0, 1.0), (2, 2.0, 1.0)]
    closed = result.record.of_kind(EventKind.STAGE_CLOSED)[0]
    assert all(e.round <= closed.round for e in moved)  # nothing moved once the ceasefire held
    assert result.stages[1].status is StageStatus.DEADLINE and result.front is not None
    assert result.front.frozen and result.front.values == (2.0,)


def test_without_a_ceasefire_the_front_keeps_moving_and_a_breakdown_costs_ground() -> None:
    stages = (Stage("talks", ("ceasefire", "settlement"), rounds=5),)
    space = two_stage_space()
    prefs = linear(space, [rising(3), rising(3)])

    def seats(stage: Stage) -> list[Seat]:
        return [Seat("A", prefs, FixedOffer((2, 2))), Seat("B", prefs, WalkAwayAt((0, 0), round=3))]

    result = run_talks(space, seats, stages, front=marching(), seed=0)
    moved = result.record.of_kind(EventKind.FRONT_MOVED)
    assert [(e.round, e.data["reason"]) for e in moved] == [
        (1, "fighting"),
        (2, "fighting"),
        (3, "fighting"),
        (3, "breakdown"),
    ]
    assert result.front is not None and result.front.values == (0.0,)  # +3 fighting, −3 breakdown


def test_reservation_values_follow_the_front_during_a_stage() -> None:
    seen: list[float] = []

    class Watcher(FixedOffer):
        def propose(self, view):  # type: ignore[no-untyped-def]
            seen.append(view.preferences.reservation_value)
            return super().propose(view)

    seats = factory({"A": Watcher((2,)), "B": FixedOffer((0,))})
    run_talks(two_stage_space(), seats, STAGES[:1], front=marching(drift=2.0), seed=0)
    assert seen == pytest.approx([0.0, -0.02, -0.04, -0.06])


def test_zero_drift_and_no_randomness_give_the_same_record_twice() -> None:
    scenario = load_example()
    issues = scenario.space.issue_names
    stages = (
        Stage("ceasefire", issues[:2], rounds=20, freezes_front=True),
        Stage("settlement", issues[2:], rounds=30),
    )

    def seats(stage: Stage) -> list[Seat]:
        return [Seat(p.name, p.preferences, make_negotiator("boulware")) for p in scenario.parties]

    runs = [run_talks(scenario.space, seats, stages, seed=1, front=marching(drift=0.0)) for _ in range(2)]
    assert runs[0].record == runs[1].record and len(runs[0].record) > 4
    assert runs[0].stages == runs[1].stages
    assert not runs[0].record.of_kind(EventKind.FRONT_MOVED)


def test_the_same_seed_repeats_a_random_front() -> None:
    seats = factory({"A": FixedOffer((2,)), "B": FixedOffer((0,))})
    runs = [run_talks(two_stage_space(), seats, STAGES, seed=5, front=marching(0.1, 1.0)) for _ in range(2)]
    assert runs[0].record == runs[1].record and runs[0].record.of_kind(EventKind.FRONT_MOVED)
    assert [e.data for e in runs[0].record] == [e.data for e in runs[1].record]


def test_stage_preferences_fix_the_other_issues() -> None:
    scenario = load_example()
    space, prefs = scenario.space, scenario.parties[0].preferences
    base = fixed_row(space, {"prisoner_exchange": 3}, {"ceasefire": space.issues[0].value(1)})
    sub, embedding = embed(space, ("monitoring", "pullback_km"), base)
    restricted = restrict(prefs, sub, embedding)
    rows = sub.all_outcomes()
    assert np.allclose(restricted.evaluate(rows), prefs.evaluate(embedding.lift(rows)))
    assert embedding.lift(rows)[0, 0] == 1 and embedding.lift(rows)[0, 2] == 3
    assert restricted.reservation_value == prefs.reservation_value


def test_unknown_or_repeated_issues_are_refused() -> None:
    seats = factory({"A": FixedOffer((2,)), "B": FixedOffer((0,))})
    with pytest.raises(ValueError, match="one stage only"):
        run_talks(two_stage_space(), seats, (STAGES[0], Stage("again", ("ceasefire",))), seed=0)
    with pytest.raises(ValueError):
        run_talks(two_stage_space(), seats, (Stage("x", ("no_such_issue",)),), seed=0)


class Squares(Utility):
    """A non-linear utility: the square of the sum of the option indices."""

    def evaluate(self, outcomes: np.ndarray) -> np.ndarray:
        return np.asarray(outcomes.sum(axis=1), dtype=np.float64) ** 2


def test_non_linear_stage_utilities_fix_the_other_issues() -> None:
    space = two_stage_space()
    prefs = Preferences(space, Squares(), reservation_value=1.0)
    sub, embedding = embed(space, ("settlement",), fixed_row(space, {"ceasefire": 2}, {}))
    restricted = restrict(prefs, sub, embedding)
    assert isinstance(restricted.utility, FixedUtility)
    assert restricted.evaluate(sub.all_outcomes()).tolist() == [4.0, 9.0, 16.0]


def test_a_principal_judges_the_full_package_of_a_stage() -> None:
    asked: list[tuple[int, ...]] = []

    def approve(outcome: np.ndarray) -> bool:
        asked.append(tuple(int(i) for i in outcome))
        return True

    space = two_stage_space()
    prefs = {"A": linear(space, [rising(3), rising(3)]), "E": linear(space, [falling(3), falling(3)])}

    def seats(stage: Stage) -> list[Seat]:
        envoy = Envoy(Threshold(0.0), authority=1.9)  # accepts anything, may accept only the best alone
        return [
            Seat("A", prefs["A"], FixedOffer((1,))),
            Seat("E", prefs["E"], envoy, CallablePrincipal(approve), referral_rounds=1),
        ]

    defaults = {"settlement": "autonomy"}
    result = run_talks(
        space, seats, (Stage("ceasefire", ("ceasefire",), rounds=5),), defaults=defaults, seed=0
    )
    assert asked == [(1, 1)]  # the stage package (1,) with the settlement at its default (autonomy)
    kinds = [(e.kind.value, e.round) for e in result.record]
    assert kinds[2:5] == [("refer_back", 0), ("referral_decision", 1), ("accept", 1)]
    assert result.outcome == (1, 1)
