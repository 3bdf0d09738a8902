"""One Monte-Carlo run of a delegations process, and batches of runs on any executor.

Run ``i`` of an outlook with master seed ``s`` draws everything from ``SeedSequence(s, spawn_key=(i,))``:
its first child samples every party's mandate (:meth:`MandateModel.sample_many`, one draw per party in
the plan's order), its second gives the process seed (:func:`run_process`). A run depends on nothing
else, so the results are the same in any batch, on any number of processes or on Dask.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

import numpy as np

from parley.domain import OutcomeSpace
from parley.preferences import Preferences
from parley.scenario import Process
from parley.talks import Delegation, Front, ProcessPlan, StageStatus, open_view, run_process
from parley.tournament.executors import Progress, run_batches

if TYPE_CHECKING:
    from distributed import Client


@dataclass(frozen=True)
class RunRecord:
    """What the outlook keeps of one run: its status, per stage whether agreed and whether its agreement
    is in force at the end, each party's vote, the agreed package (option indices), each party's
    utility (expected mandate) of the package in force at the end (its reservation value when no
    agreement is in force), the rounds played and the sampled inputs (see :func:`input_names`)."""

    index: int
    status: str
    stages_agreed: tuple[bool, ...]
    stages_in_force: tuple[bool, ...]
    votes: tuple[bool | None, ...]
    outcome: tuple[int, ...] | None
    utilities: tuple[float, ...]
    rounds: int
    inputs: tuple[float, ...]


@dataclass(frozen=True)
class OutlookBatch:
    """A slice of runs of one outlook: everything a worker needs."""

    space: OutcomeSpace
    built: Process
    seed: int
    indices: tuple[int, ...]


def run_seeds(seed: int, index: int) -> tuple[np.random.Generator, int]:
    """The mandate generator and the process seed of run ``index`` (see the module docstring)."""
    sampling, process = np.random.SeedSequence(seed, spawn_key=(index,)).spawn(2)
    return np.random.default_rng(sampling), int(process.generate_state(1, np.uint64)[0])


def input_names(space: OutcomeSpace, built: Process) -> tuple[str, ...]:
    """The sampled inputs: each mandated party's issue weights and reservation value. Only what a run
    draws before it plays: a realised quantity of the run (how far the front moved, which depends on
    the breakdowns and on when a ceasefire froze it) would correlate with the outcome by construction."""
    names: list[str] = []
    for delegation in built.plan.delegations:
        if delegation.party in built.mandates:
            names.extend(f"{delegation.party} weight: {issue}" for issue in space.issue_names)
            names.append(f"{delegation.party} reservation value")
    return tuple(names)


def sampled_plan(built: Process, rng: np.random.Generator) -> tuple[ProcessPlan, list[float]]:
    """The plan with every mandated delegation (and the ratifiers judging by its principal's utility)
    given a sampled mandate; a front reservation rule moves by the sampled-minus-expected reservation."""
    plan, inputs = built.plan, list[float]()
    delegations: list[Delegation] = []
    ratifiers = dict(plan.ratifiers)
    shifts: dict[str, float] = {}
    for delegation in plan.delegations:
        model = built.mandates.get(delegation.party)
        if model is None:
            delegations.append(delegation)
            continue
        draws = model.sample_many(1, rng)
        mandate = model.mandate_at(draws, 0)
        inputs.extend(float(w) for w in draws.weights[0])
        inputs.append(mandate.reservation_value)
        shifts[delegation.party] = mandate.reservation_value - delegation.preferences.reservation_value
        old = delegation.principal
        delegations.append(
            replace(
                delegation,
                preferences=mandate.preferences,
                principal=mandate.preferences,
                authority=mandate.authority_limit,
            )
        )
        ratifiers[delegation.party] = tuple(
            replace(r, preferences=mandate.preferences) if r.preferences is old else r
            for r in plan.ratifiers.get(delegation.party, ())
        )
    return replace(
        plan, delegations=tuple(delegations), ratifiers=ratifiers, front=_shifted(plan.front, shifts)
    ), inputs


def _shifted(front: Front | None, shifts: dict[str, float]) -> Front | None:
    if front is None or not any(shifts.values()):
        return front
    rules = tuple(replace(r, base=r.base + shifts.get(r.party, 0.0)) for r in front.rules)
    return replace(front, rules=rules)


def run_one(space: OutcomeSpace, built: Process, seed: int, index: int) -> RunRecord:
    """Run ``index`` of the outlook: sample the mandates, run the whole process, keep the summary."""
    rng, process_seed = run_seeds(seed, index)
    plan, inputs = sampled_plan(built, rng)
    result = run_process(space, plan, process_seed, track_ripeness=False)
    stages = result.talks.stages
    rounds = max((s.last_round for s in stages if s.last_round is not None), default=-1) + 1
    standing = {agreement.stage for agreement in result.talks.in_force}
    row = np.array([result.outcome], dtype=space.dtype) if standing else None
    settled = {issue for agreement in result.talks.in_force for issue in agreement.issues}
    open_issues = [name for name in space.issue_names if name not in settled]
    utilities = tuple(
        float(_judged(d.preferences, open_issues, built.plan.no_deal is not None).evaluate(row)[0])
        if row is not None
        else d.preferences.reservation_value
        for d in built.plan.delegations
    )
    return RunRecord(
        index,
        result.status,
        tuple(s.status is StageStatus.AGREED for s in stages),
        tuple(s.name in standing for s in stages),
        tuple(result.ratification.get(d.party) for d in built.plan.delegations),
        result.talks.outcome,
        utilities,
        rounds,
        tuple(inputs),
    )


def _judged(preferences: Preferences, open_issues: list[str], open_valued: bool) -> Preferences:
    """``preferences`` judging what stands: with a no-deal state, the open issues at their no-deal share."""
    return open_view(preferences, open_issues) if open_valued else preferences


def run_batch(batch: OutlookBatch) -> list[RunRecord]:
    """Every run of ``batch``, in order."""
    return [run_one(batch.space, batch.built, batch.seed, i) for i in batch.indices]


def execute(
    batches: Sequence[OutlookBatch],
    processes: int | None = None,
    scheduler: str | Client | None = None,
    progress: Progress | None = None,
) -> list[RunRecord]:
    """Run every batch (here, on a spawned process pool, or on Dask) and sort the records by index."""
    sizes = [len(batch.indices) for batch in batches]
    records = run_batches(run_batch, batches, sizes, processes, scheduler, progress)
    return sorted(records, key=lambda record: record.index)
