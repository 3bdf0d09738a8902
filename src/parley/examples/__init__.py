"""Built-in scenarios shipped inside the package, addressed by name (``parley info istanbul-2022``)."""

from __future__ import annotations

import tempfile
from importlib.resources import as_file, files
from pathlib import Path

from parley.formats import load_yaml
from parley.scenario import Scenario

__all__ = ["EXAMPLES", "example_path", "example_path_text", "load_example"]

#: Every built-in scenario, by name, with a one-line description.
EXAMPLES: dict[str, str] = {
    "ceasefire": "Fictional ceasefire and settlement talks between North and South (worked example).",
    "istanbul-2022": "Russia–Ukraine talks in Istanbul, 29 March 2022, and the April draft treaty "
    "(sourced facts; illustrative preferences).",
    "istanbul-2025": "Russia–Ukraine rounds in Istanbul, 16 May, 2 June and 23 July 2025 "
    "(sourced facts; illustrative preferences).",
    "textbook-split": "Splitting ten units between two parties: Nash and Kalai–Smorodinsky give the "
    "equal split.",
    "textbook-logroll": "Two issues, each side cares most about a different one: the full logroll is "
    "efficient and the Nash point.",
}


def _check(name: str) -> None:
    """Raise KeyError, naming the built-in scenarios, unless ``name`` is one of them."""
    if name not in EXAMPLES:
        raise KeyError(f"no built-in scenario {name!r}; built-in scenarios are {', '.join(EXAMPLES)}")


def example_path_text(name: str = "ceasefire") -> str:
    """The YAML text of a built-in scenario."""
    _check(name)
    return files(__package__).joinpath(f"{name}.yaml").read_text(encoding="utf-8")


def example_path(name: str = "ceasefire") -> Path:
    """A file system path to a built-in scenario's YAML file.

    For an ordinary installation this is the packaged file itself; from a zipped package the text is
    written once to a temporary folder that lives as long as the process.
    """
    _check(name)
    resource = files(__package__).joinpath(f"{name}.yaml")
    if isinstance(resource, Path):
        return resource
    folder = Path(tempfile.mkdtemp(prefix="parley-examples-"))
    target = folder / f"{name}.yaml"
    target.write_text(resource.read_text(encoding="utf-8"), encoding="utf-8")
    return target


def load_example(name: str = "ceasefire") -> Scenario:
    """Load a built-in scenario by name."""
    _check(name)
    with as_file(files(__package__).joinpath(f"{name}.yaml")) as path:
        return load_yaml(path)
