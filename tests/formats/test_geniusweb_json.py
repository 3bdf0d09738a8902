"""GeniusWeb JSON: hand-checked utilities, numeric issues, broken files and exact export."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from parley.domain import CategoricalIssue, IntegerIssue, OutcomeSpace, RealIssue
from parley.formats.errors import ScenarioError
from parley.formats.folders import load_folder, load_profile, save_geniusweb
from parley.formats.geniusweb_json import (
    read_geniusweb_domain,
    read_geniusweb_profile,
    write_geniusweb_domain,
    write_geniusweb_profile,
)
from parley.preferences import LinearAdditiveUtility, LinearValue, Preferences, TableValue, normalize
from parley.scenario import Party, Scenario


def test_anl2023_profile_by_hand(shared_dir: Path) -> None:
    scenario = load_folder(shared_dir / "domains" / "anl2023-domain00")
    prefs = scenario.party("profileA").preferences
    row = scenario.space.outcome({f"issue{c}": "valueA" for c in "ABCDE"})[None, :]
    expected = 0.06667 * 0.0 + 0.04186 * 0.02854 + 0.07844 * 1.0 + 0.70691 * 0.47162 + 0.10612 * 0.34474
    assert prefs.utility(row)[0] == pytest.approx(expected, rel=1e-12)
    assert prefs.reservation_value == 0.0 and prefs.discount_factor == 1.0


def test_discreteutils_and_reservation_bid(shared_dir: Path) -> None:
    prefs = load_profile(shared_dir / "domains" / "geniusweb-Party" / "party1.json")
    bid = {
        "Food": "Handmade Food",
        "Drinks": "Handmade Cocktails",
        "Location": "Party Tent",
        "Invitations": "Custom, Printed",
        "Music": "Band",
        "Cleanup": "Special Equiment",
    }
    expected = 0.19 * 0.51 + 0.28 * 0.672 + 0.19 * 0.52 + 0.05 * 0.48 + 0.19 * 0.35 + 0.1 * 0.32
    assert prefs.reservation_value == pytest.approx(expected, rel=1e-12)
    assert prefs.utility(prefs.space.outcome(bid)[None, :])[0] == pytest.approx(expected, rel=1e-12)


NUMERIC_DOMAIN = {
    "name": "numbers",
    "issuesValues": {
        "count": {"range": {"low": 1, "high": 5, "step": 1}},
        "price": {"range": {"low": "0.5", "high": "2.5", "step": "0.5"}},
        "colour": {"values": ["red", "blue"]},
    },
}


def _profile(utilities: dict[str, object], weights: dict[str, float], **extra: object) -> dict[str, object]:
    """A LinearAdditiveUtilitySpace object over NUMERIC_DOMAIN."""
    body = {
        "issueUtilities": utilities,
        "issueWeights": weights,
        "domain": NUMERIC_DOMAIN,
        "name": "p",
        **extra,
    }
    return {"LinearAdditiveUtilitySpace": body}


NUMERIC_PROFILE = _profile(
    {
        "count": {
            "NumberValueSetUtilities": {"lowValue": 1, "lowUtility": 0.0, "highValue": 5, "highUtility": 1.0}
        },
        "price": {
            "NumberValueSetUtilities": {"lowValue": 1.0, "lowUtility": 1, "highValue": 2.0, "highUtility": 0}
        },
        "colour": {"DiscreteValueSetUtilities": {"valueUtilities": {"red": 0.25, "blue": 1.0}}},
    },
    {"count": 0.5, "price": 0.3, "colour": 0.2},
    reservationBid={"issuevalues": {"count": 3, "price": 1.5, "colour": "red"}},
)


def test_numeric_issues(tmp_path: Path) -> None:
    path = tmp_path / "p.json"
    path.write_text(json.dumps(NUMERIC_PROFILE), encoding="utf-8")
    prefs = read_geniusweb_profile(path)
    count, price, _ = prefs.space.issues
    assert count == IntegerIssue("count", 1, 5)
    assert price == RealIssue("price", 0.5, 2.5, steps=5)
    assert isinstance(prefs.utility, LinearAdditiveUtility)
    assert prefs.utility.values[0] == LinearValue(slope=0.25, intercept=-0.25)
    # price 0.5 and 2.5 lie outside [lowValue, highValue] = [1, 2]: utility 0 there, as in GeniusWeb.
    assert prefs.utility.values[1] == TableValue((0.0, 1.0, 0.5, 0.0, 0.0))
    assert prefs.reservation_value == pytest.approx(0.5 * 0.5 + 0.3 * 0.5 + 0.2 * 0.25)
    with pytest.raises(ScenarioError, match="not a linear function"):  # price's table is not affine
        write_geniusweb_profile(prefs, tmp_path / "back.json")


def test_numeric_round_trip(tmp_path: Path) -> None:
    space = OutcomeSpace(
        (IntegerIssue("n", 1, 4), RealIssue("r", 0.0, 2.0, 3), CategoricalIssue("c", ("a", "b")))
    )
    utility = LinearAdditiveUtility(
        space, (0.5, 0.25, 0.25), (LinearValue(1 / 3, -1 / 3), LinearValue(0.5), TableValue((0, 1)))
    )
    prefs = Preferences(space, utility, reservation_value=float(utility(np.array([[1, 1, 1]]))[0]))
    write_geniusweb_domain(space, tmp_path / "d.json", "d")
    back = read_geniusweb_profile(
        write_geniusweb_profile(prefs, tmp_path / "p.json"), read_geniusweb_domain(tmp_path / "d.json")
    )
    rows = space.all_outcomes()
    np.testing.assert_allclose(back.utility(rows), utility(rows), rtol=1e-12)
    assert back.reservation_value == pytest.approx(prefs.reservation_value, rel=1e-12)


def test_normalised_and_rescaled_profiles_are_reencoded(tmp_path: Path) -> None:
    space = OutcomeSpace((CategoricalIssue("a", ("x", "y", "z")), CategoricalIssue("b", ("p", "q"))))
    raw = LinearAdditiveUtility.from_tables(space, (2.0, 3.0), [[1, 2, 5], [0, 4]])
    for utility in (
        normalize(raw, space),
        LinearAdditiveUtility.from_tables(space, (0.2, 0.3), [[1, 2, 0], [0, 1]]),
    ):
        prefs = Preferences(space, utility)
        path = write_geniusweb_profile(prefs, tmp_path / "p.json")
        body = json.loads(path.read_text())["LinearAdditiveUtilitySpace"]
        assert sum(body["issueWeights"].values()) == pytest.approx(1.0)
        back = read_geniusweb_profile(path)
        rows = space.all_outcomes()
        np.testing.assert_allclose(back.utility(rows), utility(rows), rtol=1e-12, atol=1e-12)


def test_inexpressible_profiles_are_refused(tmp_path: Path) -> None:
    space = OutcomeSpace((CategoricalIssue("a", ("x", "y")),))
    too_high = Preferences(space, LinearAdditiveUtility.from_tables(space, (2.0,), [[0, 1]]))
    no_bid = Preferences(
        space, LinearAdditiveUtility.from_tables(space, (1.0,), [[0, 1]]), reservation_value=0.5
    )
    discounted = Preferences(
        space, LinearAdditiveUtility.from_tables(space, (1.0,), [[0, 1]]), discount_factor=0.5
    )
    for prefs, words in ((too_high, r"\[0, 1\]"), (no_bid, "reservation"), (discounted, "discount")):
        with pytest.raises(ScenarioError, match=words):
            write_geniusweb_profile(prefs, tmp_path / "p.json")
    write_geniusweb_profile(discounted, tmp_path / "p.json", ignore_discount=True)


def test_json_syntax_error_gives_line(tmp_path: Path) -> None:
    path = tmp_path / "domain.json"
    path.write_text('{\n  "name": "d",\n  "issuesValues": {\n    "a": {"values": ["x",]}\n', encoding="utf-8")
    with pytest.raises(ScenarioError, match="invalid JSON") as caught:
        read_geniusweb_domain(path)
    assert caught.value.line == 4


def test_unknown_issue_names_the_location(tmp_path: Path) -> None:
    profile = _profile(
        {
            "colour": {"DiscreteValueSetUtilities": {"valueUtilities": {"red": 1.0}}},
            "shape": {"DiscreteValueSetUtilities": {"valueUtilities": {"round": 1.0}}},
        },
        {"colour": 1.0, "shape": 0.0},
    )
    path = tmp_path / "p.json"
    path.write_text(json.dumps(profile), encoding="utf-8")
    with pytest.raises(ScenarioError, match="unknown issue 'shape'") as caught:
        read_geniusweb_profile(path)
    assert caught.value.location == "LinearAdditiveUtilitySpace.issueUtilities.shape"


def test_unknown_value_names_the_location(tmp_path: Path) -> None:
    utilities = dict(NUMERIC_PROFILE["LinearAdditiveUtilitySpace"]["issueUtilities"])  # type: ignore[index]
    utilities["colour"] = {"discreteutils": {"valueUtilities": {"green": 1.0}}}
    path = tmp_path / "p.json"
    path.write_text(
        json.dumps(_profile(utilities, {"count": 0.5, "price": 0.3, "colour": 0.2})), encoding="utf-8"
    )
    with pytest.raises(ScenarioError, match="no value 'green'") as caught:
        read_geniusweb_profile(path)
    assert (
        caught.value.location
        == "LinearAdditiveUtilitySpace.issueUtilities.colour.discreteutils.valueUtilities.green"
    )


def test_save_geniusweb_folder(tmp_path: Path) -> None:
    space = OutcomeSpace((CategoricalIssue("a", ("x", "y")),))
    prefs = Preferences(
        space, LinearAdditiveUtility.from_tables(space, (1.0,), [[0.25, 1]]), reservation_value=0.25
    )
    scenario = Scenario(space, (Party("Side B / 2", prefs), Party("domain", prefs)))
    written = save_geniusweb(scenario, tmp_path / "out")
    assert sorted(p.name for p in written) == ["Side B _ 2.json", "domain-2.json", "domain.json"]
    loaded = load_folder(tmp_path / "out")
    assert loaded.party_names == ("Side B _ 2", "domain-2")
    assert loaded.parties[0].preferences.reservation_value == 0.25
