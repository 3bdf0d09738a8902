"""Stakeholder tables: who takes part, how strong they are, where they stand and how much they care.

A :class:`StakeholderTable` holds one issue. A problem with several issues is a
``dict[str, StakeholderTable]`` keyed by issue name, every table listing the same actors; the
collective-decision models (:mod:`parley.forecast`) work one issue at a time, as in Bueno de Mesquita
(1994). Tables are read from CSV files by :mod:`parley.formats` or from a scenario's ``stakeholders``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]


@dataclass(frozen=True, eq=False)
class StakeholderTable:
    """Actors on one issue: capability ≥ 0, position (any real scale) and salience in [0, 1]."""

    actors: tuple[str, ...]
    capability: FloatArray
    position: FloatArray
    salience: FloatArray
    issue: str = "issue"
    weights: FloatArray = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        """Freeze the arrays, check their shapes and precompute capability × salience."""
        arrays = {}
        for name in ("capability", "position", "salience"):
            array = np.array(getattr(self, name), dtype=np.float64)
            if array.shape != (len(self.actors),):
                raise ValueError(f"{name} has shape {array.shape}; expected ({len(self.actors)},)")
            array.flags.writeable = False
            arrays[name] = array
            object.__setattr__(self, name, array)
        weights = arrays["capability"] * arrays["salience"]
        weights.flags.writeable = False
        object.__setattr__(self, "weights", weights)

    def __eq__(self, other: object) -> bool:
        """Equal tables: the same actors, issue and values (arrays compared element by element)."""
        if not isinstance(other, StakeholderTable):
            return NotImplemented
        arrays = ("capability", "position", "salience")
        same = all(np.array_equal(getattr(self, name), getattr(other, name)) for name in arrays)
        return same and (self.actors, self.issue) == (other.actors, other.issue)

    __hash__ = None  # type: ignore[assignment]  # equal by value, and its arrays are not hashable

    def __len__(self) -> int:
        """The number of actors."""
        return len(self.actors)

    def permuted(self, order: npt.ArrayLike) -> StakeholderTable:
        """The same table with its actors listed in ``order`` (a permutation of row indices)."""
        index = np.asarray(order, dtype=np.intp)
        return StakeholderTable(
            actors=tuple(self.actors[i] for i in index),
            capability=self.capability[index],
            position=self.position[index],
            salience=self.salience[index],
            issue=self.issue,
        )
