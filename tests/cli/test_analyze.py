"""``parley analyze``: tables, the JSON contract, the interactive plot, and clean failures."""

from __future__ import annotations

import json
import re
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from parley.analysis import pareto_frontier
from parley.cli.app import app
from parley.examples import example_path_text
from parley.formats import load_scenario

runner = CliRunner()


@pytest.fixture
def example(tmp_path: Path) -> Path:
    path = tmp_path / "example.yaml"
    path.write_text(example_path_text(), encoding="utf-8")
    return path


def test_analyze_json_contract(example: Path) -> None:
    result = runner.invoke(app, ["analyze", str(example), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    scenario = load_scenario(example)
    assert data["parties"] == ["North", "South"]
    assert data["outcomes"] == scenario.space.feasible_count
    frontier = pareto_frontier(scenario.space, [p.preferences for p in scenario.parties])
    assert len(data["frontier"]) == data["frontier_size"] == len(frontier)
    for point in data["frontier"]:
        row = scenario.space.outcome(point["outcome"])
        assert point["utilities"] == [p.preferences.evaluate(row[None, :])[0] for p in scenario.parties]
    for key in ("nash", "kalai_smorodinsky", "egalitarian", "max_welfare"):
        assert set(data[key]) == {"utilities", "outcome"}
        assert data[key]["utilities"] in [p["utilities"] for p in data["frontier"]]
    assert data["zone_of_agreement"]["exists"] is True
    assert isinstance(data["zone_of_agreement"]["count"], int)
    assert 0 < data["opposition"] < 1.5
    assert set(data["lotteries"]) == {"nash", "kalai_smorodinsky", "egalitarian"}


def test_analyze_tables(example: Path) -> None:
    result = runner.invoke(app, ["analyze", str(example)])
    assert result.exit_code == 0, result.output
    for words in ("Pareto frontier", "Nash", "Kalai", "Zone of agreement", "Opposition", "lotteries"):
        assert words in result.output


def test_analyze_plot_is_self_contained(example: Path, tmp_path: Path) -> None:
    plot = tmp_path / "space.html"
    result = runner.invoke(app, ["analyze", str(example), "--plot", str(plot), "--json"])
    assert result.exit_code == 0, result.output
    html = plot.read_text(encoding="utf-8")
    assert "Pareto frontier" in html and "nash" in html and "reservation" in html
    assert not re.search(r'<script[^>]+src="https?://', html)  # plotly.js is embedded, no network needed


def test_analyze_a_genius_folder(shared_dir: Path) -> None:
    folder = shared_dir / "domains" / "anac2010-Travel"
    result = runner.invoke(app, ["analyze", str(folder), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["outcomes"] == 188_160 and data["frontier_exact"]
    utilities = np.array([p["utilities"] for p in data["frontier"]])
    assert (np.diff(utilities[:, 0]) <= 0).all() and (np.diff(utilities[:, 1]) >= 0).all()


def test_analyze_rejects_unknown_method(example: Path) -> None:
    result = runner.invoke(app, ["analyze", str(example), "--method", "magic"])
    assert result.exit_code == 2


def test_analyze_on_broken_file_fails_cleanly(tmp_path: Path) -> None:
    path = tmp_path / "broken.yaml"
    path.write_text("issues: [\n", encoding="utf-8")
    result = runner.invoke(app, ["analyze", str(path)])
    assert result.exit_code == 2
    assert "not valid YAML" in result.output


def test_analysis_and_run_say_which_reservation_values_they_use() -> None:
    cli = app
    analysed = json.loads(CliRunner().invoke(cli, ["analyze", "ceasefire", "--json"]).output)
    assert analysed["reservation_source"] == "parties" and analysed["reservation_values"] == [0.35, 0.3]
    mandates = analysed["mandate_reservation_values"]
    assert set(mandates) == {"North", "South"} and mandates["North"] != 0.35
    run = json.loads(CliRunner().invoke(cli, ["run", "ceasefire", "--seed", "1", "--json"]).output)
    assert run["reservation_source"] == "mandates" and run["reservation_values"] == mandates
    text = " ".join(CliRunner().invoke(cli, ["analyze", "ceasefire"]).output.split())
    assert "Reservation values used: the parties' own (North 0.350, South 0.300)" in text
    assert "The delegations' mandates differ" in text


def test_a_no_deal_rule_gives_analysis_and_runs_one_notion_of_acceptable() -> None:
    cli = app
    analysed = json.loads(CliRunner().invoke(cli, ["analyze", "istanbul-2025", "--json"]).output)
    assert analysed["reservation_values"] == [0.5, 0.5]  # the walk-away values of the no_deal rule
    assert analysed["mandate_reservation_values"] == {"Russia": 0.5, "Ukraine": 0.5}
    text = " ".join(CliRunner().invoke(cli, ["analyze", "istanbul-2025"]).output.split())
    assert "the parties' own (Russia 0.500, Ukraine 0.500)" in text
    assert "mandates use the same values" in text
