"""The compromise, weighted-median and Nash bargaining models."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from parley.actors import StakeholderTable
from parley.forecast import (
    compromise,
    median_voter,
    nash_bargaining,
    weighted_median,
)
from parley.formats import read_stakeholder_csv
from tests.forecast.tables import dictatorships, tables

PROPERTY = settings(max_examples=60, deadline=None, derandomize=True, database=None)
MODELS = [compromise, median_voter, nash_bargaining]


@pytest.fixture
def emission(shared_dir: Path) -> StakeholderTable:
    """Bueno de Mesquita's (1994) emission-standards table."""
    return read_stakeholder_csv(shared_dir / "forecast" / "emission_standards.csv")


def test_compromise_on_emission_standards(emission: StakeholderTable) -> None:
    assert round(compromise(emission), 5) == 7.38996


def test_weighted_median_on_emission_standards(emission: StakeholderTable) -> None:
    assert median_voter(emission) == 7.0


def test_nash_on_emission_standards_is_a_stationary_point(emission: StakeholderTable) -> None:
    x = nash_bargaining(emission)
    grid = np.linspace(4.0, 10.0, 60_001)[1:-1]
    utility = 1.0 - np.abs(grid[:, None] - emission.position[None, :]) / 6.0
    objective = np.log(utility) @ emission.weights
    assert x == pytest.approx(grid[np.argmax(objective)], abs=1e-4)
    assert x == pytest.approx(7.205862767320005, abs=1e-12)


def test_weighted_median_takes_the_lower_median_on_an_exact_tie() -> None:
    assert weighted_median([1.0, 3.0], [1.0, 1.0]) == 1.0
    assert weighted_median([3.0, 1.0, 2.0], [1.0, 1.0, 5.0]) == 2.0


def test_zero_total_weight_is_rejected() -> None:
    with pytest.raises(ValueError, match="positive total"):
        weighted_median([1.0, 2.0], [0.0, 0.0])


@PROPERTY
@given(tables())
def test_every_model_lies_between_the_extreme_positions(table: StakeholderTable) -> None:
    low, high = table.position.min(), table.position.max()
    for model in MODELS:
        assert low - 1e-9 <= model(table) <= high + 1e-9


@PROPERTY
@given(tables())
def test_the_median_is_a_stated_position(table: StakeholderTable) -> None:
    assert median_voter(table) in table.position


@PROPERTY
@given(dictatorships())
def test_a_dictator_gets_its_position_in_every_model(table: StakeholderTable) -> None:
    dictator = int(np.argmax(table.capability))
    for model in MODELS:
        assert model(table) == pytest.approx(table.position[dictator], abs=1e-9)


@PROPERTY
@given(tables(), st.randoms(use_true_random=False))
def test_permuting_actors_changes_nothing(table: StakeholderTable, random: object) -> None:
    order = list(range(len(table)))
    random.shuffle(order)  # type: ignore[attr-defined]
    shuffled = table.permuted(order)
    for model in MODELS:
        assert model(shuffled) == pytest.approx(model(table), rel=1e-12, abs=1e-9)
