"""Where a scenario argument points: a file or folder, or else a built-in scenario by name."""

from __future__ import annotations

import warnings
from collections.abc import Callable
from pathlib import Path

from rich.console import Console
from rich.markup import escape

from parley.examples import EXAMPLES, load_example
from parley.formats import ScenarioError, ScenarioWarning, load_scenario
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
        return _reporting_warnings(lambda: load_scenario(path, real_steps=real_steps))
    name = str(path)
    if name in EXAMPLES:
        return load_example(name)
    raise ScenarioError(
        path,
        "",
        f"no such file or folder, and no built-in scenario of that name; built-in scenarios: "
        f"{', '.join(EXAMPLES)} (listed by `parley scenarios`)",
    )


def _reporting_warnings(load: Callable[[], Scenario]) -> Scenario:
    """Run ``load``, printing each located :class:`ScenarioWarning` on stderr (other warnings pass on)."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", ScenarioWarning)
        scenario = load()
    console = Console(stderr=True, highlight=False)
    for warning in caught:
        if issubclass(warning.category, ScenarioWarning):
            console.print(f"[bold yellow]warning:[/] {escape(str(warning.message))}", soft_wrap=True)
        else:
            warnings.warn_explicit(warning.message, warning.category, warning.filename, warning.lineno)
    return scenario
