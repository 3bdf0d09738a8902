"""Collective-decision models over stakeholder tables: compromise, median voter, Nash, expected utility."""

from parley.forecast.expected_utility import (
    EUResult,
    EUSettings,
    OfferChoice,
    Probability,
    run_expected_utility,
)
from parley.forecast.models import (
    compromise,
    median_voter,
    nash_bargaining,
    nash_position,
    weighted_mean,
    weighted_median,
)
from parley.forecast.stakeholders import StakeholderTable, parse_stakeholder_csv, read_stakeholder_csv

__all__ = [
    "EUResult",
    "EUSettings",
    "OfferChoice",
    "Probability",
    "StakeholderTable",
    "compromise",
    "median_voter",
    "nash_bargaining",
    "nash_position",
    "parse_stakeholder_csv",
    "read_stakeholder_csv",
    "run_expected_utility",
    "weighted_mean",
    "weighted_median",
]
