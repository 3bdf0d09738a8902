"""Format-independent help for writing preferences exactly: additive decomposition and constant shifts.

GENIUS and GeniusWeb both store ``Σ_i weight_i · value_i(o_i)`` with restrictions (non-negative
discrete evaluations, no constant term, GeniusWeb values in [0, 1]). A parley utility (possibly a
:class:`NormalizedUtility` around a linear one) is first written as ``constant + Σ_i c_i(o_i)``; the
writers then move constants between issues, which changes no utility, until the format's rules hold.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from parley.domain import CategoricalIssue, Issue, IssueError
from parley.formats.errors import ScenarioError
from parley.preferences import LinearAdditiveUtility, LinearValue, NormalizedUtility, Preferences, Utility

#: Relative tolerance when checking that a value table is an exact affine function of the issue values.
AFFINE_RTOL = 1e-9


class EncodingError(ValueError):
    """The preferences cannot be written exactly in the target format."""


def render_exactly(path: Path, render: Callable[[], str], location: str) -> str:
    """A file's text, with an impossible encoding turned into a ScenarioError naming ``path``."""
    try:
        return render()
    except (EncodingError, IssueError) as exc:
        raise ScenarioError(path, location, f"cannot write: {exc}") from None


def unwrap(utility: Utility) -> tuple[float, float, Utility]:
    """``(scale, constant, base)`` with ``utility = scale · base + constant``, peeling normalisations."""
    scale, constant = 1.0, 0.0
    while isinstance(utility, NormalizedUtility):
        span = utility.high - utility.low
        a, b = (0.0, 1.0) if span == 0 else (1.0 / span, -utility.low / span)
        scale, constant = scale * a, scale * b + constant
        utility = utility.base
    return scale, constant, utility


def affine(issue: Issue, table: np.ndarray) -> tuple[float, float]:
    """``(slope, intercept)`` with ``table == intercept + slope · value`` on a numeric issue, or raise."""
    if isinstance(issue, CategoricalIssue):
        raise EncodingError(f"issue {issue.name!r} is categorical; it has no linear value function")
    x = issue.values().astype(np.float64)
    slope = 0.0 if len(x) < 2 else float((table[-1] - table[0]) / (x[-1] - x[0]))
    intercept = float(table[0] - slope * x[0])
    scale = max(1.0, float(np.abs(table).max()))
    if not np.allclose(intercept + slope * x, table, rtol=AFFINE_RTOL, atol=AFFINE_RTOL * scale):
        raise EncodingError(
            f"the values of numeric issue {issue.name!r} are not a linear function of the issue value"
        )
    return slope, intercept


@dataclass(frozen=True)
class Additive:
    """``utility = scale · Σ_i weights[i] · values[i](o_i) + constant``, with numeric value lines resolved."""

    base: LinearAdditiveUtility
    scale: float
    constant: float
    value_tables: tuple[np.ndarray, ...]
    lines: tuple[tuple[float, float] | None, ...]
    #: issues whose value function is a line that a [0, 1] clamp cuts on the issue's points: only
    #: GENIUS (which clamps the same way) can hold them, and only unscaled
    clamped: frozenset[int] = frozenset()

    @property
    def contributions(self) -> tuple[np.ndarray, ...]:
        """Each issue's share of the utility, per option (before the constant)."""
        return tuple(self.scale * w * t for w, t in zip(self.base.weights, self.value_tables, strict=True))


def check_plain(preferences: Preferences, target: str) -> None:
    """Refuse what neither GENIUS nor GeniusWeb can hold: space constraints and red lines."""
    if preferences.space.constraints:
        raise EncodingError(f"{target} cannot express constraints on the outcome space")
    if preferences.red_lines:
        raise EncodingError(f"{target} cannot express red lines; fold them into the utility first")


def additive_form(preferences: Preferences, target: str) -> Additive:
    """Check what every exporter needs and decompose the utility; raises :class:`EncodingError`."""
    check_plain(preferences, target)
    scale, constant, base = unwrap(preferences.utility)
    if not isinstance(base, LinearAdditiveUtility):
        raise EncodingError(f"{target} cannot express a {type(base).__name__} here")
    tables = tuple(v.table(i) for v, i in zip(base.values, base.space.issues, strict=True))
    lines: list[tuple[float, float] | None] = []
    clamped: set[int] = set()
    for position, (issue, function, table) in enumerate(
        zip(base.space.issues, base.values, tables, strict=True)
    ):
        if isinstance(issue, CategoricalIssue):
            lines.append(None)
        elif isinstance(function, LinearValue):
            lines.append((function.slope, function.intercept))
            if function.clips(issue):
                if function.clip != (0.0, 1.0):
                    raise EncodingError(f"issue {issue.name!r} has a value line clipped to {function.clip}")
                clamped.add(position)
        else:
            lines.append(affine(issue, table))
    return Additive(base, scale, constant, tables, tuple(lines), frozenset(clamped))


def shifts(minima: list[float | None], constant: float) -> list[float]:
    """Constants ``s_i`` summing to ``constant`` with ``minima[i] + s_i ≥ 0`` (``None``: unconstrained).

    Shifts are zero where nothing forces them; raises :class:`EncodingError` when impossible, i.e.
    when the lowest utility is negative and no issue can carry an arbitrary offset.
    """
    result = [0.0 if m is None else max(-m, 0.0) for m in minima]
    rest = constant - sum(result)
    free = [i for i, m in enumerate(minima) if m is None]
    if free:
        result[free[0]] += rest
        return result
    if rest >= 0:
        result[0] += rest
        return result
    for i, m in enumerate(minima):
        room = result[i] + (m or 0.0)
        take = min(room, -rest)
        result[i] -= take
        rest += take
    if rest < -1e-12 * (1.0 + sum(abs(m or 0.0) for m in minima) + abs(constant)):
        raise EncodingError(
            "the profile's lowest utility is negative, but GENIUS discrete evaluations are non-negative and "
            "an additive profile has no constant term; shift or normalise the utility first"
        )
    return result
