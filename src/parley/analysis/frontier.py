"""The Pareto frontier of a negotiation, and the choice of the exact method that computes it.

Three methods, all exact: issue-by-issue dynamic programming for linear-additive utilities (any space
size), chunked enumeration with bounded memory (any utilities, spaces up to ``ENUMERATION_LIMIT``),
and a CP-SAT sweep for hyper-rectangle utilities on spaces too large to enumerate (each point proven
optimal, or reported with its remaining gap when the time budget runs out).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal

import numpy as np

from parley.domain import OutcomeSpace
from parley.preferences import Preferences, meets

Method = Literal["auto", "linear", "enumeration", "solver"]
#: Spaces with at most this many outcomes are enumerated when no faster exact method applies.
ENUMERATION_LIMIT = 50_000_000


@dataclass(frozen=True, eq=False)
class Frontier:
    """Pareto-efficient utility vectors (one row per distinct vector) and a package behind each.

    ``utilities`` has one column per party (in the order the preferences were given) and is sorted by
    the first party's utility, best first; ``outcomes`` holds the option-index row of one package per
    point. ``proven[i]`` says whether point ``i`` is proven Pareto-optimal and ``gaps[i]`` bounds how
    far it may be from the true frontier (0 when proven); both are all-True / all-zero for the exact
    methods.
    """

    utilities: np.ndarray
    outcomes: np.ndarray
    method: str
    proven: np.ndarray = field(default_factory=lambda: np.empty(0, dtype=bool))
    gaps: np.ndarray = field(default_factory=lambda: np.empty(0))

    def __post_init__(self) -> None:
        if len(self.proven) != len(self.utilities):
            object.__setattr__(self, "proven", np.ones(len(self.utilities), dtype=bool))
        if len(self.gaps) != len(self.utilities):
            object.__setattr__(self, "gaps", np.zeros(len(self.utilities)))

    def __len__(self) -> int:
        return len(self.utilities)

    @property
    def exact(self) -> bool:
        """Whether every point is proven."""
        return bool(self.proven.all())

    def acceptable(self, reservation_values: Sequence[float] | np.ndarray) -> Frontier:
        """The frontier of the outcomes every party prefers (weakly) to no agreement.

        Equal to the frontier points at or above every reservation value: a point of the restricted
        set dominated in the full set would be dominated by an acceptable outcome.
        """
        keep = meets(self.utilities, np.asarray(reservation_values, dtype=np.float64)).all(axis=1)
        return Frontier(
            self.utilities[keep], self.outcomes[keep], self.method, self.proven[keep], self.gaps[keep]
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
    from parley.analysis.enumerated_frontier import enumerated_frontier
    from parley.analysis.linear_frontier import is_linear, linear_frontier

    if not preferences:
        raise ValueError("a frontier needs at least one party's preferences")
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
        from parley.analysis.solver_frontier import solver_frontier

        frontier = solver_frontier(space, preferences, time_limit=time_limit)
    if acceptable_only:
        frontier = frontier.acceptable([p.reservation_value for p in preferences])
    return frontier
