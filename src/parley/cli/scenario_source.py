"""Where a scenario argument points: a file or folder, or else a built-in scenario by name."""

from __future__ import annotations

from pathlib import Path

from parley.examples import EXAMPLES, load_example
from parley.formats import ScenarioError, load_scenario
from parley.scenario import Scenario

#: Help text for every command argument that takes a scenario.
SCENARIO_HELP = (
    "A parley YAML file, a folder with a GENIUS/GeniusWeb domain, or the name of a built-in scenario "
    "(see `parley scenarios`)."
)


def load_scenario_argument(path: Path, real_steps: int = 11) -> Scenario:
    """Load ``path``; when nothing exists there and it names a built-in scenario, load that one.

    An existing file or folder always wins over a built-in name. Raises :class:`ScenarioError` when
    the path is neither an existing file or folder nor a built-in name.
    """
    if path.exists():
        return load_scenario(path, real_steps=real_steps)
    name = str(path)
    if name in EXAMPLES:
        return load_example(name)
    raise ScenarioError(
        path,
        "",
        f"no such file or folder, and no built-in scenario of that name; built-in scenarios: "
        f"{', '.join(EXAMPLES)} (listed by `parley scenarios`)",
    )
