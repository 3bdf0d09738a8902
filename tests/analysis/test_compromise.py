"""Compromise packages: MESOs, post-settlement settlements and logrolls, checked against brute force."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from parley.analysis import pareto_frontier
from parley.analysis.compromise import equivalent_offers, post_settlement, tradeoffs
from parley.analysis.meso import ENUMERATION_LIMIT
from parley.analysis.pareto import dominates
from parley.domain import CategoricalIssue, Condition, Constraint, OutcomeSpace
from parley.examples import load_example
from parley.preferences import HyperRectangle, HyperRectangleUtility, LinearAdditiveUtility, Preferences
from tests.analysis.brute import all_utilities
from tests.strategies import (
    PROPERTY,
    as_array,
    conditions,
    hyper_rectangle_utilities,
    outcome_spaces,
    preferences,
    reference_feasible,
    reference_feasible_rows,
)

Case = tuple[OutcomeSpace, list[Preferences], np.ndarray]


# --- strategies ------------------------------------------------------------------------------------
def _sparing(space: OutcomeSpace, lines: list[Condition], anchor: np.ndarray) -> tuple[Condition, ...]:
    """The red lines that ``anchor`` does not cross (so at least one package stays acceptable)."""
    kept = []
    for line in lines:
        position, mask = space.condition_mask(line)
        if not mask[anchor[position]]:
            kept.append(line)
    return tuple(kept)


@st.composite
def parties(draw: st.DrawFn, space: OutcomeSpace, anchor: np.ndarray) -> Preferences:
    """Linear-additive or hyper-rectangle preferences, with up to two red lines ``anchor`` does not cross."""
    if draw(st.booleans()):
        utility = draw(preferences(space, discounted=False)).utility
    else:
        utility = draw(hyper_rectangle_utilities(space))
    lines = draw(st.lists(st.sampled_from(space.issues), max_size=2))
    red_lines = _sparing(space, [draw(conditions(issue)) for issue in lines], anchor)
    return Preferences(space, utility, red_lines=red_lines)


@st.composite
def spaces_with_anchor(draw: st.DrawFn) -> tuple[OutcomeSpace, np.ndarray, np.ndarray]:
    """A small space with at least one feasible outcome, its feasible rows and one of them."""
    space = draw(outcome_spaces(min_issues=2, max_issues=4, max_outcomes=400))
    rows = as_array(reference_feasible_rows(space), space)
    assume(len(rows) > 0)
    return space, rows, rows[draw(st.integers(0, len(rows) - 1))]


@st.composite
def deal_cases(draw: st.DrawFn, count: int = 2) -> Case:
    """A small space, ``count`` parties and a deal: a feasible outcome no party red-lines."""
    space, _, deal = draw(spaces_with_anchor())
    return space, [draw(parties(space, deal)) for _ in range(count)], deal


@st.composite
def meso_cases(draw: st.DrawFn) -> tuple[OutcomeSpace, Preferences, Preferences | None, float, float, int]:
    """A proposer, maybe an estimate of the other side, a target (mostly attained), tolerance and count."""
    space, rows, anchor = draw(spaces_with_anchor())
    own = draw(parties(space, anchor))
    other = draw(st.none() | parties(space, anchor))
    values = own.evaluate(rows)
    values = values[np.isfinite(values)]
    if draw(st.integers(0, 3)):
        target = float(values[draw(st.integers(0, len(values) - 1))])
    else:
        target = draw(st.integers(-40, 40)) / 4
    tolerance = draw(st.sampled_from([0.02, 0.25, 1.0, 0.0, 5.0, np.inf]))
    return space, own, other, target, tolerance, draw(st.integers(1, 4))


# --- MESOs -----------------------------------------------------------------------------------------
def _min_hamming(rows: np.ndarray) -> int:
    return min(int((a != b).sum()) for a, b in itertools.combinations(rows, 2))


def _check_mesos(
    space: OutcomeSpace,
    own: Preferences,
    other: Preferences | None,
    target: float,
    tolerance: float,
    count: int,
) -> None:
    """In band, feasible, not red-lined, distinct, exactly as different as possible (small bands)."""
    offers = equivalent_offers(
        space, own, target, count, tolerance, rng=np.random.default_rng(0), other_estimate=other
    )
    rows = as_array(reference_feasible_rows(space), space)
    values = own.evaluate(rows) if len(rows) else np.empty(0)
    band = rows[np.isfinite(values) & (np.abs(values - target) <= tolerance)]
    if other is not None and len(band):
        band = band[np.isfinite(other.evaluate(band))]
    assert len(offers) == min(count, len(band)) and offers.candidates == len(band)
    if not len(offers):
        return
    outcomes = offers.outcomes
    assert all(reference_feasible(space, row) for row in outcomes.tolist())
    assert np.array_equal(own.evaluate(outcomes), offers.own_utilities)
    assert (np.abs(offers.own_utilities - target) <= tolerance).all()
    assert not own.crosses_red_line(outcomes).any()
    assert len(np.unique(outcomes, axis=0)) == len(outcomes)
    assert np.array_equal(offers.distances, [[int((a != b).sum()) for b in outcomes] for a in outcomes])
    if other is not None:
        assert offers.other_utilities is not None
        assert np.array_equal(offers.other_utilities, other.evaluate(outcomes))
        assert np.isfinite(offers.other_utilities).all()
    if len(outcomes) >= 2 and len(band) <= 12:
        best = max(
            _min_hamming(band[list(s)]) for s in itertools.combinations(range(len(band)), len(outcomes))
        )
        assert offers.min_distance == best


@PROPERTY
@given(meso_cases())
def test_mesos_are_in_band_feasible_and_maximally_different(
    case: tuple[OutcomeSpace, Preferences, Preferences | None, float, float, int],
) -> None:
    _check_mesos(*case)


def _random_case(seed: int, parties: int = 2) -> tuple[OutcomeSpace, list[Preferences]]:
    """A seeded categorical space (3-4 issues, one constraint) and linear or hyper-rectangle parties."""
    rng = np.random.default_rng(seed)
    issues = tuple(
        CategoricalIssue(f"i{k}", tuple("abcd"[: rng.integers(2, 5)])) for k in range(rng.integers(3, 5))
    )
    rule = Constraint((Condition("i0", ("a",)),), (Condition("i1", ("b",)),))
    space = OutcomeSpace(issues, (rule,))
    prefs = []
    for _ in range(parties):
        if rng.random() < 0.5:
            tables = [rng.integers(0, 8, issue.size).tolist() for issue in issues]
            utility: LinearAdditiveUtility | HyperRectangleUtility = LinearAdditiveUtility.from_tables(
                space, rng.random(len(issues)).tolist(), tables
            )
        else:
            boxes = [
                HyperRectangle(
                    float(rng.integers(-2, 6)), (Condition(f"i{a}", ("a", "b")), Condition(f"i{b}", ("b",)))
                )
                for a, b in rng.integers(0, len(issues), (6, 2))
            ]
            utility = HyperRectangleUtility(space, tuple(boxes))
        prefs.append(Preferences(space, utility, red_lines=(Condition("i2", ("b",)),)))
    return space, prefs


@pytest.mark.parametrize("seed", range(30))
def test_mesos_on_thin_bands_match_the_best_subset(seed: int) -> None:
    space, (own, other) = _random_case(seed)
    values = own.evaluate(space.all_outcomes())
    values = values[np.isfinite(values)]
    target = float(values[seed % len(values)])
    tolerance = float(np.sort(np.abs(values - target))[min(9, len(values) - 1)])
    _check_mesos(space, own, other if seed % 2 else None, target, tolerance, 2 + seed % 3)


def _big_space() -> tuple[OutcomeSpace, Preferences]:
    """A 6^9 ≈ 10^7-outcome constrained space (too large to enumerate) and a red-lined linear party."""
    issues = tuple(CategoricalIssue(f"i{k}", tuple("abcdef")) for k in range(9))
    rule = Constraint((Condition("i0", ("a",)),), (Condition("i1", ("b", "c")),))
    space = OutcomeSpace(issues, (rule,))
    rng = np.random.default_rng(3)
    utility = LinearAdditiveUtility.from_tables(space, rng.random(9).tolist(), rng.random((9, 6)).tolist())
    return space, Preferences(space, utility, red_lines=(Condition("i2", ("a",)),)).normalized()


def test_mesos_on_a_space_too_large_to_enumerate() -> None:
    space, own = _big_space()
    assert space.cardinality > ENUMERATION_LIMIT
    offers = equivalent_offers(space, own, 0.8, count=4, rng=np.random.default_rng(1), samples=5000)
    assert len(offers) == 4 and offers.min_distance >= 5
    assert space.feasible(offers.outcomes).all() and not own.crosses_red_line(offers.outcomes).any()
    assert (np.abs(own.evaluate(offers.outcomes) - 0.8) <= 0.02).all()


def test_large_space_mesos_spread_over_the_other_side_and_respect_its_red_lines() -> None:
    space, own = _big_space()
    rng = np.random.default_rng(5)
    rectangles = tuple(
        HyperRectangle(float(rng.integers(1, 5)), (Condition(f"i{a}", ("a", "b", "c")),)) for a in range(9)
    )
    other = Preferences(space, HyperRectangleUtility(space, rectangles), red_lines=(Condition("i3", ("f",)),))
    offers = equivalent_offers(
        space, own, 0.7, 3, 0.05, rng=np.random.default_rng(2), other_estimate=other, samples=4000
    )
    assert len(offers) == 3 and offers.other_utilities is not None
    assert not other.crosses_red_line(offers.outcomes).any()
    assert len(np.unique(offers.other_utilities)) == 3


def test_an_unreachable_band_gives_no_offer() -> None:
    space, own = _big_space()
    assert len(equivalent_offers(space, own, 1.5, rng=np.random.default_rng(0), samples=2000)) == 0
    example = load_example()
    north = example.parties[0].preferences
    assert len(equivalent_offers(example.space, north, 7.0, rng=np.random.default_rng(0))) == 0


def test_single_offer_is_the_package_closest_to_the_target() -> None:
    example = load_example()
    north = example.parties[0].preferences
    offers = equivalent_offers(
        example.space, north, 0.5, count=1, tolerance=0.1, rng=np.random.default_rng(0)
    )
    assert len(offers) == 1 and offers.min_distance == 0
    values = north.evaluate(example.space.all_outcomes())
    assert abs(offers.own_utilities[0] - 0.5) == np.abs(values - 0.5).min()


def test_example_mesos_around_point_seven_for_north() -> None:
    example = load_example()
    space, (north, south) = example.space, [p.preferences for p in example.parties]
    for estimate in (None, south):
        offers = equivalent_offers(space, north, 0.7, rng=np.random.default_rng(0), other_estimate=estimate)
        assert len(offers) == 3 and offers.min_distance >= 2
        assert (np.abs(north.evaluate(offers.outcomes) - 0.7) <= 0.02).all()
        assert all(space.values_of(o)["monitoring"] != "international_mission" for o in offers.outcomes)
    assert all(space.values_of(o)["ceasefire"] != "none" for o in offers.outcomes)


# --- post-settlement settlements -------------------------------------------------------------------
def _check_post_settlement(case: Case) -> None:
    space, prefs, deal = case
    base = np.array([p.evaluate(deal)[0] for p in prefs])
    improvements = post_settlement(space, prefs, deal, limit=1000)
    _, utilities = all_utilities(space, prefs)
    dominating = dominates(utilities, base)
    assert bool(improvements) == bool(dominating.any())
    products = [i.nash_product for i in improvements]
    assert products == sorted(products, reverse=True)
    for improvement in improvements:
        again = np.array([p.evaluate(improvement.outcome)[0] for p in prefs])
        assert np.array_equal(again, improvement.utilities)
        assert dominates(again, base) and np.array_equal(improvement.gains, again - base)
        assert reference_feasible(space, improvement.outcome.tolist())
        assert not dominates(utilities, again).any()
    frontier = pareto_frontier(space, prefs)
    if len(frontier):
        efficient = frontier.outcomes[len(frontier) // 2]
        assert post_settlement(space, prefs, efficient, frontier=frontier) == []
    assert len(post_settlement(space, prefs, deal, limit=2)) == min(2, len(improvements))


@PROPERTY
@given(deal_cases(count=2))
def test_two_party_post_settlements_dominate_the_deal_and_are_efficient(case: Case) -> None:
    _check_post_settlement(case)


@PROPERTY
@given(deal_cases(count=3))
def test_three_party_post_settlements_dominate_the_deal_and_are_efficient(case: Case) -> None:
    _check_post_settlement(case)


def test_example_poor_deal_has_a_post_settlement_improvement() -> None:
    example = load_example()
    space, prefs = example.space, [p.preferences for p in example.parties]
    deal = space.outcome(
        {
            "ceasefire": "local",
            "monitoring": "none",
            "prisoner_exchange": 2,
            "pullback_km": 0.0,
            "sanctions_relief": "none",
            "settlement_talks": "none",
        }
    )
    improvements = post_settlement(space, prefs, deal, limit=3)
    assert len(improvements) == 3
    assert (improvements[0].gains > 0.3).all()
    best = improvements[0].outcome
    assert post_settlement(space, prefs, best) == []


def test_deals_outside_the_space_or_across_a_red_line_are_refused() -> None:
    example = load_example()
    space, prefs = example.space, [p.preferences for p in example.parties]
    values = {
        "ceasefire": "none",
        "monitoring": "joint_commission",
        "prisoner_exchange": 2,
        "pullback_km": 0.0,
        "sanctions_relief": "none",
        "settlement_talks": "none",
    }
    with pytest.raises(ValueError, match="constraint"):
        post_settlement(space, prefs, space.outcome(values))
    with pytest.raises(ValueError, match="red line"):
        tradeoffs(space, prefs, space.outcome({**values, "monitoring": "none"}))
    with pytest.raises(ValueError, match="exactly two"):
        tradeoffs(space, [*prefs, prefs[0]], space.outcome({**values, "ceasefire": "full"}))


# --- trade-offs and logrolls -----------------------------------------------------------------------
def _brute_best_logroll(space: OutcomeSpace, prefs: list[Preferences], deal: np.ndarray) -> float | None:
    """Best smaller gain over every pair of one-issue concessions, one per side, checked one by one."""
    base = np.array([p.evaluate(deal)[0] for p in prefs])
    changes = []
    for column, issue in enumerate(space.issues):
        for option in range(issue.size):
            if option != deal[column]:
                variant = deal.copy()
                variant[column] = option
                changes.append((column, option, np.array([p.evaluate(variant)[0] for p in prefs]) - base))
    best = None
    for (c1, o1, d1), (c2, o2, d2) in itertools.product(changes, changes):
        gives = d1[0] < 0 < d1[1] and d2[1] < 0 < d2[0] and np.isfinite([*d1, *d2]).all()
        if c1 == c2 or not gives:
            continue
        package = deal.copy()
        package[[c1, c2]] = [o1, o2]
        gains = np.array([p.evaluate(package)[0] for p in prefs]) - base
        if reference_feasible(space, package.tolist()) and (gains > 0).all():
            best = max(best or -np.inf, float(gains.min()))
    return best


def _check_tradeoffs(space: OutcomeSpace, prefs: list[Preferences], deal: np.ndarray) -> None:
    """Deltas re-evaluate exactly; logrolls are feasible, red-line free, better for both, the best."""
    result = tradeoffs(space, prefs, deal, limit=5)
    base = np.array([p.evaluate(deal)[0] for p in prefs])
    assert np.array_equal(result.utilities, base)
    expected = {(c, o) for c, issue in enumerate(space.issues) for o in range(issue.size) if o != deal[c]}
    assert sorted((c.position, c.to_option) for c in result.changes) == sorted(expected)
    for change in result.changes:
        variant = deal.copy()
        variant[change.position] = change.to_option
        again = np.array([p.evaluate(variant)[0] for p in prefs]) - base
        assert np.array_equal(np.array(change.deltas), again)
        assert change.feasible == reference_feasible(space, variant.tolist())
        assert change.from_option == deal[change.position]
        assert change.to_value == space.issues[change.position].value(change.to_option)
    scores = [roll.score for roll in result.logrolls]
    assert scores == sorted(scores, reverse=True) and len(scores) <= 5
    for roll in result.logrolls:
        first, second = roll.first_gives, roll.second_gives
        assert first.position != second.position
        assert first.deltas[0] < 0 < first.deltas[1] and second.deltas[1] < 0 < second.deltas[0]
        package = deal.copy()
        package[[first.position, second.position]] = [first.to_option, second.to_option]
        assert np.array_equal(roll.outcome, package)
        assert reference_feasible(space, package.tolist())
        assert not any(p.crosses_red_line(package[None, :])[0] for p in prefs)
        again = np.array([p.evaluate(package)[0] for p in prefs])
        assert np.array_equal(again, roll.utilities) and (again > base).all()
    best = _brute_best_logroll(space, prefs, deal)
    assert (best is None) == (not result.logrolls)
    assert best is None or result.logrolls[0].score == best


@PROPERTY
@given(deal_cases(count=2))
def test_tradeoffs_are_exact_and_logrolls_improve_both_sides(case: Case) -> None:
    _check_tradeoffs(*case)


def _integrative_case(seed: int) -> tuple[OutcomeSpace, list[Preferences]]:
    """Opposed option rankings with different priorities (logrolls abound); the second side non-linear."""
    space, _ = _random_case(seed)
    rng = np.random.default_rng(seed + 1000)
    ranks = [rng.random(issue.size) for issue in space.issues]
    weights = rng.random((2, len(space.issues)))
    first = LinearAdditiveUtility.from_tables(space, weights[0].tolist(), [r.tolist() for r in ranks])
    boxes = [
        HyperRectangle(float(weights[1, i] * (1 - rank)), (Condition(issue.name, (issue.value(o),)),))
        for i, (issue, r) in enumerate(zip(space.issues, ranks, strict=True))
        for o, rank in enumerate(r.tolist())
    ]
    boxes.append(HyperRectangle(0.3, (Condition("i0", ("b",)), Condition("i1", ("a",)))))
    second = HyperRectangleUtility(space, tuple(boxes))
    red = (Condition("i1", ("c",)),) if space.issues[1].size > 2 else ()
    return space, [Preferences(space, first, red_lines=red), Preferences(space, second)]


@pytest.mark.parametrize("seed", range(30))
def test_seeded_tradeoffs_and_post_settlements(seed: int) -> None:
    space, prefs = _integrative_case(seed) if seed % 2 else _random_case(seed, parties=3)
    outcomes, _ = all_utilities(space, prefs)
    deal = outcomes[seed % len(outcomes)]
    _check_post_settlement((space, prefs, deal))
    if len(prefs) == 2:
        _check_tradeoffs(space, prefs, deal)


def test_example_logrolls_read_in_plain_words() -> None:
    example = load_example()
    space, prefs = example.space, [p.preferences for p in example.parties]
    names = [p.name for p in example.parties]
    deal = space.outcome(
        {
            "ceasefire": "local",
            "monitoring": "none",
            "prisoner_exchange": 2,
            "pullback_km": 0.0,
            "sanctions_relief": "none",
            "settlement_talks": "none",
        }
    )
    result = tradeoffs(space, prefs, deal)
    assert len(result.changes) == int((space.sizes - 1).sum())
    relief = next(c for c in result.changes if c.issue == "sanctions_relief" and c.to_value == "partial")
    assert relief.describe(names) == "sanctions_relief none→partial (North +0.21, South −0.01)"
    assert result.logrolls and all((roll.gains > 0).all() for roll in result.logrolls)
    text = result.logrolls[0].describe(names)
    assert text.startswith("North gives ") and " for South giving " in text
