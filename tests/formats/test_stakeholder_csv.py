"""Reading stakeholder tables, and the located errors for tables that do not parse."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from parley.actors import StakeholderTable
from parley.formats import parse_stakeholder_csv, read_stakeholder_csv
from parley.formats.errors import ScenarioError

H = "Actor,Capability,Position,Salience\n"
GOOD = "Actor,Capability,Position,Salience\nA,0.5,4,0.8\nB,0.25,10,0.4\n"

#: Shared tables in the Actor/Capability/Position/Salience format (with Stakeholder/Resources aliases),
#: with the salience scale each uses.
LOADABLE = {
    "emission_standards.csv": (1.0, 10),
    "Sultan.csv": (1.0, 17),
    "ChinaData_masad.csv": (100.0, 24),
    "HondurasCrisisData_masad.csv": (1.0, 5),
}
#: Shared tables in other formats, and why they are not stakeholder CSVs.
OTHER_FORMATS = {
    "SOE-Policy.csv": "KTAB spatial-model input: a scenario line, then Actor,Description,Influence,...",
    "SOE-Competitive.csv": "KTAB spatial-model input (one dimension)",
    "SOE-Pol-Comp.csv": "KTAB spatial-model input (two dimensions)",
    "cop21.csv": "Stokman exchange-model input: tab-separated #A/#P/#M/#D records",
    "copenhagen.csv": "Stokman exchange-model input: tab-separated #A/#P/#M/#D records",
}


def test_reads_columns_in_any_order_with_any_header_case() -> None:
    table = parse_stakeholder_csv("salience,POSITION,actor,Capability\n0.8,4,A,0.5\n")
    assert table.actors == ("A",)
    assert (table.capability[0], table.position[0], table.salience[0]) == (0.5, 4.0, 0.8)
    assert table.weights[0] == pytest.approx(0.4)


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
def test_accepts_every_line_ending(newline: str) -> None:
    table = parse_stakeholder_csv(GOOD.replace("\n", newline))
    assert table.actors == ("A", "B")
    np.testing.assert_array_equal(table.position, [4.0, 10.0])


def test_the_arrays_are_read_only() -> None:
    table = parse_stakeholder_csv(GOOD)
    with pytest.raises(ValueError, match="read-only"):
        table.position[0] = 1.0


def test_blank_lines_are_ignored(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_text(GOOD + "\n\n")
    assert len(read_stakeholder_csv(path)) == 2
    assert read_stakeholder_csv(path).issue == "t"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", "t.csv, at header: the file is empty"),
        (H + "", "t.csv, at table: the table has a header but no actors"),
        ("Actor,Capability,Salience\nA,1,0.5\n", "t.csv, line 1, at header: missing column 'Position'"),
        (H + "A,1,x,0.5\n", "t.csv, line 2, at column Position: 'x' is not"),
        (H + "A,1,4,0.5\nB,1,nan,1\n", "line 3, at column Position: 'nan'"),
        (
            "Actor,Capability,Position,Salience\nA,1,4\n",
            "t.csv, line 2, at column Salience: the cell is empty",
        ),
        (H + ",1,4,1\n", "t.csv, line 2, at column Actor: the cell is empty"),
        (
            "Actor,Capability,Position,Salience\nA,1,4,1\nB,-2,4,1\n",
            "line 3, at column Capability: capability -2",
        ),
        (
            "Actor,Capability,Position,Salience\nA,1,4,1.5\n",
            "line 2, at column Salience: salience 1.5 is outside",
        ),
    ],
)
def test_bad_tables_raise_located_errors(tmp_path: Path, text: str, expected: str) -> None:
    path = tmp_path / "t.csv"
    path.write_text(text)
    with pytest.raises(ScenarioError) as caught:
        read_stakeholder_csv(path)
    assert expected in str(caught.value)
    assert caught.value.file == str(path)


def test_salience_on_another_scale_is_scaled_and_checked() -> None:
    text = "Stakeholder,Resources,Position,Salience\nA,80,25,50\nB,90,15,120\n"
    with pytest.raises(
        ScenarioError,
        match=r"line 3, at column Salience: salience 120 is outside \[0, 100\]",
    ):
        parse_stakeholder_csv(text, salience_scale=100.0)
    with pytest.raises(ScenarioError, match="needs --salience-scale 100"):
        parse_stakeholder_csv(text.replace("120", "70"))
    table = parse_stakeholder_csv(text.replace("120", "70"), salience_scale=100.0)
    np.testing.assert_allclose(table.salience, [0.5, 0.7])


def test_mismatched_arrays_are_rejected() -> None:
    with pytest.raises(ValueError, match="shape"):
        StakeholderTable(("A", "B"), np.ones(2), np.ones(3), np.ones(2))


@pytest.mark.parametrize(("name", "scale_and_size"), sorted(LOADABLE.items()))
def test_shared_stakeholder_tables_load(
    shared_dir: Path, name: str, scale_and_size: tuple[float, int]
) -> None:
    scale, size = scale_and_size
    table = read_stakeholder_csv(shared_dir / "forecast" / name, salience_scale=scale)
    assert len(table) == size
    assert np.all(table.capability >= 0) and np.all((table.salience >= 0) & (table.salience <= 1))


def test_every_shared_csv_is_classified(shared_dir: Path) -> None:
    found = {path.name for path in (shared_dir / "forecast").glob("*.csv")}
    assert found == set(LOADABLE) | set(OTHER_FORMATS)


@pytest.mark.parametrize(("name", "why"), sorted(OTHER_FORMATS.items()))
def test_other_formats_are_not_stakeholder_tables(shared_dir: Path, name: str, why: str) -> None:
    with pytest.raises(ScenarioError, match="missing column"):
        read_stakeholder_csv(shared_dir / "forecast" / name)
    pytest.skip(f"{name} is not an Actor/Capability/Position/Salience table: {why}")
