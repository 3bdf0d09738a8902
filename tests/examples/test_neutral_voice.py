"""The model's own voice in the built-in real-world scenarios is neutral: a loaded term of either side
appears only inside a quotation or an attributed statement, never in the descriptions, names, notes and
comments the model speaks in (the rule of docs/real-world-scenarios.md, checked mechanically)."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
import yaml

from parley.examples import example_path_text

REAL_WORLD = ("istanbul-2022", "istanbul-2025")
#: Terms one side uses of the other, or of the war, that the model's voice does not use (both sides').
LOADED = re.compile(
    r"\b(occupied|occupation|occupiers?|aggressor|aggression|invader|invaders|terrorists?|regime|junta|"
    r"liberat(?:ed|ion|ors?)|puppets?|neo-?nazis?|kyiv regime|special military operation|denazif\w*)\b",
    re.IGNORECASE,
)
#: Keys whose text is not the model's voice: what others said (statements, quoted) and what sources
#: are called (titles and links of published articles).
ATTRIBUTED = {"statements", "sources", "quote", "title", "url"}
QUOTED = re.compile(r'"[^"]*"|“[^”]*”|«[^»]*»')


def model_voice(node: object, path: str = "") -> Iterator[tuple[str, str]]:
    """Every text of the scenario the model speaks in, with where it is."""
    if isinstance(node, dict):
        for key, value in node.items():
            if str(key) not in ATTRIBUTED:
                yield from model_voice(value, f"{path}.{key}" if path else str(key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from model_voice(value, f"{path}[{index}]")
    elif isinstance(node, str):
        yield path, node


def comments(text: str) -> Iterator[tuple[str, str]]:
    """The comment lines of a YAML file, with their line numbers."""
    for number, line in enumerate(text.splitlines(), start=1):
        if line.lstrip().startswith("#"):
            yield f"line {number}", line


@pytest.mark.parametrize("name", REAL_WORLD)
def test_no_loaded_term_outside_a_quotation(name: str) -> None:
    text = example_path_text(name)
    found = [
        (where, match.group(0))
        for where, words in [*model_voice(yaml.safe_load(text)), *comments(text)]
        for match in LOADED.finditer(QUOTED.sub("", words))
    ]
    assert not found, f"{name}: loaded terms in the model's own voice: {found}"


def test_the_check_finds_a_loaded_term_and_spares_a_quotation() -> None:
    document = {"issues": [{"description": 'the occupied areas; Zelensky: "occupied"'}], "statements": [
        {"quote": "the occupiers"}
    ]}  # fmt: skip
    texts = [QUOTED.sub("", words) for _, words in model_voice(document)]
    assert [m.group(0) for t in texts for m in LOADED.finditer(t)] == ["occupied"]
