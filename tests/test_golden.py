"""Golden traces: ``parley run`` of every built-in scenario and ``parley negotiate`` of a few pairings.

Each is run with ``--seed 1 --json`` and compared with the file under ``tests/golden/`` (wall-clock
fields left out), so that every change of behaviour shows up in review as a diff of a golden file.
``PARLEY_UPDATE_GOLDEN=1 pytest tests/test_golden.py`` rewrites them; the commit then says why.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from parley.cli.app import app
from parley.examples import EXAMPLES

GOLDEN = Path(__file__).parent / "golden"
#: Fields that measure time, not behaviour.
WALL_CLOCK = frozenset({"elapsed"})

NEGOTIATIONS: dict[str, list[str]] = {
    "negotiate-ceasefire-boulware-conceder-alternating": [
        "ceasefire", "--a", "boulware", "--b", "conceder", "--protocol", "alternating",
    ],
    "negotiate-istanbul-2022-tit-for-tat-frequency-simultaneous": [
        "istanbul-2022", "--a", "tit-for-tat", "--b", "frequency", "--protocol", "simultaneous",
    ],
    "negotiate-textbook-logroll-aspiration-bayesian-single-text": [
        "textbook-logroll", "--a", "aspiration", "--b", "bayesian", "--protocol", "single-text",
    ],
}  # fmt: skip


def _without_wall_clock(value: object) -> object:
    """``value`` with every wall-clock field dropped, at any depth."""
    if isinstance(value, dict):
        return {k: _without_wall_clock(v) for k, v in value.items() if k not in WALL_CLOCK}
    if isinstance(value, list):
        return [_without_wall_clock(item) for item in value]
    return value


def _check(name: str, args: list[str]) -> None:
    result = CliRunner().invoke(app, [*args, "--seed", "1", "--json"])
    assert result.exit_code == 0, result.output
    trace = _without_wall_clock(json.loads(result.stdout))
    path = GOLDEN / f"{name}.json"
    if os.environ.get("PARLEY_UPDATE_GOLDEN") == "1":
        path.write_text(json.dumps(trace, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    assert path.exists(), f"no golden trace {path.name}; run with PARLEY_UPDATE_GOLDEN=1 to write it"
    assert trace == json.loads(path.read_text(encoding="utf-8")), f"{path.name} changed"


@pytest.mark.parametrize("scenario", sorted(EXAMPLES))
def test_run_of_each_built_in_scenario_matches_its_golden_trace(scenario: str) -> None:
    _check(f"run-{scenario}", ["run", scenario])


@pytest.mark.parametrize("name", sorted(NEGOTIATIONS))
def test_negotiation_matches_its_golden_trace(name: str) -> None:
    _check(name, ["negotiate", *NEGOTIATIONS[name]])


def test_every_golden_file_is_checked() -> None:
    expected = {f"run-{s}.json" for s in EXAMPLES} | {f"{n}.json" for n in NEGOTIATIONS}
    assert {p.name for p in GOLDEN.glob("*.json")} == expected
