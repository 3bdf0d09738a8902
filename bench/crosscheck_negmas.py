"""Cross-check parley's Pareto frontier and Nash point against NegMAS on every real domain it can load.

Run: ``.venv-bench/bin/python bench/crosscheck_negmas.py [DOMAINS_FOLDER]`` (default
``/work/shared/domains``, or ``$PARLEY_DOMAINS``). Each domain folder is loaded by both libraries with
their own parsers (NegMAS: ``negmas.inout.Scenario.load(folder, ignore_discount=True)``, no
normalisation), and NegMAS enumerates the outcomes itself. Domains that either library cannot load, or
with more than ``MAX_OUTCOMES`` outcomes (NegMAS evaluates one outcome per Python call), are skipped and
listed with the reason.

Two definitional differences are mapped explicitly, so that both sides compute the same quantity:

* Scale. GENIUS's ``EvaluatorDiscrete`` divides each item's evaluation by the largest evaluation of
  its issue; parley reads the files that way, NegMAS 0.16 keeps the raw evaluations (on ANAC 2010
  Travel a NegMAS utility reaches 395, not 1). For GENIUS XML folders every NegMAS ``TableFun`` is
  divided by its largest value (:func:`genius_scale`); integer/real evaluators and GeniusWeb JSON are
  not rescaled by either library. Before any frontier is compared, both sides' utilities are checked
  equal on sampled outcomes (column ``utils``).
* Disagreement point. NegMAS's ``pareto_frontier`` keeps only *rational* outcomes (utility at least
  the reserved value for everyone), so it is compared with parley's ``acceptable_only=True`` frontier.
  NegMAS's ``nash_points`` measures gains from ``max(reserved value, lowest utility over the space)``
  per party, parley's ``nash`` from the reservation value itself; parley is therefore given NegMAS's
  disagreement point for the comparison (column ``nash``), and column ``own`` says whether parley's
  Nash with its own definition is the same point.

Frontiers match when they have the same number of points and every utility vector of one lies within
``TOLERANCE`` of one of the other. The last line printed is one JSON object with the counts.
"""

from __future__ import annotations

import json
import math
import os
import sys
import time
import warnings
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from parley.analysis import nash, pareto_frontier, utility_scale
from parley.domain import IntegerIssue, OutcomeSpace, RealIssue
from parley.formats import load_scenario
from parley.preferences import LinearAdditiveUtility, LinearValue, Preferences

DOMAINS = Path(os.environ.get("PARLEY_DOMAINS", "/work/shared/domains"))
MAX_OUTCOMES = 2_000_000  # NegMAS evaluates each outcome in Python: ~4 s per 10^6 outcomes and party
TOLERANCE = 1e-9
SAMPLE = 2_000  # outcomes on which both sides' utilities are compared first


@dataclass
class Check:
    """The comparison of one domain (``None`` fields: not reached)."""

    domain: str
    outcomes: int
    parties: int
    utilities_equal: bool | None = None
    parley_size: int | None = None
    negmas_size: int | None = None
    frontier_match: bool | None = None
    nash_match: bool | None = None
    own_nash_same: bool | None = None
    tables_filled: bool = False
    parley_seconds: float = 0.0
    negmas_seconds: float = 0.0
    notes: list[str] = field(default_factory=list)


def same_frontier(a: np.ndarray, b: np.ndarray, tolerance: float = TOLERANCE) -> bool:
    """Same number of utility vectors, each within ``tolerance`` (max norm) of one of the other set."""
    a, b = np.atleast_2d(np.asarray(a, dtype=np.float64)), np.atleast_2d(np.asarray(b, dtype=np.float64))
    if a.size == 0 or b.size == 0:
        return a.size == b.size
    return len(a) == len(b) and bool(nearest(a, b).max() <= tolerance and nearest(b, a).max() <= tolerance)


def nearest(points: np.ndarray, others: np.ndarray) -> np.ndarray:
    """For each row of ``points``, the max-norm distance to the closest row of ``others``."""
    best = np.full(len(points), np.inf)
    for start in range(0, len(others), 1024):
        block = others[start : start + 1024]
        best = np.minimum(best, np.abs(points[:, None, :] - block[None, :, :]).max(axis=2).min(axis=1))
    return best


def genius_scale(ufun: Any, space: OutcomeSpace) -> Any:
    """A NegMAS ufun loaded from GENIUS XML, mapped to GENIUS's reading of the file (parley's scale).

    NegMAS 0.16 keeps discrete evaluations raw and evaluates an integer issue's linear evaluator at the
    value itself; GENIUS divides each discrete evaluation by the largest of its issue
    (``EvaluatorDiscrete``) and evaluates ``offset + slope·(value − lowerbound)``
    (``EvaluatorInteger``), clamping integer and real evaluations to [0, 1]. Tables are divided by their
    largest value, integer evaluators are shifted by the issue's lower bound, and both numeric kinds
    are clamped, as GENIUS (and parley) do.
    """
    from negmas.preferences import LambdaFun, LinearAdditiveUtilityFunction, TableFun

    if not isinstance(ufun, LinearAdditiveUtilityFunction):
        return ufun
    values = []
    for function, issue in zip(ufun.values, space.issues, strict=True):
        if isinstance(function, TableFun):
            top = max(function.mapping.values(), default=0.0)
            scale = top if top > 0 else 1.0
            function = TableFun({key: value / scale for key, value in function.mapping.items()})
        elif isinstance(issue, IntegerIssue):
            function = LambdaFun(lambda value, f=function, low=issue.low: min(max(f(value - low), 0.0), 1.0))
        elif isinstance(issue, RealIssue):
            function = LambdaFun(lambda value, f=function: min(max(f(value), 0.0), 1.0))
        values.append(function)
    return LinearAdditiveUtilityFunction(
        values=values,
        weights=list(ufun.weights),
        bias=ufun._bias,
        outcome_space=ufun.outcome_space,
        reserved_value=ufun.reserved_value,
        name=ufun.name,
    )


def unclamped(prefs: Sequence[Preferences], space: OutcomeSpace) -> float:
    """How far parley's integer/real evaluations leave [0, 1], which GENIUS clamps them to (0: never).

    GENIUS's ``EvaluatorInteger`` and ``EvaluatorReal`` (linear) clamp each evaluation to [0, 1], and
    so does parley; NegMAS 0.16 does not (the script clamps its functions in :func:`genius_scale`).
    """
    worst = 0.0
    for preference in prefs:
        utility = preference.utility
        if not isinstance(utility, LinearAdditiveUtility):
            continue
        for issue, function in zip(space.issues, utility.values, strict=True):
            if isinstance(issue, IntegerIssue | RealIssue):
                raw = function.line(issue) if isinstance(function, LinearValue) else function.table(issue)
                table = np.asarray(raw, dtype=np.float64)
                worst = max(
                    worst, float(np.maximum(table - 1.0, 0.0).max()), float(np.maximum(-table, 0.0).max())
                )
    return worst


def geniusweb_ufuns(folder: Path, scenario: Any) -> list[Any] | None:
    """NegMAS ufuns for GeniusWeb profiles that NegMAS 0.16 loads with empty value tables.

    NegMAS reads a discrete issue's values only under the older ``discreteutils`` key; the ANL 2023
    files use ``DiscreteValueSetUtilities``, so every table comes back empty. Here the tables are filled
    from the file (utility = Σ issueWeights[i] · valueUtilities[i][v]), over NegMAS's own outcome space.
    NegMAS leaves the reserved value None when the profile has no ``reservationBid`` (its
    ``pareto_frontier`` then returns nothing); it is set to 0, as parley reads it. The frontier and Nash
    point are still NegMAS's computation.
    Returns None when the folder holds no such profile.
    """
    from negmas.preferences import LinearAdditiveUtilityFunction, TableFun

    os_ = scenario.outcome_space
    ufuns = []
    for ufun in scenario.ufuns:
        path = folder / f"{ufun.name}.json"
        if not path.exists():
            return None
        space = json.loads(path.read_text()).get("LinearAdditiveUtilitySpace", {})
        utilities = space.get("issueUtilities", {})
        if not all("DiscreteValueSetUtilities" in utilities.get(i.name, {}) for i in os_.issues):
            return None
        values = [
            TableFun(
                {
                    value: float(
                        utilities[issue.name]["DiscreteValueSetUtilities"]["valueUtilities"].get(value, 0.0)
                    )
                    for value in issue.all
                }
            )
            for issue in os_.issues
        ]
        weights = [float(space["issueWeights"][issue.name]) for issue in os_.issues]
        ufuns.append(
            LinearAdditiveUtilityFunction(
                values=values,
                weights=weights,
                outcome_space=os_,
                reserved_value=0.0 if ufun.reserved_value is None else ufun.reserved_value,
                name=ufun.name,
            )
        )
    return ufuns


def negmas_outcomes(space: OutcomeSpace, rows: np.ndarray) -> list[tuple[Any, ...]]:
    """parley option-index rows as NegMAS outcomes (tuples of issue values)."""
    columns = [issue.values()[rows[:, k]].tolist() for k, issue in enumerate(space.issues)]
    return list(zip(*columns, strict=True))


def load_negmas(folder: Path, space: OutcomeSpace) -> tuple[list[Any], bool]:
    """NegMAS's ufuns of ``folder`` (discount ignored, no normalisation) on parley's scale, and whether
    the bench had to fill their tables (:func:`geniusweb_ufuns`)."""
    from negmas.inout import Scenario

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        scenario = Scenario.load(folder, ignore_discount=True, load_stats=False, load_info=False)
    if scenario is None:
        raise ValueError("Scenario.load returned None")
    if any(path.suffix == ".xml" for path in folder.iterdir()):
        return [genius_scale(u, space) for u in scenario.ufuns], False
    filled = geniusweb_ufuns(folder, scenario)
    return (list(scenario.ufuns), False) if filled is None else (filled, True)


def negmas_frontier_and_nash(
    ufuns: Sequence[Any], outcomes: list[tuple[Any, ...]] | None
) -> tuple[np.ndarray, list[tuple[float, ...]]]:
    """NegMAS's (rational) frontier utilities and every Nash point it reports, by its public functions."""
    from negmas.preferences import nash_points
    from negmas.preferences import pareto_frontier as negmas_pareto

    os_ = ufuns[0].outcome_space
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        if outcomes is None:
            frontier, _ = negmas_pareto(ufuns, issues=os_.issues)
            points = nash_points(ufuns, frontier, outcome_space=os_)
        else:
            frontier, _ = negmas_pareto(ufuns, outcomes=outcomes)
            points = nash_points(ufuns, frontier, outcomes=outcomes)
    utilities = np.array(frontier, dtype=np.float64).reshape(-1, len(ufuns))
    return utilities, [tuple(float(x) for x in p) for p, _ in points]


def check_domain(folder: Path) -> Check | str:
    """Compare one domain; a string is the reason it was skipped."""
    try:
        scenario = load_scenario(folder)
    except Exception as error:  # a skipped domain is reported, not fatal
        return f"parley cannot load it: {type(error).__name__}: {str(error)[:120]}"
    space, prefs = scenario.space, [party.preferences for party in scenario.parties]
    if space.feasible_count > MAX_OUTCOMES:
        return f"{space.feasible_count:.3g} outcomes, more than {MAX_OUTCOMES:.0e} to enumerate in NegMAS"
    try:
        ufuns, filled = load_negmas(folder, space)
    except Exception as error:
        return f"NegMAS cannot load it: {type(error).__name__}: {str(error)[:120]}"
    check = Check(folder.name, space.feasible_count, len(prefs), tables_filled=filled)
    if filled:
        check.notes.append("GeniusWeb value tables filled by the bench")
    if len(ufuns) != len(prefs):
        check.notes.append(f"NegMAS loads {len(ufuns)} profiles, parley {len(prefs)}")
        return check
    continuous = any(isinstance(issue, RealIssue) for issue in space.issues)
    given = negmas_outcomes(space, space.all_outcomes()) if continuous else None
    if continuous:
        check.notes.append("real issue: NegMAS given parley's grid of outcomes")
    elif ufuns[0].outcome_space.cardinality != space.feasible_count:
        check.notes.append(f"NegMAS has {ufuns[0].outcome_space.cardinality} outcomes")
        return check

    rows = space.sample(min(SAMPLE, space.feasible_count), np.random.default_rng(0))
    mine = np.column_stack([p.evaluate(rows) for p in prefs])
    try:
        theirs = np.array([[float(u(o)) for u in ufuns] for o in negmas_outcomes(space, rows)])
    except Exception as error:
        return f"NegMAS's loaded ufuns cannot evaluate its outcomes: {type(error).__name__}: {error}"
    check.utilities_equal = bool(np.abs(mine - theirs).max() <= TOLERANCE)
    if not check.utilities_equal:
        check.notes.append(f"utilities differ by up to {np.abs(mine - theirs).max():.3g}")
    excess = unclamped(prefs, space)
    if excess > 0:
        check.notes.append(f"an integer/real evaluation leaves [0, 1] by {excess:.3g} (GENIUS clamps it)")

    start = time.perf_counter()
    frontier = pareto_frontier(space, prefs)
    reservation = np.array([p.reservation_value for p in prefs])
    low = utility_scale(space, prefs).low
    negmas_disagreement = np.maximum(reservation, low)
    parley_nash = nash(frontier, negmas_disagreement)
    own_nash = nash(frontier, reservation)
    check.parley_seconds = time.perf_counter() - start
    acceptable = frontier.acceptable(reservation)

    start = time.perf_counter()
    negmas_front, negmas_nash = negmas_frontier_and_nash(ufuns, given)
    check.negmas_seconds = time.perf_counter() - start

    check.parley_size, check.negmas_size = len(acceptable), len(negmas_front)
    check.frontier_match = same_frontier(acceptable.utilities, negmas_front)
    if parley_nash is None:
        check.nash_match = not negmas_nash
    else:
        check.nash_match = bool(negmas_nash) and bool(
            nearest(parley_nash.utilities[None, :], np.array(negmas_nash)).min() <= TOLERANCE
        )
        if len(negmas_nash) > 1:
            check.notes.append(f"NegMAS reports {len(negmas_nash)} tied Nash points")
    check.own_nash_same = (own_nash is None and parley_nash is None) or (
        own_nash is not None
        and parley_nash is not None
        and bool(np.abs(own_nash.utilities - parley_nash.utilities).max() <= TOLERANCE)
    )
    if not check.own_nash_same:
        check.notes.append(f"disagreement point raised to the lowest utility {np.round(low, 4).tolist()}")
    return check


def explain(check: Check, folder: Path) -> None:
    """Add the evidence behind a frontier mismatch to ``check.notes`` (which side is off, and by what)."""
    if check.frontier_match or check.parley_size is None:
        return
    scenario = load_scenario(folder)
    space, prefs = scenario.space, [party.preferences for party in scenario.parties]
    ufuns, _ = load_negmas(folder, space)
    truth = pareto_frontier(space, prefs, method="enumeration", acceptable_only=True).utilities
    linear = pareto_frontier(space, prefs, acceptable_only=True).utilities
    continuous = any(isinstance(issue, RealIssue) for issue in space.issues)
    negmas_front, _ = negmas_frontier_and_nash(
        ufuns, negmas_outcomes(space, space.all_outcomes()) if continuous else None
    )
    check.notes.append(
        f"parley enumeration has {len(truth)} points: "
        f"{'=' if same_frontier(truth, linear) else '≠'} parley default, "
        f"{'=' if same_frontier(truth, negmas_front) else '≠'} NegMAS"
    )
    if len(negmas_front) and len(truth):
        extra = nearest(negmas_front, truth)
        missing = nearest(truth, negmas_front)
        check.notes.append(
            f"NegMAS points off the exact frontier: {int((extra > TOLERANCE).sum())} "
            f"(max distance {extra.max():.2g}); exact points NegMAS lacks: {int((missing > TOLERANCE).sum())}"
        )


def main() -> None:
    root = Path(sys.argv[1]) if len(sys.argv) > 1 else DOMAINS
    checks: list[Check] = []
    skipped: dict[str, str] = {}
    started = time.perf_counter()
    for folder in sorted(p for p in root.iterdir() if p.is_dir()):
        print(f"... {folder.name}", file=sys.stderr, flush=True)
        result = check_domain(folder)
        if isinstance(result, str):
            skipped[folder.name] = result
            continue
        explain(result, folder)
        checks.append(result)

    header = f"{'domain':<28} {'outcomes':>9} {'n':>2} {'utils':>5} {'parley':>6} {'negmas':>6} "
    print(header + f"{'match':>5} {'nash':>5} {'own':>5} {'parley s':>8} {'negmas s':>8}  notes")

    def mark(value: bool | None) -> str:
        return "-" if value is None else ("yes" if value else "NO")

    for c in checks:
        print(
            f"{c.domain:<28} {c.outcomes:>9} {c.parties:>2} {mark(c.utilities_equal):>5} "
            f"{c.parley_size if c.parley_size is not None else '-':>6} "
            f"{c.negmas_size if c.negmas_size is not None else '-':>6} {mark(c.frontier_match):>5} "
            f"{mark(c.nash_match):>5} {mark(c.own_nash_same):>5} {c.parley_seconds:>8.3f} "
            f"{c.negmas_seconds:>8.2f}  {'; '.join(c.notes)}"
        )
    for name, reason in skipped.items():
        print(f"skipped {name}: {reason}")
    compared = [c for c in checks if c.frontier_match is not None]
    mismatches = [
        {"domain": c.domain, "frontier": c.frontier_match, "nash": c.nash_match, "notes": c.notes}
        for c in checks
        if not (c.frontier_match and c.nash_match and c.utilities_equal)
    ]
    parley_total = sum(c.parley_seconds for c in compared)
    negmas_total = sum(c.negmas_seconds for c in compared)
    print(
        json.dumps(
            {
                "benchmark": "crosscheck_negmas",
                "domains_checked": len(compared),
                "frontier_matches": sum(bool(c.frontier_match) for c in compared),
                "nash_matches": sum(bool(c.nash_match) for c in compared),
                "own_nash_same": sum(bool(c.own_nash_same) for c in compared),
                "geniusweb_tables_filled_by_bench": sum(c.tables_filled for c in compared),
                "skipped": skipped,
                "mismatches": mismatches,
                "parley_seconds_total": round(parley_total, 3),
                "negmas_seconds_total": round(negmas_total, 2),
                "ratio_total": round(negmas_total / parley_total, 1) if parley_total else math.nan,
                "runtime_seconds": round(time.perf_counter() - started, 1),
            }
        )
    )


if __name__ == "__main__":
    main()
