"""Mandates from briefings: hand-computed aggregates, tasks, sampling, and clear errors."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from parley.actors import AUTHORITY_MARGIN, Briefing, Estimate, MandateModel, Task, best_package
from parley.domain import CategoricalIssue, Condition, Constraint, OutcomeSpace
from parley.preferences import Preferences
from tests.actors.conftest import TRUST, make_briefings, make_space, with_spreads
from tests.strategies import PROPERTY

RAW_WEIGHTS = np.array([0.45, 2.6 / 7, 0.35])  # trust re-normalised among each issue's raters
WEIGHTS = RAW_WEIGHTS / RAW_WEIGHTS.sum()
TABLES = (
    (0.2, 0.0, 1.0),  # 0.625·(0, .5, 1) + 0.375·(1, 0, 0) = (.375, .3125, .625), rescaled
    (0.0, 2.25 / 7, 4.5 / 7, 5.75 / 7, 1.0),  # 5/7·(0, .25, .5, .75, 1) + 2/7·(0, .5, 1, 1, 1)
    (1.0, 0.6875, 0.0),  # 0.625·(1, .5, 0) + 0.375·(1, 1, 0)
)
RESERVATION = 0.625 * 0.4 + 0.375 * 0.2  # the front commander gives no reservation estimate


def model(space: OutcomeSpace, briefings: list[Briefing], **options: object) -> MandateModel:
    """The North mandate model with the shared trust table."""
    return MandateModel(space, "North", briefings, TRUST, **options)  # type: ignore[arg-type]


def test_expected_mandate_equals_hand_computed_aggregate(space, briefings):
    mandate = model(space, briefings).expected()
    assert mandate.weights == pytest.approx(WEIGHTS, abs=1e-12)
    for table, expected in zip(mandate.tables, TABLES, strict=True):
        assert table == pytest.approx(expected, abs=1e-12)
    assert mandate.reservation_value == pytest.approx(RESERVATION)
    assert mandate.opening == (2, 4, 0)
    assert mandate.authority_limit == pytest.approx(RESERVATION + AUTHORITY_MARGIN)
    assert mandate.preferences.evaluate(mandate.opening_row)[0] == pytest.approx(1.0)


def test_utility_is_the_weighted_sum_of_tables(space, briefings):
    mandate = model(space, briefings).expected()
    outcomes = space.all_outcomes()
    expected = sum(WEIGHTS[i] * np.array(TABLES[i])[outcomes[:, i]] for i in range(3))
    np.testing.assert_allclose(mandate.preferences.evaluate(outcomes), expected, atol=1e-12)


def test_advisor_shares(space, briefings):
    mandate = model(space, briefings).expected()
    shares = {share.advisor: share for share in mandate.advisors}
    w_cease, w_pris, w_sanc = WEIGHTS
    assert shares["foreign affairs"].influence == pytest.approx(0.625 * (w_cease + w_sanc) + 5 / 7 * w_pris)
    assert shares["front: east"].influence == pytest.approx(2 / 7 * w_pris)
    assert sum(share.influence for share in mandate.advisors) == pytest.approx(1.0)
    assert shares["intelligence"].trust == 0.3
    assert shares["intelligence"].issues == ("ceasefire", "sanctions")


def test_no_reservation_estimate_means_zero(space, briefings):
    plain = [Briefing(b.advisor, b.party, b.importance, b.values) for b in briefings]
    assert model(space, plain).expected().reservation_value == 0.0


def test_explicit_authority_limit_never_below_reservation(space, briefings):
    assert model(space, briefings, authority_limit=0.8).expected().authority_limit == 0.8
    assert model(space, briefings, authority_limit=0.1).expected().authority_limit == RESERVATION


def test_red_lines_and_required_tasks_exclude_outcomes(space, briefings):
    task = Task("prisoners home", Condition("prisoners", low=2))
    red_line = Condition("ceasefire", options=("full",))
    mandate = model(space, briefings, red_lines=[red_line], tasks=[task]).expected()
    outcomes = space.all_outcomes()
    acceptable = mandate.preferences.acceptable(outcomes)
    assert not acceptable[outcomes[:, 1] < 2].any()
    assert not acceptable[outcomes[:, 0] == 2].any()
    assert acceptable.any()
    assert mandate.red_lines == (red_line,)
    assert mandate.opening == (0, 4, 0)  # ceasefire "none" (0.2) is the best allowed option
    assert best_package(mandate.preferences) == mandate.opening


def test_bonus_tasks_raise_exactly_the_right_outcomes(space, briefings):
    tasks = [
        Task("partial relief", Condition("sanctions", options=("partial",)), required=False, bonus=0.1),
        Task("many prisoners", Condition("prisoners", low=3), required=False, bonus=0.05),
    ]
    plain = model(space, briefings).expected()
    bonus = model(space, briefings, tasks=tasks).expected()
    outcomes = space.all_outcomes()
    difference = bonus.preferences.evaluate(outcomes) - plain.preferences.evaluate(outcomes)
    expected = 0.1 * (outcomes[:, 2] == 1) + 0.05 * (outcomes[:, 1] >= 3)
    np.testing.assert_allclose(difference, expected, atol=1e-12)
    assert bonus.utility_range == (0.0, pytest.approx(1.15))
    assert bonus.weights == plain.weights and bonus.tables == plain.tables


def test_bonus_on_an_issue_of_weight_zero(space, briefings):
    briefings[2] = Briefing("front: east", "North", {"prisoners": 0.0}, briefings[2].values)
    briefings[0] = Briefing(
        "foreign affairs", "North", {"ceasefire": 0.6, "sanctions": 0.2}, briefings[0].values
    )
    task = Task("many prisoners", Condition("prisoners", low=3), required=False, bonus=0.2)
    mandate = model(space, briefings, tasks=[task]).expected()
    assert mandate.weights[1] == 0.0
    outcomes = space.all_outcomes()
    plain = model(space, briefings).expected().preferences.evaluate(outcomes)
    difference = mandate.preferences.evaluate(outcomes) - plain
    np.testing.assert_allclose(difference, 0.2 * (outcomes[:, 1] >= 3), atol=1e-12)


def test_opening_respects_constraints(briefings):
    constrained = OutcomeSpace(
        (
            CategoricalIssue("ceasefire", ("none", "local", "full")),
            CategoricalIssue("prisoners", ("0", "1", "2", "3", "4")),
            CategoricalIssue("sanctions", ("none", "partial", "full")),
        ),
        (Constraint((Condition("ceasefire", options=("full",)),), (Condition("sanctions", ("full",)),)),),
    )
    for index, briefing in enumerate(briefings):
        if "prisoners" in briefing.values:
            table = briefing.values["prisoners"]
            filled = np.interp(range(5), [float(k) for k in table], [e.mean for e in table.values()])
            prisoners = {str(k): float(v) for k, v in enumerate(filled)}
            replace_briefing(briefings, index, values=dict(briefing.values) | {"prisoners": prisoners})
    mandate = MandateModel(constrained, "North", briefings, TRUST).expected()
    outcomes = constrained.all_outcomes()
    utilities = mandate.preferences.evaluate(outcomes)
    assert mandate.opening == tuple(outcomes[np.argmax(utilities)])
    assert mandate.opening == (2, 4, 2)  # a full ceasefire forces full sanctions relief, and is worth it
    assert constrained.feasible(mandate.opening_row[None, :])[0]


def test_sampling_with_zero_spreads_equals_expected(space, briefings):
    mandate_model = model(space, briefings)
    assert mandate_model.sample(np.random.default_rng(3)) == mandate_model.expected()


def test_sampling_is_reproducible_under_a_seed(space, briefings):
    mandate_model = model(space, with_spreads(briefings, 0.1))
    first = mandate_model.sample(np.random.default_rng(7))
    assert first == mandate_model.sample(np.random.default_rng(7))
    assert first != mandate_model.sample(np.random.default_rng(8))
    draws = mandate_model.sample_many(50, np.random.default_rng(7))
    again = mandate_model.sample_many(50, np.random.default_rng(7))
    np.testing.assert_array_equal(draws.weights, again.weights)


def test_sample_many_mean_converges_to_expected(space, briefings):
    mandate_model = model(space, with_spreads(briefings, 0.03))
    draws = mandate_model.sample_many(20_000, np.random.default_rng(0))
    assert len(draws) == 20_000
    np.testing.assert_allclose(draws.weights.mean(axis=0), WEIGHTS, atol=0.01)
    np.testing.assert_allclose(draws.reservation.mean(), RESERVATION, atol=0.01)
    for table, expected in zip(draws.tables, TABLES, strict=True):
        np.testing.assert_allclose(table.mean(axis=0), expected, atol=0.05)


def test_mandate_at_matches_sample(space, briefings):
    mandate_model = model(space, with_spreads(briefings, 0.1))
    draws = mandate_model.sample_many(5, np.random.default_rng(11))
    first, sampled = mandate_model.mandate_at(draws, 0), mandate_model.sample(np.random.default_rng(11))
    assert first.weights == pytest.approx(sampled.weights, abs=1e-12)
    assert first.reservation_value == pytest.approx(sampled.reservation_value, abs=1e-12)
    assert first.opening == sampled.opening


@given(
    spread=st.floats(0.0, 2.0),
    seed=st.integers(0, 2**32 - 1),
    bonus=st.floats(-0.5, 0.5),
    trust=st.tuples(*[st.integers(1, 9)] * 3),
)
@PROPERTY
def test_sampled_mandates_stay_in_range(spread, seed, bonus, trust):
    space, briefings = make_space(), make_briefings()
    shares = dict(zip(TRUST, np.array(trust) / sum(trust), strict=True))
    task = Task("bonus", Condition("sanctions", options=("partial", "full")), required=False, bonus=bonus)
    mandate_model = MandateModel(space, "North", with_spreads(briefings, spread), shares, tasks=[task])
    rng = np.random.default_rng(seed)
    draws = mandate_model.sample_many(200, rng)
    np.testing.assert_allclose(draws.weights.sum(axis=1), 1.0)
    assert all(((t >= 0) & (t <= 1)).all() for t in draws.tables)
    assert ((draws.reservation >= 0) & (draws.reservation <= 1)).all()
    mandate = mandate_model.sample(rng)
    low, high = mandate.utility_range
    utilities = mandate.preferences.evaluate(space.all_outcomes())
    assert utilities.min() >= low - 1e-12 and utilities.max() <= high + 1e-12
    assert utilities.max() == pytest.approx(mandate.preferences.evaluate(mandate.opening_row)[0])


# --- errors ------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("trust", "message"),
    [
        ({"foreign affairs": 0.5, "intelligence": 0.5}, "not in the trust table: front: east"),
        ({**TRUST, "defence": 0.0}, "gave no briefing: defence"),
        (
            {"foreign affairs": 0.9, "intelligence": 0.3, "front: east": -0.2},
            "not positive: front: east=-0.2",
        ),
        ({"foreign affairs": 0.5, "intelligence": 0.3, "front: east": 0.3}, "sum to 1, they sum to 1.1"),
    ],
)
def test_bad_trust(space, briefings, trust, message):
    with pytest.raises(ValueError, match=message):
        MandateModel(space, "North", briefings, trust)


def test_duplicate_briefing(space, briefings):
    with pytest.raises(ValueError, match="one briefing per advisor; repeated: intelligence"):
        model(space, [*briefings, briefings[1]])


def test_no_briefings(space):
    with pytest.raises(ValueError, match="needs at least one briefing"):
        MandateModel(space, "North", [], {})


def test_briefing_for_another_party(space, briefings):
    briefings[2] = Briefing("front: east", "South", briefings[2].importance, briefings[2].values)
    with pytest.raises(ValueError, match=r"another party than 'North': front: east \(South\)"):
        model(space, briefings)


def replace_briefing(briefings: list[Briefing], index: int, **changes: object) -> list[Briefing]:
    """The briefings with one rebuilt from its fields and ``changes``."""
    old = briefings[index]
    fields = {"importance": old.importance, "values": old.values, "reservation": old.reservation}
    briefings[index] = Briefing(old.advisor, old.party, **(fields | changes))  # type: ignore[arg-type]
    return briefings


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"importance": {"borders": 0.3}}, "names unknown issue\\(s\\) 'borders'"),
        ({"values": {"prisoners": {0: 0.0, 7: 1.0}}}, "'front: east', issue 'prisoners'.*not 7"),
        ({"values": {"prisoners": {0: 0.0, 2.5: 1.0}}}, "whole numbers"),
    ],
)
def test_bad_issue_or_option_in_briefing(space, briefings, changes, message):
    with pytest.raises(ValueError, match=message):
        model(space, replace_briefing(briefings, 2, **changes))


def test_unknown_categorical_option(space, briefings):
    values = dict(briefings[1].values) | {"sanctions": {"none": 1.0, "some": 0.5, "full": 0.0}}
    with pytest.raises(ValueError, match=r"'intelligence', issue 'sanctions'.*no option 'some'"):
        model(space, replace_briefing(briefings, 1, values=values))


def test_categorical_table_must_be_complete(space, briefings):
    values = dict(briefings[1].values) | {"sanctions": {"none": 1.0, "full": 0.0}}
    with pytest.raises(ValueError, match="needs a value for every option; missing 'partial'"):
        model(space, replace_briefing(briefings, 1, values=values))


def test_issue_no_advisor_covers(space, briefings):
    briefings = replace_briefing(briefings, 0, importance={"ceasefire": 0.6, "prisoners": 0.2})
    briefings = replace_briefing(briefings, 1, importance={"ceasefire": 0.2})
    with pytest.raises(ValueError, match="no advisor rates the importance of issue 'sanctions'"):
        model(space, briefings)


def test_issue_nobody_values(space, briefings):
    briefings = replace_briefing(briefings, 0, values={"ceasefire": {"none": 0, "local": 1, "full": 0}})
    with pytest.raises(ValueError, match="no advisor values the options of issue 'sanctions'"):
        model(space, replace_briefing(briefings, 1, values={}))


def test_all_importances_zero(space, briefings):
    for index, briefing in enumerate(briefings):
        replace_briefing(briefings, index, importance=dict.fromkeys(briefing.importance, 0.0))
    with pytest.raises(ValueError, match="every importance estimate is zero"):
        model(space, briefings)


@pytest.mark.parametrize(
    ("line", "message"),
    [
        (Condition("borders", options=("x",)), "red line on 'borders': .*no issue 'borders'"),
        (Condition("ceasefire", options=("total",)), "red line on 'ceasefire': .*no option 'total'"),
    ],
)
def test_bad_red_line(space, briefings, line, message):
    with pytest.raises(ValueError, match=message):
        model(space, briefings, red_lines=[line])


@pytest.mark.parametrize(
    ("task", "message"),
    [
        (Task("x", Condition("borders", low=1)), "task 'x': .*no issue 'borders'"),
        (Task("y", Condition("prisoners", low=9)), "task 'y' can never be met: .*prisoners ≥ 9"),
    ],
)
def test_bad_task(space, briefings, task, message):
    with pytest.raises(ValueError, match=message):
        model(space, briefings, tasks=[task])


def test_duplicate_task_names(space, briefings):
    task = Task("t", Condition("prisoners", low=1))
    with pytest.raises(ValueError, match="task names must be unique; repeated: t"):
        model(space, briefings, tasks=[task, task])


def test_red_lines_leaving_nothing(space, briefings):
    lines = [Condition("ceasefire", options=("none", "local", "full"))]
    with pytest.raises(ValueError, match="leave no feasible package"):
        model(space, briefings, red_lines=lines).expected()


def test_bad_counts_and_limits(space, briefings):
    with pytest.raises(ValueError, match="cannot draw -1 mandates"):
        model(space, briefings).sample_many(-1, np.random.default_rng(0))
    with pytest.raises(ValueError, match="authority limit must be finite"):
        model(space, briefings, authority_limit=float("nan"))


def test_preferences_are_ordinary_preferences(space, briefings):
    mandate = model(space, briefings, discount_factor=0.9).expected()
    assert isinstance(mandate.preferences, Preferences)
    assert mandate.preferences.discount_factor == 0.9
    assert mandate.space is space
    assert Estimate(0.5).spread == 0.0


def test_task_validation():
    with pytest.raises(ValueError, match="non-empty name"):
        Task(" ", Condition("prisoners", low=1))
    with pytest.raises(ValueError, match="bonus must be finite"):
        Task("t", Condition("prisoners", low=1), bonus=float("inf"))


def test_example_scenario_with_real_issue_and_interpolation():
    from parley.examples import load_example

    space = load_example().space
    defence = Briefing(
        "defence",
        "North",
        importance=dict.fromkeys(space.issue_names, 1.0),
        values={
            "ceasefire": {"none": 1.0, "local": 0.5, "full": 0.0},
            "monitoring": {"none": 1.0, "joint_commission": 0.5, "international_mission": 0.0},
            "prisoner_exchange": {0: 0.0, 10: 1.0},
            "pullback_km": {0: 1.0, 12.5: 0.5, 30: 0.0},  # 12.5 lies between grid points 10 and 15
            "sanctions_relief": {"none": 0.0, "partial": 0.5, "full": 1.0},
            "settlement_talks": {"none": 1.0, "within_two_years": 0.5, "within_six_months": 0.0},
        },
    )
    task = Task("short pullback", Condition("pullback_km", high=10.0))
    mandate = MandateModel(space, "North", [defence], {"defence": 1.0}, tasks=[task]).expected()
    assert mandate.tables[3] == pytest.approx((1.0, 0.8, 0.6, 3 / 7, 2 / 7, 1 / 7, 0.0))
    assert mandate.weights == pytest.approx([1 / 6] * 6)
    outcomes = space.all_outcomes()
    acceptable = mandate.preferences.acceptable(outcomes)
    pullback = space.issues[3].values()[outcomes[:, 3]]
    assert acceptable.any() and not acceptable[pullback > 10].any()
