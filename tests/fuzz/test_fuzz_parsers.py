"""Property-based fuzzers of every parser: whatever the input, a parser returns a result or raises its
format's own error (:class:`ScenarioError`); any other exception is a bug.

Each fuzzer starts from a valid document and damages it, as text (characters deleted, inserted or
replaced) or as structure (a value somewhere swapped for another JSON value). ``make test`` runs
:data:`EXAMPLES` inputs per parser; a longer run sets ``PARLEY_FUZZ_EXAMPLES`` (see docs/fuzzing.md).
"""

from __future__ import annotations

import contextlib
import copy
import json
import os
import tempfile
import warnings
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from parley.formats import ScenarioError, ScenarioWarning, loads_yaml, parse_stakeholder_csv
from parley.formats._xml import parse_xml
from parley.formats.exchange_records import parse_exchange_records
from parley.formats.genius_xml import genius_domain, genius_profile
from parley.formats.genius_xml_writer import genius_domain_xml, genius_profile_xml
from parley.formats.geniusweb_json import (
    domain_to_json,
    preferences_from_json,
    profile_to_json,
    space_from_json,
)
from parley.formats.ktab_csv import parse_ktab_csv

#: Inputs per parser and test: modest for ``make test``, larger with PARLEY_FUZZ_EXAMPLES.
EXAMPLES = int(os.environ.get("PARLEY_FUZZ_EXAMPLES", "60"))
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much],
)
#: Inputs tried per parser in this session (printed at the end with ``pytest -s``).
TRIED: Counter[str] = Counter()

SEED_YAML = """\
title: Fuzz seed
issues:
  - {name: colour, type: categorical, options: [red, blue, green]}
  - {name: amount, type: integer, min: 0, max: 5}
  - {name: share, type: real, min: 0.0, max: 1.0, steps: 3}
constraints:
  - {name: no green five, when: {colour: [green], amount: {min: 5}}}
parties:
  - name: A
    reservation_value: 0.2
    red_lines: {colour: [blue]}
    utility:
      type: linear
      weights: {colour: 0.5, amount: 0.3, share: 0.2}
      values:
        colour: {red: 1, blue: 0, green: 0.5}
        amount: {slope: 0.2}
        share: {slope: 1, clip: [0, 1]}
  - name: B
    utility:
      type: hyperrectangles
      rectangles:
        - {utility: 2, include: {colour: [blue, green]}}
        - {utility: 1, include: {amount: {min: 0, max: 2}}, exclude: {share: {min: 0.5}}}
"""

SEED_CSV = "Actor,Capability,Position,Salience\nA,0.5,4,0.8\nB,0.25,10,0.4\nC,1,0,1\n"
SEED_RECORDS = (
    "'#A'\t'A'\t'Actor A'\t''\n"
    "'#A'\t'B'\t'B'\t'a comment'\n"
    "'#P'\t'p'\t'Issue p'\t'what p is'\n"
    "'#M'\t'p'\t0\n"
    "'#M'\t'p'\t10\n"
    "'#D'\t'A'\t'p'\t2.5\t0.9\t0.5\n"
    "'#D'\t'B'\t'p'\t10\t0.3\t1\n"
)
SEED_KTAB = (
    "Tiny; scen 1,A small test, 3, 2, \n"
    "Actor,Description,Influence,Policy Position,Policy Salience,Trade Position,Trade Salience, \n"
    "A,First actor,100,30,40,20,50, \n"
    "B,Second,  50.5,45,20.5,65,30, \n"
    "C,,10,100,0,0,100, \n"
)
#: Characters that matter to the formats: separators, quotes, brackets, signs, digits, odd Unicode.
NOISE = st.text(
    alphabet=st.sampled_from(
        list(",;\t\n\r'\"#:-{}[]<>/=&.0123456789eE+ _abxyz\\\x00\ufeff\u00e9\U0001f600")
    ),
    max_size=12,
)
JSON_VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(10**20), max_value=10**20)
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(max_size=8),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=6), children, max_size=4)
    ),
    max_leaves=8,
)


def _seed_scenario_texts() -> tuple[dict[str, Any], dict[str, Any], str, str]:
    """GeniusWeb domain and profile dicts and GENIUS domain and profile texts of the seed (without
    constraints, red lines or hyper-rectangles, which those formats cannot hold)."""
    plain = yaml.safe_load(SEED_YAML)
    del plain["constraints"]
    del plain["parties"][0]["red_lines"]
    plain["parties"][1] = {**plain["parties"][0], "name": "B"}
    scenario = loads_yaml(yaml.safe_dump(plain))
    preferences = scenario.parties[0].preferences
    return (
        domain_to_json(scenario.space, "seed"),
        profile_to_json(preferences, "A", "seed", False),
        genius_domain_xml(scenario.space),
        genius_profile_xml(preferences),
    )


GW_DOMAIN, GW_PROFILE, GENIUS_DOMAIN, GENIUS_PROFILE = _seed_scenario_texts()


@st.composite
def damaged(draw: st.DrawFn, seed: str) -> str:
    """``seed`` with a few characters deleted, inserted or replaced."""
    text = seed
    for _ in range(draw(st.integers(min_value=1, max_value=6))):
        at = draw(st.integers(min_value=0, max_value=len(text)))
        cut = draw(st.integers(min_value=0, max_value=8))
        text = text[:at] + draw(NOISE) + text[at + cut :]
    return text


def _paths(node: Any, prefix: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    """Every path to a value inside nested dicts and lists."""
    yield prefix
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _paths(value, (*prefix, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _paths(value, (*prefix, index))


@st.composite
def restructured(draw: st.DrawFn, seed: Any) -> Any:
    """A deep copy of ``seed`` with one to three values (anywhere) replaced by random JSON values."""
    data = copy.deepcopy(seed)
    for _ in range(draw(st.integers(min_value=1, max_value=3))):
        paths = [path for path in _paths(data) if path]
        if not paths:
            return draw(JSON_VALUES)
        path = draw(st.sampled_from(paths))
        parent = data
        for part in path[:-1]:
            parent = parent[part]
        parent[path[-1]] = draw(JSON_VALUES)
    return data


def accepts_or_refuses(name: str, parse: Callable[[], object]) -> None:
    """Run one parse: a result or a ScenarioError are both fine; anything else fails the fuzzer."""
    TRIED[name] += 1
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ScenarioWarning)
        with contextlib.suppress(ScenarioError):
            parse()


@pytest.fixture(scope="module", autouse=True)
def _report_counts() -> Iterator[None]:
    """Print how many inputs each parser was given (shown with ``pytest -s``)."""
    yield
    print("\nfuzz inputs tried:", dict(sorted(TRIED.items())))


def _genius(text: str, profile: bool) -> object:
    """Parse GENIUS XML text from a file, as the loader does."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "file.xml"
        path.write_text(text, encoding="utf-8", errors="surrogatepass")
        doc = parse_xml(path)
        return genius_profile(doc) if profile else genius_domain(doc)


def test_the_seeds_parse() -> None:
    loads_yaml(SEED_YAML)
    space_from_json(GW_DOMAIN, None)
    preferences_from_json(GW_PROFILE, None)
    _genius(GENIUS_DOMAIN, profile=False)
    _genius(GENIUS_PROFILE, profile=True)
    parse_stakeholder_csv(SEED_CSV)
    parse_exchange_records(SEED_RECORDS)
    parse_ktab_csv(SEED_KTAB)


@FUZZ
@given(damaged(SEED_YAML))
def test_yaml_text(text: str) -> None:
    accepts_or_refuses("yaml text", lambda: loads_yaml(text))


@FUZZ
@given(restructured(yaml.safe_load(SEED_YAML)))
def test_yaml_structure(data: Any) -> None:
    accepts_or_refuses("yaml structure", lambda: loads_yaml(yaml.safe_dump(data)))


@FUZZ
@given(damaged(GENIUS_DOMAIN))
def test_genius_domain_xml(text: str) -> None:
    accepts_or_refuses("genius domain", lambda: _genius(text, profile=False))


@FUZZ
@given(damaged(GENIUS_PROFILE))
def test_genius_profile_xml(text: str) -> None:
    accepts_or_refuses("genius profile", lambda: _genius(text, profile=True))


@FUZZ
@given(restructured(GW_DOMAIN))
def test_geniusweb_domain(data: Any) -> None:
    accepts_or_refuses("geniusweb domain", lambda: space_from_json(data, None))


@FUZZ
@given(restructured(GW_PROFILE))
def test_geniusweb_profile(data: Any) -> None:
    accepts_or_refuses("geniusweb profile", lambda: preferences_from_json(data, None))


@FUZZ
@given(damaged(json.dumps(GW_PROFILE)))
def test_geniusweb_profile_text(text: str) -> None:
    def parse() -> object:
        try:
            data = json.loads(text)
        except ValueError:
            return None  # not JSON: the loader refuses it before the reader sees it
        return preferences_from_json(data, None)

    accepts_or_refuses("geniusweb profile text", parse)


@FUZZ
@given(damaged(SEED_CSV))
def test_stakeholder_csv(text: str) -> None:
    accepts_or_refuses("stakeholder csv", lambda: parse_stakeholder_csv(text))


@FUZZ
@given(damaged(SEED_RECORDS))
def test_exchange_records(text: str) -> None:
    accepts_or_refuses("exchange records", lambda: parse_exchange_records(text))


@FUZZ
@given(damaged(SEED_KTAB))
def test_ktab_csv(text: str) -> None:
    accepts_or_refuses("ktab csv", lambda: parse_ktab_csv(text))


def test_found_an_unknown_xml_encoding_is_refused() -> None:
    text = GENIUS_DOMAIN.replace('encoding="UTF-8"', 'encoding="U0TF-8"', 1)
    assert text != GENIUS_DOMAIN
    with pytest.raises(ScenarioError, match="cannot decode the XML"):
        _genius(text, profile=False)


def test_found_a_reservation_bid_value_of_the_wrong_type_is_refused() -> None:
    data = copy.deepcopy(GW_PROFILE)
    space = data["LinearAdditiveUtilitySpace"]
    space["reservationBid"] = {"issuevalues": {"amount": None}}
    with pytest.raises(ScenarioError, match="amount"):
        preferences_from_json(data, None)


def test_found_an_empty_range_condition_is_located() -> None:
    text = SEED_YAML.replace("amount: {min: 5}", "amount: {}")
    with pytest.raises(ScenarioError, match=r"at constraints\[0\]\.when\.amount"):
        loads_yaml(text)


def test_found_a_range_with_too_many_points_is_refused_at_once() -> None:
    data = copy.deepcopy(GW_PROFILE)
    issues = data["LinearAdditiveUtilitySpace"]["domain"]["issuesValues"]
    name = next(n for n, spec in issues.items() if "range" in spec and spec["range"]["step"] != 1)
    issues[name]["range"]["step"] = 1e-18
    with pytest.raises(ScenarioError, match="steps are more than"):
        preferences_from_json(data, None)


def test_found_a_vast_integer_range_with_a_table_is_located() -> None:
    data = copy.deepcopy(GW_PROFILE)
    issues = data["LinearAdditiveUtilitySpace"]["domain"]["issuesValues"]
    name = next(n for n, spec in issues.items() if "range" in spec and spec["range"]["step"] == 1)
    issues[name]["range"]["high"] = 10**12
    with pytest.raises(ScenarioError, match=name):
        preferences_from_json(data, None)
