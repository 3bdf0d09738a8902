"""The opening package: the best package under a linear-additive mandate, found without enumeration."""

from __future__ import annotations

import numpy as np

from parley.analysis.linear_frontier import allowed_options, decision_units, issue_tables
from parley.preferences import Preferences


def best_package(preferences: Preferences) -> tuple[int, ...]:
    """Option indices of the feasible package of highest utility that crosses no red line.

    Free issues are maximised one by one and issues tied by constraints over their feasible
    combinations (the decomposition of :func:`parley.analysis.linear_frontier.decision_units`); ties go
    to the lowest option index. Raises ValueError when the red lines leave no feasible package.
    """
    space = preferences.space
    tables, _ = issue_tables(preferences.utility)
    units = decision_units(space, [[table] for table in tables], allowed_options(space, [preferences]))
    package = np.zeros(len(space.issues), dtype=np.int64)
    for unit in units:
        if not len(unit.choices):
            raise ValueError("the red lines and required tasks leave no feasible package")
        package[unit.columns] = unit.choices[int(np.argmax(unit.values[:, 0]))]
    return tuple(int(i) for i in package)
