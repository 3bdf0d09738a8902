"""Optional dependencies: a command that needs a missing extra names it with the pip command, exit 2."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest
from typer.testing import CliRunner

from parley.cli.app import app
from parley.extras import EXTRAS, MissingExtraError, ensure_extra, has_extra

ROOT = Path(__file__).resolve().parents[1]


def _without(monkeypatch: pytest.MonkeyPatch, *modules: str) -> None:
    """Make ``modules`` look uninstalled to :func:`importlib.util.find_spec`."""
    real = importlib.util.find_spec

    def find_spec(name: str, package: str | None = None) -> object:
        return None if name in modules else real(name, package)

    monkeypatch.setattr(importlib.util, "find_spec", find_spec)


def test_every_extra_is_declared_in_pyproject() -> None:
    text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    for extra in EXTRAS:
        assert f"\n{extra} = [" in text, extra


def test_a_missing_module_names_its_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    _without(monkeypatch, "ortools")
    assert not has_extra("solver") and has_extra("data")
    with pytest.raises(MissingExtraError, match=r"'ortools'.*pip install 'parley\[solver\]'"):
        ensure_extra("solver", "the CP-SAT frontier")


def test_tournament_without_pandas_exits_2_naming_the_data_extra(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    _without(monkeypatch, "pandas")
    args = [
        "tournament",
        "textbook-split",
        "--strategies",
        "boulware,conceder",
        "-o",
        str(tmp_path / "t.csv"),
    ]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 2, result.output
    assert "pip install 'parley[data]'" in result.output
    assert "Traceback" not in result.output and not (tmp_path / "t.csv").exists()


def test_serve_without_the_room_extra_exits_2(monkeypatch: pytest.MonkeyPatch) -> None:
    _without(monkeypatch, "fastapi")
    result = CliRunner().invoke(app, ["serve", "--port", "1"])
    assert result.exit_code == 2, result.output
    assert "pip install 'parley[room]'" in result.output
