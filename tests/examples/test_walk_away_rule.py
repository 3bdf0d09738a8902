"""Rule 3 of docs/real-world-scenarios.md, checked mechanically on the built-in Istanbul scenarios: no
deal is its own state, each side's walk-away value comes by the one ladder from its own coded
statements, and the parameters that rest on it are set the same way for both sides."""

from __future__ import annotations

from statistics import fmean
from typing import Any

import pytest
import yaml

from parley.examples import example_path_text, load_example
from parley.scenario import StatementKind

ISTANBUL = ("istanbul-2022", "istanbul-2025")


def _raw(name: str) -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(example_path_text(name))
    return data


@pytest.mark.parametrize("name", ISTANBUL)
def test_no_walk_away_value_is_written_by_hand(name: str) -> None:
    raw = _raw(name)
    assert "status_quo" not in raw and "no_deal" in raw
    assert all("reservation_value" not in party for party in raw["parties"])
    assert all("reservation" not in briefing for briefing in raw["briefings"])
    # every ratifier approves what beats no deal for its side: no threshold of its own
    assert all("threshold" not in r for spec in raw["ratification"].values() for r in spec["ratifiers"])


@pytest.mark.parametrize("name", ISTANBUL)
def test_each_side_s_walk_away_value_is_the_mean_rung_of_its_own_statements(name: str) -> None:
    raw, scenario = _raw(name), load_example(name)
    ladder, default = raw["no_deal"]["ladder"], raw["no_deal"].get("default", "holds")
    process = scenario.process
    assert process is not None and process.plan.no_deal is not None
    for party in scenario.parties:
        rungs = [s.on_failure for s in scenario.metadata.statements if s.party == party.name and s.on_failure]
        expected = fmean(ladder[rung] for rung in rungs) if rungs else ladder[default]
        assert party.preferences.reservation_value == pytest.approx(expected)
        assert process.plan.no_deal.values[party.name] == pytest.approx(expected)
        assert process.mandates[party.name].expected().reservation_value == pytest.approx(expected)


@pytest.mark.parametrize("name", ISTANBUL)
def test_every_coded_statement_is_a_sourced_statement_of_its_side(name: str) -> None:
    coded = [s for s in load_example(name).metadata.statements if s.on_failure is not None]
    for statement in coded:
        assert statement.party in {"Russia", "Ukraine"}
        assert statement.kind is not StatementKind.FACT  # what a side says failure brings it is its own view
        assert statement.source is not None and statement.source.url.startswith("http")


@pytest.mark.parametrize("name", ISTANBUL)
def test_the_parameters_that_rest_on_the_walk_away_value_are_set_alike_for_both_sides(name: str) -> None:
    mandates = _raw(name)["mandates"]
    assert len({spec["strategy"] for spec in mandates.values()}) == 1
    assert len({spec["authority_margin"] for spec in mandates.values()}) == 1
    assert all("authority_limit" not in spec for spec in mandates.values())


def test_the_spokeswoman_s_statement_is_her_attributed_claim_and_the_breakdown_rule_cites_it() -> None:
    scenario = load_example("istanbul-2025")
    (statement,) = [s for s in scenario.metadata.statements if "Zakharova" in s.speaker]
    assert statement.kind is StatementKind.CLAIM and statement.party == "Russia"
    assert statement.date == "2025-05-15"
    assert statement.source is not None and statement.source.url.startswith("https://tass.com/")
    assert "getting smaller every time" in statement.quote
    process = scenario.process
    assert process is not None and process.plan.breakdown is not None
    assert "Zakharova" in process.plan.breakdown.tests and "[T-zakharova]" in process.plan.breakdown.tests
