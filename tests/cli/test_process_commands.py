"""``parley mandate`` and ``parley run`` on the built-in example."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from parley.cli.app import app
from parley.examples import EXAMPLES

runner = CliRunner()


def test_run_prints_a_timeline_from_mandates_to_ratification() -> None:
    result = runner.invoke(app, ["run", "ceasefire", "--seed", "1"])
    assert result.exit_code == 0, result.output
    for words in (
        "mandate from briefings",
        "stage 'ceasefire' opens",
        "initials the draft",
        "ratifies",
        "Outcome:",
    ):
        assert words in result.output


def test_run_json_contract() -> None:
    result = runner.invoke(app, ["run", "ceasefire", "--seed", "1", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert [s["name"] for s in data["stages"]] == ["ceasefire", "settlement"]
    assert all(s["status"] in {"agreed", "broken_off", "deadline", "not_reached"} for s in data["stages"])
    assert data["stages"][0]["outcome"] is None or set(data["stages"][0]["outcome"]) == {
        "ceasefire",
        "monitoring",
        "prisoner_exchange",
    }
    assert set(data["ratification"]) == {"North", "South"}
    for party in ("North", "South"):
        assert data["win_sets"][party]["exact"] is True and data["win_sets"][party]["count"] > 0
        if data["status"] == "ratified":
            assert data["win_sets"][party]["agreement_inside"] is True
    assert data["events"][0]["kind"] == "stage_opened" and data["status"] in {
        "ratified",
        "abandoned",
        "agreed",
        "broken_off",
        "deadline",
    }


def test_run_plot_is_self_contained(tmp_path: Path) -> None:
    plot = tmp_path / "run.html"
    result = runner.invoke(app, ["run", "ceasefire", "--plot", str(plot)])
    assert result.exit_code == 0, result.output
    html = plot.read_text(encoding="utf-8")
    assert "eastern_front" in html and '<script src="http' not in html


def test_mandate_summary() -> None:
    result = runner.invoke(app, ["mandate", "ceasefire", "--party", "North"])
    assert result.exit_code == 0, result.output
    assert "Mandate of North" in result.output and "authority limit" in result.output
    sampled = runner.invoke(app, ["mandate", "ceasefire", "--party", "South", "--seed", "3"])
    assert sampled.exit_code == 0 and "Mandate of South" in sampled.output


def test_mandate_for_an_unknown_party_fails_cleanly() -> None:
    result = runner.invoke(app, ["mandate", "ceasefire", "--party", "West"])
    assert result.exit_code == 2
    assert "no party 'West'" in result.output


@pytest.mark.parametrize("name", list(EXAMPLES))
def test_run_works_on_every_builtin_scenario(name: str) -> None:
    result = runner.invoke(app, ["run", name, "--seed", "0"])
    assert result.exit_code == 0, result.output
    assert "Outcome:" in result.output and "round" in result.output
