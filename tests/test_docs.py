"""Code in the docs runs: the Python blocks of docs/engine.md and docs/analysis.md are executed."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from parley.negotiators import NEGOTIATORS
from parley.protocols import Deadline, Seat, negotiate

ROOT = Path(__file__).resolve().parents[1]


def _python_blocks(name: str) -> list[str]:
    text = (ROOT / "docs" / name).read_text(encoding="utf-8")
    return re.findall(r"```python\n(.*?)```", text, flags=re.DOTALL)


def test_engine_doc_negotiator_example_runs() -> None:
    namespace: dict[str, object] = {}
    try:
        exec(_python_blocks("engine.md")[0], namespace)  # defines and registers "halfway"
        from parley.examples import load_example
        from parley.negotiators import make_negotiator

        scenario = load_example()
        seats = [
            Seat(party.name, party.preferences, make_negotiator(strategy))
            for party, strategy in zip(scenario.parties, ["halfway", "conceder"], strict=True)
        ]
        result = negotiate(scenario.space, seats, deadline=Deadline(rounds=30), seed=0)
        assert result.rounds <= 30
    finally:
        NEGOTIATORS.pop("halfway", None)


def test_analysis_doc_example_runs(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    namespace: dict[str, object] = {}
    exec(_python_blocks("analysis.md")[0], namespace)
    assert os.fspath(ROOT) == os.getcwd()
    assert namespace["result"] is not None


def test_readme_library_example_runs_on_top_level_names_only() -> None:
    import ast

    import parley

    (block,) = re.findall(r"```python\n(.*?)```", (ROOT / "README.md").read_text(encoding="utf-8"), re.DOTALL)
    tree = ast.parse(block)
    imports = [node for node in ast.walk(tree) if isinstance(node, ast.Import | ast.ImportFrom)]
    assert all(
        isinstance(node, ast.Import) and [a.name for a in node.names] == ["parley"] for node in imports
    )
    used = {
        node.attr
        for node in ast.walk(tree)
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == "parley"
    }
    assert used and used <= set(parley.__all__)
    namespace: dict[str, object] = {}
    exec(block, namespace)
