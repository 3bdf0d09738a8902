"""The command line: demo, info (tables and JSON), convert, schema, and clean failures on bad input."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from parley.cli.app import app
from parley.examples import example_path_text
from parley.formats import load_scenario

runner = CliRunner()


def test_demo_prints_the_example_summary() -> None:
    result = runner.invoke(app, ["demo"])
    assert result.exit_code == 0, result.output
    for words in (
        "North",
        "South",
        "ceasefire",
        "Outcomes",
        "Best package",
        "every party prefers",
        "claim of",
    ):
        assert words in result.output


def test_info_json_on_yaml(tmp_path: Path) -> None:
    path = tmp_path / "example.yaml"
    path.write_text(example_path_text(), encoding="utf-8")
    result = runner.invoke(app, ["info", str(path), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["issues"][0] == "ceasefire"
    assert data["parties"] == ["North", "South"]
    assert isinstance(data["outcomes"], int) and data["outcomes"] == 4389
    assert data["party_details"][0]["reservation_value"] == 0.35
    assert data["party_details"][1]["discount_factor"] == 0.9
    assert [s["kind"] for s in data["statements"]] == ["position", "claim"]


def test_info_table_on_yaml(tmp_path: Path) -> None:
    path = tmp_path / "example.yaml"
    path.write_text(example_path_text(), encoding="utf-8")
    result = runner.invoke(app, ["info", str(path)])
    assert result.exit_code == 0, result.output
    assert "4,389" in result.output and "pullback_km" in result.output


@pytest.mark.parametrize(
    ("name", "content", "words"),
    [
        ("bad.yaml", "issues: [\n  - name: x\n", "not valid YAML"),
        (
            "bad.yaml",
            example_path_text().replace("reservation_value: 0.35", "reservation_value: high"),
            "parties[0].reservation_value",
        ),
    ],
)
def test_info_on_malformed_yaml_fails_cleanly(tmp_path: Path, name: str, content: str, words: str) -> None:
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    _assert_clean_failure(["info", str(path)], [str(path), words])


def test_info_on_truncated_xml_fails_cleanly(tmp_path: Path) -> None:
    folder = tmp_path / "domain"
    folder.mkdir()
    (folder / "domain.xml").write_text(
        '<negotiation_template><utility_space number_of_issues="1"><objective index="0" name="r">'
        '<issue index="1" name="x" type="discrete"><item index="1" value="a"/>',
        encoding="utf-8",
    )
    _assert_clean_failure(["info", str(folder)], ["domain.xml"])


BOMB = """<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
]>
<negotiation_template><utility_space><objective index="0" name="&lol4;"/></utility_space>
</negotiation_template>
"""


def test_info_on_xml_bomb_fails_cleanly(tmp_path: Path) -> None:
    folder = tmp_path / "bomb"
    folder.mkdir()
    (folder / "domain.xml").write_text(BOMB, encoding="utf-8")
    _assert_clean_failure(["info", str(folder)], ["domain.xml"])


def test_info_on_missing_path_fails_cleanly(tmp_path: Path) -> None:
    _assert_clean_failure(["info", str(tmp_path / "absent.yaml")], ["no such file"])


def _assert_clean_failure(arguments: list[str], words: list[str]) -> None:
    """Run the real console script: exit status 2, a message on stderr, no traceback."""
    process = subprocess.run(
        [sys.executable, "-m", "parley", *arguments], capture_output=True, text=True, check=False
    )
    assert process.returncode == 2, process.stderr
    assert "Traceback" not in process.stderr + process.stdout
    message = " ".join(process.stderr.split())
    for word in words:
        assert word in message, message
    assert process.stdout == ""


SIMPLE = """
title: Simple
issues:
  - {name: price, type: integer, min: 1, max: 5}
  - {name: colour, type: categorical, options: [red, green, blue]}
parties:
  - name: buyer
    reservation_value: 0.2
    utility:
      type: linear
      weights: {price: 0.6, colour: 0.4}
      values: {price: {slope: -0.25, intercept: 1.25}, colour: {red: 1.0, green: 0.5, blue: 0.0}}
  - name: seller
    utility:
      type: linear
      weights: {price: 0.7, colour: 0.3}
      values: {price: {slope: 0.25, intercept: -0.25}, colour: {red: 0.0, green: 1.0, blue: 0.5}}
"""


@pytest.mark.parametrize("fmt", ["genius", "geniusweb"])
def test_convert_yaml_to_folder_and_back(tmp_path: Path, fmt: str) -> None:
    source = tmp_path / "simple.yaml"
    source.write_text(SIMPLE, encoding="utf-8")
    folder = tmp_path / fmt
    result = runner.invoke(app, ["convert", str(source), str(folder), "--to", fmt])
    assert result.exit_code == 0, result.output
    back = tmp_path / "back.yaml"
    result = runner.invoke(app, ["convert", str(folder), str(back)])
    assert result.exit_code == 0, result.output
    first = load_scenario(source)
    second = load_scenario(back)
    outcomes = first.space.all_outcomes()
    assert first.space.issue_names == second.space.issue_names
    for a, b in zip(first.parties, second.parties, strict=True):
        np.testing.assert_allclose(a.preferences.evaluate(outcomes), b.preferences.evaluate(outcomes))
        assert a.preferences.reservation_value == pytest.approx(b.preferences.reservation_value)


def test_convert_refuses_what_genius_cannot_hold(tmp_path: Path) -> None:
    source = tmp_path / "example.yaml"
    source.write_text(example_path_text(), encoding="utf-8")
    target = tmp_path / "out"
    _assert_clean_failure(["convert", str(source), str(target), "--to", "genius"], ["constraints"])
    assert not target.exists()


@pytest.mark.parametrize("fmt", ["genius", "geniusweb"])
def test_convert_writes_nothing_when_one_profile_cannot_be_written(tmp_path: Path, fmt: str) -> None:
    source = tmp_path / "red.yaml"
    source.write_text(SIMPLE.replace("    reservation_value: 0.2\n", "    red_lines: {colour: [blue]}\n"))
    target = tmp_path / "out"
    _assert_clean_failure(["convert", str(source), str(target), "--to", fmt], ["red line"])
    assert not target.exists()


def test_info_json_on_every_shared_domain(shared_dir: Path) -> None:
    folders = sorted(p for p in (shared_dir / "domains").iterdir() if p.is_dir())
    assert folders, "shared/domains holds no domain folder"
    for folder in folders:
        result = runner.invoke(app, ["info", str(folder), "--json"])
        assert result.exit_code == 0, (folder, result.output)
        data = json.loads(result.stdout)
        scenario = load_scenario(folder)
        assert data["outcomes"] == scenario.space.cardinality > 0
        assert data["parties"] == list(scenario.party_names) and len(data["parties"]) >= 2


def test_convert_refuses_unknown_format(tmp_path: Path) -> None:
    result = runner.invoke(app, ["convert", "x.yaml", str(tmp_path / "out"), "--to", "pdf"])
    assert result.exit_code == 2


def test_schema_prints_json_schema() -> None:
    result = runner.invoke(app, ["schema"])
    assert result.exit_code == 0
    assert json.loads(result.stdout)["title"] == "parley scenario"
