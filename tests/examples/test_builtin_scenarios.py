"""The built-in scenarios: they load, round-trip and summarise; the Istanbul ones are sourced and
neutral; the textbook ones give the answers written in their descriptions; the CLI takes them by name."""

from __future__ import annotations

import json
import re
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from parley.analysis import analyze
from parley.cli.app import app
from parley.examples import EXAMPLES, example_path, example_path_text, load_example
from parley.formats import dumps_yaml, load_scenario, loads_yaml
from parley.report import summarize
from parley.scenario import StatementKind

runner = CliRunner()
ISTANBUL = ("istanbul-2022", "istanbul-2025")
ALL_NAMES = ("ceasefire", "istanbul-2022", "istanbul-2025", "textbook-split", "textbook-logroll")
ASSUMPTION_WORDS = "illustrative assumptions, not estimates from the sources"


# --- every built-in scenario ------------------------------------------------------------------------
def test_examples_lists_all_five_with_descriptions() -> None:
    assert tuple(EXAMPLES) == ALL_NAMES
    assert all(description.strip() for description in EXAMPLES.values())


@pytest.mark.parametrize("name", ALL_NAMES)
def test_builtin_scenario_loads_round_trips_and_summarises(name: str) -> None:
    scenario = load_example(name)
    assert scenario.metadata.title
    again = loads_yaml(dumps_yaml(scenario))
    assert dumps_yaml(again) == dumps_yaml(scenario)
    assert again.metadata == scenario.metadata
    summary = summarize(scenario)
    assert summary["issues"] == list(scenario.space.issue_names)
    assert summary["parties"] == list(scenario.party_names)


@pytest.mark.parametrize("name", ALL_NAMES)
def test_example_path_is_the_packaged_file(name: str) -> None:
    path = example_path(name)
    assert path.read_text(encoding="utf-8") == example_path_text(name)
    assert dumps_yaml(load_scenario(path)) == dumps_yaml(load_example(name))


def test_unknown_example_name_is_a_key_error() -> None:
    with pytest.raises(KeyError, match="istanbul-2022"):
        load_example("istanbul-2023")


# --- the Istanbul scenarios: sourced, attributed, assumptions declared --------------------------------
@pytest.mark.parametrize("name", ISTANBUL)
def test_istanbul_claims_have_speaker_and_source(name: str) -> None:
    statements = load_example(name).metadata.statements
    assert any(s.kind is StatementKind.CLAIM for s in statements)
    for statement in statements:
        assert statement.speaker.strip() and statement.quote.strip()
        assert statement.source is not None and statement.source.url.startswith("http"), statement
        if statement.kind is StatementKind.CLAIM:
            assert statement.date, statement


@pytest.mark.parametrize("name", ISTANBUL)
def test_istanbul_sources_have_url_and_register_tag(name: str) -> None:
    sources = load_example(name).metadata.sources
    assert len(sources) >= 20
    for source in sources:
        assert source.title and source.url.startswith("http"), source
        assert re.match(r"\[[ST][\w-]*\] ", source.note), source


@pytest.mark.parametrize("name", ISTANBUL)
def test_istanbul_every_cited_tag_is_a_listed_source(name: str) -> None:
    text = example_path_text(name)
    listed = set(re.findall(r'note: "\[([ST][\w-]*)\]', text))
    body = text[text.index("\nstatements:") :]
    cited = set(re.findall(r"\[([ST][\w-]*)\]", body))
    assert cited <= listed, cited - listed


@pytest.mark.parametrize("name", ISTANBUL)
def test_istanbul_parameters_are_marked_as_assumptions(name: str) -> None:
    scenario = load_example(name)
    assert ASSUMPTION_WORDS in " ".join(scenario.metadata.description.split())
    assert scenario.party_names == ("Russia", "Ukraine")
    for party in scenario.parties:
        assert "ASSUMPTIONS" in party.description, party.name


@pytest.mark.parametrize("name", ISTANBUL)
def test_istanbul_every_issue_has_a_linked_statement(name: str) -> None:
    scenario = load_example(name)
    linked = {s.issue for s in scenario.metadata.statements}
    assert set(scenario.space.issue_names) <= linked


def test_istanbul_red_lines_only_where_stated_as_non_negotiable() -> None:
    assert all(not party.preferences.red_lines for party in load_example("istanbul-2022").parties)
    russia, ukraine = load_example("istanbul-2025").parties
    assert not russia.preferences.red_lines
    assert [c.issue for c in ukraine.preferences.red_lines] == ["territory"]


def test_istanbul_dates_and_venues() -> None:
    talks_2022 = load_example("istanbul-2022").metadata
    assert talks_2022.date == "2022-03-29" and "Dolmabahçe" in talks_2022.venue
    talks_2025 = load_example("istanbul-2025").metadata
    assert talks_2025.date == "2025-05-16"
    assert "Dolmabahçe" in talks_2025.venue and "Çırağan" in talks_2025.venue


@pytest.mark.parametrize("name", ISTANBUL)
def test_istanbul_analysis_runs(name: str) -> None:
    scenario = load_example(name)
    result = analyze(scenario.space, [party.preferences for party in scenario.parties])
    assert len(result.frontier) > 1 and result.zone.exists


# --- the textbook cases: the answers written in their descriptions ------------------------------------
def test_textbook_split_known_answers() -> None:
    scenario = load_example("textbook-split")
    result = analyze(scenario.space, [party.preferences for party in scenario.parties])
    assert scenario.space.feasible_count == 11
    assert len(result.frontier) == 11
    assert result.zone.count == 7
    for name in ("nash", "kalai_smorodinsky", "egalitarian"):
        solution = result.solutions[name]
        assert solution is not None
        assert scenario.space.values_of(solution.outcome) == {"alpha_share": 5}
        np.testing.assert_allclose(solution.utilities, [0.5, 0.5])


def test_textbook_logroll_known_answers() -> None:
    scenario = load_example("textbook-logroll")
    result = analyze(scenario.space, [party.preferences for party in scenario.parties])
    assert scenario.space.feasible_count == 9
    frontier = {
        (p["harbour"], p["railway"])
        for p in (scenario.space.values_of(row) for row in result.frontier.outcomes)
    }
    assert frontier == {
        ("alpha", "alpha"),
        ("alpha", "split"),
        ("alpha", "beta"),
        ("split", "beta"),
        ("beta", "beta"),
    }
    assert result.zone.count == 5
    for name in ("nash", "kalai_smorodinsky", "egalitarian", "max_welfare"):
        solution = result.solutions[name]
        assert solution is not None
        assert scenario.space.values_of(solution.outcome) == {"harbour": "alpha", "railway": "beta"}
        np.testing.assert_allclose(solution.utilities, [0.7, 0.7])


# --- the command line takes built-in names ---------------------------------------------------------------
def test_info_by_name_json() -> None:
    result = runner.invoke(app, ["info", "istanbul-2022", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["parties"] == ["Russia", "Ukraine"]
    assert "armed_forces" in data["issues"]
    assert any(s["kind"] == "claim" for s in data["statements"])


def test_scenarios_command_lists_every_builtin() -> None:
    result = runner.invoke(app, ["scenarios"], env={"COLUMNS": "250"})
    assert result.exit_code == 0, result.output
    for name in ALL_NAMES:
        assert name in result.output
    assert "Russia, Ukraine" in result.output


@pytest.mark.parametrize("command", ["info", "analyze", "negotiate"])
def test_unknown_name_exits_2_with_one_clear_message(command: str) -> None:
    result = runner.invoke(app, [command, "istanbul-2023"])
    assert result.exit_code == 2
    assert "istanbul-2023" in result.stderr and "no built-in scenario" in result.stderr
    assert "Traceback" not in result.output


def test_existing_file_wins_over_a_builtin_name(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "textbook-split").write_text(example_path_text("textbook-logroll"), encoding="utf-8")
    result = runner.invoke(app, ["info", "textbook-split", "--json"])
    assert result.exit_code == 2  # a file without a YAML suffix: the path is used, not the built-in
    assert "not a parley YAML file" in result.stderr


@pytest.mark.parametrize("name", ["textbook-logroll", "istanbul-2025"])
def test_negotiate_and_analyze_by_name(name: str) -> None:
    analysed = runner.invoke(app, ["analyze", name, "--json"])
    assert analysed.exit_code == 0, analysed.output
    assert json.loads(analysed.stdout)["frontier_size"] > 1
    negotiated = runner.invoke(app, ["negotiate", name, "--rounds", "20", "--json"])
    assert negotiated.exit_code == 0, negotiated.output


# --- the Istanbul scenarios: the delegations process ------------------------------------------------------
@pytest.mark.parametrize("name", ISTANBUL)
def test_istanbul_has_actors_briefings_mandates_and_stages(name: str) -> None:
    process = load_example(name).process
    assert process is not None
    roles = {actor.role for actor in process.cast.actors}
    assert {"principal", "delegation_head", "advisor", "host", "ratifier"} <= roles
    briefings = [b for model in process.mandates.values() for b in model.briefings]
    assert briefings
    for briefing in briefings:
        assert "assumption for illustration, not sourced" in " ".join(briefing.notes.lower().split())
    assert set(process.mandates) == {"Russia", "Ukraine"}
    for mandate in process.mandates.values():
        assert sum(mandate.trust.values()) == pytest.approx(1.0)
    assert len(process.plan.stages) >= 2
    assert any(stage.freezes_front for stage in process.plan.stages)
    # no deal is its own state, valued by each side, never a status-quo package of options
    assert process.plan.no_deal is not None
    assert not process.plan.status_quo


@pytest.mark.parametrize("name", ISTANBUL)
def test_istanbul_run_json_gives_stages_with_statuses(name: str) -> None:
    result = runner.invoke(app, ["run", name, "--seed", "0", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert [stage["name"] for stage in data["stages"]] == [
        s.name for s in load_example(name).delegations.plan.stages
    ]
    allowed = {"agreed", "broken_off", "deadline", "not_reached"}
    assert all(stage["status"] in allowed for stage in data["stages"])
    assert data["stages"][0]["status"] != "not_reached"


@pytest.mark.parametrize("party", ["Russia", "Ukraine"])
def test_istanbul_mandate_command(party: str) -> None:
    result = runner.invoke(app, ["mandate", "istanbul-2022", "--party", party])
    assert result.exit_code == 0, result.output
    assert f"Mandate of {party}" in result.output
