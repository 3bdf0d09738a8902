"""``parley whatif``: structural variants of a scenario side by side, each with its intervals; the
scenario as it is equals ``parley forecast``'s outlook; every bad variant is one located message."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from parley.cli import app

runner = CliRunner()
STAGE_DESIGN = "stages=[{name: one comprehensive stage, issues: [prisoner_exchange, ceasefire], rounds: 60}]"


def _whatif(*args: str) -> dict[str, Any]:
    result = runner.invoke(app, ["whatif", "istanbul-2025", "--runs", "40", "--json", *args])
    assert result.exit_code == 0, result.output
    document: dict[str, Any] = json.loads(result.stdout)
    return document


def test_strategy_stage_design_and_breakdown_variants_side_by_side(tmp_path: Path) -> None:
    variants = tmp_path / "variants.yaml"
    variants.write_text(
        "- name: strategies swapped\n"
        "  set: {mandates.Russia.strategy: conceder, mandates.Ukraine.strategy: boulware}\n"
        "- name: no resumption after a breakdown\n"
        "  set: {breakdown.resumes: 0}\n",
        encoding="utf-8",
    )
    found = _whatif("--set", STAGE_DESIGN, "--variants", str(variants))
    names = [v["name"] for v in found["variants"]]
    assert names == ["as it is", STAGE_DESIGN, "strategies swapped", "no resumption after a breakdown"]
    base, stages, swapped, _ = found["variants"]
    assert list(stages["in_force"]) == ["one comprehensive stage"]
    assert swapped["set"] == {"mandates.Russia.strategy": "conceder", "mandates.Ukraine.strategy": "boulware"}
    for variant in found["variants"]:
        for group in ("stages", "in_force", "ratification"):
            assert set(variant["intervals"][group]) == set(variant[group])
    # a setting has an effect: swapping the strategies changes what stands at the end
    assert swapped["in_force"] != base["in_force"]


def test_a_breakdown_rule_variant_has_its_effect() -> None:
    # breakdowns are rare in istanbul-2025 (each side's walk-away value is near what the other offers, so
    # talks mostly run out of time): 100 runs show talks that no longer resume once broken off
    result = runner.invoke(
        app, ["whatif", "istanbul-2025", "--runs", "100", "--json", "--set", "breakdown.resumes=0"]
    )
    assert result.exit_code == 0, result.output
    base, once = json.loads(result.stdout)["variants"]
    assert base["status"].get("broken_off", 0) < once["status"].get("broken_off", 0)


def test_the_scenario_as_it_is_is_the_forecasts_outlook() -> None:
    found = _whatif("--set", "mandates.Russia.strategy=linear")
    forecast = runner.invoke(app, ["forecast", "istanbul-2025", "--runs", "40", "--json"])
    outlook = json.loads(forecast.stdout)["outlook"]
    base = found["variants"][0]
    assert (base["in_force"], base["ratification"], base["status"]) == (
        outlook["in_force"],
        outlook["ratification"],
        outlook["status"],
    )


def test_bad_variants_are_one_located_message(tmp_path: Path) -> None:
    cases = [
        (["--set", "mandates.Russia.stratgy=linear"], "mandates.Russia.stratgy"),
        (["--set", "mandates.Narnia.strategy=linear"], "no such entry"),
        (["--set", "no equals sign"], "PATH=VALUE"),
        (["--set", "stages.9.rounds=10"], "indexed by 0.."),
        ([], "at least one variant"),
    ]
    bad = tmp_path / "bad.yaml"
    bad.write_text("- {name: x}\n", encoding="utf-8")
    cases.append((["--variants", str(bad)], "variant 0"))
    for args, expected in cases:
        result = runner.invoke(app, ["whatif", "istanbul-2025", "--runs", "5", *args])
        assert result.exit_code == 2, (args, result.output)
        assert expected in result.output and "Traceback" not in result.output, (args, result.output)
