"""The ``agreement`` and ``mediator`` sections of a scenario file: kept on save, in the JSON schema, and
located errors for an unknown issue, option or placeholder and for a malformed template."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from parley.examples import example_path_text, load_example
from parley.formats import ScenarioError, dumps_yaml, load_yaml, loads_yaml, save_yaml
from parley.formats.process_schema import scenario_json_schema

ONLY_AN_AGREEMENT = """\
parley: 1
title: Two issues
issues:
  - {name: scope, type: categorical, options: [none, full]}
  - {name: prisoners, type: integer, min: 0, max: 3}
parties:
  - name: A
    utility: {type: linear, weights: {scope: 1, prisoners: 0}, values: {scope: {none: 0, full: 1},
              prisoners: {slope: 0}}}
agreement:
  title: "{title}"
  articles:
    - {issue: prisoners, text: "{value} prisoners are released.", options: {0: No prisoner is released.}}
"""


def _load_broken(tmp_path: Path, old: str, new: str) -> tuple[ScenarioError, list[str]]:
    """The error of the example with ``old`` replaced by ``new``, and the lines of the broken file."""
    text = example_path_text()
    assert text.count(old) == 1, old
    broken = text.replace(old, new)
    path = tmp_path / "bad.yaml"
    path.write_text(broken, encoding="utf-8")
    with pytest.raises(ScenarioError) as caught:
        load_yaml(path)
    return caught.value, broken.splitlines()


def test_the_sections_are_kept_on_save(tmp_path: Path) -> None:
    scenario = load_example()
    assert scenario.process is not None and scenario.process.agreement is not None
    assert [a.issue for a in scenario.process.agreement.articles][:2] == ["ceasefire", "monitoring"]
    assert scenario.process.mediator_sees == ("mandates", "notes")
    save_yaml(scenario, tmp_path / "again.yaml")
    again = load_yaml(tmp_path / "again.yaml")
    assert again.process == scenario.process
    assert again.process is not None and again.process.agreement == scenario.process.agreement
    assert dumps_yaml(again) == dumps_yaml(scenario)


def test_a_file_with_only_an_agreement_section_round_trips() -> None:
    scenario = loads_yaml(ONLY_AN_AGREEMENT)
    assert scenario.process is not None and scenario.process.agreement is not None
    assert scenario.process.agreement.articles[0].options == {0: "No prisoner is released."}
    assert loads_yaml(dumps_yaml(scenario)) == scenario


def test_the_json_schema_describes_both_sections() -> None:
    schema = json.loads(scenario_json_schema())
    assert {"agreement", "mediator"} <= set(schema["properties"])
    article = schema["$defs"]["ArticleSpec"]
    assert set(article["properties"]) == {"issue", "heading", "text", "options"}
    views = schema["$defs"]["MediatorSpec"]["properties"]["sees"]["items"]["enum"]
    assert views == ["mandates", "reservation_values", "utilities", "notes"]


@pytest.mark.parametrize(
    ("old", "new", "location", "words"),
    [
        (
            "    - issue: sanctions_relief\n",
            "    - issue: sanctions\n",
            "agreement.articles[4].issue",
            "unknown issue 'sanctions'; issues are ceasefire",
        ),
        (
            "        partial: >-\n          The sanctions",
            "        partly: >-\n          The sanctions",
            "agreement.articles[4].options.partly",
            "no option 'partly'",
        ),
        (
            "        0: This agreement provides for no exchange of prisoners.",
            "        11: This agreement provides for no exchange of prisoners.",
            "agreement.articles[2].options.11",
            "whole numbers 0..10, not 11",
        ),
        (
            "      options:\n        0: This agreement provides for no withdrawal",
            "      options:\n        5: Five.\n        5.0000000001: Five.\n        0: No withdrawal",
            "agreement.articles[3].options.5.0000000001",
            "option '5' is given twice",
        ),
        (
            "        0: This agreement provides for no withdrawal",
            "        12: This agreement provides for no withdrawal",
            "agreement.articles[3].options.12",
            "takes the values 0, 5, 10, 15, 20, 25, 30, not 12",
        ),
        (
            "        0: This agreement provides for no withdrawal",
            "        31: This agreement provides for no withdrawal",
            "agreement.articles[3].options.31",
            "holds reals in [0.0, 30.0], not 31",
        ),
        (
            "a distance of {value} km",
            "a distance of {distance} km",
            "agreement.articles[3].text",
            "unknown placeholder {distance}; placeholders are {issue}, {parties}, {title}, {value}, {cease",
        ),
        (
            "  title: Agreement between {parties} on",
            "  title: Agreement between {sides} on",
            "agreement.title",
            "unknown placeholder {sides}",
        ),
        (
            "    {parties}, meeting at a neutral venue",
            "    {value}, meeting at a neutral venue",
            "agreement.preamble",
            "{value} is only known inside an article",
        ),
        (
            "compliance with the {ceasefire} ceasefire and reports to both parties.\n        international",
            "compliance with the {cease} ceasefire and reports to both parties.\n        international",
            "agreement.articles[1].options.joint_commission",
            "unknown placeholder {cease}",
        ),
        (
            "releases {value}00 of the persons",
            "releases {value00 of the persons",
            "agreement.articles[2].text",
            "malformed template: expected '}' before end of string",
        ),
        (
            "by each party under its own procedures.",
            "by each party under its own procedures}.",
            "agreement.closing",
            "malformed template: Single '}' encountered",
        ),
        (
            "a distance of {value} km",
            "a distance of {value:>4} km",
            "agreement.articles[3].text",
            "takes no format spec or conversion",
        ),
        (
            "      heading: Verification",
            "      headline: Verification",
            "agreement.articles[1].headline",
            "Extra",
        ),
        (
            "  sees: [mandates, notes]",
            "  sees: [mandates, secrets]",
            "mediator.sees[1]",
            "'reservation_values'",
        ),
        ("  sees: [mandates, notes]", "  sees: [notes, notes]", "mediator.sees", "notes listed twice"),
    ],
)
def test_malformed_sections_get_located_errors(
    tmp_path: Path, old: str, new: str, location: str, words: str
) -> None:
    error, lines = _load_broken(tmp_path, old, new)
    assert str(error).startswith(f"{tmp_path / 'bad.yaml'}, line "), str(error)
    assert f"at {location}:" in str(error), str(error)
    assert words in str(error), str(error)
    key = location.split(".")[-1].split("[")[0]  # the line shown holds the key named last
    assert error.line is not None and key in lines[error.line - 1], (key, lines[error.line - 1])
