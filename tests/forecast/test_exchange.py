"""The Stokman–van Oosten exchange model: a hand-computed exchange, its properties, and the shared tables."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from parley.forecast.exchange import (
    DECIDE_ADOPTION,
    ExchangeResult,
    ExchangeTable,
    Stop,
    exchange_gains,
    expected_outcomes,
    run_exchange,
    table_outcomes,
)
from parley.formats.exchange_records import read_exchange_records

PROPERTY = settings(max_examples=60, deadline=None, derandomize=True, database=None)
#: Relative tolerance for gains that the model makes equal.
EQUAL = 1e-9

#: Expected outcomes per issue on the input (round 0) and after round 1, and the exchanges of round 1.
COPENHAGEN_ROUND0 = [61.5763, 58.1447, 30.7074, 52.2359, 51.9499, 57.6214, 64.6207]
COPENHAGEN_ROUND1 = [54.0211, 57.2043, 32.9916, 45.3412, 37.1064, 63.3919, 82.4636]
COP21_ROUND0 = [49.2554, 57.2113, 57.9688, 59.5115, 59.6404, 47.6441, 38.0971, 55.1217, 40.1058,
                45.5962, 67.8775, 85.7086, 57.1005]  # fmt: skip
COP21_ROUND1 = [38.8840, 60.1813, 56.9170, 71.6436, 70.3555, 38.6946, 32.3027, 69.6316, 27.8597,
                35.8704, 62.5596, 89.0600, 30.4917]  # fmt: skip
#: After the default 10 rounds (full adoption); neither table stops by itself.
COPENHAGEN_ROUND10 = [38.5668, 66.2001, 48.1118, 47.6134, 23.1514, 62.7630, 82.7455]
COP21_ROUND10 = [32.5345, 53.9356, 43.6978, 80.0000, 73.3208, 62.8073, 24.6474, 53.6925, 6.9011,
                 14.0611, 69.5507, 90.0000, 12.0872]  # fmt: skip


def two_by_two(scale: tuple[float, float] = (0.0, 100.0)) -> ExchangeTable:
    """A at 0 on both issues, B at the top of both; A cares about p (0.9 vs 0.2), B about q (0.3 vs 0.6)."""
    low, high = scale
    return ExchangeTable(
        actor_ids=("A", "B"),
        actor_names=("A", "B"),
        issue_ids=("p", "q"),
        issue_names=("p", "q"),
        scales=(scale, scale),
        position=np.array([[low, low], [high, high]]),
        salience=np.array([[0.9, 0.2], [0.3, 0.6]]),
        power=np.ones((2, 2)),
    )


def test_the_hand_computed_exchange() -> None:
    # O_p = (0.9·0 + 0.3·100)/1.2 = 25 and O_q = (0.2·0 + 0.6·100)/0.8 = 75. A's ratio s_p/s_q = 4.5
    # exceeds B's 0.5, so B moves on p towards A and A moves on q towards B. Rooms: B moving fully
    # shifts O_p by 25, A moving fully shifts O_q by 25. Equal gains: dp (0.9 + 0.3) = dq (0.2 + 0.6), so
    # t = min(25 · 1.2, 25 · 0.8) = 20: A moves fully (dq = 25), dp = 20/1.2 = 50/3, so B moves by
    # dp · W_p / (c s) = (50/3)(1.2/0.3) = 200/3, to 100/3. Gains: 0.9 · 50/3 − 0.2 · 25 = 10 for A and
    # 0.6 · 25 − 0.3 · 50/3 = 10 for B. Then O_p = 25/3, O_q = 100 and no pair is on opposite sides of both.
    result = run_exchange(two_by_two())
    (exchange,) = result.exchanges
    assert exchange.round == 1
    assert exchange.actors == ("A", "B") and exchange.issues == ("q", "p")
    assert exchange.before == (0.0, 100.0)
    assert exchange.after == pytest.approx((100.0, 100.0 / 3), rel=1e-14)
    assert exchange.shifts == pytest.approx((100.0, -200.0 / 3), rel=1e-14)
    assert exchange.outcome_shifts == pytest.approx((25.0, 50.0 / 3), rel=1e-14)
    assert exchange.gains == pytest.approx((10.0, 10.0), rel=1e-14)
    np.testing.assert_allclose(result.outcomes, [[25.0, 75.0], [25.0 / 3, 100.0]], rtol=1e-14)
    np.testing.assert_allclose(result.positions[1], [[0.0, 100.0], [100.0 / 3, 100.0]], rtol=1e-14)
    assert result.forecast == pytest.approx({"p": 25.0 / 3, "q": 100.0}, rel=1e-14)
    assert (result.stop, result.stopped_at, result.rounds) == (Stop.CONVERGED, 2, 1)
    assert result.exchanges_in(1) == (exchange,) and result.exchanges_in(2) == ()


def test_another_scale_gives_the_same_gains_and_scaled_positions() -> None:
    result = run_exchange(two_by_two((10.0, 20.0)))
    (exchange,) = result.exchanges
    assert exchange.gains == pytest.approx((10.0, 10.0), rel=1e-12)
    assert exchange.after == pytest.approx((20.0, 10.0 + 10.0 / 3), rel=1e-12)
    assert result.forecast == pytest.approx({"p": 10.0 + 2.5 / 3, "q": 20.0}, rel=1e-12)


def test_the_salience_ratios_decide_who_moves_where() -> None:
    table = two_by_two()
    swapped = replace(table, salience=table.salience[:, ::-1].copy())  # now A cares about q, B about p
    (exchange,) = run_exchange(swapped).exchanges
    assert exchange.actors == ("A", "B") and exchange.issues == ("p", "q")


@pytest.mark.parametrize("salience", [[[0.5, 0.5], [0.5, 0.5]], [[0.8, 0.4], [0.6, 0.3]]])
def test_equal_salience_ratios_make_no_exchange(salience: list[list[float]]) -> None:
    result = run_exchange(replace(two_by_two(), salience=np.array(salience)))
    assert result.exchanges == () and result.rounds == 0
    assert (result.stop, result.stopped_at) == (Stop.CONVERGED, 1)
    np.testing.assert_array_equal(
        result.outcomes[0], table_outcomes(replace(two_by_two(), salience=np.array(salience)))
    )


def test_a_table_where_all_agree_makes_no_exchange() -> None:
    table = replace(two_by_two(), position=np.full((2, 2), 40.0))
    result = run_exchange(table)
    assert result.exchanges == () and result.forecast == {"p": 40.0, "q": 40.0}


def test_actors_on_the_same_side_of_an_outcome_do_not_exchange() -> None:
    # C (a heavyweight at 50 on both issues) holds the outcomes near 50; A and B both stand below them
    # on q, so the exchange of the hand-computed table is impossible; A and B still face C.
    table = ExchangeTable(
        ("A", "B", "C"), ("A", "B", "C"), ("p", "q"), ("p", "q"), ((0.0, 100.0), (0.0, 100.0)),
        position=np.array([[0.0, 0.0], [100.0, 10.0], [50.0, 50.0]]),
        salience=np.array([[0.9, 0.2], [0.3, 0.6], [0.5, 0.5]]),
        power=np.array([[1.0, 1.0], [1.0, 1.0], [10.0, 10.0]]),
    )  # fmt: skip
    result = run_exchange(table)
    assert all(set(exchange.actors) != {"A", "B"} for exchange in result.exchanges_in(1))


def test_decide_adoption_keeps_part_of_each_move() -> None:
    result = run_exchange(two_by_two(), adoption=DECIDE_ADOPTION, max_rounds=1)
    # B moved on p (salience 0.3) from 100 to 100/3 and keeps 0.1 + 0.4 · 0.7 = 0.38 of it; A moved on
    # q (salience 0.2) from 0 to 100 and keeps 0.1 + 0.4 · 0.8 = 0.42.
    np.testing.assert_allclose(result.starts[1], [[0.0, 42.0], [100.0 - 0.38 * 200.0 / 3, 100.0]], rtol=1e-14)
    np.testing.assert_array_equal(result.positions[1], run_exchange(two_by_two()).positions[1])
    assert (result.stop, result.stopped_at) == (Stop.ROUND_LIMIT, 1)


def test_a_round_that_ends_where_an_earlier_one_did_stops_the_run() -> None:
    # Keeping none of its moves, every actor starts round 2 where it started round 1.
    result = run_exchange(two_by_two(), adoption=(0.0, 0.0))
    assert (result.stop, result.stopped_at, result.period, result.rounds) == (Stop.CYCLE, 1, 1, 1)
    np.testing.assert_array_equal(result.starts[1], two_by_two().position)
    assert len(result.exchanges) == 1


def test_missing_records_take_no_part() -> None:
    table = two_by_two()
    position = np.vstack([table.position, [[np.nan, 50.0]]])
    salience = np.vstack([table.salience, [[np.nan, 1.0]]])
    power = np.vstack([table.power, [[np.nan, 0.0]]])
    bigger = ExchangeTable(("A", "B", "C"), ("A", "B", "C"), table.issue_ids, table.issue_names,
                           table.scales, position, salience, power)  # fmt: skip
    mine, theirs = run_exchange(bigger), run_exchange(table)
    assert mine.exchanges == theirs.exchanges
    np.testing.assert_array_equal(mine.positions[:, 2, 0], [np.nan, np.nan])
    np.testing.assert_allclose(mine.outcomes, theirs.outcomes, rtol=1e-14)


def test_bad_settings_and_weightless_issues_are_refused() -> None:
    with pytest.raises(ValueError, match="non-negative"):
        run_exchange(two_by_two(), max_rounds=-1)
    with pytest.raises(ValueError, match="non-negative"):
        run_exchange(two_by_two(), min_gain=float("nan"))
    with pytest.raises(ValueError, match="adoption"):
        run_exchange(two_by_two(), adoption=(0.5, 0.8))
    with pytest.raises(ValueError, match=r"issue\(s\) \['q'\]"):
        run_exchange(replace(two_by_two(), power=np.array([[1.0, 0.0], [1.0, 0.0]])))
    assert run_exchange(two_by_two(), max_rounds=0).rounds == 0


def test_the_table_checks_its_arrays() -> None:
    table = two_by_two()
    with pytest.raises(ValueError, match="read-only"):
        table.position[0, 0] = 1.0
    with pytest.raises(ValueError, match="shape"):
        replace(table, power=np.ones(2))
    with pytest.raises(ValueError, match="NaN at the same"):
        replace(table, power=np.array([[np.nan, 1.0], [1.0, 1.0]]))
    with pytest.raises(ValueError, match="inside its issue's scale"):
        replace(table, position=np.array([[0.0, 0.0], [100.0, 101.0]]))
    with pytest.raises(ValueError, match="non-negative"):
        replace(table, salience=np.array([[0.9, -0.2], [0.3, 0.6]]))
    with pytest.raises(ValueError, match="low < high"):
        replace(table, scales=((0.0, 100.0), (5.0, 5.0)))
    assert table == two_by_two() and table != replace(table, issue_names=("P", "Q"))


# --- properties on random tables ---------------------------------------------------------------------


def grid(draw: st.DrawFn, elements: st.SearchStrategy[float], n: int, m: int) -> np.ndarray:
    """An n × m array of drawn values."""
    return np.array(draw(st.lists(elements, min_size=n * m, max_size=n * m)), dtype=float).reshape(n, m)


@st.composite
def exchange_tables(draw: st.DrawFn) -> ExchangeTable:
    """2–5 actors on 2–4 issues, positions on a coarse grid (ties happen), about 1 record in 4 missing.

    Actor 0 has a record with positive salience on every issue, so every issue has an outcome.
    """
    n, m = draw(st.integers(2, 5)), draw(st.integers(2, 4))
    low = draw(st.sampled_from([0.0, -10.0, 1.0]))
    high = low + draw(st.sampled_from([100.0, 10.0, 7.0]))
    position = low + (high - low) / 10 * grid(draw, st.integers(0, 10).map(float), n, m)
    salience = grid(draw, st.sampled_from([0.0, 0.1, 0.3, 0.5, 0.75, 1.0]), n, m)
    power = grid(draw, st.floats(0.05, 1.0), n, m)
    missing = (grid(draw, st.integers(0, 3).map(float), n, m) == 0) & (np.arange(n) > 0)[:, None]
    salience[0] = np.maximum(salience[0], 0.1)
    position, salience, power = (np.where(missing, np.nan, a) for a in (position, salience, power))
    actors = tuple(f"a{k}" for k in range(n))
    issues = tuple(f"i{k}" for k in range(m))
    return ExchangeTable(actors, actors, issues, issues, ((low, high),) * m, position, salience, power)


def check_result(table: ExchangeTable, result: ExchangeResult) -> None:
    """Every property a run must have."""
    low, high = table.bounds
    assert np.all((result.outcomes >= low - 1e-9) & (result.outcomes <= high + 1e-9))
    x = np.nan_to_num(result.positions, nan=low[0])
    assert np.all((x >= low) & (x <= high))
    missing = np.broadcast_to(~table.has_record, result.positions.shape)
    np.testing.assert_array_equal(np.isnan(result.positions), missing)
    for exchange in result.exchanges:
        assert min(exchange.gains) > result.settings.min_gain
        assert exchange.gains[0] == pytest.approx(exchange.gains[1], rel=EQUAL, abs=1e-12)
        assert exchange.actors[0] != exchange.actors[1] and exchange.issues[0] != exchange.issues[1]
    for round_ in range(1, result.rounds + 1):
        made = result.exchanges_in(round_)
        assert made, "every recorded round made an exchange"
        slots = [(a, i) for e in made for a in e.actors for i in e.issues]
        assert len(slots) == len(set(slots)), "an (actor, issue) takes part in one exchange per round"
    assert result.rounds <= result.settings.max_rounds
    if result.stop is Stop.CONVERGED:
        assert result.stopped_at == result.rounds + 1 and result.period == 0
    elif result.stop is Stop.CYCLE:
        assert result.stopped_at == result.rounds and 1 <= result.period <= result.rounds
        back = result.starts[-1 - result.period]
        np.testing.assert_allclose(result.starts[-1], back, atol=1e-9 * np.max(high - low))
    else:
        assert result.stopped_at == result.rounds == result.settings.max_rounds and result.period == 0


@PROPERTY
@given(exchange_tables(), st.sampled_from([(1.0, 0.0), DECIDE_ADOPTION]))
def test_runs_have_every_property(table: ExchangeTable, adoption: tuple[float, float]) -> None:
    check_result(table, run_exchange(table, max_rounds=40, adoption=adoption))


def brute_force_gains(x: np.ndarray, s: np.ndarray, c: np.ndarray, units: np.ndarray) -> np.ndarray:
    """The equal gain of every (i, j, p, q) by plain loops, from the model's definitions."""
    n, m = x.shape
    w = np.where(np.isnan(x), 0.0, s * c)
    outcome = [sum(w[k, p] * x[k, p] for k in range(n) if w[k, p] > 0) / w[:, p].sum() for p in range(m)]
    gains = np.zeros((n, n, m, m))

    def room(a: int, b: int, p: int) -> float:
        """How far b moving on p towards a moves O_p towards a (0 unless on opposite sides)."""
        if np.isnan(x[a, p]) or np.isnan(x[b, p]) or (x[a, p] - outcome[p]) * (x[b, p] - outcome[p]) >= 0:
            return 0.0
        full = w[b, p] * abs(x[a, p] - x[b, p]) / w[:, p].sum()
        return float(min(full, abs(x[a, p] - outcome[p])) * units[p])

    for i in range(n):
        for j in range(n):
            for p in range(m):
                for q in range(m):
                    dp_room, dq_room = room(i, j, p), room(j, i, q)
                    if p == q or dp_room == 0 or dq_room == 0:
                        continue
                    t = min(dp_room * (s[i, p] + s[j, p]), dq_room * (s[i, q] + s[j, q]))
                    dp, dq = t / (s[i, p] + s[j, p]), t / (s[i, q] + s[j, q])
                    gain_i, gain_j = s[i, p] * dp - s[i, q] * dq, s[j, q] * dq - s[j, p] * dp
                    assert gain_i == pytest.approx(gain_j, rel=1e-9, abs=1e-12)
                    gains[i, j, p, q] = gain_i
    return gains


@PROPERTY
@given(exchange_tables())
def test_the_vectorised_search_matches_plain_loops(table: ExchangeTable) -> None:
    s, c = np.nan_to_num(table.salience), np.nan_to_num(table.power)
    gains, _ = exchange_gains(table.position, s, c, table.has_record, table.units)
    np.testing.assert_allclose(gains, brute_force_gains(table.position, s, c, table.units), atol=1e-9)
    assert np.all(gains == gains.transpose(1, 0, 3, 2)), "(i, j, p, q) and (j, i, q, p) are one exchange"


def test_expected_outcomes_ignore_missing_records() -> None:
    x = np.array([[0.0, np.nan], [10.0, 4.0]])
    w = np.array([[1.0, 5.0], [3.0, 1.0]])
    np.testing.assert_allclose(expected_outcomes(x, w, np.ones_like(w)), [7.5, 4.0])


# --- the shared tables ---------------------------------------------------------------------------------


@pytest.fixture
def cop21(shared_dir: Path) -> ExchangeTable:
    """Paris 2015: 15 actors, 13 issues."""
    return read_exchange_records(shared_dir / "forecast" / "cop21.csv")


@pytest.fixture
def copenhagen(shared_dir: Path) -> ExchangeTable:
    """Copenhagen 2009: 11 actors, 7 issues."""
    return read_exchange_records(shared_dir / "forecast" / "copenhagen.csv")


def test_copenhagen_figures(copenhagen: ExchangeTable) -> None:
    result = run_exchange(copenhagen)
    np.testing.assert_allclose(result.outcomes[0], COPENHAGEN_ROUND0, atol=1e-4)
    np.testing.assert_allclose(result.outcomes[1], COPENHAGEN_ROUND1, atol=1e-4)
    np.testing.assert_allclose(result.outcomes[10], COPENHAGEN_ROUND10, atol=1e-4)
    assert [len(result.exchanges_in(k)) for k in range(1, 11)] == [14, 13, 12, 11, 13, 12, 11, 12, 10, 9]
    first = result.exchanges[0]
    assert first.actors == ("USA", "China India") and first.issues == ("Extra", "Commitments")
    assert (result.stop, result.rounds) == (Stop.ROUND_LIMIT, 10)
    check_result(copenhagen, result)


def test_cop21_figures(cop21: ExchangeTable) -> None:
    result = run_exchange(cop21)
    np.testing.assert_allclose(result.outcomes[0], COP21_ROUND0, atol=1e-4)
    np.testing.assert_allclose(result.outcomes[1], COP21_ROUND1, atol=1e-4)
    np.testing.assert_allclose(result.outcomes[10], COP21_ROUND10, atol=1e-4)
    assert len(result.exchanges_in(1)) == 34 and len(result.exchanges) == 273
    assert (result.stop, result.rounds) == (Stop.ROUND_LIMIT, 10)
    check_result(cop21, result)


def test_doubling_every_power_changes_nothing(copenhagen: ExchangeTable) -> None:
    doubled = replace(copenhagen, power=copenhagen.power * 2)
    mine, theirs = run_exchange(doubled, max_rounds=3), run_exchange(copenhagen, max_rounds=3)
    assert mine.exchanges == theirs.exchanges
    np.testing.assert_array_equal(mine.positions, theirs.positions)


def test_decide_adoption_on_the_shared_tables(copenhagen: ExchangeTable, cop21: ExchangeTable) -> None:
    for table in (copenhagen, cop21):
        result = run_exchange(table, adoption=DECIDE_ADOPTION)
        np.testing.assert_array_equal(result.outcomes[1], run_exchange(table, max_rounds=1).outcomes[1])
        check_result(table, result)
