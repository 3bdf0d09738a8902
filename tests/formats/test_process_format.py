"""The delegations sections of a scenario file: round trip, and located errors for what does not fit."""

from __future__ import annotations

from pathlib import Path

import pytest

from parley.examples import example_path_text, load_example
from parley.formats import ScenarioError, dumps_yaml, load_yaml, loads_yaml


def _load_broken(tmp_path: Path, old: str, new: str) -> ScenarioError:
    text = example_path_text()
    assert old in text, old
    path = tmp_path / "bad.yaml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(ScenarioError) as caught:
        load_yaml(path)
    return caught.value


def test_process_sections_round_trip() -> None:
    scenario = load_example()
    assert scenario.process is not None and scenario.process.plan.stages
    again = loads_yaml(dumps_yaml(scenario))
    assert again.process == scenario.process
    assert again == scenario


def test_the_example_builds_a_plan_with_mandates_front_and_ratifiers() -> None:
    scenario = load_example()
    built = scenario.process
    assert built is not None
    assert set(built.mandates) == {"North", "South"}
    assert [s.name for s in built.plan.stages] == ["ceasefire", "settlement"]
    assert built.plan.front is not None
    variable = built.plan.front.variables[0]
    # drift pooled from North's two situation reports with trust 0.3 and 0.2: (0.3·0.4 + 0.2·0.6) / 0.5
    assert variable.drift == pytest.approx(0.48) and variable.spread == pytest.approx(0.96)
    assert [r.name for r in built.plan.ratifiers["South"]] == ["South's parliament", "South's patron"]


@pytest.mark.parametrize(
    ("old", "new", "location", "words"),
    [
        (
            "  - advisor: North's intelligence chief\n",
            "  - advisor: North's spy chief\n",
            "briefings[1].advisor",
            "no actor",
        ),
        (
            "North's foreign minister: 0.35,",
            "North's foreign minister: 0.45,",
            "mandates.North.trust",
            "sum to 1",
        ),
        (
            "issues: [pullback_km, sanctions_relief, settlement_talks]",
            "issues: [pullback_km, sanctions, settlement_talks]",
            "stages[1].issues[1]",
            "unknown issue 'sanctions'",
        ),
        (
            "ratifiers: [{actor: North's parliament, threshold: 0.45}]",
            "ratifiers: [{actor: South's parliament, threshold: 0.45}]",
            "ratification.North.ratifiers[0].actor",
            "is not an actor of 'North'",
        ),
        ("drift_from: North}", "drift_from: Host}", "front.variables[0].drift_from", "unknown party"),
        (
            "  sanctions_relief: none\n  settlement_talks: none\n",
            "  sanctions_relief: nothing\n  settlement_talks: none\n",
            "status_quo.sanctions_relief",
            "no option 'nothing'",
        ),
        (
            "condition: {prisoner_exchange: {min: 5}}",
            "condition: {prisoners: {min: 5}}",
            "mandates.North.tasks[0].condition.prisoners",
            "unknown issue",
        ),
        (
            "  cost: {eastern_front: 2}\n",
            "  cost: {western_front: 2}\n",
            "breakdown.cost.western_front",
            "unknown state variable",
        ),
        ("  charged: breaker\n", "  charged: East\n", "breakdown.charged", "unknown party"),
        (
            '  assumption: "invented: a breakdown',
            '  tests: "invented: a breakdown',
            "breakdown.assumption",
            "Field required",
        ),
        (
            "  - actor: South's patron\n    conditions:",
            "  - actor: South's parliament\n    conditions:",
            "patrons[0].actor",
            "is not a patron",
        ),
        (
            "conditions: {ceasefire: [local, full]}",
            "conditions: {truce: [local, full]}",
            "patrons[0].conditions.truce",
            "unknown issue",
        ),
        (
            "ratification: false, violation_hazard: 0.02}",
            "ratification: false, violation_hazard: 0.02, opening: nope}",
            "stages[0].opening",
            "unknown draft 'nope'",
        ),
        (
            "ratification: false, violation_hazard: 0.02}",
            "ratification: false, violation_hazard: 0.02, after: [settlement]}",
            "stages",
            "not earlier stages",
        ),
        (
            "    referral_rounds: 2\n    strategy: boulware\n",
            "    referral_rounds: 2\n    strategy: boulware\n    outside_competence: [borders]\n",
            "mandates.North.outside_competence[0]",
            "unknown issue 'borders'",
        ),
    ],
)
def test_malformed_process_sections_get_located_errors(
    tmp_path: Path, old: str, new: str, location: str, words: str
) -> None:
    error = _load_broken(tmp_path, old, new)
    assert f"at {location}:" in str(error), str(error)
    assert words in str(error)
    assert error.line is not None


def test_breakdown_patrons_drafts_and_competence_are_built() -> None:
    plan = load_example().delegations.plan
    assert plan.breakdown is not None and plan.breakdown.resume_after == 3 and plan.breakdown.assumption
    (patron,) = plan.patrons
    assert (patron.name, patron.party, patron.reservation_shift) == ("South's patron", "South", -0.05)
    voter = plan.ratifiers["South"][-1]
    assert voter.patron and voter.veto and voter.threshold == 0.3
    treaty = load_example("istanbul-2022").delegations.plan
    assert set(treaty.drafts["april-2022-draft"]) == {
        "neutrality",
        "guarantors",
        "eu_membership",
        "crimea_sevastopol",
    }
    ukraine = next(
        d for d in load_example("istanbul-2025").delegations.plan.delegations if d.party == "Ukraine"
    )
    assert ukraine.competence is not None and "territory" not in ukraine.competence


def test_stakeholder_table_round_trips_and_builds() -> None:
    scenario = load_example()
    built = scenario.process
    assert built is not None
    table = built.stakeholders["ceasefire_scope"]
    assert table.actors[0] == "North" and len(table) == 5
    assert loads_yaml(dumps_yaml(scenario)).process == scenario.process


@pytest.mark.parametrize(
    ("old", "new", "location", "words"),
    [
        (
            "capability: 0.40, position: 20, salience: 0.8",
            "capability: 0.40, position: 20, salience: 1.8",
            "stakeholders.ceasefire_scope[0].salience",
            "less than or equal to 1",
        ),
        (
            "{actor: Host government, capability: 0.05",
            "{actor: North, capability: 0.05",
            "stakeholders.ceasefire_scope[3].actor",
            "listed twice",
        ),
    ],
)
def test_malformed_stakeholder_tables_get_located_errors(
    tmp_path: Path, old: str, new: str, location: str, words: str
) -> None:
    error = _load_broken(tmp_path, old, new)
    assert f"at {location}:" in str(error), str(error)
    assert words in str(error)
