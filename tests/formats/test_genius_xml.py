"""GENIUS XML: hand-checked utilities, unsafe and broken files, exact export, and a round-trip property."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from defusedxml.ElementTree import parse as safe_parse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from parley.domain import (
    CategoricalIssue,
    Condition,
    Constraint,
    IntegerIssue,
    Issue,
    OutcomeSpace,
    RealIssue,
)
from parley.formats.errors import ScenarioError
from parley.formats.folders import load_folder, load_profile
from parley.formats.genius_xml import read_genius_domain, read_genius_profile, write_genius_profile
from parley.preferences import (
    HyperRectangle,
    HyperRectangleUtility,
    LinearAdditiveUtility,
    LinearValue,
    Preferences,
    TableValue,
    ValueFunction,
    normalize,
)


def _row(space: OutcomeSpace, **values: object) -> np.ndarray:
    """The index row of a package given by issue name."""
    return space.outcome(values)[None, :]  # type: ignore[arg-type]


# --- hand-checked utilities from the shared files ---------------------------------------------------
def test_itex_vs_cypress_by_hand(shared_dir: Path) -> None:
    scenario = load_folder(shared_dir / "domains" / "anac2010-ItexvsCypress")
    cypress = scenario.party("ItexvsCypress_Cypress").preferences
    best = _row(
        scenario.space, Price="$3.47", Delivery="20 days", Payment="Upon delivery", Returns="Full price"
    )
    worst = _row(
        scenario.space,
        Price="$4.37",
        Delivery="60 days",
        Payment="60 days after delivery",
        Returns="10% spoilage allowed",
    )
    weights = [0.4700166576535899, 0.1220816713696379, 0.17727008190772825, 0.2306315890690439]
    assert cypress.utility(best)[0] == pytest.approx(sum(weights), rel=1e-12)
    expected = weights[0] * 1 / 40 + weights[1] * 1 / 25 + weights[2] * 1 / 15 + weights[3] * 1 / 20
    assert cypress.utility(worst)[0] == pytest.approx(expected, rel=1e-12)
    assert scenario.space.cardinality == 5 * 4 * 3 * 3


def test_integer_domain_by_hand(shared_dir: Path) -> None:
    scenario = load_folder(shared_dir / "domains" / "other-IntegerDomain")
    prefs = scenario.party("IntegerDomain-prof1").preferences
    assert scenario.space.issues[0] == IntegerIssue("price", -5, 5)
    # eval(v) = offset + slope·(v − lowerbound), clamped to [0, 1] as GENIUS does; weights 0.75 / 0.25
    assert prefs.utility(_row(scenario.space, price=-5, otherprice=-5))[0] == pytest.approx(0.75 * 0.3)
    assert prefs.utility(_row(scenario.space, price=5, otherprice=5))[0] == pytest.approx(
        0.75 * 1.0 + 0.25 * 1.0  # the price evaluation 0.3 + 0.08·10 = 1.1 is clamped to 1
    )
    assert prefs.utility(_row(scenario.space, price=0, otherprice=2))[0] == pytest.approx(
        0.75 * 0.7 + 0.25 * 0.7
    )
    assert prefs.discount_factor == 1.0  # discount_factor value="0.0" means no discount


def test_energy_grid_integer_profile(shared_dir: Path) -> None:
    scenario = load_folder(shared_dir / "domains" / "anac2016-AgentHp2-energy_grid")
    consumer = scenario.party("consumer").preferences
    assert isinstance(consumer.utility, LinearAdditiveUtility)
    value = consumer.utility.values[0]
    assert isinstance(value, LinearValue)
    # offset 1.0, slope -0.15 over 8..14: 1.0 at 8, 0.1 at 14
    table = value.table(scenario.space.issues[0])
    np.testing.assert_allclose(table[[0, -1]], [1.0, 0.1], rtol=1e-12)


def test_fuzzyagent_real_issue(shared_dir: Path) -> None:
    scenario = load_folder(shared_dir / "domains" / "other-fuzzyagent-real-issue", real_steps=4)
    issue = scenario.space.issues[0]
    assert issue == RealIssue("One_and_only_issue", 10.0, 40.0, steps=4)
    buyer = scenario.party("buyer_utility").preferences
    expected = np.clip(1.3333333333 - 0.033333333 * np.array([10.0, 20.0, 30.0, 40.0]), 0.0, 1.0)
    np.testing.assert_allclose(buyer.utility(np.arange(4)[:, None]), expected, rtol=1e-12)


def _reference_rectangles(path: Path, row: np.ndarray) -> float:
    """Independent ANAC 2014 evaluation straight from the XML (issues 0..9, values = indices)."""
    root = safe_parse(str(path)).getroot()
    utility = root.find("objective/utility")
    assert utility is not None
    total = 0.0
    for rect in utility.iter("hyperRectangle"):
        inside = all(
            float(c.get("min", "")) <= row[int(c.get("index", "")) - 1] <= float(c.get("max", ""))
            for c in rect.findall("INCLUDES")
        )
        inside = inside and not any(
            float(c.get("min", "")) <= row[int(c.get("index", "")) - 1] <= float(c.get("max", ""))
            for c in rect.findall("EXCLUDES")
        )
        total += float(rect.get("utility", "")) if inside else 0.0
    return total / float(utility.get("maxutility", ""))


def test_anac2014_hyperrectangles(shared_dir: Path) -> None:
    folder = shared_dir / "domains" / "anac2014-10issuesDiscountedwithRV"
    scenario = load_folder(folder)
    prefs = scenario.party("profile-1").preferences
    assert isinstance(prefs.utility, HyperRectangleUtility)
    assert prefs.utility.normalizer == 635
    assert prefs.utility.rectangles[0] == HyperRectangle(
        49,
        (
            Condition("c1-i8", low=7, high=9),
            Condition("c1-i2", low=0, high=8),
            Condition("c1-i1", low=1, high=8),
        ),
    )
    assert prefs.utility(np.zeros((1, 10), dtype=int))[0] == pytest.approx(293 / 635)
    assert (prefs.reservation_value, prefs.discount_factor) == (0.75, 0.5)
    rows = scenario.space.sample(200, np.random.default_rng(7))
    expected = [_reference_rectangles(folder / "profile-1.xml", row) for row in rows]
    np.testing.assert_allclose(prefs.utility(rows), expected, rtol=1e-12)


def test_self_contained_profile_and_quirks(shared_dir: Path) -> None:
    ampo = shared_dir / "domains" / "other-AMPOvsCity" / "ampo_vs_city_ampo_space.xml"
    prefs = load_profile(ampo)
    salaries = prefs.space.issues[0]
    assert isinstance(salaries, CategoricalIssue) and salaries.options[0] == "0"
    assert isinstance(prefs.utility, LinearAdditiveUtility)
    # value "0" is listed twice (evaluation 0, then 8): the last one wins, as in GENIUS's value map.
    assert prefs.utility.values[0] == TableValue((0.08, 0.36, 0.64, 0.84, 0.96, 1.0))
    assert read_genius_domain(ampo).issue_names == prefs.space.issue_names


# --- unsafe, broken and inconsistent files --------------------------------------------------------
BOMB = """<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<negotiation_template><utility_space><objective index="0" name="r">
<issue index="1" name="&lol3;" type="discrete"><item index="1" value="a"/></issue></objective></utility_space>
</negotiation_template>"""
XXE = """<?xml version="1.0"?>
<!DOCTYPE foo [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<negotiation_template><utility_space><objective index="0" name="r">
<issue index="1" name="&xxe;" type="discrete"><item index="1" value="a"/></issue></objective></utility_space>
</negotiation_template>"""
DOMAIN = """<negotiation_template><utility_space><objective index="0" name="r">
<issue index="1" name="colour" type="discrete">
<item index="1" value="red"/><item index="2" value="blue"/></issue>
<issue index="2" name="size" type="integer" lowerbound="1" upperbound="3"/>
</objective></utility_space></negotiation_template>"""


@pytest.mark.parametrize(
    ("text", "words"), [(BOMB, "unsafe XML"), (XXE, "unsafe XML"), (DOMAIN[:150], "truncated")]
)
def test_unsafe_or_truncated_xml_is_refused(tmp_path: Path, text: str, words: str) -> None:
    path = tmp_path / "domain.xml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ScenarioError, match=words) as caught:
        read_genius_domain(path)
    assert caught.value.file == str(path)


def test_truncated_xml_gives_a_line(tmp_path: Path) -> None:
    path = tmp_path / "domain.xml"
    path.write_text(DOMAIN[:150], encoding="utf-8")
    with pytest.raises(ScenarioError) as caught:
        read_genius_domain(path)
    assert caught.value.line is not None


@pytest.mark.parametrize(
    ("profile", "location"),
    [
        (
            '<issue index="1" name="shape" type="discrete"><item value="red" evaluation="1"/></issue>',
            "issue[1]",
        ),
        (
            '<issue index="1" name="colour" type="discrete"><item value="green" evaluation="1"/></issue>',
            "issue[1]",
        ),
        ('<issue index="2" name="size" type="integer" lowerbound="1" upperbound="3"/>', "weight[1]"),
    ],
)
def test_inconsistent_profile_names_the_place(tmp_path: Path, profile: str, location: str) -> None:
    (tmp_path / "domain.xml").write_text(DOMAIN, encoding="utf-8")
    path = tmp_path / "p.xml"
    path.write_text(
        f'<utility_space><objective index="0" name="r">{profile}<weight index="1" value="1"/>'
        "</objective></utility_space>",
        encoding="utf-8",
    )
    with pytest.raises(ScenarioError) as caught:
        read_genius_profile(path, read_genius_domain(tmp_path / "domain.xml"))
    assert location in caught.value.location and caught.value.line == 1


def test_unsupported_ufun_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "p.xml"
    path.write_text(
        '<utility_space type="nonlinear"><objective index="0" name="r">'
        '<issue index="1" name="a" type="integer" lowerbound="0" upperbound="3"/>'
        '<utility maxutility="10"><ufun type="ProductUfun" aggregation="product"/></utility>'
        "</objective></utility_space>",
        encoding="utf-8",
    )
    with pytest.raises(ScenarioError, match="PlainUfun") as caught:
        read_genius_profile(path)
    assert caught.value.location == "utility_space/objective/utility/ufun"


# --- export --------------------------------------------------------------------------------------
SPACE = OutcomeSpace(
    (CategoricalIssue("c", ("x", "y", "z")), IntegerIssue("n", 2, 5), RealIssue("r", 0.0, 1.0, 5))
)


def _round_trip(prefs: Preferences, tmp_path: Path) -> Preferences:
    """Write ``prefs`` as a GENIUS profile and read it back over the same space."""
    path = write_genius_profile(prefs, tmp_path / "p.xml")
    return read_genius_profile(path, prefs.space, real_steps=5)


def test_negative_values_and_normalisation_are_encoded_exactly(tmp_path: Path) -> None:
    utility = LinearAdditiveUtility(
        SPACE, (0.5, 0.3, 0.2), (TableValue((-1.0, 0.0, 2.0)), LinearValue(-0.1, 1.0), LinearValue(1.0))
    )
    # Its lowest utility is -0.35: GENIUS clamps every evaluation to [0, 1], so only the normalised
    # profile (lowest utility 0) can be held, with the negative discrete values shifted into the lines.
    with pytest.raises(ScenarioError, match="lowest utility is negative"):
        _round_trip(Preferences(SPACE, utility, 0.3, 0.9), tmp_path)
    for prefs in (Preferences(SPACE, normalize(utility, SPACE), 0.3, 0.9),):
        back = _round_trip(prefs, tmp_path)
        rows = SPACE.all_outcomes()
        np.testing.assert_allclose(back.utility(rows), prefs.utility(rows), rtol=1e-12, atol=1e-12)
        assert (back.reservation_value, back.discount_factor) == (0.3, 0.9)


def test_hyperrectangles_round_trip_with_normalisation(tmp_path: Path) -> None:
    rectangles = (
        HyperRectangle(4.0, (Condition("n", low=3, high=4),), (Condition("r", low=0.5, high=1.0),)),
    )
    utility = HyperRectangleUtility(
        SPACE, (*rectangles, HyperRectangle(-1.0, (Condition("n", options=(2, 3)),))), 8.0
    )
    for prefs in (Preferences(SPACE, utility), Preferences(SPACE, normalize(utility, SPACE))):
        back = _round_trip(prefs, tmp_path)
        rows = SPACE.all_outcomes()
        np.testing.assert_allclose(back.utility(rows), prefs.utility(rows), rtol=1e-12, atol=1e-12)


def test_inexpressible_profiles_are_refused(tmp_path: Path) -> None:
    negative = LinearAdditiveUtility.from_tables(OutcomeSpace(SPACE.issues[:1]), [1.0], [[-1.0, -2.0, 0.0]])
    constrained = OutcomeSpace(SPACE.issues, (Constraint((Condition("c", options=("x",)),)),))
    linear = LinearAdditiveUtility(
        constrained, (1, 1, 1), (TableValue((0, 1, 1)), LinearValue(1), LinearValue(1))
    )
    cases = [
        (Preferences(negative.space, negative), "lowest utility is negative"),
        (Preferences(constrained, linear), "constraints"),
        (
            Preferences(
                SPACE, LinearAdditiveUtility.from_tables(SPACE, (1, 1, 1), [[0, 1, 1], [0, 1, 4, 9], [0] * 5])
            ),
            "not a linear function",
        ),
        (
            Preferences(
                SPACE, HyperRectangleUtility(SPACE, (HyperRectangle(1.0, (Condition("c", options=("x",)),)),))
            ),
            "categorical",
        ),
    ]
    for prefs, words in cases:
        with pytest.raises(ScenarioError, match=words):
            write_genius_profile(prefs, tmp_path / "p.xml")


# --- property: random linear-additive profiles survive a GENIUS round trip ---------------------------
@st.composite
def _profiles(draw: st.DrawFn) -> Preferences:
    """Random small spaces of the three issue kinds, non-negative weights and values."""
    issues: list[Issue] = []
    values: list[ValueFunction] = []
    unit = st.floats(0.0, 10.0, allow_nan=False)
    for k in range(draw(st.integers(1, 4))):
        kind = draw(st.sampled_from(["categorical", "integer", "real"]))
        if kind == "categorical":
            size = draw(st.integers(1, 5))
            issues.append(CategoricalIssue(f"i{k}", tuple(f"o{j}" for j in range(size))))
            values.append(TableValue(tuple(draw(st.lists(unit, min_size=size, max_size=size)))))
        elif kind == "integer":
            low = draw(st.integers(-20, 20))
            issues.append(IntegerIssue(f"i{k}", low, low + draw(st.integers(0, 6))))
            values.append(LinearValue(draw(st.floats(-2, 2)), draw(st.floats(-5, 5))))
        else:
            low = draw(st.floats(-100, 100))
            issues.append(RealIssue(f"i{k}", low, low + draw(st.floats(1e-3, 50)), steps=5))
            values.append(LinearValue(draw(st.floats(-2, 2)), draw(st.floats(-5, 5))))
    weights = tuple(draw(st.lists(unit, min_size=len(issues), max_size=len(issues))))
    space = OutcomeSpace(tuple(issues))
    return Preferences(
        space, LinearAdditiveUtility(space, weights, tuple(values)), draw(unit), draw(st.floats(0.01, 1))
    )


@settings(
    max_examples=60,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(prefs=_profiles())
def test_random_linear_profiles_survive_genius(tmp_path: Path, prefs: Preferences) -> None:
    rows = prefs.space.all_outcomes()
    expected = prefs.utility(rows)
    try:
        back = _round_trip(prefs, tmp_path)
    except ScenarioError as error:  # GENIUS evaluations are non-negative: only such profiles are refused
        assert "lowest utility is negative" in str(error)
        assert expected.min() < 0
        return
    assert expected.min() >= -1e-9  # a clearly negative profile is never written
    np.testing.assert_allclose(
        back.utility(rows), expected, rtol=1e-9, atol=1e-9 * max(1.0, np.abs(expected).max())
    )
    assert (back.reservation_value, back.discount_factor) == (prefs.reservation_value, prefs.discount_factor)
