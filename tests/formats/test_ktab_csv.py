"""Reading KTAB's spatial-model CSV files, the located errors for files that do not parse, and a fuzzer."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from parley.formats.errors import ScenarioError
from parley.formats.ktab_csv import looks_like_ktab, parse_ktab_csv, read_ktab_csv

FUZZ = settings(max_examples=300, deadline=None, derandomize=True, database=None)

GOOD = (
    "Tiny; scen 1,A small test, 3, 2, \n"
    "Actor,Description,Influence,Policy Position,Policy Salience,Trade Position,Trade Salience, \n"
    "A,First actor,100,30,40,20,50, \n"
    "B,Second,  50.5,45,20.5,65,30, \n"
    "C,,10,100,0,0,100, \n"
)
H1 = "Name,Desc,2,1\nActor,Description,Influence,X Position,X Salience\n"

#: The shared KTAB files: actors, dimensions, and the first actor's row as KTAB reads it.
SHARED = {
    "SOE-Policy.csv": (26, ("Policy",), ("XJ", 100.0, [30.0], [0.30])),
    "SOE-Competitive.csv": (34, ("Competitive",), ("XJ", 100.0, [20.0], [0.60])),
    "SOE-Pol-Comp.csv": (13, ("Policy", "Competitive"), ("XJ", 100.0, [30.0, 20.0], [0.24, 0.48])),
}


def test_reads_scenario_actors_and_dimensions() -> None:
    table = parse_ktab_csv(GOOD)
    assert (table.scenario, table.description) == ("Tiny; scen 1", "A small test")
    assert table.actors == ("A", "B", "C")
    assert table.descriptions == ("First actor", "Second", "")
    assert table.dimensions == ("Policy", "Trade")
    np.testing.assert_array_equal(table.influence, [100.0, 50.5, 10.0])
    np.testing.assert_array_equal(table.position, [[30, 20], [45, 65], [100, 0]])
    np.testing.assert_allclose(table.salience, [[0.4, 0.5], [0.205, 0.3], [0.0, 1.0]])  # KTAB's /100


def test_the_arrays_are_read_only() -> None:
    with pytest.raises(ValueError, match="read-only"):
        parse_ktab_csv(GOOD).position[0, 0] = 1.0


@pytest.mark.parametrize(
    "variant",
    [
        GOOD.replace(", \n", "\n"),  # no trailing commas
        GOOD.replace("\n", "\r\n"),
        GOOD.replace("\n", "\r"),
        "\ufeff" + GOOD,
        GOOD.replace(",", " ,  "),
        GOOD.replace("\n", "\n\n"),  # blank lines
        GOOD.replace("A,First actor", '"A","First actor"'),
        GOOD.replace("Influence", "Power"),  # KTAB's own docs name the column Power
    ],
)
def test_accepts_ktab_variants(variant: str) -> None:
    assert parse_ktab_csv(variant) == parse_ktab_csv(GOOD)


def test_a_description_with_commas_is_kept_whole() -> None:
    table = parse_ktab_csv(GOOD.replace("A small test", "small, but, a test"))
    assert table.description == "small, but, a test"


def test_reads_a_file_and_rejects_bytes_that_are_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "k.csv"
    path.write_bytes(("\ufeff" + GOOD).encode("utf-8"))
    assert read_ktab_csv(path).actors == ("A", "B", "C")
    path.write_bytes(GOOD.encode("utf-8") + b"\xff\xfe")
    with pytest.raises(ScenarioError, match="at encoding: not UTF-8"):
        read_ktab_csv(path)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", "k.csv, at scenario line: the file is empty"),
        ("\n \n", "k.csv, at scenario line: the file is empty"),
        ("Name,2,1\n", "line 1, at scenario line: 3 values; expected name, description"),
        ("Name,Desc,two,1\n", "line 1, at scenario line: number of actors 'two' is not a positive whole"),
        ("Name,Desc,2,1.5\n", "line 1, at scenario line: number of dimensions '1.5' is not"),
        ("Name,Desc,0,1\n", "number of actors '0' is not a positive whole number"),
        ("Name,Desc,2,1\n", "line 1, at header: missing the header"),
        ("N,D,2,1\nActor,Capability,Position,Salience\n", "line 2, at header: column 2 is 'Capability'"),
        ("Name,Desc,2,1\n\nStakeholder,D,I,P,S\n", "line 3, at header: column 1 is 'Stakeholder'"),
        (
            "Name,Desc,2,2\nActor,Description,Influence,X Position,X Salience\n",
            "line 2, at header: 2 position and salience columns; the first line declares 2 dimension(s), "
            "which need 4",
        ),
        (H1 + "A,a,1,10,10\n", "line 1, at table: the first line declares 2 actors but the table has 1"),
        (H1 + "A,a,1,10,10\nB,b,1,1,1\nC,c,1,1,1\n", "line 5, at table: the first line declares 2 actors"),
        (H1 + "A,a,1,10\nB,b,1,1,1\n", "line 3, at row: 4 values; the header has 5 columns"),
        (H1 + "A,a,1,10,10,7\nB,b,1,1,1\n", "line 3, at row: 6 values"),
        (H1 + "A,a,x,10,10\nB,b,1,1,1\n", "line 3, at column Influence: 'x' is not a finite number"),
        (H1 + "A,a,1,10,10\nB,b,1,nan,1\n", "line 4, at column X Position: 'nan' is not a finite number"),
        (H1 + "A,a,1,,10\nB,b,1,1,1\n", "line 3, at column X Position: the cell is empty"),
        (H1 + ",a,1,10,10\nB,b,1,1,1\n", "line 3, at column Actor: the actor's name is empty"),
        (H1 + "A,a,-1,10,10\nB,b,1,1,1\n", "line 3, at column Influence: -1 is outside ≥ 0"),
        (H1 + "A,a,1,101,10\nB,b,1,1,1\n", "line 3, at column X Position: 101 is outside [0, 100]"),
        (H1 + "A,a,1,10,10\nB,b,1,1,-3\n", "line 4, at column X Salience: -3 is outside [0, 100]"),
        (
            "N,D,2,2\nActor,Description,Influence,X Position,X Salience,Y Position,Y Salience\n"
            "A,a,1,10,60,20,50\nB,b,1,1,1,1,1\n",
            "line 3, at saliences: they add up to 110, over 100",
        ),
        (H1 + 'A,"a,1,10,10\nB,b,1,1,1\n', "line 3, at csv: cannot split the row into cells"),
        (H1 + 'A,"a"b,1,10,10\nB,b,1,1,1\n', "line 3, at csv: cannot split the row into cells"),
    ],
)
def test_bad_files_raise_located_errors(tmp_path: Path, text: str, expected: str) -> None:
    path = tmp_path / "k.csv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ScenarioError) as caught:
        read_ktab_csv(path)
    assert expected in str(caught.value)
    assert caught.value.file == str(path)


def test_detects_the_format() -> None:
    assert looks_like_ktab(GOOD)
    assert looks_like_ktab("\ufeff" + GOOD.replace("\n", "\r\n"))
    assert not looks_like_ktab("Actor,Capability,Position,Salience\nA,1,2,0.5\n")
    assert not looks_like_ktab("#A\tNorth\n#P\tissue\n")
    assert not looks_like_ktab("Name,Desc,26,1\nActor,Capability,Position,Salience\n")
    assert not looks_like_ktab("")
    assert not looks_like_ktab('"unterminated\n' * 3)


@pytest.mark.parametrize(("name", "expected"), sorted(SHARED.items()))
def test_the_shared_ktab_files_load(shared_dir: Path, name: str, expected: tuple) -> None:  # type: ignore[type-arg]
    actors, dimensions, (first, influence, position, salience) = expected
    path = shared_dir / "forecast" / name
    assert looks_like_ktab(path.read_text(encoding="utf-8-sig"))
    table = read_ktab_csv(path)
    assert (len(table), table.dimensions) == (actors, dimensions)
    assert (table.actors[0], table.influence[0]) == (first, influence)
    np.testing.assert_allclose(table.position[0], position)
    np.testing.assert_allclose(table.salience[0], salience)
    assert np.all(table.salience.sum(axis=1) <= 1.0)


def test_other_shared_tables_are_not_ktab(shared_dir: Path) -> None:
    for path in sorted((shared_dir / "forecast").glob("*.csv")):
        text = path.read_text(encoding="utf-8-sig")
        assert looks_like_ktab(text) == (path.name in SHARED), path.name
        if path.name not in SHARED:
            with pytest.raises(ScenarioError):
                read_ktab_csv(path)


# --- the fuzzer: arbitrary text and damaged good files raise nothing but ScenarioError -----------------
def _parse_or_error(text: str) -> None:
    """Parse ``text``; a ScenarioError is an acceptable outcome, any other exception fails the test."""
    try:
        parse_ktab_csv(text, file="fuzz.csv")
    except ScenarioError as exc:
        assert str(exc).startswith("fuzz.csv")
    looks_like_ktab(text)  # must never raise


@FUZZ
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=400))
def test_arbitrary_text_raises_only_scenario_errors(text: str) -> None:
    _parse_or_error(text)


@FUZZ
@given(st.text(alphabet=st.sampled_from(list('0123456789,.;-+e "\n\r\ufeffnaifActorDescriptionInfluence')),
               max_size=300))  # fmt: skip
def test_csv_like_text_raises_only_scenario_errors(text: str) -> None:
    _parse_or_error(text)


@FUZZ
@given(st.lists(st.tuples(st.integers(0, len(GOOD)), st.integers(0, 5), st.text(max_size=3)), max_size=4))
def test_damaged_good_files_raise_only_scenario_errors(edits: list[tuple[int, int, str]]) -> None:
    text = GOOD
    for at, cut, insert in edits:
        text = text[:at] + insert + text[at + cut :]
    _parse_or_error(text)
