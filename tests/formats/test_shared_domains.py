"""Every shared domain folder imports, has the right size, and survives a round trip in its own format."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pytest
from defusedxml.ElementTree import parse as safe_parse
from tests.conftest import find_shared_dir

from parley.domain import RealIssue
from parley.formats.errors import ScenarioError
from parley.formats.folders import load_folder, save_genius, save_geniusweb
from parley.scenario import Scenario

ENUMERATION_LIMIT = 10**6
SAMPLES = 20_000
REAL_STEPS = 7


def _folders() -> list[str]:
    """Names of the shared domain folders (a placeholder when shared/ is absent, skipped by the fixture)."""
    shared = find_shared_dir()
    if shared is None:
        return ["<shared/ not found>"]
    return sorted(p.name for p in (shared / "domains").iterdir() if p.is_dir())


FOLDERS = _folders()


def _is_geniusweb(folder: Path) -> bool:
    """True for a folder of GeniusWeb JSON files."""
    return any(folder.glob("*.json"))


def _outcomes(scenario: Scenario) -> np.ndarray:
    """All outcomes of a small space, or a fixed sample of a large one."""
    if scenario.space.cardinality <= ENUMERATION_LIMIT:
        return scenario.space.all_outcomes()
    return scenario.space.sample(SAMPLES, np.random.default_rng(2024))


def _expected_cardinality(folder: Path) -> int:
    """Product of item counts / integer ranges / real steps, computed from the domain file directly."""
    for path in sorted(folder.glob("*.xml")):
        root = safe_parse(str(path)).getroot()
        if root.tag != "negotiation_template":
            continue
        sizes = []
        for issue in root.iter("issue"):
            if issue.get("lowerbound") is not None:
                sizes.append(int(issue.get("upperbound", "")) - int(issue.get("lowerbound", "")) + 1)
            elif issue.find("range") is not None:
                sizes.append(REAL_STEPS)
            else:
                sizes.append(len({item.get("value") for item in issue.findall("item")}))
        return math.prod(sizes)
    raise AssertionError(f"no negotiation_template in {folder}")


def _assert_same(original: Scenario, back: Scenario) -> None:
    """Same parties, utilities on every (or 20,000 sampled) outcome, reservation values and discounts."""
    assert back.party_names == original.party_names
    rows = _outcomes(original)
    for before, after in zip(original.parties, back.parties, strict=True):
        expected = before.preferences.utility(rows)
        np.testing.assert_allclose(after.preferences.utility(rows), expected, rtol=1e-9, atol=1e-12)
        assert after.preferences.reservation_value == pytest.approx(
            before.preferences.reservation_value, rel=1e-12
        )
        assert after.preferences.discount_factor == before.preferences.discount_factor


@pytest.mark.parametrize("name", FOLDERS)
def test_folder_imports_and_round_trips(shared_dir: Path, tmp_path: Path, name: str) -> None:
    folder = shared_dir / "domains" / name
    scenario = load_folder(folder, real_steps=REAL_STEPS)
    assert len(scenario.parties) >= 2
    assert scenario.party_names == tuple(sorted(scenario.party_names, key=lambda n: n + "."))
    if _is_geniusweb(folder):
        save_geniusweb(scenario, tmp_path / "out")
    else:
        assert scenario.space.cardinality == _expected_cardinality(folder)
        save_genius(scenario, tmp_path / "out")
    _assert_same(scenario, load_folder(tmp_path / "out", real_steps=REAL_STEPS))


@pytest.mark.parametrize(
    ("name", "cardinality", "parties"),
    [
        ("anac2011-Laptop", 27, 2),
        ("anac2010-Travel", 188_160, 2),
        ("anac2014-50issues", 10**40, 2),
        ("anac2016-AgentHp2-energy_grid", 7**8, 3),
        ("other-fuzzyagent-real-issue", REAL_STEPS, 2),
        ("genius-partydomain", 3072, 17),
        ("anl2023-domain00", 6480, 2),
        ("geniusweb-JapanTrip", 192, 2),
    ],
)
def test_known_sizes(shared_dir: Path, name: str, cardinality: int, parties: int) -> None:
    scenario = load_folder(shared_dir / "domains" / name, real_steps=REAL_STEPS)
    assert scenario.space.cardinality == cardinality
    assert len(scenario.parties) == parties
    if name.startswith("other-fuzzy"):
        assert isinstance(scenario.space.issues[0], RealIssue)


def test_genius_to_geniusweb_conversion(shared_dir: Path, tmp_path: Path) -> None:
    scenario = load_folder(shared_dir / "domains" / "anac2010-ItexvsCypress")
    save_geniusweb(scenario, tmp_path / "gw")
    _assert_same(scenario, load_folder(tmp_path / "gw"))


def test_geniusweb_refuses_a_reservation_value_no_bid_has(shared_dir: Path, tmp_path: Path) -> None:
    scenario = load_folder(shared_dir / "domains" / "anac2012-FlightBookingA")
    with pytest.raises(ScenarioError, match=r"no outcome has utility 0\.5"):
        save_geniusweb(scenario, tmp_path / "gw", ignore_discount=True)
