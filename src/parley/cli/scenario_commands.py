"""``parley scenarios``: the built-in scenarios, which every command accepts by name."""

from __future__ import annotations

from functools import partial

from rich.console import Console
from rich.table import Table

from parley.cli.app import _guarded, app
from parley.examples import EXAMPLES, load_example
from parley.scenario import Scenario


def _row(name: str, description: str, scenario: Scenario) -> tuple[str, ...]:
    """One table row: name, title, issues, outcomes, parties and the one-line description."""
    space = scenario.space
    return (
        name,
        scenario.metadata.title,
        str(len(space.issues)),
        f"{space.feasible_count:,}",
        ", ".join(scenario.party_names),
        description,
    )


def scenarios_table() -> Table:
    """A rich table of every built-in scenario."""
    table = Table(title="Built-in scenarios (give the name where a scenario path is expected)")
    for column in ("name", "title", "issues", "outcomes", "parties", "description"):
        table.add_column(column, overflow="fold")
    for name, description in EXAMPLES.items():
        table.add_row(*_row(name, description, _guarded(partial(load_example, name))))
    return table


@app.command()
def scenarios() -> None:
    """List the built-in scenarios (use a name in place of a path, e.g. `parley info istanbul-2022`)."""
    Console().print(scenarios_table())
