"""Settings that load but are probably mistakes: a negative issue weight, a reservation value no
package reaches. Each is issued as a located :class:`ScenarioWarning` (the command still runs)."""

from __future__ import annotations

import math
import warnings
from collections.abc import Callable, Iterator
from pathlib import Path

from parley.domain import IssueError, SpaceTooLargeError
from parley.formats.errors import ScenarioError
from parley.preferences import LinearAdditiveUtility, NormalizedUtility, Utility
from parley.scenario import PathT, Scenario, format_location

#: Finds the 1-based line of a path inside the file (None when unknown).
LineOf = Callable[[PathT], int | None]


class ScenarioWarning(UserWarning):
    """A located warning about a scenario file: ``str()`` names the file, line, place and problem."""


def suspicious_settings(scenario: Scenario) -> Iterator[tuple[PathT, str]]:
    """``(path in the file, problem)`` for each negative weight and each unreachable reservation value."""
    for index, party in enumerate(scenario.parties):
        utility = party.preferences.utility
        base = utility.base if isinstance(utility, NormalizedUtility) else utility
        if isinstance(base, LinearAdditiveUtility):
            for name, weight in zip(scenario.space.issue_names, base.weights, strict=True):
                if weight < 0:
                    yield (
                        ("parties", index, "utility", "weights", name),
                        f"party {party.name!r} gives issue {name!r} a negative weight ({weight:g}): "
                        "what it values on that issue then counts against it",
                    )
        best = _best_possible(utility, scenario)
        reservation = party.preferences.reservation_value
        if best is not None and reservation > best + 1e-9 * max(1.0, abs(best)):
            yield (
                ("parties", index, "reservation_value"),
                f"party {party.name!r} has reservation value {reservation:g}, above the best utility "
                f"any package gives it ({best:g}): it can accept no agreement",
            )


def _best_possible(utility: Utility, scenario: Scenario) -> float | None:
    """An upper bound of ``utility`` over the space, or None when there is no cheap one."""
    try:
        high = utility.outer_bounds(scenario.space)[1]
    except (NotImplementedError, IssueError, SpaceTooLargeError):
        return None
    return high if math.isfinite(high) else None


def warn_suspicious(scenario: Scenario, file: str | Path | None, line_of: LineOf) -> None:
    """Issue a :class:`ScenarioWarning` for each of :func:`suspicious_settings`, located in ``file``."""
    for path, problem in suspicious_settings(scenario):
        located = ScenarioError(file, format_location(path), problem, line=line_of(path))
        warnings.warn(ScenarioWarning(located.message), stacklevel=3)


def warn_suspicious_profiles(scenario: Scenario, profiles: list[Path]) -> None:
    """:func:`warn_suspicious` for a GENIUS or GeniusWeb folder: each warning names the profile file of
    its party (``profiles``, in the order of the parties) and what in it (a weight, the reservation)."""
    for path, problem in suspicious_settings(scenario):
        index = path[1]
        assert isinstance(index, int)
        where = f"weight of {path[-1]}" if "weights" in path else "reservation value"
        located = ScenarioError(profiles[index], where, problem)
        warnings.warn(ScenarioWarning(located.message), stacklevel=3)
