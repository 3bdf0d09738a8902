"""How far a forecast landed from what happened: each model's absolute error on a case whose outcome is
known, the Brier score of a probability, and over many cases each model's mean absolute error with a
95 % interval (a percentile bootstrap over the cases, from a fixed seed).

The expected-utility model is scored by its last round's weighted median — the figure Bueno de
Mesquita reports — and, separately, by its weighted mean; a model that did not settle is still scored
on its last round, and the convergence status says so beside the error.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from parley.actors import StakeholderTable
from parley.forecast.expected_utility import EUResult, run_expected_utility
from parley.forecast.models import compromise, median_voter, nash_bargaining

#: The point forecasts scored, in order.
SCORED = ("compromise", "median", "nash", "eu_median", "eu_mean")
#: Bootstrap resamples of the mean absolute error's interval.
RESAMPLES = 2000


def point_forecasts(table: StakeholderTable, eu: EUResult | None = None) -> dict[str, float]:
    """Each model's forecast position of ``table``'s issue (``eu``: the expected-utility model's run on
    ``table`` when the caller has it already)."""
    result = eu if eu is not None else run_expected_utility(table)
    return {
        "compromise": float(compromise(table)),
        "median": float(median_voter(table)),
        "nash": float(nash_bargaining(table)),
        "eu_median": float(result.median[-1]),
        "eu_mean": float(result.mean[-1]),
    }


def absolute_errors(forecasts: Mapping[str, float], outcome: float) -> dict[str, float]:
    """|forecast − outcome| per model."""
    return {model: abs(value - outcome) for model, value in forecasts.items()}


def brier(probability: float, happened: bool) -> float:
    """The Brier score of one probability: (p − outcome)², 0 best, 1 worst."""
    return (probability - float(happened)) ** 2


@dataclass(frozen=True)
class ModelScore:
    """A model's mean absolute error over the cases, with its 95 % interval (None for one case)."""

    model: str
    cases: int
    mae: float
    low: float | None
    high: float | None


def mean_absolute_errors(errors: Sequence[Mapping[str, float]], seed: int = 0) -> list[ModelScore]:
    """Each model's MAE over the cases' errors, with a percentile-bootstrap 95 % interval."""
    if not errors:
        return []
    rng = np.random.default_rng(seed)
    scores = []
    for model in errors[0]:
        values = np.array([case[model] for case in errors], dtype=np.float64)
        low = high = None
        if len(values) > 1:
            picks = rng.integers(0, len(values), size=(RESAMPLES, len(values)))
            means = values[picks].mean(axis=1)
            low, high = (float(q) for q in np.quantile(means, [0.025, 0.975]))
        scores.append(ModelScore(model, len(values), float(values.mean()), low, high))
    return scores
