"""The Monte-Carlo outlook: 10,000 sampled runs of a scenario's whole delegations process, 2 processes.

Run: ``.venv/bin/python bench/forecast.py [RUNS]`` (``make bench`` runs it in the bench environment).
For istanbul-2025 and the ceasefire example, :func:`parley.forecast.outlook.outlook` samples every
party's mandate from its advisors' uncertainty and runs mandates → staged talks with a moving front →
signature → ratification, ``RUNS`` times (default 10,000) on a spawned pool of 2 processes; the time
includes starting the workers. NegMAS has no comparable feature (no mandates from uncertain briefings,
staged talks or ratification to sample), so there is no ratio. The last line printed is one JSON object.
"""

from __future__ import annotations

import json
import sys
import time

from parley.examples import load_example
from parley.forecast.outlook import outlook

SCENARIOS = ("istanbul-2025", "ceasefire")
PROCESSES = 2


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    summary = {}
    for name in SCENARIOS:
        scenario = load_example(name)
        built = scenario.delegations
        start = time.perf_counter()
        found = outlook(scenario.space, built, runs, seed=0, processes=PROCESSES)
        seconds = time.perf_counter() - start
        ratified = found.ratified_probability()
        print(
            f"{name}: {runs:,} runs in {seconds:.1f} s ({runs / seconds:.0f} runs/s), "
            f"P(ratified) {ratified:.3f}"
        )
        summary[name] = {
            "runs": runs,
            "seconds": round(seconds, 2),
            "runs_per_second": round(runs / seconds, 1),
        }
    print(json.dumps(summary))


if __name__ == "__main__":
    main()
