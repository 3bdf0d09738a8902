"""Load and save scenarios in any supported format, chosen from the path and the files' content."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from parley.formats.errors import ScenarioError
from parley.formats.folders import load_folder, save_genius, save_geniusweb
from parley.formats.yaml_format import load_yaml
from parley.formats.yaml_writer import save_yaml
from parley.scenario import Scenario

Format = Literal["yaml", "genius", "geniusweb"]
YAML_SUFFIXES = (".yaml", ".yml")


def load_scenario(path: str | Path, real_steps: int = 11) -> Scenario:
    """A parley YAML file, or a folder with a GENIUS or GeniusWeb domain and its profiles."""
    path = Path(path)
    if not path.exists():
        raise ScenarioError(path, "", "no such file or folder")
    if path.is_dir():
        return load_folder(path, real_steps=real_steps)
    if path.suffix.lower() in YAML_SUFFIXES:
        return load_yaml(path)
    raise ScenarioError(
        path,
        "",
        "not a parley YAML file (.yaml/.yml); for GENIUS or GeniusWeb give the folder holding the "
        "domain and its profiles",
    )


def guess_format(path: str | Path) -> Format:
    """``yaml`` for a .yaml/.yml path, otherwise ``genius`` (a folder is written)."""
    return "yaml" if Path(path).suffix.lower() in YAML_SUFFIXES else "genius"


def save_scenario(
    scenario: Scenario, path: str | Path, format: Format | None = None, force: bool = True
) -> None:
    """Write ``scenario`` to a YAML file, or to a folder of GENIUS XML or GeniusWeb JSON files; an
    existing file or folder is replaced whole, and only with ``force`` (raises ``OverwriteError``)."""
    path = Path(path)
    chosen = format or guess_format(path)
    if chosen == "yaml":
        save_yaml(scenario, path, force)
    elif chosen == "genius":
        save_genius(scenario, path, force)
    else:
        save_geniusweb(scenario, path, force=force)
