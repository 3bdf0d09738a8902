"""Small YAML scenarios for tournament and negotiation tests (two and three parties, opposed interests)."""

from __future__ import annotations

from pathlib import Path

from parley.formats import loads_yaml
from parley.scenario import Scenario

_ISSUES = """\
parley: 1
title: {title}
issues:
  - name: price
    type: integer
    min: 0
    max: 6
  - name: delivery
    type: categorical
    options: [slow, normal, fast]
  - name: warranty
    type: categorical
    options: [none, one_year, two_years]
parties:
"""

_PARTY = """\
  - name: {name}
    utility:
      type: linear
      weights: {{price: {w_price}, delivery: {w_delivery}, warranty: {w_warranty}}}
      values:
        price: {{slope: {slope}, intercept: {intercept}}}
        delivery: {{slow: {d0}, normal: 0.5, fast: {d2}}}
        warranty: {{none: {g0}, one_year: 0.6, two_years: {g2}}}
    reservation_value: {reservation}
"""

BUYER = {
    "name": "Buyer",
    "w_price": 0.5,
    "w_delivery": 0.3,
    "w_warranty": 0.2,
    "slope": -0.1667,
    "intercept": 1.0,
    "d0": 0.0,
    "d2": 1.0,
    "g0": 0.0,
    "g2": 1.0,
    "reservation": 0.2,
}
SELLER = {
    "name": "Seller",
    "w_price": 0.6,
    "w_delivery": 0.1,
    "w_warranty": 0.3,
    "slope": 0.1667,
    "intercept": 0.0,
    "d0": 1.0,
    "d2": 0.0,
    "g0": 1.0,
    "g2": 0.2,
    "reservation": 0.3,
}
BROKER = {
    "name": "Broker",
    "w_price": 0.2,
    "w_delivery": 0.6,
    "w_warranty": 0.2,
    "slope": 0.05,
    "intercept": 0.5,
    "d0": 0.2,
    "d2": 0.9,
    "g0": 0.5,
    "g2": 0.5,
    "reservation": 0.1,
}


def scenario_text(title: str, *parties: dict[str, object]) -> str:
    """The YAML of a small sale scenario with the given parties."""
    return _ISSUES.format(title=title) + "".join(_PARTY.format(**party) for party in parties)


def sale(title: str = "sale", parties: tuple[dict[str, object], ...] = (BUYER, SELLER)) -> Scenario:
    """A small scenario (63 outcomes) with the given parties."""
    return loads_yaml(scenario_text(title, *parties))


def write_sale(
    folder: Path, name: str = "sale", parties: tuple[dict[str, object], ...] = (BUYER, SELLER)
) -> Path:
    """Write the sale scenario as ``folder/name.yaml`` and return the path."""
    path = folder / f"{name}.yaml"
    path.write_text(scenario_text(name, *parties), encoding="utf-8")
    return path
