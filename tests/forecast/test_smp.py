"""KTAB's spatial model of politics against KTAB's own reference run, on the three SOE files, and its
properties."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from parley.forecast.smp import (
    ElectionModel,
    SpatialTable,
    VictoryModel,
    VotingRule,
    coalitions,
    election_probability,
    ktab_stop_round,
    risk_attitudes,
    run_smp,
    utility,
    victory_probability,
    vote,
)
from parley.formats.ktab_csv import read_ktab_csv

PROPERTY = settings(max_examples=25, deadline=None, derandomize=True, database=None)

# KTAB's reference run of SOE-Pol-Comp.csv with its default settings (KAPSARC/KTAB, mirror lsyaseen/KTAB,
# examples/smp/doc/20170530_ref-SOE-Pol-Comp.txt, MIT): risk attitudes in state 0, positions as printed
# (to 0.1) after rounds 0..27, and the probabilities of each actor's position (to 1e-4) in states 0 and
# 27. KTAB stopped after 27 rounds. Our run equals all 13 × 2 × 28 printed positions; a sample is kept.
KTAB_TRAJECTORIES = """
XJ  0  30.0 30.0 30.9 31.4 31.4 34.2 34.2 40.1 40.1 40.1 40.1 40.1 40.1 40.1
XJ  0  39.6 36.9 37.1 37.2 37.2 37.2 37.4 43.2 43.2 43.2 43.2 43.2 43.2 43.2
XJ  1  20.0 20.0 20.4 20.6 20.6 21.6 21.6 28.0 28.0 28.0 28.2 28.2 28.2 29.0
XJ  1  29.5 24.6 25.0 25.1 25.1 25.5 25.6 43.4 43.4 43.3 43.3 43.3 43.3 43.3
XS  0  15.0 42.9 39.7 40.7 35.2 35.2 40.1 40.1 40.0 39.9 39.9 39.1 38.3 39.0
XS  0  39.0 39.0 38.4 38.4 38.4 38.4 38.4 38.4 38.4 38.4 38.4 38.8 38.6 38.6
XS  1  10.0 38.8 35.4 36.3 26.5 26.5 39.5 39.5 39.4 39.1 39.1 34.6 28.1 32.9
XS  1  32.5 32.5 28.5 28.5 28.5 28.5 28.3 28.3 28.3 28.2 28.2 30.8 29.5 29.5
NEA 0  20.0 20.0 39.7 43.5 32.6 41.5 34.5 40.0 39.6 40.2 40.1 39.0 39.0 39.0
NEA 0  39.1 39.3 39.2 39.2 37.2 38.8 38.8 38.8 38.8 38.8 38.7 38.7 38.7 38.7
NEA 1  15.0 15.0 35.4 44.4 22.7 43.4 22.4 39.1 38.7 37.8 38.6 33.0 33.0 32.7
NEA 1  30.7 30.4 30.4 30.4 25.1 29.4 29.4 29.4 29.4 29.3 29.0 29.0 29.0 29.0
"""  # actor, dimension (0 policy, 1 competitive), then rounds 0..13 and 14..27
KTAB_ROUND_27 = """
43.2 43.2 38.7 38.6 38.7 38.6 38.7 38.7 38.7 38.8 38.8 38.8 15.0
43.3 43.3 28.8 28.8 28.8 29.5 29.0 29.0 28.9 30.7 30.8 30.8 60.0
"""  # all 13 actors, policy then competitive
KTAB_PROBABILITY = """
0.0618 0.0156 0.0117 0.4340 0.0028 0.0000 0.0020 0.0013 0.0117 0.2481 0.1533 0.0689 0.0005
0.2299 0.2299 0.1104 0.1104 0.1104 0.2202 0.2063 0.2063 0.2063 0.2330 0.2330 0.2330 0.0002
"""  # states 0 and 27
KTAB_RISK_0 = "1.000 -0.498 -0.452 0.362 -0.500 -0.500 -0.497 -0.499 -0.452 0.643 -0.383 -0.196 -0.500"


def numbers(text: str) -> list[list[float]]:
    """The rows of numbers in a block of text."""
    return [[float(value) for value in line.split()] for line in text.strip().splitlines()]


def trajectories(text: str) -> dict[tuple[str, int], list[float]]:
    """(actor, dimension) → the positions per round, from the lines of :data:`KTAB_TRAJECTORIES`."""
    found: dict[tuple[str, int], list[float]] = {}
    for line in text.strip().splitlines():
        actor, dimension, *values = line.split()
        found.setdefault((actor, int(dimension)), []).extend(float(value) for value in values)
    return found


def table_of(
    position: list[list[float]], influence: list[float], salience: list[list[float]]
) -> SpatialTable:
    """A table with actors a0, a1, ... and dimensions d0, d1, ...; saliences on [0, 1]."""
    n, d = np.shape(position)
    names = tuple(f"a{i}" for i in range(n))
    return SpatialTable("test", "", names, ("",) * n, np.array(influence, dtype=float),
                        tuple(f"d{k}" for k in range(d)), np.array(position, dtype=float),
                        np.array(salience, dtype=float))  # fmt: skip


#: Five actors on one dimension, where every variant of the model ends somewhere different.
TOY = table_of([[10], [40], [55], [70], [95]], [100, 60, 40, 30, 20], [[0.8], [0.5], [0.6], [0.9], [0.4]])


@pytest.fixture
def soe(shared_dir: Path) -> dict[str, SpatialTable]:
    """The three KTAB input files of Efird, Lester & Wise (2016)."""
    names = ("SOE-Policy.csv", "SOE-Competitive.csv", "SOE-Pol-Comp.csv")
    return {name: read_ktab_csv(shared_dir / "forecast" / name) for name in names}


# --- KTAB's numbers --------------------------------------------------------------------------------------
def test_reproduces_ktabs_reference_run(soe: dict[str, SpatialTable]) -> None:
    table = soe["SOE-Pol-Comp.csv"]
    result = run_smp(table, max_rounds=27)
    printed = 0.05 + 1e-9  # KTAB prints positions to 0.1 and probabilities to 1e-4
    np.testing.assert_allclose(result.risk[0], numbers(KTAB_RISK_0)[0], atol=5e-4)
    for (actor, k), expected in trajectories(KTAB_TRAJECTORIES).items():
        i = table.actors.index(actor)
        np.testing.assert_allclose(result.positions[:, i, k], expected, atol=printed, err_msg=actor)
    np.testing.assert_allclose(result.positions[27].T, numbers(KTAB_ROUND_27), atol=printed)
    for t, probability in zip((0, 27), numbers(KTAB_PROBABILITY), strict=True):
        np.testing.assert_allclose(result.position_probability[t], probability, atol=printed / 1000)
    assert result.ktab_round == 27  # KTAB's stopping rule ends its run after the same 27 rounds


def test_soe_policy_forecast(soe: dict[str, SpatialTable]) -> None:
    result = run_smp(soe["SOE-Policy.csv"])
    (policy,) = result.forecast
    # Efird, Lester & Wise (2016) publish about 30. Run to its fixed point, the model converges at round
    # 68 with most actors at 26.7 (the most probable position: 3.3 from 30) but a probability-weighted
    # outcome of 23.7, pulled down by the group near 20 (CNPC's old guard, CNOOC, Sinopec; P ≈ 0.45).
    # KTAB's own stopping rule would end at round 19, where both figures are 38.6. We report what the
    # model gives and do not tune it towards 30; see docs/forecast-models.md.
    assert (result.convergence.status, result.convergence.round, result.rounds) == ("converged", 68, 69)
    assert policy.dimension == "Policy"
    assert policy.most_probable == pytest.approx(26.68, abs=0.005)
    assert abs(policy.most_probable - 30.0) < 5.0
    assert policy.expected == pytest.approx(23.736, abs=0.001)
    assert result.ktab_round == 19
    assert result.expected[19, 0] == pytest.approx(38.55, abs=0.01)


def test_soe_competitive_forecast(soe: dict[str, SpatialTable]) -> None:
    result = run_smp(soe["SOE-Competitive.csv"])
    (competitive,) = result.forecast
    # A period-2 cycle from round 85 in which only PSOE moves (36.46 ↔ 36.48): the forecast is the mean
    # over the cycle.
    assert (result.convergence.status, result.convergence.period, result.rounds) == ("cycles", 2, 88)
    assert 20.0 <= competitive.expected <= 40.0 and 20.0 <= competitive.most_probable <= 40.0
    assert competitive.expected == pytest.approx(36.71, abs=0.01)
    assert competitive.most_probable == pytest.approx(36.48, abs=0.005)
    assert result.ktab_round == 35


def test_two_dimensions_give_a_forecast_for_each(soe: dict[str, SpatialTable]) -> None:
    result = run_smp(soe["SOE-Pol-Comp.csv"])
    policy, competitive = result.forecast
    assert (policy.dimension, competitive.dimension) == ("Policy", "Competitive")
    assert result.positions.shape == (result.rounds + 1, 13, 2)
    assert (result.convergence.status, result.convergence.period, result.rounds) == ("cycles", 2, 66)
    assert (policy.expected, competitive.expected) == pytest.approx((41.06, 37.46), abs=0.01)
    assert (policy.most_probable, competitive.most_probable) == pytest.approx((41.04, 37.45), abs=0.01)


# --- properties ------------------------------------------------------------------------------------------
@st.composite
def spatial_tables(draw: st.DrawFn) -> SpatialTable:
    """2–6 actors on 1–2 dimensions, positions on a 0–100 grid of 0.5, saliences adding up to ≤ 1."""
    n, d = draw(st.integers(2, 6)), draw(st.integers(1, 2))
    position = draw(st.lists(st.lists(st.integers(0, 200), min_size=d, max_size=d), min_size=n, max_size=n))
    salience = draw(st.lists(st.lists(st.integers(0, 50), min_size=d, max_size=d), min_size=n, max_size=n))
    influence = draw(st.lists(st.integers(1, 100), min_size=n, max_size=n))
    return table_of(np.array(position) / 2.0, influence, np.array(salience) / 100.0)


@PROPERTY
@given(spatial_tables())
def test_positions_stay_on_the_scale_and_probabilities_sum_to_one(table: SpatialTable) -> None:
    result = run_smp(table, max_rounds=15)
    assert np.all((result.positions >= 0.0) & (result.positions <= 100.0))
    assert np.all(result.probability >= 0.0)
    np.testing.assert_allclose(result.probability.sum(axis=1), 1.0, atol=1e-9)
    low, high = result.positions.min(axis=1), result.positions.max(axis=1)
    assert np.all((result.expected >= low - 1e-9) & (result.expected <= high + 1e-9))
    assert result.positions.shape == (result.rounds + 1, len(table), len(table.dimensions))


@PROPERTY
@given(spatial_tables(), st.lists(st.integers(0, 100), min_size=2, max_size=2))
def test_a_shared_position_is_the_forecast_at_once(table: SpatialTable, place: list[int]) -> None:
    position = np.tile(np.array(place[: len(table.dimensions)], dtype=float), (len(table), 1))
    same = table_of(position.tolist(), table.influence.tolist(), table.salience.tolist())
    result = run_smp(same)
    assert result.convergence.status == "converged" and result.convergence.round in (0, 1)
    assert result.rounds == 1
    for forecast, value in zip(result.forecast, position[0], strict=True):
        assert (forecast.expected, forecast.most_probable) == pytest.approx((value, value))


def test_doubling_every_influence_changes_nothing(soe: dict[str, SpatialTable]) -> None:
    for table in [TOY, *soe.values()]:
        doubled = SpatialTable(
            table.scenario, table.description, table.actors, table.descriptions, 2 * table.influence,
            table.dimensions, table.position, table.salience,
        )  # fmt: skip
        a, b = run_smp(table), run_smp(doubled)
        assert a.positions.shape == b.positions.shape and a.convergence == b.convergence
        np.testing.assert_array_equal(a.positions, b.positions)
        # only KTAB's absolute floor on coalitions (1e-8) does not scale with the influences
        np.testing.assert_allclose(a.probability, b.probability, atol=1e-6)


@pytest.mark.parametrize(
    "setting",
    [{"voting_rule": rule} for rule in VotingRule if rule is not VotingRule.PROPORTIONAL]
    + [{"victory": model} for model in VictoryModel if model is not VictoryModel.LINEAR]
    + [{"election": model} for model in ElectionModel if model is not ElectionModel.CONDITIONAL],
    ids=lambda setting: next(iter(setting.values())).value,
)
def test_every_setting_changes_the_result(setting: dict[str, object]) -> None:
    default, varied = run_smp(TOY), run_smp(TOY, **setting)  # type: ignore[arg-type]
    assert varied.settings != default.settings
    differ = default.positions.shape != varied.positions.shape or not np.allclose(
        default.positions, varied.positions
    )
    assert differ and varied.forecast[0].expected != pytest.approx(default.forecast[0].expected, abs=0.01)


def test_the_result_records_settings_and_targets() -> None:
    result = run_smp(TOY, voting_rule=VotingRule.BINARY, max_rounds=3, tolerance=0.5)
    assert result.settings.voting_rule is VotingRule.BINARY
    assert (result.settings.max_rounds, result.settings.tolerance) == (3, 0.5)
    assert result.targets.shape == (result.rounds, len(TOY))
    assert np.all((result.targets >= -1) & (result.targets < len(TOY)))
    assert np.all(result.targets != np.arange(len(TOY)))  # nobody challenges itself


def test_a_round_limit_is_reported() -> None:
    result = run_smp(TOY, max_rounds=2)
    assert result.rounds == 2 and result.convergence.status == "round_limit"


@pytest.mark.parametrize(
    ("table", "problem"),
    [
        (table_of([[10]], [1], [[0.5]]), "at least two actors"),
        (table_of([[10], [20]], [0, 0], [[0.5], [0.5]]), "positive total"),
        (table_of([[10], [120]], [1, 1], [[0.5], [0.5]]), r"\[0, 100\]"),
        (table_of([[10, 10], [20, 20]], [1, 1], [[0.6, 0.6], [0.5, 0.5]]), "at most 1"),
    ],
)
def test_bad_tables_are_rejected(table: SpatialTable, problem: str) -> None:
    with pytest.raises(ValueError, match=problem):
        run_smp(table)


# --- the building blocks, against KTAB's definitions -----------------------------------------------------
def test_votes_follow_ktabs_rules() -> None:
    gains = np.array([-0.5, 0.1, 0.5])
    expected = {
        VotingRule.BINARY: [-2, 2, 2],
        VotingRule.PROP_BIN: [-1.2, 0.56, 1.2],
        VotingRule.PROPORTIONAL: [-1, 0.2, 1],
        VotingRule.PROP_CUBIC: [-0.625, 0.101, 0.625],
        VotingRule.CUBIC: [-0.25, 0.002, 0.25],
        VotingRule.ASYM_PROSPECT: [-1, 0.4 / 3, 1 / 1.5],
    }
    for rule, values in expected.items():
        np.testing.assert_allclose(vote(rule, 2.0, gains), values, err_msg=rule.value)


def test_victory_laws_match_ktabs_examples() -> None:
    c = np.array([[1e-8, 2.0], [1.0, 1e-8]])  # option 0 has twice option 1's support
    assert victory_probability(c, VictoryModel.LINEAR)[0, 1] == pytest.approx(2 / 3)
    assert victory_probability(c, VictoryModel.SQUARE)[0, 1] == pytest.approx(4 / 5)
    assert victory_probability(c, VictoryModel.QUARTIC)[0, 1] == pytest.approx(16 / 17)
    assert victory_probability(c, VictoryModel.OCTIC)[0, 1] == pytest.approx(256 / 257)
    assert victory_probability(c, VictoryModel.BINARY)[0, 1] == pytest.approx(1.0, abs=1e-5)
    close = np.array([[1e-8, 1.05], [1.0, 1e-8]])
    assert victory_probability(close, VictoryModel.BINARY)[0, 1] == pytest.approx(
        (1.05 / 2.05 * 2.1 - 1) / 0.1
    )
    for model in VictoryModel:
        p = victory_probability(c, model)
        np.testing.assert_allclose(p + p.T, 1.0)


def test_utility_and_risk_attitudes() -> None:
    assert utility(0.0, 1.0) == 1.0 and utility(1.0, -0.5) == 0.0
    assert utility(0.5, 0.0) == 0.5  # risk-neutral: linear in distance
    assert utility(0.5, 1.0) == 0.75 and utility(0.5, -0.5) == 0.375  # averse above, acceptant below
    np.testing.assert_allclose(risk_attitudes(np.array([0.1, 0.2, 0.7])), [-0.5, -0.25, 1.0])
    np.testing.assert_array_equal(risk_attitudes(np.full(3, 1 / 3)), 0.0)


@pytest.mark.parametrize("model", list(ElectionModel))
def test_elections_give_distributions_that_favour_the_strongest(model: ElectionModel) -> None:
    u = np.array([[1.0, 0.6, 0.2], [0.7, 1.0, 0.5], [0.3, 0.6, 1.0]])  # voters × options
    c = coalitions(u, np.array([3.0, 2.0, 1.0]), VotingRule.PROPORTIONAL)
    p = election_probability(c, VictoryModel.LINEAR, model)
    assert p.sum() == pytest.approx(1.0) and np.all(p > 0)
    assert int(np.argmax(p)) in (0, 1) and p[2] < max(p[0], p[1])


def test_ktabs_stopping_rule() -> None:
    steps = np.cumsum([0.0, 10.0, 5.0, 0.1, 0.1])  # one actor's moves on the 0–100 scale
    positions = steps[:, None, None] * np.ones((1, 2, 1))
    assert ktab_stop_round(positions) == 3
    assert ktab_stop_round(positions[:2]) is None
