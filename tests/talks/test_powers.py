"""Limited powers refer back and never make a delegation walk away; competence per issue; patrons act."""

from __future__ import annotations

import dataclasses

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from parley.examples import load_example
from parley.negotiators import Response, View
from parley.protocols import Seat
from parley.record import EventKind, Record
from parley.talks import Delegation, Envoy, Patron, ProcessPlan, Stage, run_process, win_set
from tests.talks.tables import falling, linear, rising, two_stage_space


def _view(space: object, preferences: object, round: int = 0) -> View:
    """B's view at ``round`` of 10, with nothing on the record."""
    return View(space, preferences, "B", ("A", "B"), round, round / 10, 10, Record())  # type: ignore[arg-type]


@settings(max_examples=25, deadline=None)
@given(
    authority=st.tuples(st.floats(0.0, 1.5), st.floats(0.0, 1.5)),
    rounds=st.tuples(st.integers(0, 3), st.integers(0, 3)),
    strategies=st.tuples(
        st.sampled_from(["boulware", "conceder", "linear"]), st.sampled_from(["conceder", "hardliner"])
    ),
    seed=st.integers(0, 50),
)
def test_no_delegation_walks_away_because_of_its_powers(
    authority: tuple[float, float], rounds: tuple[int, int], strategies: tuple[str, str], seed: int
) -> None:
    space = two_stage_space()
    prefs = [linear(space, [rising(3), rising(3)]), linear(space, [falling(3), falling(3)])]
    delegations = tuple(
        Delegation(name, p, p, strategy=s, authority=a, referral_rounds=r)
        for name, p, s, a, r in zip(("A", "B"), prefs, strategies, authority, rounds, strict=True)
    )
    plan = ProcessPlan(delegations, (Stage("talks", ("ceasefire", "settlement"), rounds=12),))
    result = run_process(space, plan, seed)
    assert not any(e.kind is EventKind.WALK_AWAY for e in result.record)


def test_an_issue_outside_the_competence_is_referred_whatever_its_utility() -> None:
    space = two_stage_space()
    prefs = linear(space, [falling(3), falling(3)])
    envoy = Envoy("conceder", authority=0.0, competence=("ceasefire",))
    envoy.start(_view(space, prefs), np.random.default_rng(0))
    view = _view(space, prefs, round=9)  # late: the conceder would accept much less
    # settlement away from B's position (option 0): referred even though the utility is high
    assert envoy.respond(view, np.array([0, 1])) is Response.REFER_BACK
    # at the principal's position on the reserved issue the delegation accepts on its own
    plain = Envoy("conceder", authority=0.0, competence=("ceasefire",))
    plain.start(_view(space, prefs), np.random.default_rng(0))
    assert plain.respond(view, np.array([0, 0])) is Response.ACCEPT
    assert all(int(row[1]) == 0 for row in envoy.within.outcomes)


def test_an_envoy_that_knows_the_breakdown_rule_stays_where_it_would_walk() -> None:
    space = two_stage_space()
    prefs = dataclasses.replace(
        linear(space, [falling(3), falling(3)]), reservation_value=2.05
    )  # beyond reach
    unaware, aware = Envoy("conceder"), Envoy("conceder", breakdown_cost=0.1)
    for envoy in (unaware, aware):
        envoy.start(_view(space, prefs), np.random.default_rng(0))
    assert unaware.propose(_view(space, prefs)) is None  # fighting on beats every package
    assert aware.propose(_view(space, prefs)) is not None  # not once breaking off costs 0.1 more


def _ceasefire() -> tuple[object, ProcessPlan]:
    scenario = load_example("ceasefire")
    plan = scenario.delegations.plan
    calm = tuple(dataclasses.replace(stage, violation_hazard=0.0) for stage in plan.stages)
    return scenario, dataclasses.replace(plan, stages=calm)


def test_a_patron_presses_its_delegation_while_its_conditions_are_unmet() -> None:
    scenario, plan = _ceasefire()
    space = scenario.space  # type: ignore[attr-defined]
    pressed = run_process(space, plan, seed=2)
    calm = run_process(space, dataclasses.replace(plan, patrons=()), seed=2)
    pressure = [e for e in pressed.record if e.kind is EventKind.PRESSURE]
    assert [e.data["patron"] for e in pressure] == ["South's patron"]  # at the ceasefire stage only
    assert pressure[0].data["reservation_shift"] == -0.05
    assert pressed.record != calm.record
    stronger = (Patron("South's patron", "South", plan.patrons[0].conditions, reservation_shift=-0.3),)
    harder = run_process(space, dataclasses.replace(plan, patrons=stronger), seed=2)
    assert harder.record != pressed.record


def test_a_patrons_veto_changes_its_partys_win_set() -> None:
    scenario, plan = _ceasefire()
    space = scenario.space  # type: ignore[attr-defined]
    south = plan.ratifiers["South"]
    rule = plan.rules["South"]
    rng = np.random.default_rng(0)
    patron = next(r for r in south if r.patron)
    own = tuple(r for r in south if not r.patron)
    voting = win_set(space, south, rule, rng=rng).count
    vetoing = win_set(
        space, (*own, dataclasses.replace(patron, veto=True, threshold=0.6)), rule, rng=rng
    ).count
    alone = win_set(space, own, rule, rng=rng).count
    assert vetoing < alone and voting != vetoing
    assert isinstance(Seat, type)
