"""A CP-SAT model of an outcome space with one integer-valued utility variable per party.

Each issue is an integer variable holding its option index; every condition (a set of allowed options)
becomes a Boolean fully reified on that variable's domain; space constraints and red lines are
clauses over those Booleans. Utilities must be integers in CP-SAT: hyper-rectangle utilities with
whole-number rectangle values are used exactly, anything else is scaled by the smallest power of ten
that makes every value whole (or by ``10**ROUNDED_DIGITS`` and rounded, with the rounding error kept).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from ortools.sat.python import cp_model

from parley.domain import Condition, OutcomeSpace
from parley.preferences import (
    HyperRectangleUtility,
    LinearAdditiveUtility,
    NormalizedUtility,
    Preferences,
    Utility,
)

#: Largest power of ten tried to make utility values whole.
MAX_DIGITS = 9
#: Power of ten used (with rounding) when no power up to ``MAX_DIGITS`` makes the values whole.
ROUNDED_DIGITS = 6
#: Relative tolerance under which a scaled value counts as whole.
WHOLE_TOLERANCE = 1e-9


@dataclass(frozen=True)
class Scaled:
    """Values multiplied by ``scale`` and rounded; ``error`` bounds ``|rounded − exact|`` per value."""

    values: np.ndarray
    scale: int
    error: float


def scale_to_integers(values: np.ndarray) -> Scaled:
    """Scale ``values`` by the smallest power of ten (up to ``10**MAX_DIGITS``) that makes them whole."""
    values = np.asarray(values, dtype=np.float64)
    for digits in range(MAX_DIGITS + 1):
        scaled = values * 10**digits
        rounded = np.round(scaled)
        if np.all(np.abs(scaled - rounded) <= WHOLE_TOLERANCE * np.maximum(1.0, np.abs(scaled))):
            return Scaled(rounded.astype(np.int64), 10**digits, 0.0)
    scaled = values * 10**ROUNDED_DIGITS
    rounded = np.round(scaled)
    error = float(np.abs(scaled - rounded).max(initial=0.0))
    return Scaled(rounded.astype(np.int64), 10**ROUNDED_DIGITS, error)


def unwrap(utility: Utility) -> tuple[Utility, float]:
    """The utility under any ``NormalizedUtility`` layers, and the slope of the affine map back."""
    slope = 1.0
    while isinstance(utility, NormalizedUtility):
        slope = 0.0 if utility.high == utility.low else slope / (utility.high - utility.low)
        utility = utility.base
    return utility, slope


@dataclass(frozen=True)
class Objective:
    """One party's utility as a bounded integer variable of the model.

    The real utility is an affine function of ``variable`` with slope ``per_unit``; it is exact up to
    ``rounding`` (in real utility units) when the values had to be rounded to integers.
    """

    variable: cp_model.IntVar
    lower: int
    upper: int
    per_unit: float
    rounding: float


class FrontierModel:
    """Issue variables, feasibility (space constraints, red lines) and one objective per party."""

    def __init__(self, space: OutcomeSpace, preferences: Sequence[Preferences]) -> None:
        self.space = space
        self.model = cp_model.CpModel()
        self.choices = [self.model.new_int_var(0, issue.size - 1, issue.name) for issue in space.issues]
        self._literals: dict[tuple[int, bytes], cp_model.IntVar] = {}
        for constraint in space.constraints:
            self._add_constraint(constraint.when, constraint.then)
        for party in preferences:
            for line in party.red_lines:
                position, mask = space.condition_mask(line)
                self._restrict(position, ~mask)
        self.objectives = [self._objective(p.utility) for p in preferences]

    def literal(self, position: int, mask: np.ndarray) -> cp_model.IntVar:
        """A Boolean that is true exactly when issue ``position`` takes an option allowed by ``mask``."""
        key = (position, np.asarray(mask, dtype=bool).tobytes())
        if key not in self._literals:
            holds = self.model.new_bool_var(f"holds_{position}_{len(self._literals)}")
            allowed, refused = np.flatnonzero(mask).tolist(), np.flatnonzero(~mask).tolist()
            if not refused or not allowed:
                self.model.add(holds == int(bool(allowed)))
            else:
                choice = self.choices[position]
                in_allowed = self.model.add_linear_expression_in_domain(
                    choice, cp_model.Domain.from_values(allowed)
                )
                in_allowed.only_enforce_if(holds)
                in_refused = self.model.add_linear_expression_in_domain(
                    choice, cp_model.Domain.from_values(refused)
                )
                in_refused.only_enforce_if(~holds)
            self._literals[key] = holds
        return self._literals[key]

    def _condition(self, condition: Condition) -> cp_model.IntVar:
        """The Boolean of one condition."""
        return self.literal(*self.space.condition_mask(condition))

    def _add_constraint(self, when: Sequence[Condition], then: Sequence[Condition]) -> None:
        """All ``when`` conditions imply all ``then`` conditions (none: the combination is forbidden)."""
        triggers = [self._condition(c) for c in when]
        if then:
            self.model.add_bool_and([self._condition(c) for c in then]).only_enforce_if(triggers)
        else:
            self.model.add_bool_or([~t for t in triggers])

    def _restrict(self, position: int, mask: np.ndarray) -> None:
        """Issue ``position`` may only take the options allowed by ``mask``."""
        self.model.add_linear_expression_in_domain(
            self.choices[position], cp_model.Domain.from_values(np.flatnonzero(mask).tolist())
        )

    def _objective(self, utility: Utility) -> Objective:
        """Integer variable equal to the scaled base utility, with its real-units slope."""
        base, slope = unwrap(utility)
        if slope < 0:
            raise ValueError("a normalised utility with high < low reverses preferences; normalise it again")
        if slope == 0:  # a constant utility (degenerate normalisation): nothing to optimise
            return self._bind(0, 0, 0, 0.0, 0.0)
        if isinstance(base, HyperRectangleUtility):
            return self._rectangles(base, slope)
        if isinstance(base, LinearAdditiveUtility):
            return self._linear(base, slope)
        raise ValueError(
            f"the CP-SAT frontier handles hyper-rectangle and linear-additive utilities "
            f"(possibly normalised), not {type(base).__name__}"
        )

    def _rectangles(self, utility: HyperRectangleUtility, slope: float) -> Objective:
        """Σ value_r · b_r with each b_r reified on membership of rectangle r."""
        scaled = scale_to_integers(np.array([r.utility for r in utility.rectangles], dtype=np.float64))
        terms: list[tuple[int, cp_model.IntVar]] = []
        for rectangle, value in zip(utility.rectangles, scaled.values.tolist(), strict=True):
            parts = [self.literal(p, m) for p, m in rectangle.masks(self.space)]
            inside = self.model.new_bool_var(f"rectangle_{len(terms)}")
            self.model.add_bool_and(parts).only_enforce_if(inside)
            self.model.add_bool_or([~p for p in parts]).only_enforce_if(~inside)
            terms.append((value, inside))
        lower = sum(v for v, _ in terms if v < 0)
        upper = sum(v for v, _ in terms if v > 0)
        per_unit = slope / utility.normalizer / scaled.scale
        total = sum(v * b for v, b in terms)
        rounding = scaled.error * len(terms) * abs(per_unit)
        return self._bind(total, lower, upper, per_unit, rounding)

    def _linear(self, utility: LinearAdditiveUtility, slope: float) -> Objective:
        """Σ table_i[x_i] through one element constraint per issue."""
        scaled = scale_to_integers(np.concatenate(utility.tables))
        splits = np.cumsum([len(t) for t in utility.tables])[:-1]
        parts = []
        for position, table in enumerate(np.split(scaled.values, splits)):
            values = table.tolist()
            part = self.model.new_int_var(min(values), max(values), f"value_{position}")
            self.model.add_element(self.choices[position], values, part)
            parts.append((part, min(values), max(values)))
        per_unit = slope / scaled.scale
        rounding = scaled.error * len(parts) * abs(per_unit)
        total = sum(p for p, _, _ in parts)
        lower, upper = sum(lo for _, lo, _ in parts), sum(hi for _, _, hi in parts)
        return self._bind(total, lower, upper, per_unit, rounding)

    def _bind(
        self, total: cp_model.LinearExprT, lower: int, upper: int, per_unit: float, rounding: float
    ) -> Objective:
        """A new variable in ``[lower, upper]`` constrained equal to ``total``."""
        variable = self.model.new_int_var(lower, upper, "utility")
        self.model.add(variable == total)
        return Objective(variable, lower, upper, per_unit, rounding)

    def set_range(self, party: int, lower: int, upper: int) -> None:
        """Restrict party ``party``'s integer utility to ``[lower, upper]`` for the next solves."""
        domain = self.model.proto.variables[self.objectives[party].variable.index].domain
        domain.clear()
        domain.extend([lower, upper])

    def hint(self, outcome: np.ndarray | None) -> None:
        """Start the next searches from ``outcome`` (None: from nowhere in particular)."""
        self.model.clear_hints()  # type: ignore[no-untyped-call]  # ortools leaves it unannotated
        if outcome is not None:
            for choice, option in zip(self.choices, outcome.tolist(), strict=True):
                self.model.add_hint(choice, option)
