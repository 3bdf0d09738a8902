"""Hypothesis strategies shared by the domain and preference tests, plus plain-Python reference models.

Generated spaces stay small (at most ``MAX_OUTCOMES`` outcomes) so that every property can be checked
against a brute-force enumeration written independently of the vectorised code under test.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterator, Sequence

import numpy as np
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

from parley.domain import (
    CategoricalIssue,
    Condition,
    Constraint,
    IntegerIssue,
    Issue,
    OutcomeSpace,
    RealIssue,
)
from parley.preferences import (
    HyperRectangle,
    HyperRectangleUtility,
    LinearAdditiveUtility,
    LinearValue,
    Preferences,
    TableValue,
    ValueFunction,
)

MAX_OUTCOMES = 5_000

#: Settings for every property test: reproducible (derandomised), no deadline, no example database.
PROPERTY = settings(
    max_examples=60,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

_OPTION_NAMES = st.text(alphabet="abcdefghij", min_size=1, max_size=4)
# Dyadic numbers are exact in binary floating point; that keeps reference sums readable.
_SMALL_FLOATS = st.integers(-40, 40).map(lambda k: k / 4)


# --- issues ----------------------------------------------------------------------------------------
@st.composite
def categorical_issues(draw: st.DrawFn, name: str = "c", max_size: int = 6) -> CategoricalIssue:
    options = draw(st.lists(_OPTION_NAMES, min_size=1, max_size=max_size, unique=True))
    return CategoricalIssue(name, tuple(options))


@st.composite
def integer_issues(draw: st.DrawFn, name: str = "n", max_size: int = 6) -> IntegerIssue:
    low = draw(st.integers(-20, 20))
    size = draw(st.integers(1, max_size))
    return IntegerIssue(name, low, low + size - 1)


@st.composite
def real_issues(draw: st.DrawFn, name: str = "r", max_size: int = 6) -> RealIssue:
    low = draw(st.integers(-20, 20)) / 2
    steps = draw(st.integers(1, max_size))
    if steps == 1:
        return RealIssue(name, low, low, 1)
    width = draw(st.integers(1, 40)) / 4
    return RealIssue(name, low, low + width, steps)


def issues(name: str = "x", max_size: int = 6) -> st.SearchStrategy[Issue]:
    """An issue of any of the three kinds."""
    return st.one_of(
        categorical_issues(name, max_size), integer_issues(name, max_size), real_issues(name, max_size)
    )


# --- conditions and constraints --------------------------------------------------------------------
@st.composite
def conditions(draw: st.DrawFn, issue: Issue) -> Condition:
    """A condition on ``issue``: a non-empty option subset, or (numeric issues) a possibly open range.

    Options of real issues are always exact grid points, so membership has an obvious meaning.
    """
    values = [issue.value(i) for i in range(issue.size)]
    if isinstance(issue, CategoricalIssue) or draw(st.booleans()):
        chosen = draw(st.lists(st.sampled_from(values), min_size=1, max_size=len(values), unique=True))
        return Condition(issue.name, tuple(chosen))
    points = [float(v) for v in values]  # numeric issue: every value is a number
    low = draw(st.none() | st.sampled_from(points))
    high = draw(st.none() | st.sampled_from(points))
    if low is None and high is None:
        high = points[-1]
    return Condition(issue.name, low=low, high=high)


@st.composite
def constraints(draw: st.DrawFn, issue_list: Sequence[Issue]) -> Constraint:
    """A constraint whose ``when`` and ``then`` parts name random issues of ``issue_list``."""
    when = draw(st.lists(st.sampled_from(list(issue_list)), min_size=1, max_size=2))
    then = draw(st.lists(st.sampled_from(list(issue_list)), min_size=0, max_size=2))
    name = f"k{draw(st.integers(0, 99))}"
    return Constraint(
        tuple(draw(conditions(issue)) for issue in when),
        tuple(draw(conditions(issue)) for issue in then),
        name=name,
    )


# --- outcome spaces --------------------------------------------------------------------------------
@st.composite
def outcome_spaces(
    draw: st.DrawFn,
    min_issues: int = 1,
    max_issues: int = 4,
    max_outcomes: int = MAX_OUTCOMES,
    constrained: bool | None = None,
    max_constraints: int = 3,
) -> OutcomeSpace:
    """A space of at most ``max_outcomes`` outcomes.

    ``constrained``: True always adds constraints, False never does, None decides at random.
    """
    count = draw(st.integers(min_issues, max_issues))
    issue_list: list[Issue] = []
    product = 1
    for position in range(count):
        budget = max_outcomes // product
        issue = draw(issues(f"i{position}", max_size=max(1, min(6, budget))))
        issue_list.append(issue)
        product *= issue.size
    if constrained is None:
        constrained = draw(st.booleans())
    constraint_list: list[Constraint] = []
    if constrained:
        how_many = draw(st.integers(1, max_constraints))
        constraint_list = [draw(constraints(issue_list)) for _ in range(how_many)]
    return OutcomeSpace(tuple(issue_list), tuple(constraint_list))


# --- utilities and preferences ---------------------------------------------------------------------
@st.composite
def value_functions(draw: st.DrawFn, issue: Issue) -> ValueFunction:
    """A value table for any issue, or a linear value function for a numeric one."""
    if not isinstance(issue, CategoricalIssue) and draw(st.booleans()):
        return LinearValue(draw(_SMALL_FLOATS), draw(_SMALL_FLOATS))
    return TableValue(tuple(draw(st.lists(_SMALL_FLOATS, min_size=issue.size, max_size=issue.size))))


@st.composite
def linear_utilities(draw: st.DrawFn, space: OutcomeSpace) -> LinearAdditiveUtility:
    """Random non-negative weights and a random value function per issue."""
    weights = draw(
        st.lists(
            st.floats(0.0, 1.0, allow_nan=False, allow_subnormal=False),
            min_size=len(space.issues),
            max_size=len(space.issues),
        )
    )
    values = tuple(draw(value_functions(issue)) for issue in space.issues)
    return LinearAdditiveUtility(space, tuple(weights), values)


@st.composite
def hyper_rectangles(draw: st.DrawFn, space: OutcomeSpace) -> HyperRectangle:
    include = draw(st.lists(st.sampled_from(space.issues), min_size=1, max_size=3))
    exclude = draw(st.lists(st.sampled_from(space.issues), min_size=0, max_size=2))
    return HyperRectangle(
        draw(_SMALL_FLOATS),
        tuple(draw(conditions(issue)) for issue in include),
        tuple(draw(conditions(issue)) for issue in exclude),
    )


@st.composite
def hyper_rectangle_utilities(draw: st.DrawFn, space: OutcomeSpace) -> HyperRectangleUtility:
    rectangles = draw(st.lists(hyper_rectangles(space), min_size=1, max_size=5))
    normalizer = draw(st.sampled_from([0.5, 1.0, 2.0, 10.0]))
    return HyperRectangleUtility(space, tuple(rectangles), normalizer)


@st.composite
def preferences(
    draw: st.DrawFn, space: OutcomeSpace, max_red_lines: int = 2, discounted: bool = True
) -> Preferences:
    """Linear-additive preferences with a random reservation value, discount and red lines."""
    utility = draw(linear_utilities(space))
    reservation = draw(_SMALL_FLOATS)
    discount = draw(st.sampled_from([0.25, 0.5, 0.9, 1.0])) if discounted else 1.0
    lines = draw(st.lists(st.sampled_from(space.issues), max_size=max_red_lines))
    red_lines = tuple(draw(conditions(issue)) for issue in lines)
    return Preferences(space, utility, reservation, discount, red_lines)


# --- plain-Python reference models ------------------------------------------------------------------
def reference_rows(space: OutcomeSpace) -> Iterator[tuple[int, ...]]:
    """Every index row of the unconstrained product, in lexicographic order (itertools, not radix)."""
    return itertools.product(*(range(issue.size) for issue in space.issues))


def condition_holds(condition: Condition, issue: Issue, index: int) -> bool:
    """Whether option ``index`` of ``issue`` meets ``condition``, from the condition's definition."""
    value = issue.value(index)
    if condition.options is not None:
        if isinstance(issue, CategoricalIssue):
            return value in {str(option) for option in condition.options}
        return any(value == option for option in condition.options)
    assert not isinstance(value, str), "ranges apply to numeric issues only"
    low = -math.inf if condition.low is None else condition.low
    high = math.inf if condition.high is None else condition.high
    return bool(low <= value <= high)


def _holds(space: OutcomeSpace, condition: Condition, row: Sequence[int]) -> bool:
    position = space.issue_names.index(condition.issue)
    return condition_holds(condition, space.issues[position], int(row[position]))


def reference_feasible(space: OutcomeSpace, row: Sequence[int]) -> bool:
    """Whether ``row`` satisfies every constraint of ``space``, checked one condition at a time."""
    for constraint in space.constraints:
        triggered = all(_holds(space, c, row) for c in constraint.when)
        if triggered and (not constraint.then or not all(_holds(space, c, row) for c in constraint.then)):
            return False
    return True


def reference_feasible_rows(space: OutcomeSpace) -> list[tuple[int, ...]]:
    return [row for row in reference_rows(space) if reference_feasible(space, row)]


def reference_value(function: ValueFunction, issue: Issue, index: int) -> float:
    if isinstance(function, TableValue):
        return function.values[index]
    assert isinstance(function, LinearValue)
    return function.intercept + function.slope * float(issue.value(index))


def reference_linear(utility: LinearAdditiveUtility, row: Sequence[int]) -> float:
    """``Σ weight_i · value_i(option_i)``, one issue at a time."""
    return sum(
        weight * reference_value(function, issue, int(index))
        for weight, function, issue, index in zip(
            utility.weights, utility.values, utility.space.issues, row, strict=True
        )
    )


def reference_hyper_rectangle(utility: HyperRectangleUtility, row: Sequence[int]) -> float:
    """Sum of the utilities of the rectangles containing ``row``, over the normaliser."""
    space = utility.space
    total = 0.0
    for rectangle in utility.rectangles:
        inside = all(_holds(space, c, row) for c in rectangle.include) and not any(
            _holds(space, c, row) for c in rectangle.exclude
        )
        if inside:
            total += rectangle.utility
    return total / utility.normalizer


def reference_crosses(prefs: Preferences, row: Sequence[int]) -> bool:
    return any(_holds(prefs.space, line, row) for line in prefs.red_lines)


def as_array(rows: Sequence[Sequence[int]], space: OutcomeSpace) -> np.ndarray:
    """Rows as an outcome array of ``space`` (shape ``(n, issues)`` even when empty)."""
    return np.array(rows, dtype=space.dtype).reshape(len(rows), len(space.issues))
