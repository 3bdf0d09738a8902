"""``parley forecast``: models on a stakeholder CSV, the Monte-Carlo outlook of a scenario."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from parley.cli.app import app

runner = CliRunner()


def test_models_on_a_stakeholder_csv(shared_dir: Path) -> None:
    path = shared_dir / "forecast" / "emission_standards.csv"
    result = runner.invoke(app, ["forecast", str(path), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["compromise"] == pytest.approx(7.38996, abs=1e-5)
    assert data["median"] == pytest.approx(7.0)
    assert set(data) == {"compromise", "median", "nash", "eu"}


def test_expected_utility_model_gives_rounds(shared_dir: Path) -> None:
    path = shared_dir / "forecast" / "emission_standards.csv"
    result = runner.invoke(app, ["forecast", str(path), "--model", "eu", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert list(data) == ["eu"]
    median, mean = data["eu"]["median"], data["eu"]["mean"]
    assert isinstance(median, list) and len(median) == len(mean) > 1
    assert median[0] == pytest.approx(7.0)


def test_models_as_tables(tmp_path: Path) -> None:
    path = tmp_path / "table.csv"
    path.write_text("Actor,Capability,Position,Salience\nA,1,0,1\nB,1,10,1\nC,2,4,0.5\n")
    result = runner.invoke(app, ["forecast", str(path)])
    assert result.exit_code == 0, result.output
    for words in ("compromise", "median", "nash", "Expected-utility model"):
        assert words in result.output


def test_outlook_of_a_scenario() -> None:
    result = runner.invoke(app, ["forecast", "ceasefire", "--runs", "50", "--json", "--processes", "1"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert "ceasefire_scope" in data["models"]
    found = data["outlook"]
    for key in (
        "stages",
        "ratification",
        "packages",
        "utilities",
        "expected_rounds",
        "sensitivity",
        "status",
    ):
        assert key in found
    assert found["runs"] == 50
    assert set(found["stages"]) == {"ceasefire", "settlement"}
    assert 0.0 <= found["ratification"]["overall"] <= 1.0


def test_outlook_tables() -> None:
    result = runner.invoke(app, ["forecast", "ceasefire", "--runs", "10", "--processes", "1"])
    assert result.exit_code == 0, result.output
    for words in ("Outlook", "Sensitivity", "ceasefire_scope", "compromise"):
        assert words in result.output


def test_a_scenario_without_stakeholders_says_so() -> None:
    result = runner.invoke(app, ["forecast", "textbook-split", "--runs", "5", "--json", "--processes", "1"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert "no stakeholder table" in data["note"] and "models" not in data


def test_a_bad_csv_exits_2_with_a_message(tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    path.write_text("Actor,Capability,Position\nA,1,2\n")
    result = runner.invoke(app, ["forecast", str(path), "--json"])
    assert result.exit_code == 2
    assert "error:" in result.output and "Traceback" not in result.output


@pytest.mark.parametrize(
    ("arguments", "words"),
    [
        (["no-such-scenario"], "no such file"),
        (["ceasefire", "--model", "oracle"], "--model"),
    ],
)
def test_bad_arguments_exit_2(arguments: list[str], words: str) -> None:
    result = runner.invoke(app, ["forecast", *arguments])
    assert result.exit_code == 2
    assert words in result.output


def test_scenario_forecast_includes_the_models_on_its_stakeholder_table() -> None:
    result = runner.invoke(app, ["forecast", "ceasefire", "--runs", "10", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    models = data["models"]["ceasefire_scope"]
    weights = [0.4 * 0.8, 0.25 * 0.9, 0.2 * 0.5, 0.05 * 0.6, 0.1 * 0.4]
    positions = [20, 95, 80, 60, 70]
    expected = sum(w * p for w, p in zip(weights, positions, strict=True)) / sum(weights)
    assert models["compromise"] == pytest.approx(expected)
    assert models["median"] in positions
    assert len(models["eu"]["median"]) == len(models["eu"]["mean"])


def test_a_table_on_a_0_to_100_scale_is_read_on_its_scale(shared_dir: Path) -> None:
    path = shared_dir / "forecast" / "ChinaData_masad.csv"
    detected = runner.invoke(app, ["forecast", str(path), "--json"])
    assert detected.exit_code == 0, detected.output
    given = runner.invoke(app, ["forecast", str(path), "--json", "--salience-scale", "100"])
    assert json.loads(given.output) == json.loads(detected.output)
    wrong = runner.invoke(app, ["forecast", str(path), "--salience-scale", "1"])
    assert (
        wrong.exit_code == 2
        and "--salience-scale 100" in wrong.output
        and "salience_scale=" not in wrong.output
    )


def test_the_eu_model_reports_its_convergence_and_positions(shared_dir: Path) -> None:
    path = shared_dir / "forecast" / "emission_standards.csv"
    data = json.loads(runner.invoke(app, ["forecast", str(path), "--model", "eu", "--json"]).output)["eu"]
    assert data["convergence"]["status"] in ("converged", "cycles", "round_limit")
    assert len(data["positions"]) == 10 and all(
        len(p) == len(data["median"]) for p in data["positions"].values()
    )
    assert {k for kinds in data["offer_types"].values() for k in kinds} <= {
        "none",
        "confrontation",
        "compromise",
        "capitulation",
    }
    text = runner.invoke(app, ["forecast", str(path), "--model", "eu"]).output
    assert "expected-utility model: stopped by the round limit without settling" in " ".join(text.split())


@pytest.mark.parametrize("name", ["cop21.csv", "copenhagen.csv"])
def test_an_exchange_model_table_is_detected_and_runs_the_exchange_model(shared_dir: Path, name: str) -> None:
    path = shared_dir / "forecast" / name
    data = json.loads(runner.invoke(app, ["forecast", str(path), "--model", "all", "--json"]).output)
    assert data["table"] == {"kind": "exchange", "models": ["exchange"]}
    found = data["exchange"]
    assert set(found["forecast"]) == set(found["start"]) == set(found["round_1"])
    assert found["exchanges"] > 0 and found["convergence"]["status"] in ("converged", "cycles", "round_limit")
    assert all(0.0 <= value <= 100.0 for value in found["forecast"].values())
    refused = runner.invoke(app, ["forecast", str(path), "--model", "eu"])
    assert refused.exit_code == 2 and "eu does not apply to an exchange-model table" in refused.output


TABLES = (
    "ChinaData_masad.csv", "HondurasCrisisData_masad.csv", "SOE-Competitive.csv", "SOE-Pol-Comp.csv",
    "SOE-Policy.csv", "Sultan.csv", "cop21.csv", "copenhagen.csv", "emission_standards.csv",
)  # fmt: skip
KINDS = {"SOE-Competitive.csv": "ktab", "SOE-Pol-Comp.csv": "ktab", "SOE-Policy.csv": "ktab"}


@pytest.mark.parametrize("name", TABLES)
def test_every_shared_table_runs_the_models_that_apply(shared_dir: Path, name: str) -> None:
    path = shared_dir / "forecast" / name
    result = runner.invoke(app, ["forecast", str(path), "--model", "all", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    kind = KINDS.get(name, "exchange" if name in ("cop21.csv", "copenhagen.csv") else "actors")
    if kind == "actors":
        assert {"compromise", "median", "nash", "eu"} <= set(data)
    else:
        assert data["table"]["kind"] == kind and data[data["table"]["models"][0]]["forecast"]


def test_the_spatial_model_on_the_ktab_tables_and_its_voting_rule(shared_dir: Path) -> None:
    path = shared_dir / "forecast" / "SOE-Pol-Comp.csv"
    data = json.loads(runner.invoke(app, ["forecast", str(path), "--json"]).output)["smp"]
    assert set(data["forecast"]) == {"Policy", "Competitive"} and data["ktab_round"] == 27
    assert len(data["positions"]) == 13 and all(
        len(p["Policy"]) == data["rounds"] + 1 for p in data["positions"].values()
    )
    policy = shared_dir / "forecast" / "SOE-Policy.csv"
    prop = json.loads(runner.invoke(app, ["forecast", str(policy), "--json"]).output)["smp"]
    binary = json.loads(
        runner.invoke(app, ["forecast", str(policy), "--json", "--voting-rule", "PropBin"]).output
    )["smp"]
    assert prop["settings"]["voting_rule"] == "Prop" and binary["settings"]["voting_rule"] == "PropBin"
    assert prop["forecast"] != binary["forecast"]  # the setting has an effect
    bad = runner.invoke(app, ["forecast", str(policy), "--voting-rule", "Majority"])
    assert bad.exit_code == 2 and "no voting rule 'Majority'" in bad.output


def test_the_outcome_is_scored_from_the_same_run_of_the_eu_model(
    shared_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from parley.cli import forecast_commands

    calls: list[object] = []
    real = forecast_commands.run_expected_utility

    def counted(table: object) -> object:
        calls.append(table)
        return real(table)  # type: ignore[arg-type]

    monkeypatch.setattr(forecast_commands, "run_expected_utility", counted)
    path = shared_dir / "forecast" / "emission_standards.csv"
    result = runner.invoke(app, ["forecast", str(path), "--outcome", "8.833", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert len(calls) == 1
    assert data["errors"]["eu_median"] == pytest.approx(abs(data["eu"]["median"][-1] - 8.833))
