"""The scenario summary behind ``parley info`` and ``parley demo``: exact counts, checked by brute force."""

from __future__ import annotations

import itertools

import numpy as np

from parley.domain import CategoricalIssue, Condition, IntegerIssue, OutcomeSpace
from parley.examples import load_example
from parley.preferences import LinearAdditiveUtility, Preferences
from parley.report import summarize
from parley.scenario import Party, Scenario


def test_example_summary_matches_brute_force() -> None:
    scenario = load_example()
    summary = summarize(scenario)
    outcomes = scenario.space.all_outcomes()
    acceptable = [p.preferences.acceptable(outcomes) for p in scenario.parties]
    assert summary["outcomes"] == len(outcomes)
    assert summary["agreement"]["acceptable_to_all"] == int((acceptable[0] & acceptable[1]).sum())
    for party, mask in zip(scenario.parties, acceptable, strict=True):
        assert summary["agreement"]["acceptable_to"][party.name] == int(mask.sum())
        best = summary["agreement"]["best_for"][party.name]
        best_row = scenario.space.outcome(best["package"])
        assert party.preferences.evaluate(best_row[None, :])[0] == party.preferences.evaluate(outcomes).max()
    assert summary["party_details"][0]["red_lines"] == ["monitoring ∈ {international_mission}"]
    assert "if monitoring ∈ {joint_commission, international_mission}" in summary["constraints"][0]


def test_huge_space_summary_is_exact_without_enumeration() -> None:
    issues = tuple(IntegerIssue(f"i{k}", 0, 9) for k in range(30))
    space = OutcomeSpace(issues)
    utility = LinearAdditiveUtility.from_tables(space, [1 / 30] * 30, [np.linspace(0, 1, 10)] * 30)
    scenario = Scenario(
        space, (Party("a", Preferences(space, utility)), Party("b", Preferences(space, utility)))
    )
    summary = summarize(scenario)
    assert summary["outcomes"] == 10**30
    assert "agreement" not in summary


def test_red_line_best_package_reports_none() -> None:
    space = OutcomeSpace((CategoricalIssue("x", ("a", "b")), CategoricalIssue("y", ("c", "d"))))
    first = LinearAdditiveUtility.from_tables(space, [0.5, 0.5], [[1, 0], [1, 0]])
    second = LinearAdditiveUtility.from_tables(space, [0.5, 0.5], [[0, 1], [0, 1]])
    scenario = Scenario(
        space,
        (
            Party("one", Preferences(space, first, red_lines=(Condition("x", ("b",)),))),
            Party("two", Preferences(space, second)),
        ),
    )
    agreement = summarize(scenario)["agreement"]
    assert agreement["best_for"]["two"]["utilities"]["one"] is None
    expected = sum(1 for x, _ in itertools.product("ab", "cd") if x == "a")
    assert agreement["acceptable_to"]["one"] == expected
