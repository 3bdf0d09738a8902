"""The whole process on the built-in example: staged talks, referrals, front, signature, ratification."""

from __future__ import annotations

import dataclasses

from parley.examples import load_example
from parley.record import EventKind
from parley.talks import Front, Ratifier, StateVariable
from parley.talks.process import ProcessPlan, run_process


def _plan() -> tuple[object, ProcessPlan]:
    scenario = load_example()
    return scenario, scenario.delegations.plan


def test_a_run_goes_from_stages_to_ratification_on_one_record() -> None:
    scenario, plan = _plan()
    # without the patron's veto (which abandons this settlement) and the ceasefire's violation hazard
    ratifiers = {party: tuple(r for r in group if not r.patron) for party, group in plan.ratifiers.items()}
    stages = tuple(dataclasses.replace(stage, violation_hazard=0.0) for stage in plan.stages)
    plan = dataclasses.replace(plan, ratifiers=ratifiers, stages=stages)
    result = run_process(scenario.space, plan, seed=1)  # type: ignore[attr-defined]
    kinds = [event.kind for event in result.record]
    assert kinds[0] is EventKind.STAGE_OPENED
    assert result.status == "ratified" and result.ratification == {"North": True, "South": True}
    assert kinds[-3:] == [EventKind.RATIFIED, EventKind.RATIFIED, EventKind.IN_FORCE]
    # each stage's agreement is initialled and signed by both; only the settlement goes to ratification
    assert kinds.count(EventKind.INITIALLED) == kinds.count(EventKind.SIGNED) == 4
    assert kinds.count(EventKind.RATIFIED) == 2 and kinds.count(EventKind.IN_FORCE) == 2
    rounds = [event.round for event in result.record]
    assert rounds == sorted(rounds)


def test_same_seed_same_record_and_zero_drift_is_deterministic() -> None:
    scenario, plan = _plan()
    space = scenario.space  # type: ignore[attr-defined]
    assert run_process(space, plan, seed=3).record == run_process(space, plan, seed=3).record
    assert plan.front is not None
    still = Front(
        tuple(dataclasses.replace(v, drift=0.0, spread=0.0) for v in plan.front.variables), plan.front.rules
    )
    calm = dataclasses.replace(plan, front=still)
    assert run_process(space, calm, seed=1).record == run_process(space, calm, seed=2).record


def test_an_agreement_outside_a_win_set_is_abandoned_at_ratification() -> None:
    scenario, plan = _plan()
    picky = {
        party: tuple(dataclasses.replace(r, threshold=2.0) for r in ratifiers)  # nothing reaches 2.0
        for party, ratifiers in plan.ratifiers.items()
    }
    result = run_process(scenario.space, dataclasses.replace(plan, ratifiers=picky), seed=1)  # type: ignore[attr-defined]
    # the ceasefire needs no ratification and stands; the settlement is abandoned
    assert result.status == "partial"
    assert result.ratification["North"] is False and result.ratification["South"] is None
    assert result.record.events[-1].kind is EventKind.ABANDONED
    assert [a.status.value for a in result.agreements] == ["in_force", "abandoned"]


def test_a_ceasefire_stage_freezes_the_front() -> None:
    scenario, plan = _plan()
    result = run_process(scenario.space, plan, seed=1)  # type: ignore[attr-defined]
    events = list(result.record)
    closed = next(i for i, e in enumerate(events) if e.kind is EventKind.STAGE_CLOSED)
    assert events[closed].data["status"] == "agreed"
    broken = [i for i, e in enumerate(events) if e.kind is EventKind.BROKEN_DOWN]
    until = broken[0] if broken else len(events)  # the ceasefire may be violated (its hazard)
    assert not any(e.kind is EventKind.FRONT_MOVED for e in events[closed:until])
    assert isinstance(plan.front.variables[0], StateVariable)  # type: ignore[union-attr]
    assert all(isinstance(r, Ratifier) for rs in plan.ratifiers.values() for r in rs)
