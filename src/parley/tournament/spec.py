"""The grid of a tournament: strategies, one small picklable spec per run, and its derived seed.

Each run's seed comes from the master seed and the run's coordinates in the grid (scenario, repetition
and the strategy in each seat), through :class:`numpy.random.SeedSequence` spawn keys. So a run's seed
does not depend on the order the runs are executed in, on the number of workers, or on which other
runs are in the grid.
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

Params = tuple[tuple[str, Any], ...]


@dataclass(frozen=True)
class Strategy:
    """A registered negotiator's name and the keyword parameters it is built with."""

    name: str
    params: Params = ()

    @property
    def label(self) -> str:
        """How the strategy is shown in tables: ``name`` or ``name:key=value:…``."""
        return ":".join([self.name, *(f"{key}={value}" for key, value in self.params)])

    def kwargs(self) -> dict[str, Any]:
        """The parameters as keyword arguments."""
        return dict(self.params)


def parse_strategy(text: str) -> Strategy:
    """A strategy from ``name`` or ``name:key=value[:key=value…]`` (values read as JSON when they parse)."""
    name, *pairs = (part.strip() for part in text.strip().split(":"))
    if not name:
        raise ValueError(f"no strategy name in {text!r}")
    params: list[tuple[str, Any]] = []
    for pair in pairs:
        key, equals, value = pair.partition("=")
        if not equals or not key.strip():
            raise ValueError(f"strategy parameter {pair!r} in {text!r} is not key=value")
        params.append((key.strip(), _parse_value(value.strip())))
    return Strategy(name, tuple(params))


def _parse_value(text: str) -> Any:
    """A JSON value (number, boolean, null…) or the text itself."""
    try:
        return json.loads(text)
    except ValueError:
        return text


@dataclass(frozen=True)
class RunSpec:
    """Everything one negotiation of the grid needs besides the scenario itself (picklable)."""

    index: int
    scenario: int
    strategies: tuple[Strategy, ...]
    protocol: str
    rounds: int
    repetition: int
    seed: int


def derive_seed(master: int, scenario: int, repetition: int, seats: Sequence[int]) -> int:
    """A run's seed: a SeedSequence child of ``master`` keyed by the run's grid coordinates."""
    sequence = np.random.SeedSequence(master, spawn_key=(scenario, repetition, *seats))
    return int(sequence.generate_state(1, dtype=np.uint32)[0])


def build_grid(
    party_counts: Sequence[int],
    strategies: Sequence[Strategy],
    protocol: str,
    rounds: int,
    repetitions: int,
    seed: int,
) -> list[RunSpec]:
    """Every ordered n-tuple of strategies (self-play included) per scenario and repetition.

    ``party_counts[i]`` is the number of seats of scenario ``i``; each tuple assigns strategies to
    seats in order, so every strategy plays every seat against every combination of the others.
    """
    if repetitions < 1:
        raise ValueError(f"repetitions must be at least 1, got {repetitions}")
    if not strategies:
        raise ValueError("a tournament needs at least one strategy")
    specs: list[RunSpec] = []
    for scenario, seats in enumerate(party_counts):
        for combination in itertools.product(range(len(strategies)), repeat=seats):
            for repetition in range(repetitions):
                specs.append(
                    RunSpec(
                        index=len(specs),
                        scenario=scenario,
                        strategies=tuple(strategies[i] for i in combination),
                        protocol=protocol,
                        rounds=rounds,
                        repetition=repetition,
                        seed=derive_seed(seed, scenario, repetition, combination),
                    )
                )
    return specs
