"""Hypothesis strategies for stakeholder tables, shared by the forecast tests."""

from __future__ import annotations

import numpy as np
from hypothesis import strategies as st

from parley.actors import StakeholderTable

unit = st.floats(0.0, 1.0, allow_nan=False)
place = st.floats(-100.0, 100.0, allow_nan=False).map(lambda value: round(value, 3))


@st.composite
def tables(draw: st.DrawFn, min_actors: int = 1, max_actors: int = 8) -> StakeholderTable:
    """A table of 1–8 actors with a positive total capability × salience."""
    n = draw(st.integers(min_actors, max_actors))
    capability = np.array(draw(st.lists(unit, min_size=n, max_size=n)))
    salience = np.array(draw(st.lists(unit, min_size=n, max_size=n)))
    position = np.array(draw(st.lists(place, min_size=n, max_size=n)))
    lead = draw(st.integers(0, n - 1))
    capability[lead] = max(capability[lead], 0.1)
    salience[lead] = max(salience[lead], 0.1)
    return StakeholderTable(tuple(f"a{i}" for i in range(n)), capability, position, salience)


@st.composite
def dictatorships(draw: st.DrawFn) -> StakeholderTable:
    """A table where one actor holds all the capability (the others have none)."""
    table = draw(tables(min_actors=2))
    dictator = draw(st.integers(0, len(table) - 1))
    capability = np.zeros(len(table))
    capability[dictator] = draw(st.floats(0.1, 1.0))
    salience = table.salience.copy()
    salience[dictator] = max(salience[dictator], 0.1)
    return StakeholderTable(table.actors, capability, table.position, salience)


def permutations(table: StakeholderTable) -> st.SearchStrategy[list[int]]:
    """Orders of the table's rows."""
    return st.permutations(list(range(len(table))))
