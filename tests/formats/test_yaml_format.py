"""The YAML scenario format: round trips, and located, clear errors for malformed files."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from parley.examples import example_path_text, load_example
from parley.formats import ScenarioError, dumps_yaml, load_yaml, loads_yaml, save_yaml
from parley.formats.process_schema import scenario_json_schema
from parley.preferences import Utility

DOCS_SCHEMA = Path(__file__).resolve().parents[2] / "docs" / "scenario.schema.json"


def test_example_round_trips_through_yaml(tmp_path: Path) -> None:
    scenario = load_example()
    save_yaml(scenario, tmp_path / "again.yaml")
    again = load_yaml(tmp_path / "again.yaml")
    assert again == scenario
    assert dumps_yaml(again) == dumps_yaml(scenario)


def test_round_trip_keeps_every_utility(tmp_path: Path) -> None:
    scenario = load_example()
    normalized = tuple(replace(p, preferences=p.preferences.normalized()) for p in scenario.parties)
    again = loads_yaml(dumps_yaml(replace(scenario, parties=normalized)))
    outcomes = scenario.space.all_outcomes()
    for before, after in zip(scenario.parties, again.parties, strict=True):
        normalized = before.preferences.normalized()
        np.testing.assert_array_equal(normalized.evaluate(outcomes), after.preferences.evaluate(outcomes))
        assert after.preferences.reservation_value == normalized.reservation_value


def test_example_metadata_and_counts() -> None:
    scenario = load_example()
    assert scenario.party_names == ("North", "South")
    assert scenario.space.cardinality == 3 * 3 * 11 * 7 * 3 * 3
    # monitoring needs a ceasefire; settlement talks need a ceasefire
    outcomes = scenario.space.all_outcomes()
    values = [scenario.space.values_of(o) for o in outcomes[:: max(1, len(outcomes) // 500)]]
    assert all(v["monitoring"] == "none" or v["ceasefire"] != "none" for v in values)
    assert all(v["settlement_talks"] == "none" or v["ceasefire"] != "none" for v in values)
    assert scenario.space.feasible_count == len(outcomes) == 2 * 3 * 11 * 7 * 3 * 3 + 11 * 7 * 3
    assert scenario.metadata.sources


def _broken(old: str, new: str) -> str:
    text = example_path_text()
    assert old in text, old
    return text.replace(old, new, 1)


@pytest.mark.parametrize(
    ("old", "new", "location", "words"),
    [
        (
            "        ceasefire: 0.10\n",
            "        ceasefir: 0.10\n",
            "parties[0].utility.weights.ceasefir",
            "unknown issue",
        ),
        ("reservation_value: 0.35", "reservation_value: high", "parties[0].reservation_value", "number"),
        ("type: real", "type: reel", "issues[3]", "reel"),
        ("discount_factor: 0.95", "discount_factor: 1.5", "parties[0].discount_factor", "less than or equal"),
        (
            "then: {ceasefire: [local, full]}",
            "then: {ceasefire: [local, total]}",
            "constraints[0].then.ceasefire",
            "no option 'total'",
        ),
        (
            "        settlement_talks: 0.10\n",
            "",
            "parties[0].utility.weights",
            "no weight for issue settlement_talks",
        ),
        (
            "ceasefire: {none: 1.0, local: 0.7, full: 0.4}",
            "ceasefire: {none: 1.0, local: 0.7}",
            "parties[0].utility.values.ceasefire",
            "no value for option full",
        ),
        (
            "prisoner_exchange: {slope: 0.1, intercept: 0.0}\n        pullback_km: {slope: -0.0",
            "prisoner_exchange: {slope: x}\n        pullback_km: {slope: -0.0",
            "parties[0].utility.values.prisoner_exchange.slope",
            "number",
        ),
        ("  - name: South", "  - name: North", "parties[1].name", "used twice"),
        (
            "    red_lines:\n      monitoring:",
            "    red_lines:\n      monitorin:",
            "parties[0].red_lines.monitorin",
            "unknown issue",
        ),
        ("    max: 10\n", "    max: 10\n    maximum: 12\n", "issues[2].maximum", "Extra inputs"),
    ],
)
def test_malformed_file_names_file_location_and_problem(
    tmp_path: Path, old: str, new: str, location: str, words: str
) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(_broken(old, new), encoding="utf-8")
    with pytest.raises(ScenarioError) as caught:
        load_yaml(path)
    message = str(caught.value)
    assert message.startswith(str(path))
    assert f"at {location}:" in message
    assert words in message
    assert caught.value.line is not None


def test_error_points_at_the_right_line(tmp_path: Path) -> None:
    text = _broken("reservation_value: 0.30", "reservation_value: lots")
    path = tmp_path / "bad.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ScenarioError) as caught:
        load_yaml(path)
    line = text.splitlines()[caught.value.line - 1]  # type: ignore[operator]
    assert "reservation_value: lots" in line


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("issues: [\n  - name: x\n", "not valid YAML"),
        ("- just\n- a list\n", "must be a YAML mapping"),
        ("title: nothing else\n", "issues"),
        ("", "must be a YAML mapping"),
    ],
)
def test_unreadable_documents(text: str, words: str) -> None:
    with pytest.raises(ScenarioError, match=words):
        loads_yaml(text, file="doc.yaml")


def test_yaml_alias_bomb_is_refused() -> None:
    lines = ['l0: &l0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for level in range(1, 9):
        lines.append(f"l{level}: &l{level} [" + ", ".join([f"*l{level - 1}"] * 9) + "]")
    with pytest.raises(ScenarioError, match="alias bomb"):
        loads_yaml("\n".join(lines) + "\n", file="bomb.yaml")


def test_missing_file_is_a_scenario_error(tmp_path: Path) -> None:
    with pytest.raises(ScenarioError, match="cannot read"):
        load_yaml(tmp_path / "nothing.yaml")


class _OpaqueUtility(Utility):
    """A utility the YAML format cannot describe."""

    def evaluate(self, outcomes: np.ndarray) -> np.ndarray:
        return np.zeros(len(outcomes))


def test_failed_save_leaves_existing_file_intact(tmp_path: Path) -> None:
    path = tmp_path / "keep.yaml"
    path.write_text("original", encoding="utf-8")
    scenario = load_example()
    party = scenario.parties[0]
    opaque = replace(party, preferences=replace(party.preferences, utility=_OpaqueUtility()))
    with pytest.raises(ScenarioError, match="cannot be written"):
        save_yaml(replace(scenario, parties=(opaque, scenario.parties[1])), path)
    assert path.read_text(encoding="utf-8") == "original"
    assert not list(tmp_path.glob("*.tmp"))


def test_hyperrectangle_utility_in_yaml() -> None:
    text = """
issues:
  - {name: a, type: integer, min: 0, max: 9}
  - {name: b, type: integer, min: 0, max: 9}
parties:
  - name: P
    utility:
      type: hyperrectangles
      normalizer: 10
      rectangles:
        - {utility: 4, include: {a: {min: 2, max: 5}}}
        - {utility: 6, include: {a: {min: 0, max: 9}, b: {min: 7}}, exclude: {a: [3]}}
"""
    scenario = loads_yaml(text)
    space = scenario.space
    outcomes = np.array(
        [space.outcome({"a": 3, "b": 8}), space.outcome({"a": 4, "b": 8}), space.outcome({"a": 0, "b": 0})]
    )
    np.testing.assert_allclose(scenario.parties[0].preferences.evaluate(outcomes), [0.4, 1.0, 0.0])
    assert loads_yaml(dumps_yaml(scenario)) == scenario


def test_docs_schema_is_current() -> None:
    if not DOCS_SCHEMA.exists():
        pytest.fail("docs/scenario.schema.json is missing: run `parley schema > docs/scenario.schema.json`")
    assert DOCS_SCHEMA.read_text(encoding="utf-8").strip() == scenario_json_schema().strip()


def test_every_shared_domain_converts_to_yaml_with_identical_utilities(shared_dir: Path) -> None:
    from parley.formats import load_scenario

    rng = np.random.default_rng(0)
    for folder in sorted(p for p in (shared_dir / "domains").iterdir() if p.is_dir()):
        scenario = load_scenario(folder)
        again = loads_yaml(dumps_yaml(scenario), file=f"{folder.name}.yaml")
        space = scenario.space
        outcomes = space.all_outcomes() if space.cardinality <= 200_000 else space.sample(5_000, rng)
        for before, after in zip(scenario.parties, again.parties, strict=True):
            np.testing.assert_array_equal(
                before.preferences.evaluate(outcomes),
                after.preferences.evaluate(outcomes),
                err_msg=folder.name,
            )
            assert after.preferences.reservation_value == before.preferences.reservation_value
            assert after.preferences.discount_factor == before.preferences.discount_factor


def test_statements_round_trip_and_stay_attributed() -> None:
    scenario = load_example()
    statements = scenario.metadata.statements
    assert [s.kind.value for s in statements] == ["position", "claim"]
    assert statements[1].speaker == "South's foreign minister" and statements[1].source is not None
    assert loads_yaml(dumps_yaml(scenario)).metadata.statements == statements


def test_statement_about_an_unknown_issue_is_a_located_error(tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(_broken("    issue: ceasefire\n", "    issue: armistice\n"), encoding="utf-8")
    with pytest.raises(ScenarioError, match=r"statements\[0\]\.issue: unknown issue 'armistice'"):
        load_yaml(path)
