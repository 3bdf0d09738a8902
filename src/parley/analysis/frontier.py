"""The Pareto frontier of a negotiation, and the choice of the exact method that computes it.

Three methods, all exact: issue-by-issue dynamic programming for linear-additive utilities (any space
size), chunked enumeration with bounded memory (any utilities, spaces up to ``ENUMERATION_LIMIT``),
and a CP-SAT sweep for hyper-rectangle utilities on spaces too large to enumerate (each point proven
optimal, or reported with its remaining gap when the time budget runs out).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

from parley.analysis.enumerated_frontier import enumerated_frontier
from parley.analysis.frontier_result import Frontier
from parley.analysis.linear_frontier import is_linear, linear_frontier
from parley.domain import OutcomeSpace
from parley.extras import ensure_extra, has_extra
from parley.preferences import Preferences

Method = Literal["auto", "linear", "enumeration", "solver"]
#: Spaces with at most this many outcomes are enumerated when no faster exact method applies.
ENUMERATION_LIMIT = 50_000_000


class FrontierMethodError(ValueError):
    """The frontier method asked for cannot compute this frontier; the message names those that can."""


def usable_methods(space: OutcomeSpace, preferences: Sequence[Preferences]) -> list[str]:
    """The explicit methods that can compute the frontier of ``preferences`` over ``space``."""
    usable = []
    if all(is_linear(p.utility) for p in preferences):
        usable.append("linear")
    if space.cardinality <= ENUMERATION_LIMIT:
        usable.append("enumeration")
    usable.append("solver" if has_extra("solver") else "solver (install parley[solver])")
    return usable


def method_problem(space: OutcomeSpace, preferences: Sequence[Preferences], method: Method) -> str | None:
    """Why ``method`` cannot compute this frontier (naming the methods that can), or None if it can."""
    if method == "linear" and not all(is_linear(p.utility) for p in preferences):
        kinds = sorted({type(p.utility).__name__ for p in preferences if not is_linear(p.utility)})
        why = f"the utilities are not all linear-additive ({', '.join(kinds)})"
    elif method == "enumeration" and space.cardinality > ENUMERATION_LIMIT:
        size = f"{space.cardinality:.3g}" if space.cardinality < 10**300 else "more than 10^300"
        why = f"the space has {size} outcomes, above the enumeration limit of {ENUMERATION_LIMIT:,}"
    else:
        return None
    return f"method {method!r} cannot be used: {why}; methods that work here: " + ", ".join(
        usable_methods(space, preferences)
    )


def pareto_frontier(
    space: OutcomeSpace,
    preferences: Sequence[Preferences],
    method: Method = "auto",
    acceptable_only: bool = False,
    time_limit: float = 60.0,
) -> Frontier:
    """The Pareto frontier of ``preferences`` over ``space`` (red-lined outcomes never count).

    ``method="auto"`` picks the fastest exact method: linear dynamic programming when every utility is
    linear-additive, enumeration when the space is small enough, else the CP-SAT solver (whose total
    budget is ``time_limit`` seconds). With ``acceptable_only`` only outcomes at or above every
    reservation value are kept. Utilities are undiscounted (time 0), on each profile's own scale.
    """
    if not preferences:
        raise ValueError("a frontier needs at least one party's preferences")
    problem = method_problem(space, preferences, method)
    if problem is not None:
        raise FrontierMethodError(problem)
    chosen = method
    if chosen == "auto":
        if all(is_linear(p.utility) for p in preferences):
            chosen = "linear"
        elif space.cardinality <= ENUMERATION_LIMIT:
            chosen = "enumeration"
        else:
            chosen = "solver"
    if chosen == "linear":
        frontier = linear_frontier(space, preferences)
    elif chosen == "enumeration":
        frontier = enumerated_frontier(space, preferences)
    else:
        ensure_extra("solver", "the CP-SAT frontier (non-linear utilities over a large space)")
        from parley.analysis.solver_frontier import solver_frontier  # OR-Tools is an optional extra

        frontier = solver_frontier(space, preferences, time_limit=time_limit)
    if acceptable_only:
        frontier = frontier.acceptable([p.reservation_value for p in preferences])
    return frontier
