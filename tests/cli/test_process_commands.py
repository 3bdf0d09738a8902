"""``parley mandate`` and ``parley run`` on the built-in example."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from parley.cli.app import app
from parley.examples import EXAMPLES, example_path_text

runner = CliRunner()


def test_run_prints_a_timeline_from_mandates_to_ratification() -> None:
    result = runner.invoke(app, ["run", "ceasefire", "--seed", "1"])
    assert result.exit_code == 0, result.output
    for words in (
        "mandate from briefings",
        "stage 'ceasefire' opens",
        "initials the agreement of stage 'ceasefire'",
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
        "partial",
        "abandoned",
        "broken_down",
        "broken_off",
        "deadline",
    }
    statuses = {"initialled", "signed", "ratified", "in_force", "abandoned", "broken_down"}
    assert all(a["status"] in statuses for a in data["agreements"])
    assert data["win_sets"]["South"]["without_patrons"] > 0  # South's patron votes in its ratification
    assert any("breakdown rule" in line for line in data["assumptions"])


def test_the_humanitarian_stage_of_2025_stands_although_the_ceasefire_is_not_agreed() -> None:
    result = runner.invoke(app, ["run", "istanbul-2025", "--seed", "1", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    stages = {s["name"]: s["status"] for s in data["stages"]}
    assert stages["ceasefire and its conditions"] != "agreed"
    (humanitarian,) = [a for a in data["agreements"] if a["stage"] == "humanitarian steps and the next round"]
    assert humanitarian["status"] == "in_force" and humanitarian["needs_ratification"] is False
    assert data["in_force"]["prisoner_exchange"] == humanitarian["package"]["prisoner_exchange"]


def test_run_opens_from_a_named_draft(tmp_path: Path) -> None:
    # the treaty stage alone: in istanbul-2022 as it is, the ceasefire stage before it is rarely agreed
    raw = yaml.safe_load(example_path_text("istanbul-2022"))
    raw["stages"] = [{**raw["stages"][1], "after": []}]
    path = tmp_path / "treaty-only.yaml"
    path.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    result = runner.invoke(app, ["run", str(path), "--seed", "1", "--json", "--opening", "april-2022-draft"])
    assert result.exit_code == 0, result.output
    events = json.loads(result.stdout)["events"]
    opened = [
        i for i, e in enumerate(events) if e["kind"] == "stage_opened" and e.get("data", {}).get("opening")
    ]
    assert [events[i]["data"]["opening"] for i in opened] == ["april-2022-draft"]
    first = next(e for e in events[opened[0] :] if e["kind"] == "offer")
    issues = events[opened[0]]["data"]["issues"]
    package = dict(zip(issues, first["outcome"], strict=True))
    assert package["neutrality"] == 0 and package["eu_membership"] == 1  # permanent neutrality, EU allowed


def test_run_refuses_an_unknown_draft() -> None:
    result = runner.invoke(app, ["run", "istanbul-2022", "--opening", "no-such-draft"])
    assert result.exit_code == 2 and "no draft 'no-such-draft'" in result.output


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


def test_a_run_labels_every_modelling_choice_it_rests_on() -> None:
    data = json.loads(runner.invoke(app, ["run", "istanbul-2025", "--seed", "1", "--json"]).stdout)
    lines = data["assumptions"]
    assert any(line.startswith("breakdown rule:") for line in lines)
    assert any(line.startswith("strategies and powers: Russia boulware") for line in lines)
    assert any(
        line.startswith("the front: front_donetsk drifts") and "reservation values move" in line
        for line in lines
    )
    assert any(line.startswith("ratification thresholds:") for line in lines)
