"""The no_deal section: walk-away values derived by the rule, one notion of acceptable, located errors."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from parley.cli import app
from parley.formats import ScenarioError, dumps_yaml, loads_yaml

BASE = """
parley: 1
issues:
  - {name: x, type: categorical, options: [a, b]}
parties:
  - name: A
    utility: {type: linear, weights: {x: 1}, values: {x: {a: 1, b: 0}}}
  - name: B
    utility: {type: linear, weights: {x: 1}, values: {x: {a: 0, b: 1}}}
statements:
  - {speaker: "A's minister", quote: "They lose if the talks fail.", kind: claim, party: A, on_failure: gains}
  - {speaker: "A's envoy", quote: "We cannot wait.", kind: position, party: A, on_failure: costs}
  - {speaker: "B's president", quote: "We will not give in.", kind: position, party: B, on_failure: holds}
actors:
  - {name: Pa, role: principal, party: A}
  - {name: Ma, role: advisor, party: A}
briefings:
  - advisor: Ma
    importance: {x: 1}
    values: {x: {a: 1, b: 0}}
mandates:
  A: {trust: {Ma: 1.0}}
no_deal:
  state: the talks fail
  ladder: {gains: 0.6, holds: 0.4, costs: 0.2}
  spread: 0.05
"""


def test_each_side_gets_the_mean_rung_of_its_statements_as_its_reservation_value() -> None:
    scenario = loads_yaml(BASE)
    reservations = {p.name: p.preferences.reservation_value for p in scenario.parties}
    assert reservations == {"A": pytest.approx(0.4), "B": pytest.approx(0.4)}
    process = scenario.process
    assert process is not None and process.plan.no_deal is not None
    assert process.plan.no_deal.values == {"A": pytest.approx(0.4), "B": pytest.approx(0.4)}
    # the mandate's reservation is the same value (one notion of acceptable), with the section's spread
    (briefing,) = process.mandates["A"].briefings
    assert briefing.reservation_estimate is not None
    assert (briefing.reservation_estimate.mean, briefing.reservation_estimate.spread) == (
        pytest.approx(0.4),
        0.05,
    )
    assert process.mandates["A"].expected().reservation_value == pytest.approx(0.4)


def test_a_different_ladder_moves_the_walk_away_values() -> None:
    scenario = loads_yaml(
        BASE.replace("{gains: 0.6, holds: 0.4, costs: 0.2}", "{gains: 0.7, holds: 0.5, costs: 0.1}")
    )
    reservations = {p.name: p.preferences.reservation_value for p in scenario.parties}
    assert reservations == {"A": pytest.approx(0.4), "B": pytest.approx(0.5)}


def test_the_scenario_round_trips_with_its_derived_values() -> None:
    scenario = loads_yaml(BASE)
    again = loads_yaml(dumps_yaml(scenario))
    assert [p.preferences.reservation_value for p in again.parties] == [
        p.preferences.reservation_value for p in scenario.parties
    ]
    assert [s.on_failure for s in again.metadata.statements] == ["gains", "costs", "holds"]


@pytest.mark.parametrize(
    ("change", "where", "message"),
    [
        (
            (
                "    utility: {type: linear, weights: {x: 1}, values: {x: {a: 1, b: 0}}}\n",
                "    utility: {type: linear, weights: {x: 1}, values: {x: {a: 1, b: 0}}}\n"
                "    reservation_value: 0.7\n",
            ),
            "parties[0].reservation_value",
            "differs from 0.4",
        ),
        (
            (
                "    values: {x: {a: 1, b: 0}}\nmandates",
                "    values: {x: {a: 1, b: 0}}\n    reservation: 0.3\nmandates",
            ),
            "briefings[0].reservation",
            "leave it out",
        ),
        (
            ("party: B, on_failure: holds", "party: C, on_failure: holds"),
            "statements[2].party",
            "unknown party",
        ),
        (("party: B, on_failure: holds", "on_failure: holds"), "statements[2].on_failure", "needs the party"),
        (
            ("{gains: 0.6, holds: 0.4, costs: 0.2}", "{gains: 0.2, holds: 0.4, costs: 0.6}"),
            "no_deal.ladder",
            "must not rise",
        ),
    ],
)
def test_a_bad_no_deal_input_is_a_located_error(change: tuple[str, str], where: str, message: str) -> None:
    text = BASE.replace(*change)
    assert text != BASE
    with pytest.raises(ScenarioError) as raised:
        loads_yaml(text)
    assert where in str(raised.value) and message in str(raised.value)


def test_the_cli_reports_a_bad_no_deal_with_exit_2(tmp_path: object) -> None:
    from pathlib import Path

    path = Path(str(tmp_path)) / "bad.yaml"
    path.write_text(
        BASE.replace("{gains: 0.6, holds: 0.4, costs: 0.2}", "{gains: 0.6, holds: 0.4}"), encoding="utf-8"
    )
    result = CliRunner().invoke(app, ["info", str(path)])
    assert result.exit_code == 2
    assert "no_deal.ladder" in result.output and "Traceback" not in result.output
