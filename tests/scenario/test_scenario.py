"""The in-memory scenario: its process is built once and kept, and must seat the scenario's parties."""

from __future__ import annotations

from dataclasses import replace

import pytest

from parley.examples import load_example


def test_the_process_is_built_when_read_and_kept() -> None:
    scenario = load_example("ceasefire")
    assert scenario.process is not None and scenario.delegations is scenario.process
    assert [stage.name for stage in scenario.delegations.plan.stages] == ["ceasefire", "settlement"]


def test_without_sections_the_default_process_is_built_once() -> None:
    scenario = load_example("textbook-split")
    assert scenario.process is None
    first = scenario.delegations
    assert first is scenario.delegations  # cached, not rebuilt per caller
    assert [d.party for d in first.plan.delegations] == list(scenario.party_names)
    assert first.plan.stages == () and first.mandates == {}


def test_a_process_must_seat_the_scenario_s_parties() -> None:
    scenario = load_example("ceasefire")
    swapped = replace(scenario.delegations, plan=replace(scenario.delegations.plan, delegations=()))
    with pytest.raises(ValueError, match=r"the process seats \[\], but the parties are"):
        replace(scenario, process=swapped)
