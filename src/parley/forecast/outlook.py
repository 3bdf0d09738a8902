"""Monte-Carlo outlook of a delegations process: how likely each stage, ratification and package is.

Each run samples every party's mandate from its advisors' uncertainty (:meth:`MandateModel.sample_many`),
puts the sampled mandate in the delegation's place (preferences, principal, authority limit; ratifiers
judging by the principal's utility follow it, and a front reservation rule moves by the sampled minus
the expected reservation value) and runs the whole process (:func:`run_process`, ripeness analysis
skipped). Seeds come from ``SeedSequence(seed, spawn_key=(run,))``, so the outlook is the same on one
process, many, or Dask. Without uncertainty every run is the deterministic run of its seed.
The sensitivity ranking is in :mod:`parley.forecast.sensitivity`.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from parley.domain import OutcomeSpace
from parley.forecast._outlook_runs import OutlookBatch, RunRecord, execute, input_names
from parley.forecast.intervals import proportion
from parley.forecast.sensitivity import Sensitivity, rank_inputs
from parley.scenario import Process
from parley.talks import Stage
from parley.tournament.executors import Progress, batch_size, default_processes

if TYPE_CHECKING:
    from distributed import Client

#: Quantiles reported for each party's utility.
QUANTILES = (0.05, 0.25, 0.5, 0.75, 0.95)
#: Agreed packages listed in a summary.
TOP_PACKAGES = 10
#: What the intervals mean, with every outlook.
CAVEAT = (
    "intervals are 95 % Monte-Carlo intervals: they measure the sampling noise of these runs only, not "
    "the uncertainty of the model's assumptions (strategies, stage design, thresholds, the front), "
    "which `parley whatif` varies"
)


@dataclass(frozen=True)
class Outlook:
    """Every run's record (sorted by run index) and the summaries drawn from them."""

    space: OutcomeSpace
    stages: tuple[str, ...]
    parties: tuple[str, ...]
    input_names: tuple[str, ...]
    records: tuple[RunRecord, ...]
    seed: int

    @property
    def runs(self) -> int:
        return len(self.records)

    def status_counts(self) -> dict[str, int]:
        """How many runs ended in each status (``ratified``, ``abandoned``, ``deadline``…)."""
        return dict(Counter(r.status for r in self.records).most_common())

    def stage_probabilities(self) -> dict[str, float]:
        """P(stage agreed), per stage (e.g. P(ceasefire), P(settlement))."""
        agreed = np.array([r.stages_agreed for r in self.records], dtype=float).reshape(-1, len(self.stages))
        return {name: _mean(agreed[:, i]) for i, name in enumerate(self.stages)}

    def in_force_probabilities(self) -> dict[str, float]:
        """P(the stage's agreement is in force at the end), per stage."""
        standing = np.array([r.stages_in_force for r in self.records], dtype=float).reshape(
            -1, len(self.stages)
        )
        return {name: _mean(standing[:, i]) for i, name in enumerate(self.stages)}

    def ratification_probabilities(self) -> dict[str, float]:
        """P(party ratifies), per party (no vote counts as not ratified)."""
        return {p: _mean([r.votes[i] is True for r in self.records]) for i, p in enumerate(self.parties)}

    def ratified_probability(self) -> float:
        """P(the whole agreement stands: every stage's agreement in force at the end)."""
        return _mean([r.status == "ratified" for r in self.records])

    def package_counts(self) -> list[tuple[tuple[int, ...], int]]:
        """Agreed packages (talks concluded, ratified or not) with their counts, most frequent first."""
        found = Counter(r.outcome for r in self.records if r.outcome is not None)
        return sorted(found.items(), key=lambda item: (-item[1], item[0]))

    def utility_quantiles(self) -> dict[str, dict[str, float]]:
        """Per party: mean and quantiles of its utility of the package in force at the end (expected
        mandate; its reservation value when no agreement is in force)."""
        values = np.array([r.utilities for r in self.records], dtype=float).reshape(-1, len(self.parties))
        summary = {}
        for i, party in enumerate(self.parties):
            column = values[:, i]
            stats = {"mean": _mean(column)}
            stats.update({f"q{round(q * 100):02d}": _quantile(column, q) for q in QUANTILES})
            summary[party] = stats
        return summary

    def expected_rounds(self) -> float:
        """Mean rounds of talks over the runs."""
        return _mean([r.rounds for r in self.records])

    def sensitivity(self) -> list[Sensitivity]:
        """Each sampled input's signed Spearman correlation (with its interval) against every outcome:
        ``ratified``, each stage's agreement and its being in force, each party's ratification and
        utility; ranked by the largest absolute one."""
        inputs = [r.inputs for r in self.records]
        targets: dict[str, Any] = {"ratified": [r.status == "ratified" for r in self.records]}
        for i, stage in enumerate(self.stages):
            targets[f"agreed: {stage}"] = [r.stages_agreed[i] for r in self.records]
            targets[f"in force: {stage}"] = [r.stages_in_force[i] for r in self.records]
        for i, party in enumerate(self.parties):
            targets[f"ratified by: {party}"] = [r.votes[i] is True for r in self.records]
            targets[f"utility: {party}"] = [r.utilities[i] for r in self.records]
        return rank_inputs(self.input_names, inputs, targets)

    def intervals(self) -> dict[str, dict[str, dict[str, float]]]:
        """Every probability of :meth:`to_json` with its Monte-Carlo standard error and 95 % interval."""
        runs = self.runs

        def of(shares: dict[str, float]) -> dict[str, dict[str, float]]:
            return {name: proportion(p * runs, runs).to_json() for name, p in shares.items()}

        statuses = {name: count / runs for name, count in self.status_counts().items()}
        ratification = {"overall": self.ratified_probability(), **self.ratification_probabilities()}
        return {
            "status": of(statuses),
            "stages": of(self.stage_probabilities()),
            "in_force": of(self.in_force_probabilities()),
            "ratification": of(ratification),
        }

    def to_json(self, top: int = TOP_PACKAGES) -> dict[str, Any]:
        """The summaries as one JSON-ready object."""
        packages = [
            {"package": self.space.values_of(p), "count": n, "probability": n / max(self.runs, 1)}
            for p, n in self.package_counts()[:top]
        ]
        return {
            "runs": self.runs,
            "seed": self.seed,
            "status": self.status_counts(),
            "stages": self.stage_probabilities(),
            "in_force": self.in_force_probabilities(),
            "ratification": {"overall": self.ratified_probability(), **self.ratification_probabilities()},
            "packages": packages,
            "distinct_packages": len(self.package_counts()),
            "utilities": self.utility_quantiles(),
            "expected_rounds": self.expected_rounds(),
            "intervals": self.intervals(),
            "sensitivity": [
                {
                    "input": s.input,
                    "merged": list(s.merged),
                    "score": s.score,
                    "correlations": s.correlations,
                    "intervals": {target: [i.low, i.high] for target, i in s.intervals.items()},
                }
                for s in self.sensitivity()
            ],
            "caveat": CAVEAT,
        }


def outlook(
    space: OutcomeSpace,
    built: Process,
    runs: int,
    seed: int,
    processes: int | None = None,
    scheduler: str | Client | None = None,
    progress: Progress | None = None,
) -> Outlook:
    """Run ``runs`` sampled processes (see the module docstring) and gather their records.

    ``processes``: local spawned processes (None: one per core; 1: sequentially here); ``scheduler``:
    a Dask scheduler address or client instead. ``progress(done, total)`` is called after each batch.
    """
    if runs < 1:
        raise ValueError(f"an outlook needs at least one run, got {runs}")
    workers = processes or default_processes()
    size = batch_size(runs, workers, per_worker=8, largest=250)
    starts = range(0, runs, size)
    batches = [OutlookBatch(space, built, seed, tuple(range(s, min(s + size, runs)))) for s in starts]
    records = execute(batches, processes, scheduler, progress)
    stages = built.plan.stages or (Stage("talks", tuple(space.issue_names)),)
    return Outlook(
        space,
        tuple(stage.name for stage in stages),
        tuple(d.party for d in built.plan.delegations),
        input_names(space, built),
        tuple(records),
        seed,
    )


def _mean(values: Any) -> float:
    array = np.asarray(values, dtype=float)
    return float(array.mean()) if array.size else 0.0


def _quantile(values: Any, q: float) -> float:
    array = np.asarray(values, dtype=float)
    return float(np.quantile(array, q)) if array.size else 0.0
