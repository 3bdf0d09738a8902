"""Tournaments: a complete grid, identical results on every executor, a consistent summary, storage."""

from __future__ import annotations

import itertools
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from parley.tournament import (
    Strategy,
    TournamentError,
    build_grid,
    derive_seed,
    load_table,
    parse_strategy,
    run_tournament,
    save_table,
)
from tests.tournament.scenarios import BROKER, BUYER, SELLER, sale

#: ``random`` draws from its seed, so identical tables across executors show the seeds are reproduced.
STRATEGIES = ["boulware", "conceder", "hardliner", "random:accept_probability=0.3"]


@pytest.fixture(scope="module")
def two_scenarios() -> list:
    """Two small bilateral scenarios."""
    return [sale("first"), sale("second", (SELLER, BUYER))]


@pytest.fixture(scope="module")
def sequential(two_scenarios: list) -> pd.DataFrame:
    """The reference tournament, run in this process."""
    return run_tournament(two_scenarios, STRATEGIES, rounds=30, repetitions=2, seed=7, processes=1).results


def test_grid_has_every_ordered_pair_on_every_scenario_and_repetition_once(sequential: pd.DataFrame) -> None:
    keys = list(
        zip(
            sequential.scenario,
            sequential.strategy_1,
            sequential.strategy_2,
            sequential.repetition,
            strict=True,
        )
    )
    expected = set(itertools.product(["first", "second"], STRATEGIES, STRATEGIES, [0, 1]))
    assert len(keys) == len(set(keys)) == len(expected) == 64
    assert set(keys) == expected
    assert list(sequential.run) == list(range(64))
    assert sequential.seed.is_unique
    randoms = sequential[(sequential.strategy_1 == STRATEGIES[3]) & (sequential.strategy_2 == STRATEGIES[3])]
    assert randoms.utility_1.nunique() > 1  # the seed matters: repetitions of a random pairing differ


def test_three_party_grid_puts_every_strategy_on_every_seat() -> None:
    strategies = [Strategy("boulware"), Strategy("hardliner")]
    specs = build_grid([3], strategies, "alternating", 10, 1, seed=0)
    assert len(specs) == 8
    assert {tuple(s.name for s in spec.strategies) for spec in specs} == set(
        itertools.product(["boulware", "hardliner"], repeat=3)
    )
    trio = sale("trio", (BUYER, SELLER, BROKER))
    results = run_tournament([trio], strategies, rounds=10, seed=0, processes=1).results
    assert len(results) == 8 and {"strategy_3", "utility_3", "party_3"} <= set(results.columns)


def test_seeds_depend_only_on_the_master_seed_and_grid_coordinates() -> None:
    assert derive_seed(1, 0, 0, (0, 1)) == derive_seed(1, 0, 0, (0, 1))
    assert derive_seed(1, 0, 0, (0, 1)) != derive_seed(1, 0, 0, (1, 0))
    assert derive_seed(1, 0, 0, (0, 1)) != derive_seed(2, 0, 0, (0, 1))
    short = build_grid([2], [Strategy("a"), Strategy("b")], "alternating", 10, 1, seed=3)
    longer = build_grid([2], [Strategy("a"), Strategy("b")], "alternating", 10, 2, seed=3)
    assert {s.seed for s in short} <= {s.seed for s in longer}


def _without_elapsed(frame: pd.DataFrame) -> pd.DataFrame:
    """The results table less its wall-clock column."""
    return frame.drop(columns="elapsed")


def test_results_are_identical_on_two_processes(two_scenarios: list, sequential: pd.DataFrame) -> None:
    pooled = run_tournament(
        two_scenarios, STRATEGIES, rounds=30, repetitions=2, seed=7, processes=2, runs_per_task=5
    ).results
    pd.testing.assert_frame_equal(_without_elapsed(pooled), _without_elapsed(sequential))


def test_results_are_identical_on_a_dask_cluster_by_client_or_address(
    two_scenarios: list, sequential: pd.DataFrame
) -> None:
    distributed = pytest.importorskip("distributed")
    with (
        distributed.LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
        ) as cluster,
        distributed.Client(cluster) as client,
    ):
        settings = {"rounds": 30, "repetitions": 2, "seed": 7, "runs_per_task": 4}
        with_client = run_tournament(two_scenarios, STRATEGIES, scheduler=client, **settings).results
        by_address = run_tournament(
            two_scenarios, STRATEGIES, scheduler=cluster.scheduler_address, **settings
        )
    for on_dask in (with_client, by_address.results):
        pd.testing.assert_frame_equal(_without_elapsed(on_dask), _without_elapsed(sequential))


def test_another_master_seed_gives_other_seeds(two_scenarios: list, sequential: pd.DataFrame) -> None:
    other = run_tournament(two_scenarios, STRATEGIES[:1], rounds=30, seed=8, processes=1).results
    assert not set(other.seed) & set(sequential.seed)


def test_summary_equals_recomputation_from_rows(two_scenarios: list) -> None:
    outcome = run_tournament(two_scenarios, STRATEGIES, rounds=30, repetitions=2, seed=7, processes=1)
    rows, summary = outcome.results, outcome.summary.set_index("strategy")
    assert list(summary.index) == sorted(STRATEGIES)
    for name in STRATEGIES:
        seats = [
            (row, seat) for _, row in rows.iterrows() for seat in (1, 2) if row[f"strategy_{seat}"] == name
        ]
        assert summary.loc[name, "runs"] == len(seats) == 32
        expected = {
            "agreement_rate": np.mean([row.agreement for row, _ in seats]),
            "mean_utility": np.mean([row[f"utility_{seat}"] for row, seat in seats]),
            "mean_welfare": np.mean([row.welfare for row, _ in seats]),
            "mean_pareto_distance": np.mean([row.pareto_distance for row, _ in seats]),
            "mean_nash_distance": np.mean([row.nash_distance for row, _ in seats]),
            "mean_rounds": np.mean([row.rounds for row, _ in seats]),
        }
        for column, value in expected.items():
            assert summary.loc[name, column] == pytest.approx(value), (name, column)


def test_rows_without_agreement_are_scored_at_the_reservation_point(sequential: pd.DataFrame) -> None:
    failed = sequential[~sequential.agreement]
    assert len(failed) > 0  # hardliner against hardliner cannot agree here
    first = failed[failed.scenario == "first"]
    assert (first.utility_1 == BUYER["reservation"]).all() and (
        first.utility_2 == SELLER["reservation"]
    ).all()
    assert np.allclose(first.welfare, BUYER["reservation"] + SELLER["reservation"])
    agreed = sequential[sequential.agreement]
    assert (agreed.ending == "agreement").all()
    assert np.allclose(agreed.welfare, agreed.utility_1 + agreed.utility_2)
    assert (sequential.pareto_distance >= 0).all() and sequential.nash_distance.notna().all()


@pytest.mark.parametrize("suffix", [".csv", ".parquet"])
def test_results_round_trip_through_files(sequential: pd.DataFrame, tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"results{suffix}"
    save_table(sequential, path)
    pd.testing.assert_frame_equal(load_table(path), sequential)


def test_unknown_suffix_strategy_or_protocol_is_refused(two_scenarios: list, tmp_path: Path) -> None:
    with pytest.raises(ValueError, match=r"\.csv"):
        save_table(pd.DataFrame({"a": [1]}), tmp_path / "results.xlsx")
    with pytest.raises(TournamentError, match="no negotiator called 'nobody'"):
        run_tournament(two_scenarios, ["boulware", "nobody"], processes=1, seed=0)
    with pytest.raises(TournamentError, match="no protocol called 'shouting'"):
        run_tournament(two_scenarios, ["boulware"], protocol="shouting", processes=1, seed=0)


def test_strategy_parameters_are_parsed_and_used(two_scenarios: list) -> None:
    strategy = parse_strategy("hardliner:threshold=0.8")
    assert (
        strategy == Strategy("hardliner", (("threshold", 0.8),))
        and strategy.label == "hardliner:threshold=0.8"
    )
    results = run_tournament(two_scenarios[:1], [strategy], rounds=5, seed=0, processes=1).results
    assert list(results.strategy_1) == ["hardliner:threshold=0.8"]
    with pytest.raises(ValueError, match="key=value"):
        parse_strategy("boulware:oops")
