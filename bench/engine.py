"""1,000 bilateral alternating-offers negotiations, 100 rounds: parley (batch and one at a time) vs NegMAS.

Run: ``.venv-bench/bin/python bench/engine.py`` (``make bench`` sets that environment up).
The workload: a linear-additive domain of 3 issues × 10 options (1,000 outcomes) and, for each of
1,000 negotiations, two independent random profiles (Dirichlet weights, uniform values, reservation
value 0). Two pairings, as NegMAS names them: Boulware vs Conceder (``BoulwareTBNegotiator`` opens,
``ConcederTBNegotiator`` answers) and aspiration vs aspiration (``AspirationNegotiator`` twice). parley
runs the same profiles with its ``boulware``/``conceder`` (NegMAS's curves and its 1e-4 tolerance) and
``aspiration`` negotiators, through ``AlternatingOffers`` one negotiation at a time and through the
batch path (:func:`parley.batch.run_alternating`, best of 5 runs), whose results are checked equal
to the engine's.
Rounds are counted alike in both: the round of the agreement counting from 1, or 100 without one.
The last line printed is one JSON object with the figures.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from typing import Any

import numpy as np

from parley.batch import Tactic, run_alternating, utility_matrix
from parley.domain import CategoricalIssue, OutcomeSpace
from parley.negotiators import make_negotiator
from parley.preferences import LinearAdditiveUtility, Preferences
from parley.protocols import Deadline, Ending, Seat, negotiate

ISSUES, OPTIONS, NEGOTIATIONS, ROUNDS = 3, 10, 1_000, 100
BATCH_REPEATS = 5  # the batch path takes a tenth of a second: its best of 5 runs is reported
#: (label, parley names and parameters of the opener and the responder, NegMAS class names).
PAIRINGS: list[tuple[str, tuple[str, dict[str, Any]], tuple[str, dict[str, Any]], tuple[str, str]]] = [
    (
        "boulware_vs_conceder",
        ("boulware", {"tolerance": 1e-4}),
        ("conceder", {"tolerance": 1e-4}),
        ("BoulwareTBNegotiator", "ConcederTBNegotiator"),
    ),
    ("aspiration_vs_aspiration", ("aspiration", {}), ("aspiration", {}), ("AspirationNegotiator",) * 2),
]


def build(rng: np.random.Generator) -> tuple[OutcomeSpace, np.ndarray, np.ndarray]:
    """The space, and weights (N, 2, issues) and value tables (N, 2, issues, options) of both sides."""
    issues = tuple(CategoricalIssue(f"i{k}", tuple(f"v{j}" for j in range(OPTIONS))) for k in range(ISSUES))
    weights = rng.dirichlet(np.ones(ISSUES), size=(NEGOTIATIONS, 2))
    tables = rng.random((NEGOTIATIONS, 2, ISSUES, OPTIONS))
    return OutcomeSpace(issues), weights, tables


def parley_profiles(space: OutcomeSpace, weights: np.ndarray, tables: np.ndarray) -> list[list[Preferences]]:
    """parley preferences of both sides of every negotiation."""
    return [
        [
            Preferences(space, LinearAdditiveUtility.from_tables(space, w, t), 0.0)
            for w, t in zip(ws, ts, strict=True)
        ]
        for ws, ts in zip(weights, tables, strict=True)
    ]


def rounds_used(agreed: np.ndarray, rounds: np.ndarray) -> np.ndarray:
    """parley's 0-based agreement round as a count from 1 (NegMAS's step counter); the limit otherwise."""
    return np.where(agreed, rounds + 1, rounds)


def run_batch(space: OutcomeSpace, profiles: list[list[Preferences]], opener: Any, responder: Any) -> Any:
    """The batch path, utility matrices included."""
    outcomes = space.all_outcomes()
    utilities_a = utility_matrix(outcomes, [pair[0] for pair in profiles])
    utilities_b = utility_matrix(outcomes, [pair[1] for pair in profiles])
    return run_alternating(
        utilities_a,
        utilities_b,
        Tactic.named(opener[0], **opener[1]),
        Tactic.named(responder[0], **responder[1]),
        ROUNDS,
    )


def run_single(space: OutcomeSpace, profiles: list[list[Preferences]], opener: Any, responder: Any) -> Any:
    """``AlternatingOffers`` once per negotiation: (agreed, agreed outcome or None, rounds) arrays."""
    agreed, rounds, packages = [], [], []
    for i, (prefs_a, prefs_b) in enumerate(profiles):
        seats = [
            Seat("a", prefs_a, make_negotiator(opener[0], **opener[1])),
            Seat("b", prefs_b, make_negotiator(responder[0], **responder[1])),
        ]
        result = negotiate(space, seats, deadline=Deadline(rounds=ROUNDS), seed=i)
        agreed.append(result.ending is Ending.AGREEMENT)
        rounds.append(result.rounds)
        packages.append(result.agreement)
    return np.array(agreed), packages, np.array(rounds)


def run_negmas(
    weights: np.ndarray, tables: np.ndarray, classes: tuple[str, str]
) -> tuple[float, np.ndarray, np.ndarray]:
    """NegMAS's SAOMechanism on the same profiles: (seconds, agreed, steps)."""
    import negmas.sao as sao
    from negmas import SAOMechanism, make_issue
    from negmas.preferences import LinearAdditiveUtilityFunction, TableFun

    issues = [make_issue(OPTIONS, name=f"i{k}") for k in range(ISSUES)]

    def ufun(w: np.ndarray, t: np.ndarray) -> Any:
        values = [TableFun({j: float(row[j]) for j in range(OPTIONS)}) for row in t]
        return LinearAdditiveUtilityFunction(
            values=values, weights=list(w), issues=issues, reserved_value=0.0
        )

    ufuns = [(ufun(ws[0], ts[0]), ufun(ws[1], ts[1])) for ws, ts in zip(weights, tables, strict=True)]
    kinds: list[Callable[[], Any]] = [getattr(sao, name) for name in classes]
    agreed, steps = [], []
    start = time.perf_counter()
    for ufun_a, ufun_b in ufuns:
        mechanism = SAOMechanism(issues=issues, n_steps=ROUNDS)
        mechanism.add(kinds[0](), ufun=ufun_a)
        mechanism.add(kinds[1](), ufun=ufun_b)
        state = mechanism.run()
        agreed.append(state.agreement is not None)
        steps.append(state.step)
    return time.perf_counter() - start, np.array(agreed), np.array(steps)


def timed(function: Callable[[], Any]) -> tuple[float, Any]:
    """Wall time and result of one call."""
    start = time.perf_counter()
    result = function()
    return time.perf_counter() - start, result


def pairing(space: OutcomeSpace, weights: np.ndarray, tables: np.ndarray, spec: Any) -> dict[str, Any]:
    """All three runs of one pairing, checked and summarised."""
    label, opener, responder, classes = spec
    profiles = parley_profiles(space, weights, tables)
    run_batch(space, profiles[:10], opener, responder)  # warm up
    runs = [timed(lambda: run_batch(space, profiles, opener, responder)) for _ in range(BATCH_REPEATS)]
    batch_seconds, batch = min(runs, key=lambda run: run[0])
    single_seconds, (agreed, packages, rounds) = timed(lambda: run_single(space, profiles, opener, responder))
    outcomes = space.all_outcomes()
    same = np.array_equal(batch.agreed, agreed) and np.array_equal(batch.rounds, rounds)
    same = same and all(
        p is None or tuple(outcomes[i]) == p for i, p in zip(batch.agreement, packages, strict=True)
    )
    assert same, f"{label}: the batch path and AlternatingOffers disagree"
    negmas_seconds, negmas_agreed, negmas_steps = run_negmas(weights, tables, classes)
    parley_rounds = float(rounds_used(agreed, rounds).mean())
    return {
        "pairing": label,
        "parley_agreement_rate": float(agreed.mean()),
        "negmas_agreement_rate": float(negmas_agreed.mean()),
        "parley_mean_rounds": round(parley_rounds, 2),
        "negmas_mean_rounds": round(float(negmas_steps.mean()), 2),
        "batch_per_second": round(NEGOTIATIONS / batch_seconds),
        "single_per_second": round(NEGOTIATIONS / single_seconds),
        "negmas_per_second": round(NEGOTIATIONS / negmas_seconds, 1),
        "ratio_batch": round(negmas_seconds / batch_seconds, 1),
        "ratio_single": round(negmas_seconds / single_seconds, 2),
        "batch_equals_single": same,
    }


def main() -> None:
    space, weights, tables = build(np.random.default_rng(20261126))
    rows = [pairing(space, weights, tables, spec) for spec in PAIRINGS]
    for row in rows:
        print(
            f"{row['pairing']}: agreements parley {row['parley_agreement_rate']:.1%} / NegMAS "
            f"{row['negmas_agreement_rate']:.1%}; mean rounds parley {row['parley_mean_rounds']} / NegMAS "
            f"{row['negmas_mean_rounds']}"
        )
        print(
            f"  negotiations/s: parley batch {row['batch_per_second']:,}, parley one at a time "
            f"{row['single_per_second']:,}, NegMAS {row['negmas_per_second']:,} "
            f"(×{row['ratio_batch']} batch, ×{row['ratio_single']} single)"
        )
    summary = {
        "benchmark": "engine_alternating_offers",
        "negotiations": NEGOTIATIONS,
        "rounds": ROUNDS,
        "outcomes": OPTIONS**ISSUES,
        "ratio_batch": min(row["ratio_batch"] for row in rows),
        "ratio_single": min(row["ratio_single"] for row in rows),
        "pairings": {row.pop("pairing"): row for row in rows},
    }
    print(json.dumps(summary))


if __name__ == "__main__":
    main()
