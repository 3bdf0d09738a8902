"""Reading exchange-model records (#A, #P, #M, #D), and the located errors for files that do not parse."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from parley.forecast.exchange import run_exchange
from parley.formats.errors import ScenarioError
from parley.formats.exchange_records import (
    ExchangeTable,
    looks_like_exchange_records,
    parse_exchange_records,
    read_exchange_records,
)

FUZZ = settings(max_examples=300, deadline=None, derandomize=True, database=None)

GOOD = (
    "'#A'\t'A'\t'Actor A'\t''\n"
    "'#A'\t'B'\t'B'\t'a comment'\n"
    "'#P'\t'p'\t'Issue p'\t'what p is'\n"
    "'#M'\t'p'\t0\n"
    "'#M'\t'p'\t10\n"
    "'#P'\t'q'\t'q'\t''\n"
    "'#D'\t'A'\t'p'\t2.5\t0.9\t0.5\n"
    "'#D'\t'A'\t'q'\t40.0\t0.2\t0.5\n"
    "'#D'\t'B'\t'p'\t10\t0.3\t1\n"
)
#: The shared exchange-model inputs: (actors, issues, #D records).
SHARED = {"cop21.csv": (15, 13, 181), "copenhagen.csv": (11, 7, 75)}


def test_reads_actors_issues_scales_and_cells() -> None:
    table = parse_exchange_records(GOOD)
    assert table.actor_ids == ("A", "B") and table.actor_names == ("Actor A", "B")
    assert table.issue_ids == ("p", "q") and table.issue_names == ("Issue p", "q")
    assert table.scales == ((0.0, 10.0), (0.0, 100.0))  # q has no #M records: the default 0-100
    np.testing.assert_array_equal(table.position, [[2.5, 40.0], [10.0, np.nan]])
    np.testing.assert_array_equal(table.salience, [[0.9, 0.2], [0.3, np.nan]])
    np.testing.assert_array_equal(table.power, [[0.5, 0.5], [1.0, np.nan]])
    np.testing.assert_array_equal(table.has_record, [[True, True], [True, False]])


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
def test_any_line_end_a_bom_and_blank_lines(newline: str, tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_bytes(("\ufeff\n" + GOOD.replace("\n", "\n\n  \n")).replace("\n", newline).encode("utf-8"))
    assert read_exchange_records(path) == parse_exchange_records(GOOD)


@pytest.mark.parametrize(
    "transform",
    [
        lambda text: text.replace("'", ""),  # no quotes
        lambda text: text.replace("'", '"'),  # double quotes
        lambda text: text.replace("\t", " \t "),  # spaces around the fields
        lambda text: text.replace("\t", ";").replace("2.5", "2,5"),  # ';' and a decimal comma
        lambda text: text.replace("\t", ","),  # ','
        lambda text: "'#0'\tcomment\n#/ another\n" + text + "#0\n",  # comments
        lambda text: "".join(sorted(text.splitlines(keepends=True), key=lambda r: "#D" not in r)),  # #D first
    ],
)
def test_variants_of_the_format_read_the_same(transform: object) -> None:
    assert callable(transform)
    assert parse_exchange_records(transform(GOOD)) == parse_exchange_records(GOOD)


def test_quotes_inside_fields() -> None:
    text = GOOD.replace("'Actor A'", "'Côte d'Ivoire'").replace("'a comment'", "'it''s'")
    table = parse_exchange_records(text.replace("'B'\t'B'", "'B'\t'O''Neill'"))
    assert table.actor_names == ("Côte d'Ivoire", "O'Neill")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (GOOD + "'#X'\t'A'\n", "t.csv, line 10, at record type: unknown record type '#X'"),
        (GOOD + "Actor\tIssue\n", "line 10, at record type: unknown record type 'Actor'"),
        (GOOD + "'#D'\t'C'\t'p'\t1\t1\t1\n", "line 10, at #D: unknown actor 'C': no #A record defines it"),
        (GOOD + "'#D'\t'B'\t'r'\t1\t1\t1\n", "line 10, at #D: unknown issue 'r': no #P record defines it"),
        (GOOD + "'#D'\t'B'\t'q'\tx\t1\t1\n", "line 10, at #D position: 'x' is not a finite number"),
        (GOOD + "'#D'\t'B'\t'q'\t1\tnan\t1\n", "line 10, at #D salience: 'nan' is not a finite number"),
        (GOOD + "'#D'\t'B'\t'q'\t1\t1\tinf\n", "line 10, at #D power: 'inf' is not a finite number"),
        (GOOD + "'#D'\t'B'\t'q'\t1\t-1\t1\n", "line 10, at #D salience: salience -1 is negative"),
        (GOOD + "'#D'\t'B'\t'q'\t1\t1\n", "line 10, at #D: expected actor id, issue id, position, salience, "
         "power; found 4 field(s)"),
        (GOOD + "'#D'\t'B'\t'p'\t1\t1\t1\n", "line 10, at #D: actor 'B' already has a record on issue 'p'"),
        (GOOD + "'#D'\t'B'\t'q'\t101\t1\t1\n", "line 10, at #D position: position 101 is outside the scale "
         "[0, 100] of issue 'q'"),
        (GOOD + "'#D'\t'B'\t'q'\t1\t1\t1\n'#M'\t'q'\ty\n", "line 11, at #M value: 'y' is not a finite"),
        (GOOD + "'#M'\t'r'\t5\n", "line 10, at #M: unknown issue 'r': no #P record defines it"),
        (GOOD + "'#M'\n", "line 10, at #M: expected an issue id and a value"),
        (GOOD + "'#A'\t'A'\t'again'\n", "line 10, at #A: actor id 'A' is defined twice (first on line 1)"),
        (GOOD + "'#P'\t''\t'x'\n", "line 10, at #P: the issue id is empty"),
        (GOOD + "'#A' 'C'\n", "line 10, at #A: expected a tab, ';' or ',' after the record type"),
        ("", "t.csv, at records: no #A record: the file defines no actor"),
        ("'#A'\t'A'\n", "t.csv, at records: no #P record: the file defines no issue"),
    ],
)  # fmt: skip
def test_bad_records_raise_located_errors(tmp_path: Path, text: str, expected: str) -> None:
    path = tmp_path / "t.csv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ScenarioError) as caught:
        read_exchange_records(path)
    assert expected in str(caught.value)
    assert caught.value.file == str(path)


def test_a_file_that_is_not_utf8_is_a_located_error(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_bytes(GOOD.encode("utf-8") + b"'#A'\t'\xff'\n")
    with pytest.raises(ScenarioError, match=r"t\.csv, at encoding: the file is not UTF-8"):
        read_exchange_records(path)


def test_a_single_scale_point_widens_the_default_scale() -> None:
    table = parse_exchange_records(
        GOOD.replace("'#M'\t'p'\t10\n", "").replace("'#M'\t'p'\t0", "'#M'\t'p'\t-5")
    )
    assert table.scales == ((-5.0, 100.0), (0.0, 100.0))


def test_format_detection() -> None:
    assert looks_like_exchange_records(GOOD)
    assert looks_like_exchange_records("\ufeff\r\n#A;x;y\r\n")
    assert looks_like_exchange_records('"#0"\tcomment\n')
    assert not looks_like_exchange_records("Actor,Capability,Position,Salience\nA,1,2,0.5\n")
    assert looks_like_exchange_records("'#A' \t'x'\n") and looks_like_exchange_records("#/ a comment\n")
    assert not looks_like_exchange_records("#Actor\n") and not looks_like_exchange_records("'#A' 'x'\n")
    assert not looks_like_exchange_records("\n  \n")


# --- the fuzzer: whatever the text, the reader returns a table or raises a ScenarioError ---------------

name = st.sampled_from(["'A'", "'B'", "'C'", "'p'", "'q'", "A", "p", "''", "'", " ", "'#D'"])
number = st.sampled_from(["0", "1", "0.5", "50", "100", "-1", "1e400", "0,5", "nan", "x", "", "'7'"])
field = st.one_of(name, number, st.text(max_size=4))
tag = st.sampled_from(["'#A'", "'#P'", "'#M'", "'#D'", "#A", "#D", "'#0'", "#/", "#", "'#Q'", "", "'#A"])
delimiter = st.sampled_from(["\t", "\t", ";", ",", " "])


def joined(head: st.SearchStrategy[str], *parts: st.SearchStrategy[list[str]]) -> st.SearchStrategy[str]:
    """Lines of a record type and fields, joined by one drawn delimiter."""
    return st.builds(
        lambda t, d, *fs: d.join([t, *(f for group in fs for f in group)]), head, delimiter, *parts
    )


line = st.one_of(
    joined(tag, st.lists(field, max_size=6)),
    joined(st.sampled_from(["'#A'", "'#P'"]), st.lists(name, max_size=3)),
    joined(st.just("'#D'"), st.lists(name, min_size=2, max_size=2), st.lists(number, min_size=3, max_size=4)),
)
#: #D records that mostly parse: on the actors and issues of GOOD, small numbers.
cell = st.builds(
    lambda a, i, x, s, c: f"'#D'\t{a}\t{i}\t{x}\t{s}\t{c}",
    st.sampled_from(["'A'", "'B'"]),
    st.sampled_from(["'p'", "'q'"]),
    st.sampled_from(["0", "5", "10", "50"]),
    st.sampled_from(["0", "0.5", "1"]),
    st.sampled_from(["0", "1", "2"]),
)
texts = st.one_of(
    st.text(max_size=200),
    st.lists(line, max_size=12).map("\n".join),
    st.lists(line, max_size=12).map(lambda lines: GOOD + "\r\n".join(lines)),
    st.lists(cell, max_size=4, unique_by=lambda record: tuple(record.split("\t")[1:3])).map(
        lambda lines: GOOD.replace("'#D'", "'#0'") + "\n".join(lines)
    ),
)


@FUZZ
@given(texts)
def test_the_reader_raises_nothing_but_located_errors(text: str) -> None:
    try:
        table = parse_exchange_records(text, file="fuzz.csv")
    except ScenarioError as error:
        assert error.file == "fuzz.csv" and str(error).startswith("fuzz.csv")
        return
    assert isinstance(table, ExchangeTable) and table.shape[0] >= 1 and table.shape[1] >= 1
    assert looks_like_exchange_records(text)
    try:
        run_exchange(table, max_rounds=3)
    except ValueError as error:  # the one thing a readable table can lack: weight on every issue
        assert "no actor has positive power × salience" in str(error)


# --- the shared inputs ----------------------------------------------------------------------------------


@pytest.mark.parametrize(("name", "sizes"), sorted(SHARED.items()))
def test_shared_exchange_inputs_load(shared_dir: Path, name: str, sizes: tuple[int, int, int]) -> None:
    path = shared_dir / "forecast" / name
    table = read_exchange_records(path)
    assert (*table.shape, int(table.has_record.sum())) == sizes
    assert table.scales == ((0.0, 100.0),) * table.shape[1]
    assert looks_like_exchange_records(path.read_text(encoding="utf-8"))


def test_cop21_cells(shared_dir: Path) -> None:
    table = read_exchange_records(shared_dir / "forecast" / "cop21.csv")
    actor, issue = table.actor_ids.index("African_grp"), table.issue_ids.index("differentiation")
    assert (table.position[actor, issue], table.salience[actor, issue], table.power[actor, issue]) == (
        70.0,
        0.75,
        0.25,
    )
    assert not table.has_record[table.actor_ids.index("China"), table.issue_ids.index("amb2050")]


def test_no_other_shared_table_looks_like_exchange_records(shared_dir: Path) -> None:
    others = [path for path in (shared_dir / "forecast").glob("*.csv") if path.name not in SHARED]
    assert others
    for path in others:
        text = path.read_bytes().decode("utf-8", errors="replace")
        assert not looks_like_exchange_records(text), path.name


def test_a_second_record_on_a_cell_names_the_first() -> None:
    with pytest.raises(ScenarioError, match=r"line 10, at #D: .* on issue 'p' \(line 9\)"):
        parse_exchange_records(GOOD + "'#D'\t'B'\t'p'\t1\t1\t1\n")
