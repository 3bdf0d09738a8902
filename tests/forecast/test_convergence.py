"""Convergence of a round-by-round model: settled at a round, a cycle with its period, or the round
limit with the spread of the forecast; the expected-utility model reports its own, and its offer types."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from parley.forecast import EUSettings, convergence, run_expected_utility
from parley.formats import read_stakeholder_csv

SHARED = Path(__file__).resolve().parents[2].parent / "shared" / "forecast"


def test_a_settled_series_converges_at_the_round_it_stopped_moving() -> None:
    found = convergence([[1.0, 2.0], [1.5, 2.0], [1.5, 2.5], [1.5, 2.5], [1.5, 2.5]])
    assert (found.status, found.round) == ("converged", 2)


def test_a_cycle_is_found_with_its_smallest_period() -> None:
    rows = [[0.0], [5.0], [1.0], [2.0], [3.0], [1.0], [2.0], [3.0]]
    found = convergence(rows)
    assert (found.status, found.period) == ("cycles", 3)
    assert "period 3" in found.text and "no single forecast" in found.text


def test_a_run_that_never_settles_reports_the_spread_of_its_forecast() -> None:
    rows = np.arange(10.0).reshape(-1, 1)
    found = convergence(rows, forecast=np.array([7, 9, 7, 8, 9.5, 7, 9, 7.5, 9.9, 7.0]))
    assert found.status == "round_limit" and found.spread == (7.0, 9.9) and found.over == 5
    assert "between 7 and 9.9 over the last 5 rounds" in found.text


def test_the_eu_model_says_it_does_not_settle_on_the_emission_table() -> None:
    path = SHARED / "emission_standards.csv"
    if not path.exists():
        pytest.skip(f"{path} is absent: the shared data folder is needed")
    result = run_expected_utility(read_stakeholder_csv(path), EUSettings(max_rounds=40))
    assert result.convergence.status == "round_limit"
    assert (
        result.convergence.spread is not None
        and result.convergence.spread[1] - result.convergence.spread[0] > 2
    )
    assert result.offer_types.shape == (40, 10)
    assert set(np.unique(result.offer_types)) <= {0, 1, 2, 3} and (result.offer_types > 0).any()
