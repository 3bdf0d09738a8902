"""Pareto frontier, Nash point and domain statistics: parley vs NegMAS on the same inputs, in one run.

Run: ``.venv-bench/bin/python bench/analysis.py`` (``make bench`` sets that environment up). Five
measurements, each checked equal between the two libraries before any time is reported:

1. Linear-additive profiles, two parties, 10 options per issue and 4, 5, 6 issues (10^4 to 10^6
   outcomes): frontier + Nash point. parley runs its default (``method="auto"``, i.e. the issue-by-issue
   dynamic programme); NegMAS runs ``pareto_frontier(ufuns, issues=...)`` and ``nash_points``. Both
   libraries get the same tables (NegMAS: ``LinearAdditiveUtilityFunction`` with weight 1 and the
   pre-weighted tables, so both sum the same floats in the same order).
2. Non-linear profiles of the same size (10^6 outcomes, 6 integer issues 0..9, 10 hyper-rectangles
   per party), where parley must enumerate (``method="enumeration"``). NegMAS gets its own
   ``HyperRectangleUtilityFunction`` with the same boxes (NegMAS tests ``lo < v < hi``, open, so the
   inclusive integer range ``a..b`` is passed as ``(a - 0.5, b + 0.5)``).
3. ANAC 2010 Travel (188,160 outcomes): parley's ``analyze`` (frontier, four bargaining solutions,
   lottery solutions, zone of agreement with its exact size, opposition) vs NegMAS's
   ``calc_scenario_stats`` (what ``Scenario.calc_stats`` runs: frontier, Nash, Kalai, KS, welfare
   points, opposition, rational fraction). NegMAS's ufuns are mapped to GENIUS's reading of the files
   first (see ``crosscheck_negmas.genius_scale``), so both work on the same utilities.
4. The exact frontier of a 12-issue × 10-option linear domain (10^12 outcomes), parley only: time and
   peak memory (tracemalloc peak of the call; process peak RSS before NegMAS is imported).
5. The frontier of ANAC 2015 killer_robot (5 parties, 240,000 outcomes, linear-additive): parley's
   ``pareto_frontier`` (the dynamic programme; ``acceptable_only``, since NegMAS keeps only rational
   outcomes) vs NegMAS's ``pareto_frontier`` on its own reading of the files mapped to GENIUS's
   (``genius_scale``, as for Travel). The same set of utility vectors is checked (``same_frontier``).

Reservation values: in 1 each party's is its lowest utility, in 2 it is 0 (also the lowest); so
NegMAS's disagreement point ``max(reserved value, lowest utility)`` equals parley's. parley's times are
the best of ``PARLEY_REPEATS``; NegMAS's the best of ``NEGMAS_REPEATS`` (once at 10^6). The last line
printed is one JSON object with every time and the ratios (NegMAS time ÷ parley time).
"""

from __future__ import annotations

import json
import os
import resource
import sys
import time
import tracemalloc
import warnings
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TypeVar

import numpy as np

from parley.analysis import Frontier, analyze, bargaining_solutions, nash, pareto_frontier
from parley.domain import CategoricalIssue, Condition, IntegerIssue, OutcomeSpace
from parley.formats import load_scenario
from parley.preferences import HyperRectangle, HyperRectangleUtility, LinearAdditiveUtility, Preferences

sys.path.insert(0, str(Path(__file__).parent))
from crosscheck_negmas import genius_scale, nearest, same_frontier

OPTIONS = 10
LINEAR_ISSUES = (4, 5, 6)
NONLINEAR_ISSUES, RECTANGLES = 6, 10
HUGE_ISSUES = 12
PARLEY_REPEATS = 5
NEGMAS_REPEATS = {4: 3, 5: 2, 6: 1}
DOMAINS = Path(os.environ.get("PARLEY_DOMAINS", "/work/shared/domains"))
TRAVEL = DOMAINS / "anac2010-Travel"
KILLER_ROBOT = DOMAINS / "anac2015-group9-killer_robot"
TOLERANCE = 1e-9
T = TypeVar("T")


FIRST_CALL: dict[str, float] = {}  # wall time of the first (cold) call of each measurement


def best_time(run: Callable[[], T], repeats: int, label: str = "") -> tuple[float, T]:
    """Smallest wall time of ``repeats`` calls, and the last result (the first call's time is kept
    in ``FIRST_CALL[label]``)."""
    times, result = [], None
    for _ in range(repeats):
        start = time.perf_counter()
        result = run()
        times.append(time.perf_counter() - start)
    assert result is not None
    if label:
        FIRST_CALL[label] = times[0]
    return float(min(times)), result


# --- workloads ------------------------------------------------------------------------------------
def linear_profiles(issues: int, rng: np.random.Generator) -> tuple[OutcomeSpace, list[Preferences]]:
    """Two random linear-additive profiles; each reservation value is the party's lowest utility."""
    space = OutcomeSpace(
        tuple(CategoricalIssue(f"i{k}", tuple(f"v{j}" for j in range(OPTIONS))) for k in range(issues))
    )
    prefs = []
    for _ in range(2):
        utility = LinearAdditiveUtility.from_tables(
            space, rng.dirichlet(np.ones(issues)), rng.random((issues, OPTIONS))
        )
        prefs.append(Preferences(space, utility, reservation_value=utility.bounds(space)[0]))
    return space, prefs


def negmas_linear(space: OutcomeSpace, prefs: Sequence[Preferences]) -> list[Any]:
    """NegMAS ufuns with parley's pre-weighted tables (weight 1) and reservation values."""
    from negmas import make_issue
    from negmas.outcomes import make_os
    from negmas.preferences import LinearAdditiveUtilityFunction, TableFun

    issues = [make_issue(list(issue.values()), name=issue.name) for issue in space.issues]
    os_ = make_os(issues)
    ufuns = []
    for preference in prefs:
        utility = preference.utility
        assert isinstance(utility, LinearAdditiveUtility)
        values = [
            TableFun(dict(zip(issue.values().tolist(), table.tolist(), strict=True)))
            for issue, table in zip(space.issues, utility.tables, strict=True)
        ]
        ufuns.append(
            LinearAdditiveUtilityFunction(
                values=values,
                weights=[1.0] * len(values),
                outcome_space=os_,
                reserved_value=preference.reservation_value,
            )
        )
    return ufuns


def box_profiles(rng: np.random.Generator) -> tuple[OutcomeSpace, list[Preferences]]:
    """Two hyper-rectangle profiles over 6 integer issues 0..9: boxes on 2–3 issues, utilities in (0, 1)."""
    space = OutcomeSpace(
        tuple(IntegerIssue(f"i{k}", low=0, high=OPTIONS - 1) for k in range(NONLINEAR_ISSUES))
    )
    prefs = []
    for _ in range(2):
        rectangles = []
        for _ in range(RECTANGLES):
            chosen = rng.choice(NONLINEAR_ISSUES, size=int(rng.integers(2, 4)), replace=False)
            conditions = []
            for k in sorted(chosen.tolist()):
                low, high = sorted(rng.integers(0, OPTIONS, size=2).tolist())
                conditions.append(Condition(f"i{k}", low=low, high=high))
            rectangles.append(HyperRectangle(float(rng.random()), tuple(conditions)))
        prefs.append(
            Preferences(space, HyperRectangleUtility(space, tuple(rectangles)), reservation_value=0.0)
        )
    return space, prefs


def negmas_boxes(space: OutcomeSpace, prefs: Sequence[Preferences]) -> list[Any]:
    """NegMAS ``HyperRectangleUtilityFunction``s with the same boxes (open ranges widened by 0.5)."""
    from negmas import make_issue
    from negmas.outcomes import make_os
    from negmas.preferences import HyperRectangleUtilityFunction

    os_ = make_os([make_issue(OPTIONS, name=issue.name) for issue in space.issues])
    ufuns = []
    for preference in prefs:
        utility = preference.utility
        assert isinstance(utility, HyperRectangleUtility)
        ranges = [
            {
                space.issue_position(c.issue): (float(c.low) - 0.5, float(c.high) + 0.5)  # type: ignore[arg-type]
                for c in rectangle.include
            }
            for rectangle in utility.rectangles
        ]
        ufuns.append(
            HyperRectangleUtilityFunction(
                outcome_ranges=ranges,
                utilities=[r.utility for r in utility.rectangles],
                outcome_space=os_,
                reserved_value=preference.reservation_value,
            )
        )
    return ufuns


# --- the two systems --------------------------------------------------------------------------------
def parley_frontier_nash(
    space: OutcomeSpace, prefs: Sequence[Preferences], method: str
) -> tuple[Frontier, np.ndarray]:
    """parley's frontier and Nash utilities."""
    frontier = pareto_frontier(space, prefs, method=method)  # type: ignore[arg-type]
    solution = nash(frontier, [p.reservation_value for p in prefs])
    assert solution is not None
    return frontier, solution.utilities


def negmas_frontier_nash(ufuns: Sequence[Any]) -> tuple[np.ndarray, list[tuple[float, ...]]]:
    """NegMAS's frontier (enumerating the outcome space itself) and its Nash points."""
    from negmas.preferences import nash_points
    from negmas.preferences import pareto_frontier as negmas_pareto

    os_ = ufuns[0].outcome_space
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        frontier, _ = negmas_pareto(ufuns, issues=os_.issues)
        points = nash_points(ufuns, frontier, outcome_space=os_)
    return np.array(frontier, dtype=np.float64), [tuple(map(float, p)) for p, _ in points]


def check_equal(
    label: str, frontier: np.ndarray, nash_point: np.ndarray, negmas_front: np.ndarray, negmas_nash: list
) -> None:
    """Fail loudly unless both frontiers hold the same vectors and parley's Nash is one of NegMAS's."""
    if not same_frontier(frontier, negmas_front):
        raise AssertionError(f"{label}: frontiers differ ({len(frontier)} vs {len(negmas_front)} points)")
    if not negmas_nash or nearest(nash_point[None, :], np.array(negmas_nash)).min() > TOLERANCE:
        raise AssertionError(f"{label}: Nash points differ ({nash_point} vs {negmas_nash})")


def compare_sizes(figures: dict[str, Any]) -> None:
    """Measurements 1 and 2: linear profiles at 10^4..10^6, and forced enumeration at 10^6."""
    rng = np.random.default_rng(20261126)
    for issues in LINEAR_ISSUES:
        space, prefs = linear_profiles(issues, rng)
        parley_s, (frontier, nash_point) = best_time(
            lambda space=space, prefs=prefs: parley_frontier_nash(space, prefs, "auto"),
            PARLEY_REPEATS,
            f"linear_1e{issues}",
        )
        ufuns = negmas_linear(space, prefs)
        negmas_s, (negmas_front, negmas_nash) = best_time(
            lambda ufuns=ufuns: negmas_frontier_nash(ufuns), NEGMAS_REPEATS[issues]
        )
        check_equal(f"linear 1e{issues}", frontier.utilities, nash_point, negmas_front, negmas_nash)
        key = f"1e{issues}"
        figures[f"parley_linear_{key}_s"] = round(parley_s, 6)
        figures[f"negmas_linear_{key}_s"] = round(negmas_s, 3)
        figures[f"ratio_linear_{key}"] = round(negmas_s / parley_s, 1)
        figures[f"frontier_linear_{key}_points"] = len(frontier)
        print(
            f"linear 10^{issues}: parley {parley_s * 1e3:.2f} ms ({frontier.method}), "
            f"NegMAS {negmas_s:.2f} s, "
            f"{negmas_s / parley_s:.0f}×, {len(frontier)} frontier points, same frontier and Nash"
        )

    space, prefs = box_profiles(rng)
    parley_s, (frontier, nash_point) = best_time(
        lambda: parley_frontier_nash(space, prefs, "enumeration"), PARLEY_REPEATS, "enumerated_1e6"
    )
    ufuns = negmas_boxes(space, prefs)
    negmas_s, (negmas_front, negmas_nash) = best_time(lambda: negmas_frontier_nash(ufuns), 1)
    check_equal("enumerated 1e6", frontier.utilities, nash_point, negmas_front, negmas_nash)
    figures["parley_enumerated_1e6_s"] = round(parley_s, 4)
    figures["negmas_enumerated_1e6_s"] = round(negmas_s, 2)
    figures["ratio_enumerated_1e6"] = round(negmas_s / parley_s, 1)
    figures["frontier_enumerated_1e6_points"] = len(frontier)
    print(
        f"hyper-rectangles 10^6 (enumerated): parley {parley_s:.3f} s, NegMAS {negmas_s:.1f} s, "
        f"{negmas_s / parley_s:.0f}×, {len(frontier)} frontier points, same frontier and Nash"
    )


def compare_travel(figures: dict[str, Any]) -> None:
    """Measurement 3: full statistics of ANAC 2010 Travel."""
    from negmas.inout import Scenario
    from negmas.preferences.ops import calc_scenario_stats

    scenario = load_scenario(TRAVEL)
    space, prefs = scenario.space, [party.preferences for party in scenario.parties]
    parley_s, result = best_time(lambda: analyze(space, prefs), PARLEY_REPEATS, "travel_stats")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        loaded = Scenario.load(TRAVEL, ignore_discount=True, load_stats=False, load_info=False)
        assert loaded is not None
        ufuns = [genius_scale(u, space) for u in loaded.ufuns]
        negmas_s, stats = best_time(lambda: calc_scenario_stats(ufuns), 1)

    # NegMAS measures gains from max(reserved value, lowest utility); parley from the reservation value.
    disagreement = np.maximum(result.reservation_values, result.scale.low)
    mapped = bargaining_solutions(result.frontier, disagreement)
    negmas_front = np.array(stats.pareto_utils, dtype=np.float64)
    nash_point = mapped["nash"].utilities if mapped["nash"] else np.full(2, np.nan)
    check_equal("Travel", result.frontier.utilities, nash_point, negmas_front, list(stats.nash_utils))

    def agrees(solution: Any, points: Sequence[Sequence[float]]) -> bool:
        return solution is not None and bool(
            len(points)
            and nearest(solution.utilities[None, :], np.array(points, dtype=np.float64)).min() <= TOLERANCE
        )

    # NegMAS's opposition_level: distance of u/max (not (u - min)/(max - min)) to (1, 1), rational outcomes.
    high = result.scale.high
    negmas_style = float(np.sqrt(((1 - result.frontier.utilities / high) ** 2).sum(axis=1)).min())
    own_nash = result.solutions["nash"]
    figures.update(
        {
            "parley_travel_stats_s": round(parley_s, 4),
            "negmas_travel_stats_s": round(negmas_s, 2),
            "ratio_travel_stats": round(negmas_s / parley_s, 1),
            "travel_frontier_points": len(result.frontier),
            "travel_nash_equal": True,
            "travel_egalitarian_equals_negmas_kalai": agrees(mapped["egalitarian"], stats.kalai_utils),
            "travel_ks_equals_negmas_ks": agrees(mapped["kalai_smorodinsky"], stats.ks_utils),
            "travel_parley_opposition": round(result.opposition, 6),
            "travel_negmas_opposition": round(float(stats.opposition), 6),
            "travel_negmas_opposition_from_parley_frontier": round(negmas_style, 6),
            "travel_parley_nash_same_with_own_disagreement": bool(
                own_nash is not None and np.abs(own_nash.utilities - nash_point).max() <= TOLERANCE
            ),
        }
    )
    print(
        f"ANAC 2010 Travel statistics: parley analyze {parley_s * 1e3:.1f} ms, NegMAS calc_scenario_stats "
        f"{negmas_s:.1f} s, {negmas_s / parley_s:.0f}×; "
        f"same frontier ({len(result.frontier)} points) and Nash"
    )


def compare_killer_robot(figures: dict[str, Any]) -> None:
    """Measurement 5: the frontier of a 5-party domain, where the n-party dominance filter does the work."""
    from negmas.inout import Scenario
    from negmas.preferences import pareto_frontier as negmas_pareto

    scenario = load_scenario(KILLER_ROBOT)
    space, prefs = scenario.space, [party.preferences for party in scenario.parties]
    parley_s, frontier = best_time(
        lambda: pareto_frontier(space, prefs, acceptable_only=True), PARLEY_REPEATS, "killer_robot"
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        loaded = Scenario.load(KILLER_ROBOT, ignore_discount=True, load_stats=False, load_info=False)
        assert loaded is not None
        ufuns = [genius_scale(u, space) for u in loaded.ufuns]
        negmas_s, (negmas_front, _) = best_time(
            lambda: negmas_pareto(ufuns, issues=ufuns[0].outcome_space.issues), 1
        )
    theirs = np.array(negmas_front, dtype=np.float64).reshape(-1, len(prefs))
    if not same_frontier(frontier.utilities, theirs):
        raise AssertionError(f"killer_robot: frontiers differ ({len(frontier)} vs {len(theirs)} points)")
    figures["parley_killer_robot_s"] = round(parley_s, 4)
    figures["negmas_killer_robot_s"] = round(negmas_s, 2)
    figures["ratio_killer_robot"] = round(negmas_s / parley_s, 1)
    figures["killer_robot_frontier_points"] = len(frontier)
    print(
        f"ANAC 2015 killer_robot frontier (5 parties, {space.feasible_count:,} outcomes): parley "
        f"{parley_s:.3f} s, NegMAS {negmas_s:.1f} s, {negmas_s / parley_s:.0f}×; "
        f"same frontier ({len(frontier)} points)"
    )


def frontier_huge(figures: dict[str, Any]) -> None:
    """Measurement 4: exact frontier of 10^12 outcomes (parley only; NegMAS would enumerate them)."""
    space, prefs = linear_profiles(HUGE_ISSUES, np.random.default_rng(12))
    seconds, frontier = best_time(lambda: pareto_frontier(space, prefs), 3, "frontier_1e12")
    tracemalloc.start()
    pareto_frontier(space, prefs)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
    figures["frontier_1e12_s"] = round(seconds, 4)
    figures["frontier_1e12_points"] = len(frontier)
    figures["frontier_1e12_peak_mib"] = round(peak / 2**20, 2)
    figures["process_peak_rss_mib_before_negmas"] = round(rss, 1)
    print(
        f"10^12 outcomes: exact frontier of {len(frontier)} points in {seconds * 1e3:.1f} ms, "
        f"peak {peak / 2**20:.2f} MiB allocated (process peak RSS {rss:.0f} MiB)"
    )


def main() -> None:
    figures: dict[str, Any] = {"benchmark": "analysis"}
    frontier_huge(figures)  # first: the process peak RSS should not include NegMAS
    compare_sizes(figures)
    compare_travel(figures)
    compare_killer_robot(figures)
    figures.update(
        {f"parley_{label}_first_call_s": round(seconds, 5) for label, seconds in FIRST_CALL.items()}
    )
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
