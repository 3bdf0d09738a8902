"""Built-in example scenarios shipped inside the package."""

from __future__ import annotations

from importlib.resources import as_file, files

from parley.scenarios.model import Scenario
from parley.scenarios.yaml_format import load_yaml

EXAMPLES = ("ceasefire",)


def example_path_text(name: str = "ceasefire") -> str:
    """The YAML text of a built-in example."""
    if name not in EXAMPLES:
        raise KeyError(f"no built-in example {name!r}; examples are {', '.join(EXAMPLES)}")
    return files(__package__).joinpath(f"{name}.yaml").read_text(encoding="utf-8")


def load_example(name: str = "ceasefire") -> Scenario:
    """Load a built-in example scenario by name."""
    if name not in EXAMPLES:
        raise KeyError(f"no built-in example {name!r}; examples are {', '.join(EXAMPLES)}")
    with as_file(files(__package__).joinpath(f"{name}.yaml")) as path:
        return load_yaml(path)
