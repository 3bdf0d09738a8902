"""Breakdown with consequences: who pays, in which direction, talks that resume, and a cost with effect."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

import numpy as np

from parley.examples import load_example
from parley.forecast import outlook
from parley.negotiators import Negotiator
from parley.protocols import Seat
from parley.record import EventKind
from parley.talks import (
    BreakdownRule,
    Front,
    ReservationRule,
    Stage,
    StateVariable,
    anticipated_cost,
    breakdown_steps,
    run_process,
    run_talks,
)
from tests.protocols.scripted import AcceptAfter, FixedOffer, WalkAwayAt
from tests.talks.tables import falling, linear, rising, two_stage_space

FRONT = Front(
    (StateVariable("line", 0.0),),
    (ReservationRule("A", 0.0, {"line": 0.01}), ReservationRule("B", 0.0, {"line": -0.01})),
)


def test_the_cost_moves_the_front_against_the_party_charged() -> None:
    rule = BreakdownRule({"line": 2.0})
    assert breakdown_steps(FRONT, rule, "A") == [-2.0]  # A gains when the line rises: it falls
    assert breakdown_steps(FRONT, rule, "B") == [2.0]
    assert (
        rule.charged_party("B") == "B" and BreakdownRule({"line": 2.0}, charged="A").charged_party("B") == "A"
    )


def test_only_a_party_that_knows_the_rule_and_is_charged_anticipates_it() -> None:
    rule = BreakdownRule({"line": 2.0}, anticipated=True)
    assert anticipated_cost(FRONT, rule, "A") == 0.02
    assert anticipated_cost(FRONT, dataclasses.replace(rule, charged="B"), "A") == 0.0
    assert anticipated_cost(FRONT, dataclasses.replace(rule, anticipated=False), "A") == 0.0


def _walk_then_settle() -> tuple[object, list[str]]:
    """Seats over the two-stage space: B walks away in its first attempt and accepts in the next."""
    space = two_stage_space()
    prefs = {"A": linear(space, [rising(3), rising(3)]), "B": linear(space, [falling(3), falling(3)])}
    attempts: list[str] = []

    def seats(stage: Stage) -> Sequence[Seat]:
        attempts.append(stage.name)
        b: Negotiator = WalkAwayAt((0,), 0) if len(attempts) == 1 else AcceptAfter((0,), rounds=0)
        return [Seat("A", prefs["A"], FixedOffer((1,))), Seat("B", prefs["B"], b)]

    return seats, attempts


def test_talks_resume_after_a_pause_from_the_last_text_and_the_breaker_pays() -> None:
    seats, attempts = _walk_then_settle()
    rule = BreakdownRule({"line": 1.0}, resume_after=2, resumes=1)
    talks = run_talks(
        two_stage_space(),
        seats,
        (Stage("ceasefire", ("ceasefire",), rounds=5),),
        seed=0,
        front=FRONT,
        breakdown=rule,
    )
    assert attempts == ["ceasefire", "ceasefire"]
    opened = [e for e in talks.record if e.kind is EventKind.STAGE_OPENED]
    assert [e.data.get("resumed") for e in opened] == [None, 1]
    assert opened[1].data["opening"] == "last draft"
    cost = next(
        e for e in talks.record if e.kind is EventKind.FRONT_MOVED and e.data["reason"] == "breakdown"
    )
    assert cost.data["charged"] == "B" and cost.data["change"] == 1.0  # against B
    assert opened[1].round >= cost.round + 3  # two rounds of fighting in between
    first_offer = next(e for e in talks.record if e.kind is EventKind.OFFER and e.round > opened[1].round - 1)
    assert first_offer.outcome == (1,)  # the last text on the table reopens the talks
    assert talks.stages[0].status.value == "agreed"


def _cost(plan: object, cost: float) -> object:
    rule = plan.breakdown  # type: ignore[attr-defined]
    return dataclasses.replace(plan, breakdown=dataclasses.replace(rule, cost=dict.fromkeys(rule.cost, cost)))


def test_a_breakdown_cost_of_0_and_of_10_give_different_outcomes_on_istanbul_2025() -> None:
    scenario = load_example("istanbul-2025")
    built = scenario.delegations
    outlooks = {}
    for cost in (0.0, 10.0):
        plan = _cost(built.plan, cost)
        changed = dataclasses.replace(built, plan=plan)
        outlooks[cost] = outlook(scenario.space, changed, runs=40, seed=5, processes=1)
    cheap = [(r.status, r.outcome, r.utilities) for r in outlooks[0.0].records]
    dear = [(r.status, r.outcome, r.utilities) for r in outlooks[10.0].records]
    assert cheap != dear
    # the cost reaches the front: in a run where a side breaks off, the Donetsk line ends elsewhere
    dear_plan = _cost(built.plan, 10.0)
    for seed in range(200):
        run = run_process(scenario.space, dear_plan, seed, track_ripeness=False)
        if any(e.kind is EventKind.FRONT_MOVED and e.data["reason"] == "breakdown" for e in run.record):
            break
    else:
        raise AssertionError("no run of 200 broke off")
    cheap_run = run_process(scenario.space, _cost(built.plan, 0.0), seed, track_ripeness=False)
    assert run.talks.front is not None and cheap_run.talks.front is not None
    assert not np.allclose(run.talks.front.values, cheap_run.talks.front.values)
