"""Exact frontiers of the ANAC 2014 constraint-based domains (10^10 to 10^40 outcomes) with CP-SAT.

Run: ``.venv/bin/python bench/anac2014_frontier.py [SHARED_DOMAINS_FOLDER]``. For each domain, parley's
``pareto_frontier(..., method="solver", time_limit=60)`` sweeps the frontier (ε-constraint method with
OR-Tools CP-SAT); the script reports the number of points, how many are proven optimal, the largest
remaining gap and the wall time. NegMAS has no counterpart: it cannot enumerate these spaces (and
reads their hyper-rectangles as open intervals, see docs/benchmarks.md), so there is no ratio here.
The last line printed is one JSON object with the figures.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

from parley.analysis import pareto_frontier
from parley.formats import load_scenario

DOMAINS = ("anac2014-10issuesDiscountedwithRV", "anac2014-30issues", "anac2014-50issues")
BUDGET_SECONDS = 60.0


def measure(folder: Path) -> dict[str, object]:
    """Frontier figures of one domain under the time budget."""
    scenario = load_scenario(folder)
    preferences = [party.preferences for party in scenario.parties]
    start = time.perf_counter()
    frontier = pareto_frontier(scenario.space, preferences, method="solver", time_limit=BUDGET_SECONDS)
    seconds = time.perf_counter() - start
    return {
        "outcomes": f"{scenario.space.cardinality:.3g}",
        "issues": len(scenario.space.issues),
        "points": len(frontier),
        "proven": int(frontier.proven.sum()),
        "max_gap": float(frontier.gaps.max()) if len(frontier) else None,
        "seconds": round(seconds, 2),
    }


def main() -> None:
    root = (
        Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parents[2] / "shared" / "domains"
    )
    figures = {}
    for name in DOMAINS:
        figures[name] = measure(root / name)
        row = figures[name]
        print(
            f"{name}: {row['outcomes']} outcomes, {row['issues']} issues: {row['points']} frontier points, "
            f"{row['proven']} proven, max gap {row['max_gap']}, {row['seconds']} s"
        )
    print(json.dumps({"benchmark": "anac2014_solver_frontier", "budget_seconds": BUDGET_SECONDS, **figures}))


if __name__ == "__main__":
    main()
