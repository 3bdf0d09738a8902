"""Evaluate a linear-additive utility on 10^6 outcomes: parley (one vectorised call) vs NegMAS.

Run: ``.venv-bench/bin/python bench/evaluate.py`` (``make bench`` sets that environment up).
The workload: a random 10-issue profile with 10 options per issue and 10^6 sampled outcomes; both
libraries evaluate the same outcomes with the same weights and values, and the results are
compared. NegMAS evaluates one outcome per call (its utility API has no batch call), so its time is
that of a loop over the same 10^6 outcomes. The last line printed is one JSON object with the figures.
"""

from __future__ import annotations

import json
import time

import numpy as np

from parley.domain import CategoricalIssue, OutcomeSpace
from parley.preferences import LinearAdditiveUtility

ISSUES, OPTIONS, OUTCOMES, REPEATS = 10, 10, 1_000_000, 5


def build(rng: np.random.Generator) -> tuple[OutcomeSpace, LinearAdditiveUtility, np.ndarray]:
    """A random profile and the outcomes to evaluate."""
    issues = tuple(CategoricalIssue(f"i{k}", tuple(f"v{j}" for j in range(OPTIONS))) for k in range(ISSUES))
    space = OutcomeSpace(issues)
    weights = rng.dirichlet(np.ones(ISSUES))
    tables = rng.random((ISSUES, OPTIONS))
    utility = LinearAdditiveUtility.from_tables(space, weights, tables)
    return space, utility, space.sample(OUTCOMES, rng)


def time_parley(utility: LinearAdditiveUtility, outcomes: np.ndarray) -> tuple[float, np.ndarray]:
    """Best of REPEATS wall times of one vectorised evaluate call."""
    best, values = np.inf, np.empty(0)
    for _ in range(REPEATS):
        start = time.perf_counter()
        values = utility.evaluate(outcomes)
        best = min(best, time.perf_counter() - start)
    return best, values


def time_negmas(
    space: OutcomeSpace, utility: LinearAdditiveUtility, outcomes: np.ndarray
) -> tuple[float, np.ndarray]:
    """NegMAS's LinearAdditiveUtilityFunction on the same outcomes, one call each."""
    from negmas import make_issue
    from negmas.preferences import LinearAdditiveUtilityFunction, TableFun

    issues = [make_issue([f"v{j}" for j in range(OPTIONS)], name=f"i{k}") for k in range(ISSUES)]
    values = [
        TableFun({f"v{j}": float(table[j] / weight) for j in range(OPTIONS)})
        for table, weight in zip(utility.tables, utility.weights, strict=True)
    ]
    ufun = LinearAdditiveUtilityFunction(values=values, weights=list(utility.weights), issues=issues)
    labels = np.array([f"v{j}" for j in range(OPTIONS)], dtype=object)
    rows = [tuple(labels[row]) for row in outcomes]
    start = time.perf_counter()
    results = np.array([float(ufun(row)) for row in rows])
    return time.perf_counter() - start, results


def main() -> None:
    rng = np.random.default_rng(20261125)
    space, utility, outcomes = build(rng)
    parley_seconds, parley_values = time_parley(utility, outcomes)
    negmas_seconds, negmas_values = time_negmas(space, utility, outcomes)
    np.testing.assert_allclose(parley_values, negmas_values, rtol=1e-9)
    print(f"parley: {OUTCOMES:,} outcomes in one call: {parley_seconds * 1e3:.1f} ms (best of {REPEATS})")
    print(f"NegMAS: {OUTCOMES:,} outcomes, one call each: {negmas_seconds:.2f} s")
    print(
        json.dumps(
            {
                "benchmark": "evaluate_linear_additive",
                "issues": ISSUES,
                "options_per_issue": OPTIONS,
                "outcomes": OUTCOMES,
                "parley_seconds": round(parley_seconds, 5),
                "parley_outcomes_per_second": round(OUTCOMES / parley_seconds),
                "negmas_seconds": round(negmas_seconds, 3),
                "negmas_outcomes_per_second": round(OUTCOMES / negmas_seconds),
                "speedup": round(negmas_seconds / parley_seconds, 1),
                "results_equal": True,
            }
        )
    )


if __name__ == "__main__":
    main()
