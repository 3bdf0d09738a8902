"""The Monte-Carlo outlook: determinism across processes, zero uncertainty, consistent summaries."""

from __future__ import annotations

import copy
from dataclasses import replace
from functools import cache

import numpy as np
import pytest

from parley.examples import load_example
from parley.forecast._outlook_runs import run_seeds
from parley.forecast.intervals import correlation, proportion
from parley.forecast.outlook import outlook
from parley.forecast.sensitivity import average_ranks, rank_inputs, spearman
from parley.scenario import Process, Scenario
from parley.talks.process import run_process
from parley.talks.stages import StageStatus


@cache
def ceasefire() -> tuple[Scenario, Process]:
    scenario = load_example("ceasefire")
    return scenario, scenario.delegations


def certain(built: Process) -> Process:
    """The same process with every spread (briefings and front) and every ceasefire's violation hazard
    set to zero."""
    mandates = {}
    for party, model in built.mandates.items():
        fixed = copy.copy(model)
        object.__setattr__(fixed, "pool", replace(model.pool, spreads=np.zeros_like(model.pool.spreads)))
        mandates[party] = fixed
    front = built.plan.front
    if front is not None:
        front = replace(front, variables=tuple(replace(v, spread=0.0) for v in front.variables))
    stages = tuple(replace(stage, violation_hazard=0.0) for stage in built.plan.stages)
    return replace(built, plan=replace(built.plan, front=front, stages=stages), mandates=mandates)


def test_zero_uncertainty_equals_the_deterministic_run() -> None:
    scenario, built = ceasefire()
    fixed = certain(built)
    found = outlook(scenario.space, fixed, 6, seed=11, processes=1)
    single = run_process(scenario.space, fixed.plan, 0)
    for record in found.records:
        again = run_process(scenario.space, fixed.plan, run_seeds(11, record.index)[1])
        assert (record.status, record.outcome) == (again.status, again.talks.outcome)
        assert (record.status, record.outcome) == (single.status, single.talks.outcome)
    agreed = {s.name: float(s.status is StageStatus.AGREED) for s in single.talks.stages}
    assert found.stage_probabilities() == agreed
    standing = {
        s.name: float(any(a.stage == s.name for a in single.talks.in_force)) for s in single.talks.stages
    }
    assert found.in_force_probabilities() == standing
    assert found.ratified_probability() == float(single.status == "ratified")
    votes = {party: float(vote is True) for party, vote in single.ratification.items()}
    assert found.ratification_probabilities() == votes
    assert all(entry.score == 0.0 for entry in found.sensitivity() if "weight" in entry.input)


def test_same_results_on_one_and_two_processes() -> None:
    scenario, built = ceasefire()
    one = outlook(scenario.space, built, 12, seed=5, processes=1)
    two = outlook(scenario.space, built, 12, seed=5, processes=2)
    assert one.records == two.records
    assert [r.index for r in one.records] == list(range(12))


def test_summaries_are_probabilities_consistent_with_counts() -> None:
    scenario, built = ceasefire()
    found = outlook(scenario.space, built, 20, seed=2, processes=1)
    data = found.to_json()
    assert sum(data["status"].values()) == found.runs == 20
    assert data["ratification"]["overall"] == data["status"].get("ratified", 0) / 20
    for p in [*data["stages"].values(), *data["ratification"].values()]:
        assert 0.0 <= p <= 1.0
    concluded = sum(1 for r in found.records if r.outcome is not None)
    assert sum(n for _, n in found.package_counts()) == concluded
    assert all(item["probability"] == item["count"] / 20 for item in data["packages"])
    last_stage = list(data["stages"].values())[-1]
    assert last_stage == concluded / 20
    for quantiles in data["utilities"].values():
        assert quantiles["q05"] <= quantiles["q50"] <= quantiles["q95"]


def test_sensitivity_has_one_sorted_entry_per_input() -> None:
    scenario, built = ceasefire()
    found = outlook(scenario.space, built, 15, seed=4, processes=1)
    ranking = found.sensitivity()
    assert sorted(name for e in ranking for name in (e.input, *e.merged)) == sorted(found.input_names)
    assert len(found.input_names) == len(set(found.input_names))
    scores = [e.score for e in ranking]
    assert scores == sorted(scores, reverse=True)
    assert all(0.0 <= s <= 1.0 for s in scores)
    # only what a run draws before it plays: the front's realised drift is an outcome, not an input
    assert not any("front" in name for name in found.input_names)
    targets = set(ranking[0].correlations)
    assert {"ratified", "agreed: ceasefire", "in force: settlement", "ratified by: South"} <= targets
    for entry in ranking:
        for target, r in entry.correlations.items():
            interval = entry.intervals[target]
            assert interval.low <= r <= interval.high


def test_inputs_in_lockstep_are_ranked_as_one() -> None:
    rng = np.random.default_rng(0)
    a = rng.random(50)
    inputs = np.column_stack([a, 1 - a, rng.random(50)])  # weights renormalised: the second is the first
    found = rank_inputs(["w: x", "w: y", "other"], inputs, {"outcome": a + rng.normal(0, 0.1, 50)})
    assert [(e.input, e.merged) for e in found] == [("w: x", ("w: y",)), ("other", ())]


def test_every_probability_of_the_outlook_has_an_interval() -> None:
    scenario, built = ceasefire()
    found = outlook(scenario.space, built, 30, seed=3, processes=1)
    data = found.to_json()
    for group in ("stages", "in_force", "ratification", "status"):
        assert set(data["intervals"][group]) == set(data[group])
        for name, p in data[group].items():
            p = p / found.runs if group == "status" else p
            interval = data["intervals"][group][name]
            assert interval["low"] <= p <= interval["high"] and interval["estimate"] == pytest.approx(p)
            assert interval["se"] == pytest.approx((p * (1 - p) / found.runs) ** 0.5)
    assert "sampling noise" in data["caveat"]


def test_wilson_intervals_stay_inside_and_do_not_collapse() -> None:
    never, always = proportion(0, 100), proportion(100, 100)
    assert never.low == 0.0 and 0.0 < never.high < 0.05
    assert always.high == 1.0 and 0.95 < always.low < 1.0
    half = proportion(500, 1000)
    assert half.low == pytest.approx(0.469, abs=1e-3) and half.high == pytest.approx(0.531, abs=1e-3)
    assert correlation(0.0, 103).high == pytest.approx(-correlation(0.0, 103).low)


def test_spearman_ranks_ties_and_constants() -> None:
    assert list(average_ranks([3.0, 1.0, 3.0, 2.0])) == [3.5, 1.0, 3.5, 2.0]
    assert spearman([1, 2, 3], [10, 20, 30]) == pytest.approx(1.0)
    assert spearman([1, 2, 3], [3, 2, 1]) == pytest.approx(-1.0)
    assert spearman([1, 1, 1], [1, 2, 3]) == 0.0


def test_needs_a_run() -> None:
    scenario, built = ceasefire()
    with pytest.raises(ValueError, match="at least one run"):
        outlook(scenario.space, built, 0, seed=0)
