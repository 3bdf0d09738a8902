"""Agreements that stand stage by stage: each stage's life, a later failure, entry into force, violation."""

from __future__ import annotations

import dataclasses

from parley.examples import load_example
from parley.record import EventKind
from parley.talks import AgreementStatus, ProcessPlan, Stage, StageStatus, run_process


def _plan() -> tuple[object, ProcessPlan]:
    scenario = load_example("ceasefire")
    plan = scenario.delegations.plan
    calm = tuple(dataclasses.replace(stage, violation_hazard=0.0) for stage in plan.stages)
    return scenario, dataclasses.replace(plan, stages=calm)


def _picky(plan: ProcessPlan) -> ProcessPlan:
    """Ratifiers that nothing satisfies (no package reaches 2.0)."""
    ratifiers = {
        party: tuple(dataclasses.replace(r, threshold=2.0) for r in group)
        for party, group in plan.ratifiers.items()
    }
    return dataclasses.replace(plan, ratifiers=ratifiers)


def test_an_agreed_stage_stands_when_a_later_stage_fails() -> None:
    scenario, plan = _plan()
    space = scenario.space  # type: ignore[attr-defined]
    result = run_process(space, _picky(plan), seed=1)
    ceasefire, settlement = result.agreements
    assert ceasefire.status is AgreementStatus.IN_FORCE and not ceasefire.needs_ratification
    assert settlement.status is AgreementStatus.ABANDONED
    assert result.status == "partial"
    standing = dict(zip(space.issue_names, result.outcome, strict=True))
    assert all(standing[i] == o for i, o in zip(ceasefire.issues, ceasefire.package, strict=True))
    assert space.values_of(result.outcome)["pullback_km"] == plan.status_quo["pullback_km"]
    kinds = [e.kind for e in result.record]
    assert kinds.count(EventKind.IN_FORCE) == 1 and kinds[-1] is EventKind.ABANDONED


def _without_patron_veto(plan: ProcessPlan) -> ProcessPlan:
    ratifiers = {party: tuple(r for r in group if not r.patron) for party, group in plan.ratifiers.items()}
    return dataclasses.replace(plan, ratifiers=ratifiers)


def test_the_patrons_veto_abandons_the_settlement_and_the_ceasefire_stands() -> None:
    scenario, plan = _plan()
    result = run_process(scenario.space, plan, seed=1)  # type: ignore[attr-defined]
    assert result.status == "partial"
    last = result.record.events[-1]
    assert last.kind is EventKind.ABANDONED and last.data["votes"] == {
        "South's parliament": True,
        "South's patron": False,
    }


def test_every_agreement_in_force_is_a_ratified_process() -> None:
    scenario, plan = _plan()
    result = run_process(scenario.space, _without_patron_veto(plan), seed=1)  # type: ignore[attr-defined]
    assert result.status == "ratified"
    assert [a.status for a in result.agreements] == [AgreementStatus.IN_FORCE] * 2
    assert result.outcome == result.talks.outcome


def test_a_stage_opens_only_once_the_stage_before_is_in_force() -> None:
    scenario, plan = _plan()
    space = scenario.space  # type: ignore[attr-defined]
    ratified_first = tuple(dataclasses.replace(s, ratification=True) for s in plan.stages)
    strict = _picky(dataclasses.replace(plan, stages=ratified_first))
    result = run_process(space, strict, seed=1)
    assert result.talks.stages[0].status is StageStatus.AGREED
    assert result.agreements[0].status is AgreementStatus.ABANDONED
    assert result.talks.stages[1].status is StageStatus.NOT_REACHED
    # with no precondition the settlement opens anyway
    free = tuple(dataclasses.replace(s, after=()) if s.name == "settlement" else s for s in ratified_first)
    opened = run_process(space, _picky(dataclasses.replace(plan, stages=free)), seed=1)
    assert opened.talks.stages[1].status is not StageStatus.NOT_REACHED


def test_a_violated_ceasefire_breaks_down_and_the_front_moves_again() -> None:
    scenario, plan = _plan()
    fragile = tuple(
        dataclasses.replace(s, violation_hazard=1.0) if s.freezes_front else s for s in plan.stages
    )
    result = run_process(scenario.space, dataclasses.replace(plan, stages=fragile), seed=1)  # type: ignore[attr-defined]
    ceasefire = result.agreements[0]
    assert ceasefire.status is AgreementStatus.BROKEN_DOWN and ceasefire.broken_at is not None
    events = list(result.record)
    broken = next(i for i, e in enumerate(events) if e.kind is EventKind.BROKEN_DOWN)
    assert any(e.kind is EventKind.FRONT_MOVED for e in events[broken:])
    assert ceasefire.issues[0] not in {name for a in result.talks.in_force for name in a.issues}


def test_without_a_hazard_a_ceasefire_in_force_freezes_the_front() -> None:
    scenario, plan = _plan()
    result = run_process(scenario.space, plan, seed=1)  # type: ignore[attr-defined]
    events = list(result.record)
    start = next(i for i, e in enumerate(events) if e.kind is EventKind.IN_FORCE)
    assert not any(e.kind is EventKind.FRONT_MOVED for e in events[start:])


def test_a_stage_that_needs_no_ratification_enters_into_force_when_signed() -> None:
    scenario, plan = _plan()
    result = run_process(scenario.space, plan, seed=1)  # type: ignore[attr-defined]
    first = [
        e
        for e in result.record
        if e.data.get("stage") == "ceasefire" and e.kind is not EventKind.STAGE_OPENED
    ]
    kinds = [e.kind for e in first if e.kind in (EventKind.SIGNED, EventKind.RATIFIED, EventKind.IN_FORCE)]
    assert kinds == [EventKind.SIGNED, EventKind.SIGNED, EventKind.IN_FORCE]
    assert isinstance(plan.stages[0], Stage)
