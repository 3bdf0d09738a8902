"""A computed Pareto frontier: its utility vectors, a package behind each, and how sure each point is."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from parley.preferences import meets


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
