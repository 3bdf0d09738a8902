"""``parley backtest`` and ``parley forecast --outcome``: each model's error against known outcomes,
its mean absolute error over the cases with a bootstrap interval, and bad case files as one message."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from parley.cli.app import app
from parley.forecast import brier, mean_absolute_errors

runner = CliRunner()
TABLE = "Actor,Capability,Position,Salience\nA,1,0,1\nB,1,10,1\nC,2,4,1\n"


def _cases(folder: Path, shared_dir: Path) -> Path:
    (folder / "toy.csv").write_text(TABLE, encoding="utf-8")
    (folder / "toy.case.yaml").write_text(
        "name: toy\ntable: toy.csv\noutcome: 4\nsource: invented for the test\n", encoding="utf-8"
    )
    emission = shared_dir / "forecast" / "emission_standards.csv"
    (folder / "emission.case.yaml").write_text(
        f"name: EC emission standards\ntable: {emission}\noutcome: 8.833\nsource: SOURCES.md\n",
        encoding="utf-8",
    )
    return folder


def test_every_model_is_scored_over_the_cases(tmp_path: Path, shared_dir: Path) -> None:
    result = runner.invoke(app, ["backtest", str(_cases(tmp_path, shared_dir)), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    toy = next(row for row in data["cases"] if row["case"] == "toy")
    assert toy["forecasts"]["median"] == pytest.approx(4.0) and toy["errors"]["median"] == pytest.approx(0.0)
    emission = next(row for row in data["cases"] if row["case"] == "EC emission standards")
    assert emission["errors"]["compromise"] == pytest.approx(abs(7.38996 - 8.833), abs=1e-4)
    scores = {score["model"]: score for score in data["models"]}
    assert set(scores) == {"compromise", "median", "nash", "eu_median", "eu_mean"}
    for model, score in scores.items():
        expected = (toy["errors"][model] + emission["errors"][model]) / 2
        assert score["mae"] == pytest.approx(expected) and score["cases"] == 2
        low, high = score["interval"]
        assert low <= score["mae"] <= high


def test_forecast_reports_each_models_error_against_a_given_outcome(shared_dir: Path) -> None:
    path = shared_dir / "forecast" / "emission_standards.csv"
    data = json.loads(runner.invoke(app, ["forecast", str(path), "--json", "--outcome", "8.833"]).output)
    assert data["errors"]["median"] == pytest.approx(abs(7.0 - 8.833))


def test_bad_case_files_are_one_located_message(tmp_path: Path) -> None:
    empty = runner.invoke(app, ["backtest", str(tmp_path)])
    assert empty.exit_code == 2 and "no case files" in empty.output
    (tmp_path / "a.case.yaml").write_text(
        "name: a\ntable: missing.csv\noutcome: 1\nsource: x\n", encoding="utf-8"
    )
    missing = runner.invoke(app, ["backtest", str(tmp_path)])
    assert missing.exit_code == 2 and "no table at" in missing.output
    (tmp_path / "a.case.yaml").write_text("name: a\ntable: t.csv\noutcome: [1]\n", encoding="utf-8")
    wrong = runner.invoke(app, ["backtest", str(tmp_path)])
    assert wrong.exit_code == 2 and "outcome" in wrong.output and "source" in wrong.output
    assert "Traceback" not in wrong.output


def test_brier_scores_and_a_single_case_has_no_interval() -> None:
    assert brier(0.8, True) == pytest.approx(0.04) and brier(0.8, False) == pytest.approx(0.64)
    (score,) = mean_absolute_errors([{"m": 0.5}])
    assert (score.mae, score.low, score.high) == (0.5, None, None)
