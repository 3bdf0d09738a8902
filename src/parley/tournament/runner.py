"""Run the negotiations of a tournament: one spec, or a batch of specs over one scenario.

These functions are what executors ship to worker processes, so they take and return small picklable
values: a batch carries its scenario once, and each run comes back as a :class:`RunOutcome` without its
record (the event log stays in the worker).
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass

from parley.negotiators.registry import make_negotiator
from parley.protocols import negotiate
from parley.protocols.base import Deadline, Seat
from parley.scenario import Scenario
from parley.tournament.spec import RunSpec


@dataclass(frozen=True)
class RunOutcome:
    """What one run leaves for the results table (utilities are None without agreement)."""

    index: int
    ending: str
    agreement: tuple[int, ...] | None
    utilities: tuple[float, ...] | None
    rounds: int
    elapsed: float


@dataclass(frozen=True)
class RunBatch:
    """Runs on one scenario, shipped to a worker as one task."""

    scenario: Scenario
    specs: tuple[RunSpec, ...]


def seats_for(scenario: Scenario, spec: RunSpec) -> list[Seat]:
    """Fresh negotiators for ``spec``'s strategies, seated in the scenario's party order."""
    if len(spec.strategies) != len(scenario.parties):
        raise ValueError(f"{len(spec.strategies)} strategies for {len(scenario.parties)} parties")
    return [
        Seat(party.name, party.preferences, make_negotiator(strategy.name, **strategy.kwargs()))
        for party, strategy in zip(scenario.parties, spec.strategies, strict=True)
    ]


def run_spec(scenario: Scenario, spec: RunSpec) -> RunOutcome:
    """Run one negotiation of the grid with its own seed and a round-only deadline."""
    started = time.perf_counter()
    result = negotiate(
        scenario.space,
        seats_for(scenario, spec),
        protocol=spec.protocol,
        deadline=Deadline(rounds=spec.rounds),
        seed=spec.seed,
    )
    return RunOutcome(
        index=spec.index,
        ending=result.ending.value,
        agreement=result.agreement,
        utilities=result.utilities,
        rounds=result.rounds,
        elapsed=time.perf_counter() - started,
    )


def run_batch(batch: RunBatch) -> list[RunOutcome]:
    """Run every spec of ``batch`` in order."""
    return [run_spec(batch.scenario, spec) for spec in batch.specs]


def make_batches(scenarios: Sequence[Scenario], specs: Sequence[RunSpec], size: int) -> list[RunBatch]:
    """Group ``specs`` by scenario and cut each group into batches of at most ``size`` runs."""
    if size < 1:
        raise ValueError(f"batch size must be at least 1, got {size}")
    batches: list[RunBatch] = []
    for number, scenario in enumerate(scenarios):
        group = [spec for spec in specs if spec.scenario == number]
        for start in range(0, len(group), size):
            batches.append(RunBatch(scenario, tuple(group[start : start + size])))
    return batches
